// What the browser tests of the README's quick start share: the page built from the README, served
// on localhost, a look-alike that knows its URLs, and helpers to sign a tab in and read its state.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { CognitoSession, TokenSet } from '../../src/index.js';
import { serveSpa } from '../../examples/spa/serve.mjs';
import { driveSignIn, startCognitoLike, type CognitoLikeOptions, type CognitoLikeServer } from './cognito-like.mjs';
import { buildQuickStartPage } from './quick-start.js';

/** What the test page puts on `window` (see DRIVER in quick-start.ts). */
export interface QuickStartWindow {
  app: {
    session: CognitoSession;
    events: { type: string; at: number; reason?: string; fromOtherTab?: boolean }[];
    signIn(): Promise<void>;
    signOut(): Promise<void>;
  };
}

export interface QuickStartSite {
  origin: string;
  cognito: CognitoLikeServer;
  /** The quick start as built, placeholders replaced. */
  source: string;
  close(): Promise<void>;
}

/**
 * Serves the README's quick start on http://localhost:PORT against a new look-alike with `options`
 * (its callback and sign-out URLs registered).
 */
export async function startQuickStartSite(options: CognitoLikeOptions = {}): Promise<QuickStartSite> {
  // The folder is served before it is built: the look-alike needs the site's origin, the page the look-alike's domain.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cognito-oauth-quick-start-'));
  const site = await serveSpa({ dir, config: () => ({}) });
  let cognito: CognitoLikeServer | undefined;
  const close = async (): Promise<void> => {
    await site.close();
    await cognito?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    cognito = await startCognitoLike({ ...options, redirectUris: [`${site.origin}/callback`], logoutUris: [`${site.origin}/`] });
    const { source } = await buildQuickStartPage({ domain: cognito.domain, clientId: cognito.publicClient.clientId, issuer: cognito.issuer }, dir);
    return { origin: site.origin, cognito, source, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the page's startSession() has resolved. */
export async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body?.dataset['ready'] === 'true', null, { timeout: 15_000 });
}

/**
 * Signs the tab in as the look-alike's user: the page's signIn() builds the URL and keeps the
 * pending sign-in in localStorage, the login form is filled with fetch (driveSignIn), and the tab
 * then loads the callback URL as the browser would after the redirect. Returns that URL.
 */
export async function signInTab(page: Page, site: QuickStartSite): Promise<string> {
  if (!page.url().startsWith(site.origin)) await page.goto(`${site.origin}/`);
  await ready(page);
  const url = await page.evaluate(async () => (await (window as unknown as QuickStartWindow).app.session.signIn()).url);
  const { callbackUrl } = await driveSignIn(url, {
    redirectUri: `${site.origin}/callback`,
    username: site.cognito.user.username,
    password: site.cognito.user.password,
  });
  await page.goto(callbackUrl);
  await ready(page);
  return callbackUrl;
}

/** The tab's tokens through its session (refreshed when due), or undefined. */
export function tokensOf(page: Page): Promise<TokenSet | undefined> {
  return page.evaluate(() => (window as unknown as QuickStartWindow).app.session.getTokens());
}

/** The tab's session events so far. */
export function eventsOf(page: Page): Promise<QuickStartWindow['app']['events']> {
  return page.evaluate(() => (window as unknown as QuickStartWindow).app.events);
}

/** How many token requests of a grant type the look-alike has answered. */
export function grants(cognito: CognitoLikeServer, grantType: string): number {
  return cognito.tokenRequests.filter((r) => r.grantType === grantType).length;
}

/** Collects uncaught errors and console errors of a page. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return errors;
}
