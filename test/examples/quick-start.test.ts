// The README's browser quick start outside a browser: its module loads where there is no
// `location` (server-side rendering imports page modules on the server), and it stays below
// oidc-client-ts's 19 lines. test/browser/quick-start.test.ts runs the same block in Chromium.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { codeLines, configureQuickStart, readmeQuickStart } from '../support/quick-start.js';

const work = await mkdtemp(path.join(os.tmpdir(), 'quick-start-ssr-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Bundles a block (cognito-oauth from src/) and imports it in this Node process. */
async function importBlock(code: string): Promise<Record<string, unknown>> {
  const file = path.join(work, `block-${Math.random().toString(36).slice(2)}.mjs`);
  await esbuild.build({
    stdin: { contents: code, loader: 'ts', resolveDir: work },
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    alias: { 'cognito-oauth': path.resolve(import.meta.dirname, '../../src/index.ts') },
  });
  return import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
}

describe("the README's browser quick start", () => {
  const block = readmeQuickStart();

  it('loads on a server, where there is no location: nothing runs at module level', async () => {
    expect(typeof (globalThis as { location?: unknown }).location).toBe('undefined');
    const module = await importBlock(block);
    expect(Object.keys(module).sort()).toEqual(['signIn', 'signOut', 'startSession']);
    // Only calling it needs the browser.
    await expect((module['startSession'] as () => Promise<unknown>)()).rejects.toThrow(/location is not defined/);
  });

  it('the check above fails for a quick start that reads location.origin at module level', async () => {
    const moduleLevel = `import { CognitoOAuthClient } from 'cognito-oauth';\nexport const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc', redirectUri: \`\${location.origin}/callback\` });\n`;
    await expect(importBlock(moduleLevel)).rejects.toThrow(/location is not defined/);
  });

  it('is 18 lines of app code, as the README says (oidc-client-ts: 19)', () => {
    expect(codeLines(block)).toBe(18);
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain('is 18 lines of app code');
  });

  it('takes the look-alike settings in place of its placeholders, and says which one went missing', () => {
    const configured = configureQuickStart(block, { domain: 'http://127.0.0.1:1', clientId: 'c', issuer: 'http://127.0.0.1:1' });
    expect(configured).toContain('domain: "http://127.0.0.1:1"');
    expect(configured).toContain('issuer: "http://127.0.0.1:1"');
    expect(() => configureQuickStart(block.replace('1example23456789', 'x'), { domain: 'd', clientId: 'c', issuer: 'i' })).toThrow(/clientId/);
  });
});
