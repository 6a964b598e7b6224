// examples/server-hono served on 127.0.0.1 and driven with fetch, with the Cognito look-alike's
// confidential client and its login page (driveSignIn / driveLogout): one CognitoSession per
// request over the user's server-side session record.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, CognitoSession, OAuthError, type TokenSet } from '../../src/index.js';
import { createApp } from '../../examples/server-hono/app.js';
import { MemorySessionStore } from '../../examples/server-hono/session-store.js';
import { importCookieKey, seal, unseal } from '../../examples/server-hono/signed-cookie.js';
import { driveLogout, driveSignIn, startCognitoLike, type CognitoLikeOptions, type CognitoLikeServer } from '../support/cognito-like.mjs';

const COOKIE_SECRET = 'test-cookie-secret-0123456789abcdef';

/** The example app on 127.0.0.1 against its own look-alike. */
interface Site {
  cognito: CognitoLikeServer;
  base: string;
  store: MemorySessionStore;
  /** Makes the app's calls to Cognito's /oauth2/revoke fail as a network error would. */
  failRevoke: boolean;
  close(): Promise<void>;
}

async function startSite(cognitoOptions: CognitoLikeOptions = {}): Promise<Site> {
  let app: Hono | undefined;
  // Listen first: the look-alike must know the app's callback and sign-out URLs, and the app the look-alike's domain.
  const server = createAdaptorServer({ fetch: (request) => (app as Hono).fetch(request), overrideGlobalObjects: false }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cognito = await startCognitoLike({ ...cognitoOptions, redirectUris: [`${base}/callback`], logoutUris: [`${base}/`] });
  const site: Site = {
    cognito,
    base,
    store: new MemorySessionStore(),
    failRevoke: false,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await cognito.close();
    },
  };
  app = createApp({
    cognito: {
      domain: cognito.domain,
      clientId: cognito.confidentialClient.clientId,
      clientSecret: cognito.confidentialClient.clientSecret,
      redirectUri: `${base}/callback`,
      scopes: ['openid', 'email', 'profile'],
      issuer: cognito.issuer,
      fetch: (input, init) =>
        site.failRevoke && String(input instanceof Request ? input.url : input).endsWith('/oauth2/revoke')
          ? Promise.reject(new TypeError('fetch failed'))
          : fetch(input, init),
    },
    logoutUri: `${base}/`,
    cookieSecret: COOKIE_SECRET,
    secureCookies: false,
    store: site.store,
  });
  return site;
}

let site: Site;
let cognito: CognitoLikeServer;
let base: string;
let store: MemorySessionStore;

beforeAll(async () => {
  site = await startSite();
  ({ cognito, base, store } = site);
});

afterAll(async () => {
  await site?.close();
});

/** The tokens in a session record, read through CognitoSession as the app reads them. */
function tokensIn(sid: string | undefined, within: Site = site): Promise<TokenSet | undefined> {
  const storage = within.store.storage(sid);
  if (storage === undefined) return Promise.resolve(undefined);
  const client = new CognitoOAuthClient({
    domain: within.cognito.domain,
    clientId: within.cognito.confidentialClient.clientId,
    clientSecret: within.cognito.confidentialClient.clientSecret,
  });
  return new CognitoSession(client, { storage }).getTokens();
}

