import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, computeCodeChallenge, generateRandomValue } from '../../src/index.js';
import { DOMAIN, VERIFIER } from '../support/nock.js';

/** RFC 7636 appendix B: the 32 random octets behind the example verifier. */
const RFC7636_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132,
  141, 121,
];
const RFC7636_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const BASE64URL_256_BITS = /^[A-Za-z0-9_-]{43}$/;

const client = new CognitoOAuthClient({
  domain: 'mydomain.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://www.example.com',
  scopes: ['openid', 'profile', 'aws.cognito.signin.user.admin'],
  // Building a URL must never touch the network.
  fetch: () => Promise.reject(new Error('buildAuthorizeUrl must not fetch')),
});

afterEach(() => {
  vi.restoreAllMocks();
});

function query(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  const keys = [...params.keys()];
  expect(new Set(keys).size, 'no parameter twice').toBe(keys.length);
  return Object.fromEntries(params);
}

describe('PKCE', () => {
  it('computes the RFC 7636 appendix B challenge', async () => {
    expect(await computeCodeChallenge(VERIFIER)).toBe(RFC7636_CHALLENGE);
  });

  it('derives the appendix B verifier and challenge from the appendix B octets', async () => {
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).set(RFC7636_OCTETS);
      return array;
    });
    const request = await client.buildAuthorizeUrl();
    expect(request.codeVerifier).toBe(VERIFIER);
    expect(query(request.url)['code_challenge']).toBe(RFC7636_CHALLENGE);
  });

  it('generates 256-bit base64url values that differ every time', () => {
    const values = new Set(Array.from({ length: 64 }, () => generateRandomValue()));
    expect(values.size).toBe(64);
    for (const value of values) {
      expect(value).toMatch(BASE64URL_256_BITS);
      expect(Buffer.from(value, 'base64url')).toHaveLength(32);
    }
  });
});

