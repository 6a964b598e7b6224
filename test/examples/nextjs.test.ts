// examples/nextjs without Next.js: Next.js 16.4.6 is 341 MB in node_modules and took 74 s to install
// here, too heavy for CI, so its route handlers and proxy run as the plain Request → Response
// functions they are, configured from the environment as Next.js would, against the look-alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoSession } from '../../src/index.js';
import { CookieBrowser } from '../support/cookie-browser.js';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';

// The look-alike registers http://localhost:3000/callback and http://localhost:3000/ by default.
const APP_URL = 'http://localhost:3000';

let cognito: CognitoLikeServer;
type Handler = (request: Request) => Promise<Response>;
let routes: Record<string, Handler>;
let proxy: (request: Request) => Response | undefined;
let matcher: string[];
let auth: typeof import('../../examples/nextjs/lib/auth.js');

beforeAll(async () => {
  cognito = await startCognitoLike();
  Object.assign(process.env, {
    APP_URL,
    COGNITO_DOMAIN: cognito.domain,
    COGNITO_CLIENT_ID: cognito.confidentialClient.clientId,
    COGNITO_CLIENT_SECRET: cognito.confidentialClient.clientSecret,
    COGNITO_ISSUER: cognito.issuer,
    COOKIE_SECRET: 'test-cookie-secret-0123456789abcdef',
    API_CLIENT_IDS: cognito.machineClient.clientId,
    API_SCOPES: 'api/read',
  });
  auth = await import('../../examples/nextjs/lib/auth.js');
  const login = await import('../../examples/nextjs/app/login/route.js');
  const callback = await import('../../examples/nextjs/app/callback/route.js');
  const me = await import('../../examples/nextjs/app/api/me/route.js');
  const orders = await import('../../examples/nextjs/app/api/orders/route.js');
  const logout = await import('../../examples/nextjs/app/logout/route.js');
  ({ proxy, config: { matcher } } = await import('../../examples/nextjs/proxy.js'));
  // The App Router's file-system routes, as Next.js maps them.
  routes = {
    'GET /login': () => login.GET(),
    'GET /callback': callback.GET,
    'GET /api/me': me.GET,
    'GET /api/orders': orders.GET,
    'POST /logout': logout.POST,
  };
});

afterAll(async () => {
  await cognito?.close();
  for (const name of ['APP_URL', 'COGNITO_DOMAIN', 'COGNITO_CLIENT_ID', 'COGNITO_CLIENT_SECRET', 'COGNITO_ISSUER', 'COOKIE_SECRET', 'API_CLIENT_IDS', 'API_SCOPES']) {
    delete process.env[name];
  }
});

/** Next.js in miniature: the proxy for matched paths, then the route handler (404 without one). */
async function next(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (matcher.some((pattern) => pathname.startsWith(pattern.replace('/:path*', '')))) {
    const early = proxy(request);
    if (early !== undefined) return early;
  }
  const handler = routes[`${request.method} ${pathname}`];
  return handler === undefined ? new Response('page', { status: 200 }) : handler(request);
}

const browser = (): CookieBrowser => new CookieBrowser(APP_URL, next);

async function signIn(): Promise<{ browser: CookieBrowser; callbackUrl: string }> {
  const b = browser();
  const login = await b.get('/login');
  expect(login.status).toBe(302);
  expect(login.headers.getSetCookie()[0]).toMatch(/^__Host-signin=[\w-]+\.[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  const { callbackUrl } = await driveSignIn(login.headers.get('location') ?? '', {
    redirectUri: `${APP_URL}/callback`,
    username: cognito.user.username,
    password: cognito.user.password,
  });
  const callback = await b.get(callbackUrl);
  expect(callback.status, await callback.clone().text()).toBe(302);
  expect(callback.headers.get('location')).toBe('/');
  return { browser: b, callbackUrl };
}

describe('examples/nextjs route handlers and proxy, as Request → Response functions', () => {
  it('signs in: /login, the login page, /callback; the session cookie is __Host-, the sign-in cookie gone', async () => {
    const { browser: b } = await signIn();
    expect([...b.cookies.keys()]).toEqual(['__Host-sid']);
    expect(cognito.tokenRequests.at(-1)).toEqual({ grantType: 'authorization_code', status: 200, error: undefined });
  });

  it('/api/me answers from the session and userInfo; without a session it is 401', async () => {
    const { browser: b } = await signIn();
    const me = await b.get('/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: cognito.user.sub, username: cognito.user.username, email: cognito.user.email });
    const none = await browser().get('/api/me');
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'signed_out' });
  });

  it('the proxy sends /account/* to /login without a session cookie, and lets it through with one', async () => {
    const anonymous = await browser().get('/account/settings');
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get('location')).toBe(`${APP_URL}/login`);
    const { browser: b } = await signIn();
    const page = await b.get('/account/settings');
    expect(page.status).toBe(200);
  });

  it('/api/orders verifies the Bearer access token with verifyAccessToken', async () => {
    const machine = new CognitoOAuthClient({ domain: cognito.domain, clientId: cognito.machineClient.clientId, clientSecret: cognito.machineClient.clientSecret });
    const { accessToken } = await machine.clientCredentials({ scopes: ['api/read'] });
    const { accessToken: writeOnly } = await machine.clientCredentials({ scopes: ['api/write'] });
    const ok = await next(new Request(`${APP_URL}/api/orders`, { headers: { authorization: `Bearer ${accessToken}` } }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ orders: [], for: cognito.machineClient.clientId });
    for (const [authorization, code] of [
      ['', 'TOKEN_MALFORMED'],
      [`Bearer ${writeOnly}`, 'SCOPE_MISSING'],
    ]) {
      const refused = await next(new Request(`${APP_URL}/api/orders`, { headers: { authorization: authorization ?? '' } }));
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: code });
    }
  });

  it('a forged state is a 400 before any token request, and the sign-in cookie is deleted', async () => {
    const b = browser();
    await b.get('/login');
    const tokenRequests = cognito.tokenRequests.length;
    const response = await b.get('/callback?code=stolen&state=forged');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Sign-in failed (STATE_MISMATCH). Please try again.');
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(/^__Host-signin=; Max-Age=0;/)]);
    expect(cognito.tokenRequests.length).toBe(tokenRequests);
    expect(b.cookies.size).toBe(0);
  });

  it('a replayed callback URL does not sign in another browser', async () => {
    const { callbackUrl } = await signIn();
    const other = browser();
    expect((await other.get(callbackUrl)).status).toBe(400);
    expect(other.cookies.size).toBe(0);
  });

  it('/logout revokes the refresh token, ends the record and goes through Cognito /logout', async () => {
    const { browser: b } = await signIn();
    const sid = b.cookies.get('__Host-sid');
    const storage = auth.getAuth().store.storage(sid);
    const refreshToken = storage && (await new CognitoSession(auth.getAuth().client, { storage }).getTokens())?.refreshToken;
    expect(refreshToken).toEqual(expect.any(String));
    const response = await b.request('/logout', { method: 'POST' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(`${cognito.domain}/logout`);
    expect(location.searchParams.get('logout_uri')).toBe(`${APP_URL}/`);
    expect(b.cookies.size).toBe(0);
    expect(auth.getAuth().store.storage(sid)).toBeUndefined();
    const refused = await auth.getAuth().client.refreshTokens(refreshToken ?? '').catch((error: { error?: string }) => error.error);
    expect(refused).toBe('invalid_grant');
  });
});
