// examples/express served on 127.0.0.1 (node:http, where req.url is a path) and driven with fetch,
// with the Cognito look-alike's confidential client and its login page.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, CognitoSession, OAuthError, type TokenSet } from '../../src/index.js';
import { createApp } from '../../examples/express/app.js';
import { MemorySessionStore } from '../../examples/server-hono/session-store.js';
import { CookieBrowser } from '../support/cookie-browser.js';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';

const COOKIE_SECRET = 'test-cookie-secret-0123456789abcdef';

let cognito: CognitoLikeServer;
let server: Server;
let base: string;
const store = new MemorySessionStore();
let failRevoke = false;
let client: CognitoOAuthClient;

beforeAll(async () => {
  let app: ReturnType<typeof createApp> | undefined;
  const { createServer } = await import('node:http');
  // Listen first: the look-alike must know the app's URLs, and the app the look-alike's domain.
  server = createServer((req, res) => (app as ReturnType<typeof createApp>)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cognito = await startCognitoLike({ redirectUris: [`${base}/callback`], logoutUris: [`${base}/`] });
  const cognitoOptions = {
    domain: cognito.domain,
    clientId: cognito.confidentialClient.clientId,
    clientSecret: cognito.confidentialClient.clientSecret,
    redirectUri: `${base}/callback`,
    scopes: ['openid', 'email', 'profile'],
    issuer: cognito.issuer,
  };
  client = new CognitoOAuthClient(cognitoOptions);
  app = createApp({
    cognito: {
      ...cognitoOptions,
      fetch: (input, init) =>
        failRevoke && String(input instanceof Request ? input.url : input).endsWith('/oauth2/revoke') ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init),
    },
    origin: base,
    // The API accepts the look-alike's machine client, with its read scope.
    api: { clientIds: [cognito.machineClient.clientId], requiredScopes: ['api/read'] },
    logoutUri: `${base}/`,
    cookieSecret: COOKIE_SECRET,
    secureCookies: false,
    store,
  });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await cognito?.close();
});

async function signIn(): Promise<{ browser: CookieBrowser; callbackUrl: string }> {
  const browser = new CookieBrowser(base);
  const login = await browser.get('/login');
  expect(login.status).toBe(302);
  const { callbackUrl } = await driveSignIn(login.headers.get('location') ?? '', {
    redirectUri: `${base}/callback`,
    username: cognito.user.username,
    password: cognito.user.password,
  });
  const callback = await browser.get(callbackUrl);
  expect(callback.status, await callback.clone().text()).toBe(302);
  expect(callback.headers.get('location')).toBe('/');
  return { browser, callbackUrl };
}

function tokensIn(sid: string | undefined): Promise<TokenSet | undefined> {
  const storage = store.storage(sid);
  return storage === undefined ? Promise.resolve(undefined) : new CognitoSession(client, { storage }).getTokens();
}

