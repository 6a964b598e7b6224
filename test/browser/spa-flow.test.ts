// The SPA example (examples/spa) in a real headless Chromium against the Cognito look-alike: the
// redirect to the login page, the code exchange across origins (CORS), userInfo, the automatic
// refresh of CognitoSession, a reload that keeps the session, revoke and sign-out, each step
// asserted from what the page shows. Also proves, from the browser's own
// network log, that the sign-in page does not download the SDK's network chunk (ky, zod).
//
// Needs `npm run build` first (npm run test:browser does it). The browser comes from
// test/support/chromium.ts: $CHROMIUM_PATH, an installed Chrome/Chromium, or on Linux x64 the one
// from npm (@sparticuz/chromium).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Metafile } from 'esbuild';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpa } from '../../examples/spa/build.mjs';
import { serveSpa } from '../../examples/spa/serve.mjs';
import { CognitoOAuthClient, OAuthError } from '../../src/index.js';
import { launchChromium } from '../support/chromium.js';
import { startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOT = path.join(root, 'test/artifacts/browser-flow.png');
// CognitoSession's keys in localStorage: the tokens, and the pending sign-in during the redirect.
const SESSION_KEY = 'cognito-oauth';
const PENDING_KEY = 'cognito-oauth:pending';
// Access tokens live 12 s here, so CognitoSession refreshes them 6 s after they were issued (its
// margin is at most half their lifetime).
const ACCESS_TOKEN_TTL = 12;

let outdir: string;
let networkChunks: string[];
let lazyNetworkChunks: string[];
let spa: { origin: string; close(): Promise<void> };
let server: CognitoLikeServer;
let config: object = {};
let browser: Browser;

beforeAll(async () => {
  outdir = await mkdtemp(path.join(os.tmpdir(), 'cognito-oauth-spa-'));
  const built = await buildSpa({ outdir });
  ({ networkChunks, lazyNetworkChunks } = networkChunksOf(built.metafile));
  // Found by what they hold, not by file name, so the checks survive the SDK renaming its chunks.
  expect(networkChunks.length, 'esbuild put ky, zod and aws-jwt-verify in chunks of their own').toBeGreaterThan(0);
  expect(lazyNetworkChunks.length, 'the SDK loads its network half with import()').toBeGreaterThan(0);
  expect(networkChunks).not.toContain('main.js');

  spa = await serveSpa({ dir: outdir, config: () => config });
  server = await startCognitoLike({
    redirectUris: [`${spa.origin}/callback`],
    logoutUris: [`${spa.origin}/signed-out`],
    accessTokenTtl: ACCESS_TOKEN_TTL,
  });
  config = {
    domain: server.domain,
    clientId: server.publicClient.clientId,
    issuer: server.issuer,
    scopes: ['openid', 'email', 'profile'],
  };

  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await spa?.close();
  if (outdir !== undefined) await rm(outdir, { recursive: true, force: true });
});

/**
 * The SPA's chunks that a sign-in page must not fetch: every chunk that holds ky, zod or
 * aws-jwt-verify or statically imports one that does (so needs it to run). `lazyNetworkChunks` are
 * those that main.js loads with import(): the SDK's network (and verification) modules.
 */
function networkChunksOf(metafile: Metafile): { networkChunks: string[]; lazyNetworkChunks: string[] } {
  const chunks = new Map(Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js')));
  const needsNetwork = (file: string, seen = new Set<string>()): boolean => {
    const chunk = chunks.get(file);
    if (chunk === undefined || seen.has(file)) return false;
    seen.add(file);
    return (
      Object.keys(chunk.inputs).some((input) => /node_modules\/(ky|zod|aws-jwt-verify)\//.test(input)) ||
      chunk.imports.some((i) => i.kind === 'import-statement' && needsNetwork(i.path, seen))
    );
  };
  const main = [...chunks].find(([, chunk]) => chunk.entryPoint?.endsWith('src/main.ts'))?.[1];
  return {
    networkChunks: [...chunks.keys()].filter((file) => needsNetwork(file)).map((file) => path.basename(file)),
    lazyNetworkChunks: (main?.imports ?? []).filter((i) => i.kind === 'dynamic-import' && needsNetwork(i.path)).map((i) => path.basename(i.path)),
  };
}

/** What the page fetched, in order, with the responses the test needs to look into. */
interface NetworkLog {
  requests: Request[];
  /** The forms the page POSTed to Cognito's /oauth2/*, in order (see recordForms()). */
  forms: { pathname: string; form: Promise<URLSearchParams> }[];
  /** Requests that were cancelled after their response had arrived (see watch()). */
  abortedAfterResponse: string[];
  pageErrors: string[];
  failed: string[];
  /** Paths of the SPA's own files requested so far. */
  assets(): string[];
}

function watch(page: Page): NetworkLog {
  const log: NetworkLog = {
    requests: [],
    forms: [],
    abortedAfterResponse: [],
    pageErrors: [],
    failed: [],
    assets: () =>
      log.requests
        .map((r) => new URL(r.url()))
        .filter((u) => u.origin === spa.origin && u.pathname.startsWith('/assets/'))
        .map((u) => path.basename(u.pathname)),
  };
  page.on('request', (r) => log.requests.push(r));
  page.on('response', (r) => {
    if (r.status() >= 400) log.failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('pageerror', (e) => log.pageErrors.push(e.message));
  page.on('console', (m) => {
    // HTTP errors are logged from 'response' events, with their URLs.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) log.pageErrors.push(m.text());
  });
  page.on('requestfailed', (r) => {
    const what = `${r.method()} ${new URL(r.url()).pathname}: ${r.failure()?.errorText}`;
    // Chromium logs net::ERR_ABORTED for a fetch whose body was read to the end through a
    // ReadableStream reader (the SDK's size-capped read) when the reader finishes before the load
    // does. The page got the whole body; only a request that never got a response is a failure.
    void r.response().then((response) => (response === null ? log.failed : log.abortedAfterResponse).push(what));
  });
  return log;
}

/**
 * Records the form of every POST to the look-alike's /oauth2/*. Chromium leaves the body of a
 * cloned Request (ky sends one) out of its request events, so Playwright's `postData()` is null;
 * CDP's Network.getRequestPostData still has it. (Playwright's `route()` would see it too, but while
 * any route is set Playwright answers CORS preflights itself, and the preflights must stay real.)
 */
async function recordForms(context: BrowserContext, page: Page, log: NetworkLog): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (event) => {
    const url = new URL(event.request.url);
    if (event.request.method !== 'POST' || url.origin !== server.domain || !url.pathname.startsWith('/oauth2/')) return;
    log.forms.push({
      pathname: url.pathname,
      form: cdp.send('Network.getRequestPostData', { requestId: event.requestId }).then(
        ({ postData }) => new URLSearchParams(postData),
        () => new URLSearchParams(),
      ),
    });
  });
}

/** The page's requests to a look-alike endpoint, with their form bodies. */
function cognitoCalls(log: NetworkLog, pathname: string): Request[] {
  return log.requests.filter((r) => r.url().startsWith(`${server.domain}${pathname}`));
}

async function phase(page: Page, expected: string): Promise<void> {
  await page.waitForFunction((p) => document.body.dataset['phase'] === p || document.body.dataset['phase'] === 'error', expected, {
    timeout: 15_000,
  });
  const actual = await page.evaluate(() => document.body.dataset['phase']);
  const error = await page.locator('#error').textContent();
  expect(actual, `page error: ${error}`).toBe(expected);
}

describe('the SPA example in headless Chromium', () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it('signs in through the login page, exchanges the code across origins, refreshes on its own, survives a reload, revokes and signs out', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    await recordForms(context, page, log);
    const started = performance.now();
    const marks: string[] = [];
    let last = started;
    const mark = (label: string): void => {
      const now = performance.now();
      marks.push(`${label} ${Math.round(now - last)}`);
      last = now;
    };

    // 1. The sign-in page: ready, and it has fetched the app but not the SDK's network half.
    await page.goto(`${spa.origin}/`);
    await phase(page, 'signed-out');
    expect(await page.locator('#status').textContent()).toBe('Not signed in.');
    expect(await page.locator('#sign-in').isEnabled()).toBe(true);
    expect(await page.locator('#sign-out').isEnabled()).toBe(false);
    expect(log.assets()).toContain('main.js');
    for (const chunk of networkChunks) expect(log.assets()).not.toContain(chunk);

    mark('sign-in page');

    // 2. Sign in: the session stores state/nonce/verifier and goes to the authorize endpoint with PKCE.
    await Promise.all([page.waitForURL((u) => u.origin === server.domain), page.click('#sign-in')]);
    // Building the URL (WebCrypto) still needed no network chunk.
    for (const chunk of networkChunks) expect(log.assets()).not.toContain(chunk);
    const authorize = new URL(cognitoCalls(log, '/oauth2/authorize')[0]?.url() ?? 'about:blank');
    expect(authorize.searchParams.get('client_id')).toBe(server.publicClient.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${spa.origin}/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43,}$/);

    // 3. The look-alike's login form, filled as a person would.
    await page.waitForSelector('#password');
    mark('login form');
    await page.fill('#username', server.user.username);
    await page.fill('#password', server.user.password);
    await Promise.all([page.waitForURL((u) => u.origin === spa.origin && u.pathname === '/callback'), page.click('#signin')]);
    // Read from the navigation itself: the app takes the code out of the address bar at once.
    const callback = new URL(log.requests.find((r) => r.url().startsWith(`${spa.origin}/callback?`))?.url() ?? 'about:blank');
    expect(callback.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(callback.searchParams.has('code')).toBe(true);

    // 4. The callback page exchanged the code from the browser (a cross-origin POST) and read userInfo.
    mark('callback');
    await phase(page, 'signed-in');
    mark('exchange+verify+userInfo');
    expect(await page.locator('#status').textContent()).toBe(`Signed in as ${server.user.email}.`);
    const profile = JSON.parse((await page.locator('#userinfo').textContent()) ?? '{}') as Record<string, unknown>;
    expect(profile).toMatchObject({ sub: server.user.sub, username: server.user.username, email: server.user.email, email_verified: true });
    // The code left the address bar, the verifier left localStorage, and the tokens are in it.
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate((key) => localStorage.getItem(key), PENDING_KEY)).toBeNull();
    expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toContain('"refreshToken"');

    const [exchange] = cognitoCalls(log, '/oauth2/token');
    expect(exchange?.method()).toBe('POST');
    expect(await exchange?.headerValue('origin')).toBe(spa.origin);
    const exchanged = await exchange?.response();
    expect(exchanged?.status()).toBe(200);
    expect(await exchanged?.headerValue('access-control-allow-origin')).toBe(spa.origin);
    const exchangeForm = await log.forms[0]?.form;
    expect(log.forms[0]?.pathname).toBe('/oauth2/token');
    expect(exchangeForm?.get('grant_type')).toBe('authorization_code');
    expect(exchangeForm?.get('client_id')).toBe(server.publicClient.clientId);
    expect(exchangeForm?.get('code')).toBe(callback.searchParams.get('code'));
    expect(exchangeForm?.get('redirect_uri')).toBe(`${spa.origin}/callback`);
    expect(exchangeForm?.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    // The SDK verified the ID token with the look-alike's JWKS, fetched from the page across origins.
    const [jwks] = cognitoCalls(log, '/.well-known/jwks.json');
    expect((await jwks?.response())?.status()).toBe(200);
    // userInfo carries a Bearer token, so it was preflighted; the look-alike allowed this origin.
    const [userInfo] = cognitoCalls(log, '/oauth2/userInfo');
    expect(await userInfo?.headerValue('authorization')).toMatch(/^Bearer \S+$/);
    expect((await userInfo?.response())?.status()).toBe(200);
    // Only now did the browser fetch the SDK's network half.
    for (const chunk of networkChunks) expect(log.assets()).toContain(chunk);

    // 5. Refresh, with no click: CognitoSession refreshes when the access token comes due.
    const expiresBefore = await page.locator('#expires-at').textContent();
    await page.waitForFunction(() => document.getElementById('refresh-count')?.textContent === '1', null, { timeout: ACCESS_TOKEN_TTL * 1000 });
    await phase(page, 'signed-in');
    mark('automatic refresh');
    expect(await page.locator('#status').textContent()).toBe('Tokens refreshed (1).');
    expect(log.forms.map((f) => f.pathname)).toEqual(['/oauth2/token', '/oauth2/token']);
    const refreshForm = await log.forms[1]?.form;
    expect(refreshForm?.get('grant_type')).toBe('refresh_token');
    expect(refreshForm?.get('client_id')).toBe(server.publicClient.clientId);
    const refreshToken = refreshForm?.get('refresh_token');
    expect(refreshToken).toEqual(expect.any(String));
    expect((await cognitoCalls(log, '/oauth2/token')[1]?.response())?.status()).toBe(200);
    // The new access token expires later than the first one.
    const expiresAfter = await page.locator('#expires-at').textContent();
    expect(Date.parse(expiresAfter ?? '')).toBeGreaterThan(Date.parse(expiresBefore ?? ''));

    // 6. A reload keeps the session: the page shows the user again with no token request.
    await page.reload();
    await phase(page, 'signed-in');
    mark('reload');
    expect(await page.locator('#status').textContent()).toBe(`Signed in as ${server.user.email}.`);
    expect(cognitoCalls(log, '/oauth2/token')).toHaveLength(2);
    expect(cognitoCalls(log, '/oauth2/userInfo')).toHaveLength(2);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // 7. Sign out: revoke the refresh token, then Cognito's /logout, which lands on the sign-out URL.
    await Promise.all([page.waitForURL((u) => u.origin === spa.origin && u.pathname === '/signed-out'), page.click('#sign-out')]);
    await phase(page, 'signed-out');
    mark('revoke+logout');
    expect(await page.locator('#status').textContent()).toBe('You are signed out.');
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    const [revoke] = cognitoCalls(log, '/oauth2/revoke');
    expect(revoke?.method()).toBe('POST');
    expect((await revoke?.response())?.status()).toBe(200);
    // (The revoke's form is not read here: the page navigates to /logout right after, and CDP drops it.)
    expect(log.forms.map((f) => f.pathname)).toEqual(['/oauth2/token', '/oauth2/token', '/oauth2/revoke']);
    const logout = new URL(cognitoCalls(log, '/logout')[0]?.url() ?? 'about:blank');
    expect(logout.searchParams.get('client_id')).toBe(server.publicClient.clientId);
    expect(logout.searchParams.get('logout_uri')).toBe(`${spa.origin}/signed-out`);

    // The refresh token the app held is dead on the server, so the revoke carried it...
    const node = new CognitoOAuthClient({ domain: server.domain, clientId: server.publicClient.clientId, retries: 0 });
    const refused = await node.refreshTokens(refreshToken ?? '').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(OAuthError);
    expect((refused as OAuthError).error).toBe('invalid_grant');
    // ...and /logout ended the login session: signing in again shows the login form, not an SSO hop.
    await Promise.all([page.waitForURL((u) => u.origin === server.domain), page.click('#sign-in')]);
    await page.waitForSelector('#password');

    console.log(
      `browser flow: ${log.requests.length} requests in ${Math.round(performance.now() - started)} ms (${marks.join(', ')} ms); ` +
        `aborted after their response: ${log.abortedAfterResponse.length ? log.abortedAfterResponse.join(', ') : 'none'}`,
    );
    expect(log.pageErrors).toEqual([]);
    expect(log.failed).toEqual([]);
  });
});
