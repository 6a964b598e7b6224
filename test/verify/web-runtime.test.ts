// Browsers, Deno-style bundles and workers resolve aws-jwt-verify's "browser" build, which verifies
// with WebCrypto instead of node:crypto. Bundle the SDK for the browser, run that bundle here (Node
// has WebCrypto and fetch), and check that it accepts a good token and refuses a tampered one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sdk from '../../src/index.js';
import { CLIENT_ID, JWKS, POOL_ID, idToken } from '../support/tokens.js';

let dir: string;
let sdk: typeof Sdk;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-oauth-web-'));
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // The browser build of aws-jwt-verify, not its node:crypto one, must be the one bundled.
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((input) => input.endsWith('node-web-compat-web.js'))).toBe(true);
  expect(inputs.some((input) => input.endsWith('node-web-compat-node.js'))).toBe(false);
  const file = join(dir, 'sdk.mjs');
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  sdk = (await import(pathToFileURL(file).href)) as typeof Sdk;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the browser build of the verifier (WebCrypto)', () => {
  it('verifies a Cognito ID token and refuses a tampered one', async () => {
    const client = new sdk.CognitoOAuthClient({
      domain: 'auth.example.com',
      clientId: CLIENT_ID,
      userPoolId: POOL_ID,
      fetch: async () => Response.json(JWKS),
    });
    const token = idToken();
    await expect(client.verifyIdToken(token, { nonce: 'abcdefg' })).resolves.toMatchObject({ token_use: 'id', aud: CLIENT_ID });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>), sub: 'admin' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await expect(client.verifyIdToken(forged)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });
});
