import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError } from '../../src/index.js';
import { DOMAIN, thrownBy } from '../support/nock.js';

const fetch = vi.fn(() => Promise.reject(new Error('a callback must never touch the network')));
const client = new CognitoOAuthClient({ domain: DOMAIN, clientId: '1example23456789', redirectUri: 'https://www.example.com', fetch });

afterEach(() => {
  expect(fetch).not.toHaveBeenCalled();
  vi.useRealTimers();
});

function codeOf(error: unknown): string | undefined {
  expect(error).toBeInstanceOf(CognitoOAuthError);
  expect(error).not.toBeInstanceOf(TypeError);
  return (error as CognitoOAuthError).code;
}

describe('parseCallback', () => {
  it("reads AWS's success redirect", () => {
    expect(
      client.parseCallback('https://www.example.com?code=a1b2c3d4-5678-90ab-cdef-EXAMPLE11111&state=abcdefg', { expectedState: 'abcdefg' }),
    ).toStrictEqual({ code: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', state: 'abcdefg' });
  });

  it('takes a URL object and ignores unrelated parameters', () => {
    const url = new URL('https://app.example.com/cb?code=c0de&state=s%2B1&utm_source=mail');
    expect(client.parseCallback(url, { expectedState: 's+1' })).toStrictEqual({ code: 'c0de', state: 's+1' });
  });

  it('turns an error redirect without state, + for spaces, into an OAuthError', () => {
    const error = thrownBy(() =>
      client.parseCallback(
        'https://www.example.com?error=invalid_request&error_description=Timeout+occurred+in+calling+IdP+token+endpoint',
        { expectedState: 'abcdefg' },
      ),
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).toMatchObject({
      name: 'OAuthError',
      code: ErrorCode.OAUTH_ERROR,
      error: 'invalid_request',
      errorDescription: 'Timeout occurred in calling IdP token endpoint',
      status: undefined,
      source: 'callback',
    });
  });

  it('turns the prompt=none login_required redirect (with state) into an OAuthError without a description', () => {
    const error = thrownBy(() => client.parseCallback('https://www.example.com?error=login_required&state=abcdefg', { expectedState: 'abcdefg' }));
    expect(error).toMatchObject({ error: 'login_required', errorDescription: undefined, source: 'callback' });
  });

  it("keeps AWS's doubled error_description text as it is", () => {
    const error = thrownBy(() =>
      client.parseCallback(
        'https://www.example.com?error=invalid_request&error_description=error_description=Timeout+in+calling+jwks+uri',
        { expectedState: 'x' },
      ),
    );
    expect(error).toMatchObject({ errorDescription: 'error_description=Timeout in calling jwks uri' });
  });

  it('checks state before reading an error: an error with a foreign state is STATE_MISMATCH', () => {
    const error = thrownBy(() => client.parseCallback('https://www.example.com?error=access_denied&state=other', { expectedState: 'abcdefg' }));
    expect(codeOf(error)).toBe(ErrorCode.STATE_MISMATCH);
  });

  it('rejects a state mismatch without echoing the code', () => {
    const error = thrownBy(() => client.parseCallback('https://www.example.com?code=SECRET-CODE-1&state=forged', { expectedState: 'abcdefg' }));
    expect(codeOf(error)).toBe(ErrorCode.STATE_MISMATCH);
    expect(String((error as Error).message) + String((error as Error).stack)).not.toContain('SECRET-CODE-1');
  });

  it.each([
    ['a missing state', 'https://www.example.com?code=c', ErrorCode.STATE_MISSING],
    ['a state differing only in case', 'https://www.example.com?code=c&state=ABCDEFG', ErrorCode.STATE_MISMATCH],
    ['a longer state', 'https://www.example.com?code=c&state=abcdefgh', ErrorCode.STATE_MISMATCH],
    ['an empty state', 'https://www.example.com?code=c&state=', ErrorCode.STATE_MISMATCH],
    ['a missing code', 'https://www.example.com?state=abcdefg', ErrorCode.CODE_MISSING],
    ['an empty code', 'https://www.example.com?code=&state=abcdefg', ErrorCode.CODE_MISSING],
    ['an implicit-flow fragment', 'https://www.example.com#access_token=at&token_type=bearer&state=abcdefg', ErrorCode.STATE_MISSING],
    ['a code given twice', 'https://www.example.com?code=a&code=b&state=abcdefg', ErrorCode.CALLBACK_INVALID],
    ['a state given twice', 'https://www.example.com?code=a&state=abcdefg&state=abcdefg', ErrorCode.CALLBACK_INVALID],
    ['a string that is no URL even relative to a base', 'http://[::1/callback?code=a&state=abcdefg', ErrorCode.CALLBACK_INVALID],
  ])('rejects %s with its own code, before the network', (_name, url, code) => {
    expect(codeOf(thrownBy(() => client.parseCallback(url, { expectedState: 'abcdefg' })))).toBe(code);
  });

  it('says so when implicit-flow tokens arrive at parseCallback', () => {
    const error = thrownBy(() => client.parseCallback('https://www.example.com?state=abcdefg#access_token=at', { expectedState: 'abcdefg' }));
    expect(codeOf(error)).toBe(ErrorCode.CODE_MISSING);
    expect((error as Error).message).toMatch(/implicit/i);
  });

  it('requires expectedState and a URL (TypeErrors)', () => {
    expect(() => client.parseCallback('https://www.example.com?code=a&state=s', {} as never)).toThrow(TypeError);
    expect(() => client.parseCallback('https://www.example.com?code=a&state=s', { expectedState: '' })).toThrow(/expectedState/);
    expect(() => client.parseCallback('https://www.example.com?code=a&state=s', undefined as never)).toThrow(/expectedState/);
    expect(() => client.parseCallback(42 as never, { expectedState: 's' })).toThrow(TypeError);
  });

  it('clips a huge attacker-supplied error and description, in the message and in the fields', () => {
    const error = thrownBy(() =>
      client.parseCallback(`https://www.example.com?error=${'E'.repeat(5000)}&error_description=${'A'.repeat(2_000_000)}`, { expectedState: 's' }),
    );
    expect((error as Error).message.length).toBeLessThan(500);
    expect((error as OAuthError).errorDescription).toBe(`${'A'.repeat(200)}…`);
    expect((error as OAuthError).error).toBe(`${'E'.repeat(200)}…`);
    expect(JSON.stringify(error).length).toBeLessThan(1_000);
  });
});

describe('parseImplicitCallback', () => {
  const NOW = 1_764_000_000_000;

  it('reads tokens from the fragment and normalises token_type', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const tokens = client.parseImplicitCallback(
      'https://www.example.com/#id_token=eyJra2example&access_token=eyJra1example&token_type=bearer&expires_in=3600&state=abcdefg',
      { expectedState: 'abcdefg' },
    );
    expect(tokens).toStrictEqual({
      accessToken: 'eyJra1example',
      idToken: 'eyJra2example',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: NOW + 3_600_000,
      state: 'abcdefg',
    });
  });

  it('leaves idToken out when there is none', () => {
    const tokens = client.parseImplicitCallback('https://www.example.com/#access_token=at&token_type=Bearer&expires_in=60&state=s', {
      expectedState: 's',
    });
    expect(tokens).not.toHaveProperty('idToken');
  });

  it('reads an error redirect from the query (Cognito puts authorize errors there)', () => {
    const error = thrownBy(() =>
      client.parseImplicitCallback('https://www.example.com?error=invalid_request&error_description=Read+timed+out', { expectedState: 's' }),
    );
    expect(error).toMatchObject({ name: 'OAuthError', error: 'invalid_request', errorDescription: 'Read timed out', source: 'callback' });
  });

  it('reads an error redirect from the fragment', () => {
    const error = thrownBy(() => client.parseImplicitCallback('https://www.example.com/#error=access_denied&state=s', { expectedState: 's' }));
    expect(error).toMatchObject({ error: 'access_denied' });
  });

  it.each([
    ['a state mismatch', '#access_token=at&token_type=bearer&expires_in=60&state=x', ErrorCode.STATE_MISMATCH],
    ['a missing state', '#access_token=at&token_type=bearer&expires_in=60', ErrorCode.STATE_MISSING],
    ['no access_token', '#token_type=bearer&expires_in=60&state=s', ErrorCode.CALLBACK_INVALID],
    ['a mac token_type', '#access_token=at&token_type=mac&expires_in=60&state=s', ErrorCode.CALLBACK_INVALID],
    ['no token_type', '#access_token=at&expires_in=60&state=s', ErrorCode.CALLBACK_INVALID],
    ['expires_in=0', '#access_token=at&token_type=bearer&expires_in=0&state=s', ErrorCode.CALLBACK_INVALID],
    ['expires_in=-5', '#access_token=at&token_type=bearer&expires_in=-5&state=s', ErrorCode.CALLBACK_INVALID],
    ['expires_in=1e3', '#access_token=at&token_type=bearer&expires_in=1e3&state=s', ErrorCode.CALLBACK_INVALID],
    ['no expires_in', '#access_token=at&token_type=bearer&state=s', ErrorCode.CALLBACK_INVALID],
    ['an access_token given twice', '#access_token=a&access_token=b&token_type=bearer&expires_in=60&state=s', ErrorCode.CALLBACK_INVALID],
    ['a code instead of tokens', '?code=c&state=s', ErrorCode.STATE_MISSING],
  ])('rejects %s', (_name, suffix, code) => {
    expect(codeOf(thrownBy(() => client.parseImplicitCallback(`https://www.example.com/${suffix}`, { expectedState: 's' })))).toBe(code);
  });
});
