// Cognito's documented redirects back to the app (test/contract/fixtures/authorize-callbacks.json, the
// Location values from AWS's authorize-endpoint page), read by parseCallback.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, OAuthError } from '../../src/index.js';

interface RecordedCallback {
  name: string;
  authorizeUrl: string;
  status: number;
  location: string;
}

const callbacks = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'authorize-callbacks.json'), 'utf8'),
) as RecordedCallback[];
const byName = new Map(callbacks.map((callback) => [callback.name, callback]));

function recorded(name: string): RecordedCallback {
  const callback = byName.get(name);
  if (!callback) throw new Error(`fixture ${name} is missing from authorize-callbacks.json`);
  expect(callback.status).toBe(302);
  return callback;
}

const client = new CognitoOAuthClient({
  domain: 'mydomain.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://www.example.com',
});

describe('Cognito authorize redirects', () => {
  it('authorize-callback-success-code: gives the code and state', () => {
    const { location, authorizeUrl } = recorded('authorize-callback-success-code');
    const state = new URL(authorizeUrl).searchParams.get('state')!;
    expect(client.parseCallback(location, { expectedState: state })).toStrictEqual({
      code: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      state: 'abcdefg',
    });
  });

  it('authorize-callback-error-idp-timeout: an OAuthError although the redirect has no state', () => {
    const { location } = recorded('authorize-callback-error-idp-timeout');
    expect(new URL(location).searchParams.has('state')).toBe(false);
    let error: unknown;
    try {
      client.parseCallback(location, { expectedState: 'abcdefg' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      error: 'invalid_request',
      errorDescription: 'Timeout occurred in calling IdP token endpoint',
      source: 'callback',
    });
  });

  it('authorize-callback-prompt-none-login-required: login_required with the state checked', () => {
    const { location } = recorded('authorize-callback-prompt-none-login-required');
    expect(() => client.parseCallback(location, { expectedState: 'abcdefg' })).toThrow(
      expect.objectContaining({ error: 'login_required' }),
    );
    expect(() => client.parseCallback(location, { expectedState: 'other-state' })).toThrow(
      expect.objectContaining({ code: 'STATE_MISMATCH' }),
    );
  });

  it('the authorize requests behind the fixtures use the parameters buildAuthorizeUrl sends', async () => {
    const request = await client.buildAuthorizeUrl({ scopes: ['openid', 'profile', 'aws.cognito.signin.user.admin'], state: 'abcdefg' });
    const built = new URL(request.url);
    const documented = new URL(recorded('authorize-callback-success-code').authorizeUrl);
    expect(built.origin + built.pathname).toBe(documented.origin + documented.pathname);
    for (const [key, value] of documented.searchParams) expect(built.searchParams.get(key), key).toBe(value);
  });
});
