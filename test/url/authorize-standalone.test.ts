// The standalone authorize-URL functions (`cognito-oauth/authorize`): the same URL as the class
// from the same options, their own TypeErrors, and nothing else of the SDK loaded.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAuthorizeUrl, buildImplicitAuthorizeUrl, type AuthorizeUrlOptions } from '../../src/authorize.js';
import * as main from '../../src/index.js';
import { CognitoOAuthClient, computeCodeChallenge } from '../../src/index.js';
import { thrownBy, rejectionOf } from '../support/outcomes.js';

const OPTIONS = {
  domain: 'mydomain.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://www.example.com/cb',
  scopes: ['openid', 'email'],
} as const satisfies AuthorizeUrlOptions;

/** Makes getRandomValues deterministic: byte i of call n is (n * 31 + i) & 255. */
function predictableRandom(): void {
  let call = 0;
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    const bytes = array as unknown as Uint8Array;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (call * 31 + i) & 255;
    call++;
    return array;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('buildAuthorizeUrl (standalone)', () => {
  it('is the same function from cognito-oauth and cognito-oauth/authorize', () => {
    expect(main.buildAuthorizeUrl).toBe(buildAuthorizeUrl);
    expect(main.buildImplicitAuthorizeUrl).toBe(buildImplicitAuthorizeUrl);
  });

  it('builds exactly the URL the class builds from the same options and the same random bytes', async () => {
    const params = {
      identityProvider: 'Google',
      lang: 'fr',
      loginHint: 'bob@example.com',
      prompt: ['login', 'consent'],
      resource: 'https://api.example.com',
    } as const;
    predictableRandom();
    const standalone = await buildAuthorizeUrl({ ...OPTIONS, ...params });
    predictableRandom();
    const viaClass = await new CognitoOAuthClient(OPTIONS).buildAuthorizeUrl(params);
    expect(standalone).toStrictEqual(viaClass);
    expect(new URL(standalone.url).searchParams.get('code_challenge')).toBe(await computeCodeChallenge(standalone.codeVerifier));
  });

  it('starts on /login or /signup with page, and keeps a caller state and nonce', async () => {
    const request = await buildAuthorizeUrl({ ...OPTIONS, page: 'signup', state: 'my-state', nonce: 'my-nonce' });
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://mydomain.auth.us-east-1.amazoncognito.com/signup');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ state: 'my-state', nonce: 'my-nonce', client_id: OPTIONS.clientId });
    expect(request).toMatchObject({ state: 'my-state', nonce: 'my-nonce', redirectUri: OPTIONS.redirectUri });
  });

  it('sends no scope without scopes (Cognito then grants every scope of the client)', async () => {
    const { scopes: _scopes, ...rest } = OPTIONS;
    expect(new URL((await buildAuthorizeUrl(rest)).url).searchParams.has('scope')).toBe(false);
  });

  it.each([
    ['options', undefined, /^buildAuthorizeUrl: options must be an object$/],
    ['domain', { ...OPTIONS, domain: undefined }, /^buildAuthorizeUrl: domain must be a non-empty string$/],
    ['domain', { ...OPTIONS, domain: 'cognito-idp.us-east-1.amazonaws.com' }, /^buildAuthorizeUrl: domain must be the user pool domain/],
    ['domain', { ...OPTIONS, domain: 'http://auth.example.com' }, /^buildAuthorizeUrl: domain must be https:\/\//],
    ['clientId', { ...OPTIONS, clientId: 'not a client id' }, /^buildAuthorizeUrl: clientId must be a Cognito app client ID/],
    ['redirectUri', { ...OPTIONS, redirectUri: undefined }, /^buildAuthorizeUrl: redirectUri must be a non-empty string$/],
    [
      'redirectUri',
      { ...OPTIONS, redirectUri: 'https://app.example.com/cb#frag' },
      /^buildAuthorizeUrl: redirectUri must be an https:\/\/ URL/,
    ],
    ['scopes', { ...OPTIONS, scopes: ['open id'] }, /^buildAuthorizeUrl: scopes must be an array of scope strings/],
    ['state', { ...OPTIONS, state: '{"returnTo":"/"}' }, /^buildAuthorizeUrl: state must be an opaque string, not JSON/],
    ['page', { ...OPTIONS, page: 'logout' }, /^buildAuthorizeUrl: page must be 'authorize', 'login' or 'signup'$/],
    ['prompt', { ...OPTIONS, prompt: ['none', 'login'] }, /^buildAuthorizeUrl: prompt must be 'none', or one or more/],
    ['resource', { ...OPTIONS, resource: 'http://api.example.com' }, /^buildAuthorizeUrl: resource must be https:\/\//],
  ])('rejects a bad %s with a TypeError naming it, and makes no random values', async (_name, options, message) => {
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const error = await rejectionOf(buildAuthorizeUrl(options as unknown as AuthorizeUrlOptions));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(message);
    expect(random).not.toHaveBeenCalled();
  });

  it('reports a bad option as a rejection, never a synchronous throw', async () => {
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = buildAuthorizeUrl({ ...OPTIONS, domain: '' });
    }).not.toThrow();
    await expect(result).rejects.toThrow(TypeError);
  });
});

describe('buildImplicitAuthorizeUrl (standalone)', () => {
  it('builds the URL the class builds, with response_type=token and no PKCE', () => {
    predictableRandom();
    const standalone = buildImplicitAuthorizeUrl({ ...OPTIONS, lang: 'de' });
    predictableRandom();
    const viaClass = new CognitoOAuthClient(OPTIONS).buildImplicitAuthorizeUrl({ lang: 'de' });
    expect(standalone).toStrictEqual(viaClass);
    const query = new URL(standalone.url).searchParams;
    expect(query.get('response_type')).toBe('token');
    expect(query.has('code_challenge')).toBe(false);
  });

  it('throws a TypeError naming a bad option', () => {
    const error = thrownBy(() => buildImplicitAuthorizeUrl({ ...OPTIONS, clientId: '' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^buildImplicitAuthorizeUrl: clientId must be/);
  });
});

describe('without WebCrypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('explains that crypto.subtle is missing (a plain-http page in a browser) instead of failing on undefined', async () => {
    const { getRandomValues } = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto), subtle: undefined });
    for (const build of [
      () => buildAuthorizeUrl(OPTIONS),
      () => new CognitoOAuthClient(OPTIONS).buildAuthorizeUrl(),
      () => computeCodeChallenge('v'.repeat(43)),
    ]) {
      const error = await rejectionOf(build());
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(
        'cognito-oauth needs crypto.subtle (WebCrypto; browsers offer crypto.subtle only on https:// and localhost pages)',
      );
    }
    // The implicit flow needs no digest.
    expect(buildImplicitAuthorizeUrl(OPTIONS).url).toContain('response_type=token');
  });

  it('explains that crypto.getRandomValues is missing', () => {
    vi.stubGlobal('crypto', undefined);
    expect(() => buildImplicitAuthorizeUrl(OPTIONS)).toThrow(/^cognito-oauth needs crypto\.getRandomValues \(WebCrypto;/);
  });
});