describe('examples/express', () => {
  it('signs in from a relative req.url: the callback URL is made absolute with the configured origin', async () => {
    const { browser } = await signIn();
    expect(browser.cookies.has('signin')).toBe(false);
    const sid = browser.cookies.get('sid');
    expect(sid).toMatch(/^[\w-]{43}$/);
    expect((await tokensIn(sid))?.refreshToken).toEqual(expect.any(String));
    expect(cognito.tokenRequests.at(-1)).toEqual({ grantType: 'authorization_code', status: 200, error: undefined });
  });

  it('/me: the guard finds the session and its verified ID token; userInfo is about the same user', async () => {
    const { browser } = await signIn();
    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: cognito.user.sub, username: cognito.user.username, groups: ['admins'], email: cognito.user.email });
  });

  it('/me without a session, or with an unknown one, is 401 and clears the cookie', async () => {
    expect((await new CookieBrowser(base).get('/me')).status).toBe(401);
    const browser = new CookieBrowser(base);
    browser.cookies.set('sid', 'not-a-session');
    const response = await browser.get('/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'signed_out' });
    expect(browser.cookies.has('sid')).toBe(false);
  });

  it('/api/orders: an access token that verifyAccessToken accepts gets in; others get 401 with the reason code', async () => {
    const machine = new CognitoOAuthClient({ domain: cognito.domain, clientId: cognito.machineClient.clientId, clientSecret: cognito.machineClient.clientSecret });
    const { accessToken: apiToken } = await machine.clientCredentials({ scopes: ['api/read'] });
    const { accessToken: writeOnly } = await machine.clientCredentials({ scopes: ['api/write'] });
    const { browser } = await signIn();
    const idToken = (await tokensIn(browser.cookies.get('sid')))?.idToken;
    const call = (authorization?: string): Promise<Response> =>
      fetch(`${base}/api/orders`, authorization === undefined ? {} : { headers: { authorization } });

    const ok = await call(`Bearer ${apiToken}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ orders: [], for: cognito.machineClient.clientId });

    const [header, payload] = apiToken.split('.');
    const cases: [string | undefined, string][] = [
      [undefined, 'TOKEN_MALFORMED'],
      ['Bearer not-a-jwt', 'TOKEN_MALFORMED'],
      [`Basic ${apiToken}`, 'TOKEN_MALFORMED'],
      [`Bearer ${idToken}`, 'TOKEN_USE_MISMATCH'],
      [`Bearer ${writeOnly}`, 'SCOPE_MISSING'],
      [`Bearer ${header}.${payload}.${'A'.repeat(342)}`, 'SIGNATURE_INVALID'],
    ];
    for (const [authorization, code] of cases) {
      const refused = await call(authorization);
      expect(refused.status, code).toBe(401);
      expect(await refused.json()).toEqual({ error: code });
      expect(refused.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description="${code}"`);
    }
  });

  it('a forged state is a 400 before any token request, and the sign-in cookie is gone', async () => {
    const browser = new CookieBrowser(base);
    await browser.get('/login');
    const tokenRequests = cognito.tokenRequests.length;
    const records = store.size;
    const response = await browser.get('/callback?code=stolen&state=forged');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Sign-in failed (STATE_MISMATCH). Please try again.');
    expect(cognito.tokenRequests.length).toBe(tokenRequests);
    expect(store.size).toBe(records);
    expect(browser.cookies.has('signin')).toBe(false);
  });

  it('Cognito error redirects are a 400 with the OAuth error; no cookie is a 400 that says to sign in again', async () => {
    const browser = new CookieBrowser(base);
    const state = new URL((await browser.get('/login')).headers.get('location') ?? '').searchParams.get('state');
    const denied = await browser.get(`/callback?error=access_denied&state=${state}`);
    expect(denied.status).toBe(400);
    expect(await denied.text()).toBe('Sign-in failed (access_denied). Please try again.');
    const stale = await new CookieBrowser(base).get(`/callback?code=c&state=${state}`);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('Please sign in again');
  });

  it('a replayed callback URL does not sign in another browser', async () => {
    const { callbackUrl } = await signIn();
    const other = new CookieBrowser(base);
    const response = await other.get(callbackUrl);
    expect(response.status).toBe(400);
    expect(other.cookies.has('sid')).toBe(false);
  });

  it('/logout revokes, clears the record and the cookie, and goes through Cognito /logout; also when revoke fails', async () => {
    for (const failing of [false, true]) {
      const { browser } = await signIn();
      const sid = browser.cookies.get('sid');
      const refreshToken = (await tokensIn(sid))?.refreshToken ?? '';
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      failRevoke = failing;
      const response = await browser.request('/logout', { method: 'POST' }).finally(() => {
        failRevoke = false;
      });
      expect(warn).toHaveBeenCalledTimes(failing ? 1 : 0);
      warn.mockRestore();
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.origin + location.pathname).toBe(`${cognito.domain}/logout`);
      expect(Object.fromEntries(location.searchParams)).toEqual({ client_id: cognito.confidentialClient.clientId, logout_uri: `${base}/` });
      expect(browser.cookies.has('sid')).toBe(false);
      expect(store.storage(sid)).toBeUndefined();
      // Revoked at Cognito unless the revoke failed.
      const refreshed = await client.refreshTokens(refreshToken).then(
        () => 'alive',
        (error: unknown) => (error instanceof OAuthError ? error.error : error),
      );
      expect(refreshed).toBe(failing ? 'alive' : 'invalid_grant');
    }
  });
});
