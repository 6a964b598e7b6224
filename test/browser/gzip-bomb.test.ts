// maxResponseBytes in a real browser (issue: a cross-origin gzip body inflated whole before the
// size check). A SPA on one local origin calls exchangeCode against a "Cognito" on another, which
// answers with a 1 MB gzip body that inflates to 1 GiB. Across origins the page sees Content-Length
// (the compressed size) but not Content-Encoding, so only counting bytes as they stream bounds it.
// The bound is checked on the renderer's peak resident memory, read from /proc (Linux, like the
// npm Chromium this suite uses).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INFLATED = 1024 * 1024 * 1024;
const CAP = 1_048_576;

let browser: Browser;
let app: Server;
let cognito: Server;
let appOrigin: string;
let cognitoOrigin: string;
const tokenRequests: { origin: string | undefined; body: string }[] = [];

/** `bytes` spaces, gzip-compressed at the best ratio (about 1000:1). */
async function gzipBomb(bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const [bomb, bundle] = await Promise.all([
    gzipBomb(INFLATED),
    build({
      stdin: { contents: "export { CognitoOAuthClient } from './src/index.ts';", resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    }),
  ]);
  const sdk = bundle.outputFiles[0]!.text;
  app = createServer((req, res) => {
    if (req.url === '/sdk.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end("<!doctype html><title>gzip bomb</title><script type=module>import { CognitoOAuthClient } from '/sdk.js'; window.CognitoOAuthClient = CognitoOAuthClient;</script>");
  });
  cognito = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': appOrigin, 'access-control-allow-headers': 'content-type, accept' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      tokenRequests.push({ origin: req.headers.origin, body });
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
  });
  [appOrigin, cognitoOrigin] = await Promise.all([listen(app), listen(cognito)]);
  expect(bomb.length).toBeLessThan(2 * CAP);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const server of [app, cognito]) {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
});

/** The largest peak resident set (VmHWM, bytes) of the browser's renderer processes. */
async function rendererPeakBytes(): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  const renderers = processInfo.filter((p) => p.type === 'renderer');
  expect(renderers.length).toBeGreaterThan(0);
  let peak = 0;
  for (const { id } of renderers) {
    const status = await readFile(`/proc/${id}/status`, 'utf8');
    peak = Math.max(peak, Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024);
  }
  return peak;
}

describe('a cross-origin gzip bomb against exchangeCode in Chromium', () => {
  it.runIf(process.platform === 'linux')('fails with RESPONSE_TOO_LARGE without inflating the body whole (renderer memory bounded)', async () => {
    const page = await browser.newPage();
    await page.goto(appOrigin);
    await page.waitForFunction(() => 'CognitoOAuthClient' in window);
    const outcome = await page.evaluate(
      async ({ domain, cap }) => {
        const { CognitoOAuthClient } = window as unknown as typeof import('../../src/index.js');
        const client = new CognitoOAuthClient({ domain, clientId: 'abc123example', redirectUri: `${location.origin}/cb`, maxResponseBytes: cap });
        try {
          await client.exchangeCode({ code: 'single-use-code', codeVerifier: 'v'.repeat(43) });
          return { resolved: true };
        } catch (error) {
          const e = error as { name: string; code?: string; message: string };
          return { name: e.name, code: e.code, message: e.message };
        }
      },
      { domain: cognitoOrigin, cap: CAP },
    );
    expect(outcome).toEqual({ name: 'CognitoOAuthError', code: 'RESPONSE_TOO_LARGE', message: `The token response is larger than ${CAP} bytes` });
    // The request really crossed origins, once, with the code exchange form.
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.origin).toBe(appOrigin);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests[0]!.body))).toMatchObject({ grant_type: 'authorization_code', code: 'single-use-code' });
    // Inflating it whole would take 1 GiB; reading to the cap takes a few MiB over the page's own needs.
    expect(await rendererPeakBytes()).toBeLessThan(INFLATED / 4);
    await page.close();
  });
});
