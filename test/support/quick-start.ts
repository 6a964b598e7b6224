// The README's browser quick start as code: its ```ts block, read from README.md, with the
// look-alike's domain, client ID and issuer put in place of the placeholders (as a user puts in
// their own), bundled with a small page that exposes the session to the test.
//
//   const block = readmeQuickStart();                 // the block, verbatim
//   const page = await buildQuickStartPage(settings); // { outdir, source }: index.html, assets/main.js
import { mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The first ```ts block under the README's "In a browser" heading. */
export function readmeQuickStart(readme = readFileSync(path.join(root, 'README.md'), 'utf8')): string {
  const section = readme.slice(readme.indexOf('### In a browser'));
  const match = /```ts\n([\s\S]*?)\n```/.exec(section);
  if (!section || match?.[1] === undefined) throw new Error('README.md has no ```ts block under "### In a browser"');
  return match[1];
}

/** Lines of code in a block: not blank, not only a comment. */
export function codeLines(block: string): number {
  return block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//')).length;
}

/** What replaces the README's placeholders. */
export interface QuickStartSettings {
  domain: string;
  clientId: string;
  issuer: string;
}

/** The block with the placeholders replaced; throws when one of them is no longer in the README. */
export function configureQuickStart(block: string, { domain, clientId, issuer }: QuickStartSettings): string {
  const replacements: [string, string][] = [
    ["domain: 'myapp.auth.us-east-1.amazoncognito.com'", `domain: ${JSON.stringify(domain)}`],
    ["clientId: '1example23456789'", `clientId: ${JSON.stringify(clientId)}`],
    // The look-alike's JWKS is on its own domain, which the issuer names (see CognitoLikeOptions.issuer).
    ["userPoolId: 'us-east-1_AbC123'", `issuer: ${JSON.stringify(issuer)}`],
  ];
  return replacements.reduce((code, [from, to]) => {
    if (!code.includes(from)) throw new Error(`the README's quick start no longer contains ${from}`);
    return code.replace(from, to);
  }, block);
}

// The test's page: the quick start's three exports, driven from the test through window.app.
const DRIVER = `
import { signIn, signOut, startSession } from './quick-start.ts';

const events = [];
const session = await startSession();
for (const type of ['signedIn', 'tokensRefreshed', 'signedOut', 'refreshFailed']) {
  session.on(type, (event) => events.push({ type, at: Date.now(), reason: event.reason, fromOtherTab: event.fromOtherTab }));
}
window.app = { session, events, signIn: () => signIn(session), signOut: () => signOut(session) };
document.body.dataset.ready = 'true';
`;

const HTML = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>quick start</title><script type="module" src="/assets/main.js"></script>\n';

/** Bundles the configured quick start and its driver into a temporary folder that serveSpa() can serve. */
export async function buildQuickStartPage(
  settings: QuickStartSettings,
  outdir?: string,
): Promise<{ outdir: string; source: string }> {
  outdir ??= await mkdtemp(path.join(os.tmpdir(), 'cognito-oauth-quick-start-'));
  const source = configureQuickStart(readmeQuickStart(), settings);
  await writeFile(path.join(outdir, 'quick-start.ts'), source);
  await writeFile(path.join(outdir, 'main.ts'), DRIVER);
  await writeFile(path.join(outdir, 'index.html'), HTML);
  await esbuild.build({
    entryPoints: [path.join(outdir, 'main.ts')],
    outdir: path.join(outdir, 'assets'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    logLevel: 'warning',
    // As an app that installed the package gets it: the repo's build (npm run build first).
    alias: { 'cognito-oauth': path.join(root, 'dist/index.js') },
  });
  return { outdir, source };
}
