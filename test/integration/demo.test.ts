// `npm run demo` as a user runs it: a child process, its output and its exit code. The demo is
// pointed at a fresh esbuild bundle of src/ (COGNITO_DEMO_SDK), so this test needs no `npm run build`
// and never races another test that rebuilds dist/.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';

// Starting a server generates an RSA key: generous on a busy CI machine (a bound, not a measurement).
const START_TIMEOUT = 60_000;

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = join(root, 'demo', 'demo.mjs');
let workDir: string;
let sdk: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'cognito-oauth-demo-'));
  sdk = join(workDir, 'index.js');
  await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: sdk,
    logLevel: 'silent',
  });
}, START_TIMEOUT);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

interface DemoRun {
  child: ReturnType<typeof spawn>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code; the child is killed if it is still running after 60 s. */
  exit: Promise<number | null>;
}

function runDemo(extraEnv: Record<string, string>): DemoRun {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('COGNITO_')) env[key] = value;
  }
  const child = spawn(process.execPath, [demo], {
    cwd: root,
    env: { ...env, ...extraEnv, COGNITO_DEMO_SDK: sdk, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<number | null>((resolve, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(guard);
      resolve(code);
    });
  });
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Waits until the demo has printed its authorize URL (or has exited). */
function authorizeUrlOf(run: DemoRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const url = run.stdout().match(/^ {3}url +(\S+)$/m)?.[1];
      if (url !== undefined) {
        run.child.stdout?.off('data', look);
        resolve(url);
      }
    };
    run.child.stdout?.on('data', look);
    void run.exit.then(() => reject(new Error(`the demo exited before printing a URL:\n${run.stdout()}\n${run.stderr()}`)));
    look();
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// Each run spawns node and a server; the child is killed after 60 s anyway.
describe('npm run demo', { timeout: 90_000 }, () => {
  it('walks the whole flow against the local look-alike with no configuration and exits 0', async () => {
    const run = runDemo({});
    const code = await run.exit;
    const out = run.stdout();
    expect(run.stderr()).toBe('');
    expect(code).toBe(0);

    const steps = [...out.matchAll(/^(\d+)\. (.+?)(?: {3}\[|$)/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(steps).toEqual([
      '1. Start a local user pool look-alike',
      '2. Build the authorize URL',
      '3. The user signs in at managed login',
      '4. Back at the redirect URI: check the callback',
      '5. Exchange the code for tokens',
      '6. Verify the ID token',
      '7. Ask Cognito who this is',
      '8. Refresh the tokens',
      '9. Revoke the refresh token (sign out of this app)',
      '10. Sign out of managed login',
      '11. Machine to machine: client credentials',
    ]);
    expect(out).toMatch(/^ {3}url +http:\/\/127\.0\.0\.1:\d+\/oauth2\/authorize\?\S*code_challenge_method=S256/m);
    expect(out).toContain('✓ state matches');
    expect(out).toContain('✓ signature (JWKS), issuer, audience, token_use, expiry and nonce checked');
    expect(out).toMatch(/^ {3}token type +Bearer$/m);
    expect(out).toMatch(/^ {3}cognito:username +"alice"$/m);
    expect(out).toMatch(/^ {3}email_verified +true$/m);
    expect(out).toContain('(the same one: Cognito did not rotate it, the SDK kept it)');
    expect(out).toContain('✓ refreshing with it now fails: OAuthError invalid_grant (HTTP 400)');
    expect(out).toMatch(/^ {3}logout URL +http:\/\/127\.0\.0\.1:\d+\/logout\?client_id=\w+&logout_uri=http%3A%2F%2Flocalhost%3A3000%2F$/m);
    expect(out).toContain('✓ the browser lands on http://localhost:3000/');
    expect(out).toMatch(/^ {3}scope +"api\/read api\/write"$/m);
    expect(out).not.toContain('✗');
    expect(out.trimEnd().endsWith('Done: every step succeeded.')).toBe(true);
    // Tokens are shown shortened: no JWT is printed whole.
    expect(out).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  describe('with COGNITO_DOMAIN (a "real" user pool, here the look-alike)', () => {
    let server: CognitoLikeServer;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      server = await startCognitoLike({
        redirectUris: [`http://localhost:${port}/callback`],
        logoutUris: [`http://localhost:${port}/`],
      });
    }, START_TIMEOUT);

    afterAll(async () => {
      await server?.close();
    });

    it('waits on the loopback callback, then finishes the flow with a confidential client', async () => {
      const run = runDemo({
        COGNITO_DOMAIN: server.domain,
        COGNITO_CLIENT_ID: server.confidentialClient.clientId,
        COGNITO_CLIENT_SECRET: server.confidentialClient.clientSecret,
        COGNITO_SCOPES: 'openid,email',
        COGNITO_REDIRECT_PORT: String(port),
        COGNITO_WAIT_SECONDS: '60',
      });
      const url = await authorizeUrlOf(run);
      const authorize = new URL(url);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
      expect(authorize.searchParams.get('scope')).toBe('openid email');

      // Play the browser: sign in, then follow the redirect to the demo's loopback server.
      const { callbackUrl } = await driveSignIn(url, {
        redirectUri: `http://localhost:${port}/callback`,
        username: server.user.username,
        password: server.user.password,
      });
      const landing = new URL(callbackUrl);
      landing.hostname = '127.0.0.1';
      const page = await fetch(landing);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Signed in. Go back to the terminal.');

      const code = await run.exit;
      const out = run.stdout();
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(out).toContain('(with a secret)');
      expect(out).toContain('✓ the browser came back to the callback URL');
      expect(out).toMatch(/^ {3}email_verified +true$/m);
      expect(out).toContain('✓ refreshing with it now fails: OAuthError invalid_grant');
      expect(out).toMatch(new RegExp(`logout_uri=http%3A%2F%2Flocalhost%3A${port}%2F$`, 'm'));
      expect(out).not.toContain(server.confidentialClient.clientSecret);
      expect(out.trimEnd().endsWith('Done: every step succeeded.')).toBe(true);
    });

    it('reports an error redirect from managed login and exits 1', async () => {
      const run = runDemo({
        COGNITO_DOMAIN: server.domain,
        COGNITO_CLIENT_ID: server.publicClient.clientId,
        COGNITO_REDIRECT_PORT: String(port),
        COGNITO_WAIT_SECONDS: '60',
      });
      const state = new URL(await authorizeUrlOf(run)).searchParams.get('state') ?? '';
      const callback = new URL(`http://127.0.0.1:${port}/callback`);
      callback.search = new URLSearchParams({ error: 'access_denied', error_description: 'User cancelled', state }).toString();
      const page = await fetch(callback);
      expect(await page.text()).toContain('Sign-in did not complete.');

      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain('✗ demo failed: Cognito answered access_denied (User cancelled) [callback]');
      expect(run.stdout()).not.toContain('Done');
    });

    it('gives up with a clear message and a non-zero exit when nobody signs in', async () => {
      const run = runDemo({
        COGNITO_DOMAIN: server.domain,
        COGNITO_CLIENT_ID: server.publicClient.clientId,
        COGNITO_REDIRECT_PORT: String(port),
        COGNITO_WAIT_SECONDS: '0.5',
      });
      const code = await run.exit;
      expect(code).toBe(1);
      expect(run.stderr()).toContain(`✗ demo failed: no sign-in reached http://localhost:${port}/callback within 0.5 s`);
      expect(run.stdout()).not.toContain('Done');
    });
  });
});
