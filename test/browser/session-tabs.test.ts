// CognitoSession in two tabs of one origin over localStorage, in headless Chromium, against the
// look-alike with Cognito's refresh-token rotation (grace 0: a refresh token is spent by its first
// use). The page is the README's browser quick start (test/support/quick-start.ts).
//
// Needs `npm run build` first (npm run test:browser does it).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import {
  eventsOf,
  grants,
  pageErrors,
  ready,
  signInTab,
  startQuickStartSite,
  tokensOf,
  type QuickStartSite,
  type QuickStartWindow,
} from '../support/quick-start-browser.js';

let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Two tabs of one browser profile (one localStorage), the first signed in, the second opened after. */
async function twoTabs(site: QuickStartSite): Promise<[Page, Page, string[]]> {
  context = await browser.newContext();
  const first = await context.newPage();
  const second = await context.newPage();
  const errors = [...pageErrors(first), ...pageErrors(second)];
  await signInTab(first, site);
  await second.goto(`${site.origin}/`);
  await ready(second);
  return [first, second, errors];
}

/** Moves the stored tokens' expiry to `at` (ms), as if that much time had passed. */
async function expireStoredTokens(page: Page, at: number): Promise<void> {
  await page.evaluate((expiresAt) => {
    const saved = JSON.parse(localStorage.getItem('cognito-oauth') ?? 'null') as { tokens: { expiresAt: number } };
    saved.tokens.expiresAt = expiresAt;
    localStorage.setItem('cognito-oauth', JSON.stringify(saved));
  }, at);
}

describe('CognitoSession in two Chromium tabs, rotation with grace 0', () => {
  let site: QuickStartSite;

  beforeAll(async () => {
    site = await startQuickStartSite({ refreshTokenRotation: { gracePeriodSeconds: 0 } });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('concurrent getAccessToken in both tabs: one refresh POST, and both tabs end with the same token', async () => {
    const [first, second, errors] = await twoTabs(site);
    const before = await tokensOf(first);
    expect((await tokensOf(second))?.accessToken).toBe(before?.accessToken);
    await expireStoredTokens(first, Date.now() - 1000);
    const refreshes = grants(site.cognito, 'refresh_token');

    const getAccessToken = (page: Page): Promise<string> => page.evaluate(() => (window as unknown as QuickStartWindow).app.session.getAccessToken());
    const [a, b] = await Promise.all([getAccessToken(first), getAccessToken(second)]);

    expect(grants(site.cognito, 'refresh_token')).toBe(refreshes + 1);
    expect(site.cognito.tokenRequests.slice(-1)).toEqual([{ grantType: 'refresh_token', status: 200, error: undefined }]);
    expect(a).not.toBe(before?.accessToken);
    expect(b).toBe(a);
    // Both hold the rotated refresh token, and it works: the old one was spent by the refresh.
    const [tokensA, tokensB] = [await tokensOf(first), await tokensOf(second)];
    expect(tokensA?.refreshToken).not.toBe(before?.refreshToken);
    expect(tokensB?.refreshToken).toBe(tokensA?.refreshToken);
    // The tab that did not refresh heard about it.
    const heard = [...(await eventsOf(first)), ...(await eventsOf(second))].filter((e) => e.type === 'tokensRefreshed');
    expect(heard.map((e) => e.fromOtherTab).sort()).toEqual([false, true]);
    expect(errors).toEqual([]);
  });

  it('sign-out in one tab: the other emits signedOut within a second', async () => {
    const [first, second, errors] = await twoTabs(site);
    const started = Date.now();
    const [logout] = await Promise.all([
      first.waitForRequest((r) => r.url().startsWith(`${site.cognito.domain}/logout?`)),
      first.evaluate(() => void (window as unknown as QuickStartWindow).app.signOut()),
    ]);
    expect(new URL(logout.url()).searchParams.get('client_id')).toBe(site.cognito.publicClient.clientId);
    await second.waitForFunction(() => (window as unknown as QuickStartWindow).app.events.some((e) => e.type === 'signedOut'), null, { timeout: 2000 });
    const [signedOut] = (await eventsOf(second)).filter((e) => e.type === 'signedOut');
    expect(signedOut?.reason).toBe('otherTab');
    expect((signedOut?.at ?? Infinity) - started).toBeLessThan(1000);
    expect(await tokensOf(second)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a reload keeps the session, with no token request', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    const errors = pageErrors(page);
    await signInTab(page, site);
    const before = await tokensOf(page);
    const tokenRequests = site.cognito.tokenRequests.length;
    await page.reload();
    await ready(page);
    expect(await tokensOf(page)).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as QuickStartWindow).app.session.getUser().then((u) => u?.sub))).toBe(site.cognito.user.sub);
    expect(site.cognito.tokenRequests.length).toBe(tokenRequests);
    expect(errors).toEqual([]);
  });
});

describe('CognitoSession in Chromium, access tokens that live 4 s', () => {
  let site: QuickStartSite;

  beforeAll(async () => {
    site = await startQuickStartSite({ refreshTokenRotation: { gracePeriodSeconds: 0 }, accessTokenTtl: 4 });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('an access token that expired while the tab was closed is refreshed at load, before the app asks', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await signInTab(page, site);
    const before = await tokensOf(page);
    await page.close();
    const refreshes = grants(site.cognito, 'refresh_token');
    // Closed until the access token has expired (not only come due).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (before?.expiresAt ?? 0) - Date.now()) + 300));

    const reopened = await context.newPage();
    const errors = pageErrors(reopened);
    await reopened.goto(`${site.origin}/`);
    await ready(reopened);
    // Nothing on the page asks for a token: the session refreshes on its own at start-up.
    await expect.poll(() => grants(site.cognito, 'refresh_token'), { timeout: 5000 }).toBe(refreshes + 1);
    await reopened.waitForFunction(() => (window as unknown as QuickStartWindow).app.events.some((e) => e.type === 'tokensRefreshed'));
    const after = await reopened.evaluate(() => JSON.parse(localStorage.getItem('cognito-oauth') ?? 'null') as { tokens: { accessToken: string; expiresAt: number } });
    expect(after.tokens.accessToken).not.toBe(before?.accessToken);
    expect(after.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(errors).toEqual([]);
  });
});
