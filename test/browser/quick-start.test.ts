// The README's browser quick start, verbatim (placeholders replaced by the look-alike's settings),
// in headless Chromium: the code leaves the address bar before the token request, a reload of
// /callback is no TypeError, and sign-out reaches Cognito's /logout even when revoking fails.
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
let site: QuickStartSite;
let context: BrowserContext | undefined;

beforeAll(async () => {
  site = await startQuickStartSite();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A fresh browser profile (its own localStorage) and a tab in it. */
async function newTab(): Promise<Page> {
  context = await browser.newContext();
  return context.newPage();
}

/** Records, in the page, where the address bar was when each request to Cognito's /oauth2/* left. */
async function recordAddressAtRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const sent: { path: string; address: string }[] = [];
    (window as unknown as { sent: typeof sent }).sent = sent;
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname.startsWith('/oauth2/')) sent.push({ path: url.pathname, address: location.href });
      return original(input, init);
    };
  });
}

describe("the README's browser quick start in Chromium", () => {
  it('signs in, with the code out of the address bar before the code is exchanged', async () => {
    const page = await newTab();
    const errors = pageErrors(page);
    await recordAddressAtRequests(page);
    const exchanges = grants(site.cognito, 'authorization_code');

    const callbackUrl = await signInTab(page, site);
    expect(new URL(callbackUrl).searchParams.has('code')).toBe(true);
    expect(page.url()).toBe(`${site.origin}/`);
    const sent = await page.evaluate(() => (window as unknown as { sent: { path: string; address: string }[] }).sent);
    expect(sent[0]).toEqual({ path: '/oauth2/token', address: `${site.origin}/` });
    expect(grants(site.cognito, 'authorization_code')).toBe(exchanges + 1);
    expect((await tokensOf(page))?.refreshToken).toEqual(expect.any(String));
    // (signedIn fired inside startSession(), before the page's listeners were added.)
    expect(await eventsOf(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as QuickStartWindow).app.session.getUser().then((u) => u?.sub))).toBe(site.cognito.user.sub);
    expect(errors).toEqual([]);
  });

  it('a reload of /callback is no TypeError: it sends nothing and keeps the session it had', async () => {
    const page = await newTab();
    const errors = pageErrors(page);
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    const callbackUrl = await signInTab(page, site);
    const before = await tokensOf(page);
    const tokenRequests = site.cognito.tokenRequests.length;

    // The browser's "reload" of the callback page: the same URL, code and state, loaded again.
    await page.goto(callbackUrl);
    await ready(page);
    expect(page.url()).toBe(`${site.origin}/`);
    expect(site.cognito.tokenRequests.length).toBe(tokenRequests);
    expect((await tokensOf(page))?.accessToken).toBe(before?.accessToken);
    expect(warnings).toEqual([expect.stringContaining('Sign-in failed')]);
    expect(errors).toEqual([]);
  });

  it('a /callback with nothing pending (another browser, a bookmark) leaves the user signed out, with no error', async () => {
    const page = await newTab();
    const errors = pageErrors(page);
    const tokenRequests = site.cognito.tokenRequests.length;
    await page.goto(`${site.origin}/callback?code=a-code&state=a-state`);
    await ready(page);
    expect(page.url()).toBe(`${site.origin}/`);
    expect(await tokensOf(page)).toBeUndefined();
    expect(site.cognito.tokenRequests.length).toBe(tokenRequests);
    expect(errors).toEqual([]);
  });

  it('signs out, and goes to Cognito /logout, even when revoking the refresh token fails', async () => {
    const page = await newTab();
    let revokeAttempts = 0;
    await page.exposeFunction('revokeAttempted', () => void (revokeAttempts += 1));
    await page.addInitScript(() => {
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input), location.href);
        if (url.pathname === '/oauth2/revoke') {
          void (window as unknown as { revokeAttempted(): Promise<void> }).revokeAttempted();
          return Promise.reject(new TypeError('Failed to fetch'));
        }
        return original(input, init);
      };
    });
    await signInTab(page, site);
    expect(await page.evaluate(() => localStorage.getItem('cognito-oauth'))).not.toBeNull();

    const [logoutRequest] = await Promise.all([
      page.waitForRequest((r) => r.url().startsWith(`${site.cognito.domain}/logout?`)),
      page.evaluate(() => void (window as unknown as QuickStartWindow).app.signOut()),
    ]);
    const logout = new URL(logoutRequest.url());
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: site.cognito.publicClient.clientId, logout_uri: `${site.origin}/` });
    expect(revokeAttempts).toBe(1);

    // Cognito's /logout ends its session and sends the browser back to the app's sign-out URL,
    // where nothing of the session is left in localStorage.
    await page.waitForURL(`${site.origin}/`, { timeout: 15_000 });
    await ready(page);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await tokensOf(page)).toBeUndefined();
  });
});