describe('buildAuthorizeUrl', () => {
  it('builds the code-flow URL with exactly the expected parameters, PKCE S256 and fresh state, nonce and verifier', async () => {
    const request = await client.buildAuthorizeUrl();
    const url = new URL(request.url);

    expect(url.origin + url.pathname).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(query(request.url)).toStrictEqual({
      response_type: 'code',
      client_id: '1example23456789',
      redirect_uri: 'https://www.example.com',
      scope: 'openid profile aws.cognito.signin.user.admin',
      state: request.state,
      nonce: request.nonce,
      code_challenge_method: 'S256',
      code_challenge: await computeCodeChallenge(request.codeVerifier),
    });
    // The verifier itself never goes into the URL.
    expect(request.url).not.toContain(request.codeVerifier);
    expect(request.redirectUri).toBe('https://www.example.com');
    for (const value of [request.state, request.nonce, request.codeVerifier]) expect(value).toMatch(BASE64URL_256_BITS);
    expect(new Set([request.state, request.nonce, request.codeVerifier]).size).toBe(3);
    expect(Object.keys(request).sort()).toEqual(['codeVerifier', 'nonce', 'redirectUri', 'state', 'url']);
  });

  it('encodes spaces in scope as + like the AWS examples', async () => {
    const { url } = await client.buildAuthorizeUrl();
    expect(url).toContain('scope=openid+profile+aws.cognito.signin.user.admin');
  });

  it('returns fresh values on every call', async () => {
    const [a, b] = await Promise.all([client.buildAuthorizeUrl(), client.buildAuthorizeUrl()]);
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
  });

  it('passes every documented parameter through', async () => {
    const request = await client.buildAuthorizeUrl({
      scopes: ['openid', 'email', 'orders/read'],
      redirectUri: 'myapp://callback',
      state: 'caller-state',
      nonce: 'caller-nonce',
      identityProvider: 'MyOIDCProvider',
      idpIdentifier: 'example.com',
      lang: 'pt-BR',
      loginHint: 'bob@example.com',
      prompt: ['login', 'consent'],
      resource: 'https://api.example.com',
    });
    expect(query(request.url)).toStrictEqual({
      response_type: 'code',
      client_id: '1example23456789',
      redirect_uri: 'myapp://callback',
      scope: 'openid email orders/read',
      state: 'caller-state',
      nonce: 'caller-nonce',
      identity_provider: 'MyOIDCProvider',
      idp_identifier: 'example.com',
      lang: 'pt-BR',
      login_hint: 'bob@example.com',
      prompt: 'login consent',
      resource: 'https://api.example.com',
      code_challenge_method: 'S256',
      code_challenge: await computeCodeChallenge(request.codeVerifier),
    });
    expect(request).toMatchObject({ state: 'caller-state', nonce: 'caller-nonce', redirectUri: 'myapp://callback' });
  });

  it('takes prompt as a single value and resource with http://localhost', async () => {
    const { url } = await client.buildAuthorizeUrl({ prompt: 'none', resource: 'http://localhost:8080/api' });
    expect(query(url)).toMatchObject({ prompt: 'none', resource: 'http://localhost:8080/api' });
  });

  it('sends no scope when the list is empty or none is configured', async () => {
    expect(query((await client.buildAuthorizeUrl({ scopes: [] })).url)).not.toHaveProperty('scope');
    const bare = new CognitoOAuthClient({ domain: DOMAIN, clientId: 'abc', redirectUri: 'https://www.example.com' });
    expect(query((await bare.buildAuthorizeUrl()).url)).not.toHaveProperty('scope');
  });

  it.each(['login', 'signup'] as const)('starts on /%s when asked, with the same parameters', async (page) => {
    const request = await client.buildAuthorizeUrl({ page });
    const url = new URL(request.url);
    expect(url.pathname).toBe(`/${page}`);
    expect(query(request.url)).toMatchObject({ response_type: 'code', code_challenge_method: 'S256', state: request.state });
  });

  it.each([
    ['a JSON state', { state: '{"returnTo":"/"}' }, /state/],
    ['an empty state', { state: '' }, /state/],
    ['an empty nonce', { nonce: '' }, /nonce/],
    ['an unknown prompt', { prompt: 'always' as never }, /prompt/],
    ['prompt none with login', { prompt: ['none', 'login'] as const }, /prompt/],
    ['an empty prompt list', { prompt: [] as never }, /prompt/],
    ['an http resource that is not localhost', { resource: 'http://api.example.com' }, /resource/],
    ['a resource with a fragment', { resource: 'https://api.example.com/#x' }, /resource/],
    ['a relative resource', { resource: '/api' }, /resource/],
    ['a relative redirectUri', { redirectUri: '/callback' }, /redirectUri/],
    ['an http redirectUri', { redirectUri: 'http://www.example.com/cb' }, /redirectUri/],
    ['a redirectUri with a fragment', { redirectUri: 'https://www.example.com/cb#x' }, /redirectUri/],
    ['a javascript: redirectUri', { redirectUri: 'javascript:alert(1)' }, /redirectUri/],
    ['scopes with a space', { scopes: ['openid email'] }, /scopes/],
    ['scopes as a string', { scopes: 'openid' as never }, /scopes/],
    ['an empty identityProvider', { identityProvider: '' }, /identityProvider/],
    ['an empty idpIdentifier', { idpIdentifier: '' }, /idpIdentifier/],
    ['an empty lang', { lang: '' }, /lang/],
    ['an empty loginHint', { loginHint: '' }, /loginHint/],
    ['an unknown page', { page: 'forgotPassword' as never }, /page/],
  ])('rejects %s with a TypeError naming it', async (_name, params, name) => {
    const error = await client.buildAuthorizeUrl(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(name);
  });

  it('needs a redirect URI from the options or the call', async () => {
    const bare = new CognitoOAuthClient({ domain: DOMAIN, clientId: 'abc' });
    await expect(bare.buildAuthorizeUrl()).rejects.toThrow(/redirectUri/);
    await expect(bare.buildAuthorizeUrl({ redirectUri: 'http://localhost:3000/cb' })).resolves.toMatchObject({
      redirectUri: 'http://localhost:3000/cb',
    });
  });
});

describe('buildImplicitAuthorizeUrl', () => {
  it('builds response_type=token without PKCE', () => {
    const request = client.buildImplicitAuthorizeUrl({ scopes: ['openid'] });
    expect(query(request.url)).toStrictEqual({
      response_type: 'token',
      client_id: '1example23456789',
      redirect_uri: 'https://www.example.com',
      scope: 'openid',
      state: request.state,
      nonce: request.nonce,
    });
    expect(new URL(request.url).pathname).toBe('/oauth2/authorize');
    expect(request.state).toMatch(BASE64URL_256_BITS);
    expect(Object.keys(request).sort()).toEqual(['nonce', 'state', 'url']);
  });

  it('takes the same optional parameters and checks them', () => {
    const { url } = client.buildImplicitAuthorizeUrl({ identityProvider: 'Google', prompt: 'select_account', state: 's1' });
    expect(query(url)).toMatchObject({ identity_provider: 'Google', prompt: 'select_account', state: 's1' });
    expect(() => client.buildImplicitAuthorizeUrl({ state: '[1]' })).toThrow(TypeError);
  });
});
