// Callback hardening (callback.ts, errors.ts): attacker text in error redirects is cleaned and
// capped, an error without state is marked as unverified, and a relative URL is a coding mistake.
import { describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, OAuthError } from '../../src/index.js';
import { thrownBy } from '../support/outcomes.js';

const fetch = vi.fn(() => Promise.reject(new Error('a callback must never touch the network')));
const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb', fetch });
const STATE = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

function oauthError(url: string, implicit = false): OAuthError {
  const error = thrownBy(() => (implicit ? client.parseImplicitCallback(url, { expectedState: STATE }) : client.parseCallback(url, { expectedState: STATE })));
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('error redirects written by an attacker (regression: newlines, ESC and 2 MB kept verbatim)', () => {
  const forged = new URLSearchParams({
    error: 'access_denied\r\n[INFO] user admin signed in',
    error_description: `Your account is locked.\n\u001b[2J\u001b[31mCall +1 555 0100\u001b[0m \u202Egnp.exe\u0000 ${'x'.repeat(2_000_000)}`,
  });

  it.each([false, true])('cleans and caps error and errorDescription (implicit: %s)', (implicit) => {
    const error = oauthError(`https://app.example.com/cb?${forged.toString()}`, implicit);
    expect(error.error).toBe('access_denied  [INFO] user admin signed in');
    expect(error.errorDescription).toMatch(/^Your account is locked\. +\[2J +\[31mCall \+1 555 0100 +\[0m +gnp\.exe +x+…$/);
    expect(error.errorDescription).toHaveLength(201);
    for (const text of [error.error, error.errorDescription!, error.message]) expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/);
    expect(JSON.stringify(error).length).toBeLessThan(1_000);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('marks an error redirect without state as unverified (a forged access_denied link)', () => {
    const error = oauthError('https://app.example.com/cb?error=access_denied&error_description=Denied');
    expect(error.stateVerified).toBe(false);
    expect(Object.keys(error)).toContain('stateVerified');
  });

  it('marks an error redirect whose state matched as verified', () => {
    expect(oauthError(`https://app.example.com/cb?error=login_required&state=${STATE}`).stateVerified).toBe(true);
    expect(oauthError(`https://app.example.com/cb#error=access_denied&state=${STATE}`, true).stateVerified).toBe(true);
  });

  it("marks Cognito's own /error page (no state) as unverified in the cause", () => {
    const error = thrownBy(() => client.parseCallback('https://auth.example.com/error?error=redirect_mismatch&client_id=abc123', { expectedState: STATE }));
    expect((error as Error).cause).toMatchObject({ error: 'redirect_mismatch', stateVerified: false });
  });
});

describe('the OAuthError constructor stays backwards compatible', () => {
  it('defaults stateVerified to false for the callback source and true for the endpoints', () => {
    expect(new OAuthError({ error: 'access_denied', source: 'callback' }).stateVerified).toBe(false);
    for (const source of ['token', 'revoke', 'userInfo', 'jwks'] as const) {
      expect(new OAuthError({ error: 'invalid_grant', errorDescription: 'x', status: 400, source }).stateVerified).toBe(true);
    }
    expect(new OAuthError({ error: 'e', source: 'callback', stateVerified: true }).stateVerified).toBe(true);
  });

  it('cleans the fields it is given, whatever the source', () => {
    const error = new OAuthError({ error: 'a\nb', errorDescription: 'c\u001bd', status: 400, source: 'token' });
    expect([error.error, error.errorDescription, error.message]).toEqual(['a b', 'c d', 'Cognito token error a b: c d']);
  });
});

describe('a relative callback URL (regression: req.url from node:http or Express failed as CALLBACK_INVALID)', () => {
  it.each(['/callback?code=c0de&state=s', '/callback', '?code=c0de&state=s', 'callback?code=c0de'])('%s is a TypeError showing new URL(req.url, origin)', (url) => {
    for (const parse of [() => client.parseCallback(url, { expectedState: 's' }), () => client.parseImplicitCallback(url, { expectedState: 's' })]) {
      const error = thrownBy(parse);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      expect((error as Error).message).toMatch(/^parse(Implicit)?Callback: url must be the absolute callback URL, e\.g\. new URL\(req\.url, origin\)/);
      expect((error as Error).message).not.toContain('c0de');
    }
  });

  it('works once made absolute as the message says', () => {
    const reqUrl = '/callback?code=c0de&state=s';
    expect(client.parseCallback(new URL(reqUrl, 'https://app.example.com'), { expectedState: 's' })).toEqual({ code: 'c0de', state: 's' });
  });
});