/** A browser's cookie jar for the app, enough for this test: name → value, no paths or expiry. */
class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string = base) {}

  async get(path: string): Promise<Response> {
    return this.request(path, { method: 'GET' });
  }

  async request(pathOrUrl: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(pathOrUrl, this.origin), { ...init, redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (value === '' || attributes.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** /login, Cognito's login page, /callback: returns the browser (with its session) and the look-alike's cookies. */
async function signIn(
  browser = new Browser(),
  within: Site = site,
): Promise<{ browser: Browser; cognitoCookies: Map<string, string>; callbackUrl: string }> {
  const login = await browser.get('/login');
  expect(login.status).toBe(302);
  const { callbackUrl, cookieJar } = await driveSignIn(login.headers.get('location') ?? '', {
    redirectUri: `${within.base}/callback`,
    username: within.cognito.user.username,
    password: within.cognito.user.password,
  });
  const callback = await browser.get(callbackUrl);
  expect(callback.status, await callback.clone().text()).toBe(302);
  expect(callback.headers.get('location')).toBe('/');
  return { browser, cognitoCookies: cookieJar, callbackUrl };
}

describe('examples/server-hono', () => {
  it('/login keeps state, nonce and verifier in a signed httpOnly cookie and redirects to the authorize URL', async () => {
    const browser = new Browser();
    const response = await browser.get('/login');
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location') ?? '');
    expect(url.origin + url.pathname).toBe(`${cognito.domain}/oauth2/authorize`);
    expect(url.searchParams.get('client_id')).toBe(cognito.confidentialClient.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');

    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('signin='));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Max-Age=600/);
    // The value is CognitoSession's pending sign-in, as signIn() stored it.
    const sealed = await unseal(await importCookieKey(COOKIE_SECRET), browser.cookies.get('signin'));
    expect(sealed).toEqual(expect.any(String));
    const pending = JSON.parse(sealed as string) as Record<string, unknown>;
    expect(pending).toMatchObject({
      state: url.searchParams.get('state'),
      nonce: url.searchParams.get('nonce'),
      codeVerifier: expect.stringMatching(/^[\w-]{43}$/),
    });
    // The verifier itself never travels in the URL.
    expect(url.href).not.toContain((pending as { codeVerifier: string }).codeVerifier);
  });

  it('signs in through managed login, keeps the tokens server-side and serves /me from userInfo', async () => {
    const before = store.size;
    const { browser } = await signIn();
    expect(browser.cookies.has('signin')).toBe(false);
    const sid = browser.cookies.get('sid') ?? '';
    expect(sid).toMatch(/^[\w-]{43}$/);
    expect(store.size).toBe(before + 1);
    const tokens = await tokensIn(sid);
    expect(tokens?.refreshToken).toEqual(expect.any(String));

    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    const claims = (await me.json()) as Record<string, unknown>;
    expect(claims['sub']).toBe(cognito.user.sub);
    expect(claims['email']).toBe(cognito.user.email);
    // Cognito's "true" string arrives as a boolean.
    expect(claims['email_verified']).toBe(true);
    // No token reaches the browser.
    expect(JSON.stringify(claims)).not.toContain(tokens?.accessToken);
  });

  it('two concurrent requests with a due access token make one refresh between them, under rotation with grace 0', async () => {
    // Access tokens of 2 s are due 1 s after they are issued (the margin is at most half the lifetime).
    const short = await startSite({ accessTokenTtl: 2, refreshTokenRotation: { gracePeriodSeconds: 0 } });
    try {
      const { browser } = await signIn(new Browser(short.base), short);
      const sid = browser.cookies.get('sid');
      const old = await tokensIn(sid, short);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const refreshes = short.cognito.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
      const [first, second] = await Promise.all([browser.get('/me'), browser.get('/me')]);
      expect([first.status, second.status]).toEqual([200, 200]);
      // One refresh POST: a second one with the spent refresh token would be invalid_grant.
      expect(short.cognito.tokenRequests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(refreshes + 1);
      expect(short.cognito.tokenRequests.at(-1)).toEqual({ grantType: 'refresh_token', status: 200, error: undefined });
      // The record holds the new access token and the rotated refresh token.
      const now = await tokensIn(sid, short);
      expect(now?.accessToken).not.toBe(old?.accessToken);
      expect(now?.refreshToken).not.toBe(old?.refreshToken);
      expect(now?.expiresAt).toBeGreaterThan(Date.now());
    } finally {
      await short.close();
    }
  });

  it('refuses a callback whose state does not match the sign-in cookie, before any code exchange', async () => {
    const browser = new Browser();
    await browser.get('/login');
    const response = await browser.get('/callback?code=stolen-code&state=forged-state');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('STATE_MISMATCH');
    expect(browser.cookies.has('sid')).toBe(false);
    expect(browser.cookies.has('signin')).toBe(false);
  });

  it('refuses a callback without the sign-in cookie, or with a tampered or expired one', async () => {
    const key = await importCookieKey(COOKIE_SECRET);
    const state = 's'.repeat(43);
    const pending = JSON.stringify({ v: 1, state, nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), redirectUri: `${base}/callback` });
    const valid = await seal(key, pending, 600);
    const signature = valid.split('.')[1];
    const tampered = `${Buffer.from(JSON.stringify({ value: pending.replace(state, 'x'.repeat(43)), exp: Date.now() + 600_000 })).toString('base64url')}.${signature}`;
    const expired = await seal(key, pending, 600, Date.now() - 601_000);
    const otherKey = await seal(await importCookieKey('another-secret-0123456789abcdef-xyz'), pending, 600);
    expect(await unseal(key, valid)).toEqual(pending);
    for (const cookie of [undefined, tampered, expired, otherKey, 'garbage']) {
      const browser = new Browser();
      if (cookie !== undefined) browser.cookies.set('signin', cookie);
      const response = await browser.get(`/callback?code=c&state=${state}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('expired');
    }
  });

  it('shows what Cognito said when the user or the IdP ends the sign-in with an error', async () => {
    const browser = new Browser();
    const login = await browser.get('/login');
    const state = new URL(login.headers.get('location') ?? '').searchParams.get('state');
    const response = await browser.get(`/callback?error=access_denied&error_description=%3Cscript%3E&state=${state}`);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toBe('Sign-in failed (access_denied). Please try again.');
  });

  it('a replayed callback URL does not sign in a second browser', async () => {
    const { callbackUrl } = await signIn();
    const attacker = new Browser();
    const response = await attacker.get(callbackUrl);
    expect(response.status).toBe(400);
    expect(attacker.cookies.has('sid')).toBe(false);
  });

  it('/me without a session is 401', async () => {
    const response = await new Browser().get('/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'signed_out' });
  });

  it('/logout revokes the refresh token, ends the session and sends the browser through Cognito /logout', async () => {
    const { browser, cognitoCookies } = await signIn();
    const sid = browser.cookies.get('sid') ?? '';
    const refreshToken = (await tokensIn(sid))?.refreshToken ?? '';
    const records = store.size;

    const response = await browser.request('/logout', { method: 'POST' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${cognito.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: cognito.confidentialClient.clientId, logout_uri: `${base}/` });
    expect(browser.cookies.has('sid')).toBe(false);
    expect(store.storage(sid)).toBeUndefined();
    expect(store.size).toBe(records - 1);
    expect((await browser.get('/me')).status).toBe(401);

    // The refresh token is dead at Cognito, not just forgotten here.
    const direct = new CognitoOAuthClient({
      domain: cognito.domain,
      clientId: cognito.confidentialClient.clientId,
      clientSecret: cognito.confidentialClient.clientSecret,
    });
    const error = await direct.refreshTokens(refreshToken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).error).toBe('invalid_grant');

    // Cognito clears its session and lands on the Allowed sign-out URL.
    const { finalUrl } = await driveLogout(location, { cookieJar: cognitoCookies, stopAt: `${base}/` });
    expect(finalUrl).toBe(`${base}/`);
  });

  it('/logout still signs out locally, and through Cognito, when the revoke call fails', async () => {
    const { browser } = await signIn();
    const sid = browser.cookies.get('sid') ?? '';
    expect(await tokensIn(sid)).toBeDefined();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    site.failRevoke = true;
    try {
      const response = await browser.request('/logout', { method: 'POST' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]).toEqual(['Revoking the refresh token failed:', 'NETWORK_ERROR']);
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get('location') ?? '').pathname).toBe('/logout');
    } finally {
      site.failRevoke = false;
      warn.mockRestore();
    }
    expect(store.storage(sid)).toBeUndefined();
    expect(browser.cookies.has('sid')).toBe(false);
  });

  it('refuses an ID token whose nonce is not the one of this sign-in', async () => {
    const browser = new Browser();
    const login = await browser.get('/login');
    // Swap the nonce kept in the (validly signed) cookie: the ID token Cognito issues carries the original one.
    const key = await importCookieKey(COOKIE_SECRET);
    const pending = JSON.parse((await unseal(key, browser.cookies.get('signin'))) as string) as Record<string, unknown>;
    browser.cookies.set('signin', await seal(key, JSON.stringify({ ...pending, nonce: 'another-nonce' }), 600));
    const { callbackUrl } = await driveSignIn(login.headers.get('location') ?? '', {
      redirectUri: `${base}/callback`,
      username: cognito.user.username,
      password: cognito.user.password,
    });
    const response = await browser.get(callbackUrl);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('NONCE_MISMATCH');
    expect(browser.cookies.has('sid')).toBe(false);
  });

  it('refuses to start without a client secret or without token verification', () => {
    const cognitoOptions = { domain: cognito.domain, clientId: 'abc', redirectUri: `${base}/callback` };
    expect(() => createApp({ cognito: { ...cognitoOptions, issuer: cognito.issuer }, logoutUri: `${base}/`, cookieSecret: COOKIE_SECRET })).toThrow(
      /clientSecret/,
    );
    expect(() => createApp({ cognito: { ...cognitoOptions, clientSecret: 's' }, logoutUri: `${base}/`, cookieSecret: COOKIE_SECRET })).toThrow(
      /userPoolId/,
    );
  });
});
