// examples/server-hono served on 127.0.0.1 and driven with fetch, with the Cognito look-alike's
// confidential client and its login page (driveSignIn / driveLogout).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, OAuthError } from '../../src/index.js';
import { createApp } from '../../examples/server-hono/app.js';
import { MemorySessionStore } from '../../examples/server-hono/session-store.js';
import { importCookieKey, seal, unseal } from '../../examples/server-hono/signed-cookie.js';
import { driveLogout, driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';

const COOKIE_SECRET = 'test-cookie-secret-0123456789abcdef';

let cognito: CognitoLikeServer;
let server: Server;
let app: Hono;
let base: string;
const store = new MemorySessionStore();

beforeAll(async () => {
  // Listen first: the look-alike must know the app's callback and sign-out URLs, and the app the look-alike's domain.
  server = createAdaptorServer({ fetch: (request) => app.fetch(request), overrideGlobalObjects: false }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cognito = await startCognitoLike({ redirectUris: [`${base}/callback`], logoutUris: [`${base}/`] });
  app = createApp({
    cognito: {
      domain: cognito.domain,
      clientId: cognito.confidentialClient.clientId,
      clientSecret: cognito.confidentialClient.clientSecret,
      redirectUri: `${base}/callback`,
      scopes: ['openid', 'email', 'profile'],
      issuer: cognito.issuer,
    },
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

/** A browser's cookie jar for the app, enough for this test: name → value, no paths or expiry. */
class Browser {
  readonly cookies = new Map<string, string>();

  async get(path: string): Promise<Response> {
    return this.request(path, { method: 'GET' });
  }

  async request(pathOrUrl: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(pathOrUrl, base), { ...init, redirect: 'manual', headers: cookie ? { cookie } : {} });
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
async function signIn(browser = new Browser()): Promise<{ browser: Browser; cognitoCookies: Map<string, string>; callbackUrl: string }> {
  const login = await browser.get('/login');
  expect(login.status).toBe(302);
  const { callbackUrl, cookieJar } = await driveSignIn(login.headers.get('location') ?? '', {
    redirectUri: `${base}/callback`,
    username: cognito.user.username,
    password: cognito.user.password,
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
    const pending = await unseal(await importCookieKey(COOKIE_SECRET), browser.cookies.get('signin'));
    expect(pending).toEqual({
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
    expect(store.get(sid)?.tokens.refreshToken).toEqual(expect.any(String));

    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    const claims = (await me.json()) as Record<string, unknown>;
    expect(claims['sub']).toBe(cognito.user.sub);
    expect(claims['email']).toBe(cognito.user.email);
    // Cognito's "true" string arrives as a boolean.
    expect(claims['email_verified']).toBe(true);
    // No token reaches the browser.
    expect(JSON.stringify(claims)).not.toContain(store.get(sid)?.tokens.accessToken);
  });

  it('refreshes an expired access token before calling userInfo', async () => {
    const { browser } = await signIn();
    const session = store.get(browser.cookies.get('sid'));
    if (session === undefined) throw new Error('no session');
    const old = session.tokens;
    session.tokens = { ...old, expiresAt: Date.now() - 1 };
    const [first, second] = await Promise.all([browser.get('/me'), browser.get('/me')]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(session.tokens.accessToken).not.toBe(old.accessToken);
    expect(session.tokens.expiresAt).toBeGreaterThan(Date.now());
    // Cognito did not rotate the refresh token; the SDK kept it.
    expect(session.tokens.refreshToken).toBe(old.refreshToken);
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
    const pending = { state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43) };
    const valid = await seal(key, pending, 600);
    const signature = valid.split('.')[1];
    const tampered = `${Buffer.from(JSON.stringify({ value: { ...pending, state: 'x' }, exp: Date.now() + 600_000 })).toString('base64url')}.${signature}`;
    const expired = await seal(key, pending, 600, Date.now() - 601_000);
    const otherKey = await seal(await importCookieKey('another-secret-0123456789abcdef-xyz'), pending, 600);
    expect(await unseal(key, valid)).toEqual(pending);
    for (const cookie of [undefined, tampered, expired, otherKey, 'garbage']) {
      const browser = new Browser();
      if (cookie !== undefined) browser.cookies.set('signin', cookie);
      const response = await browser.get(`/callback?code=c&state=${pending.state}`);
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
    const refreshToken = store.get(sid)?.tokens.refreshToken ?? '';

    const response = await browser.request('/logout', { method: 'POST' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${cognito.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: cognito.confidentialClient.clientId, logout_uri: `${base}/` });
    expect(browser.cookies.has('sid')).toBe(false);
    expect(store.get(sid)).toBeUndefined();
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

  it('/logout still signs out locally when the revoke call fails', async () => {
    const { browser } = await signIn();
    const sid = browser.cookies.get('sid') ?? '';
    const session = store.get(sid);
    if (session === undefined) throw new Error('no session');
    // A JWT-shaped value makes the SDK refuse the revoke before the network (only refresh tokens can be revoked).
    session.tokens = { ...session.tokens, refreshToken: 'eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.y' };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const response = await browser.request('/logout', { method: 'POST' });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    expect(response.status).toBe(303);
    expect(store.get(sid)).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one of this sign-in', async () => {
    const browser = new Browser();
    const login = await browser.get('/login');
    // Swap the nonce kept in the (validly signed) cookie: the ID token Cognito issues carries the original one.
    const key = await importCookieKey(COOKIE_SECRET);
    const pending = (await unseal(key, browser.cookies.get('signin'))) as Record<string, string>;
    browser.cookies.set('signin', await seal(key, { ...pending, nonce: 'another-nonce' }, 600));
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
