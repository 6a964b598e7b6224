// The CLI's parts in-process: the browser opener's argv per platform, the profile cache file, the
// loopback listener's answers, the error report. The packed bin is tested in cli.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCommand } from '../../cli/browser.js';
import { ProfileCache, cacheHome, ensureDirectory } from '../../cli/cache.js';
import { CliFailure } from '../../cli/failure.js';
import { listenOnLoopback } from '../../cli/loopback.js';
import { report } from '../../cli/report.js';
import { CognitoOAuthError, OAuthError } from '../../src/index.js';
import { thrownBy } from '../support/outcomes.js';

describe('openCommand', () => {
  const url = 'https://auth.example.com/oauth2/authorize?client_id=abc&redirect_uri=http%3A%2F%2Flocalhost%3A8765%2Fcallback&state=x"y z';

  it('passes the URL as one argument of open (macOS) and xdg-open (Linux), never through a shell', () => {
    const href = new URL(url).href;
    expect(openCommand(url, 'darwin')).toEqual({ command: 'open', args: [href] });
    expect(openCommand(url, 'linux')).toEqual({ command: 'xdg-open', args: [href] });
    expect(openCommand(url, 'freebsd')).toEqual({ command: 'xdg-open', args: [href] });
  });

  it('quotes the whole URL for cmd on Windows, so & is not a command separator', () => {
    const { command, args, windowsVerbatimArguments } = openCommand(url, 'win32');
    expect(command).toBe('cmd');
    expect(windowsVerbatimArguments).toBe(true);
    expect(args.slice(0, 3)).toEqual(['/d', '/s', '/c']);
    expect(args[3]).toBe(`start "" "${new URL(url).href}"`);
    // The serialised URL has no quote or space left to break out of the quotes.
    expect(new URL(url).href).not.toMatch(/["\s]/);
  });

  it('opens only http(s) URLs', () => {
    expect(thrownBy(() => openCommand('file:///etc/passwd', 'linux'))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => openCommand('javascript:alert(1)', 'darwin'))).toBeInstanceOf(TypeError);
  });
});

describe('cacheHome', () => {
  it('is COGNITO_OAUTH_HOME when set, else the platform config directory', () => {
    expect(cacheHome({ COGNITO_OAUTH_HOME: '/x/y' })).toBe('/x/y');
    if (process.platform === 'linux') {
      expect(cacheHome({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/cognito-oauth');
      expect(cacheHome({})).toBe(path.join(os.homedir(), '.config', 'cognito-oauth'));
    }
  });
});

describe.skipIf(process.platform === 'win32')('ProfileCache', () => {
  let home: string;
  beforeEach(() => {
    home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-cache-')), 'home');
  });
  afterEach(() => fs.rmSync(path.dirname(home), { recursive: true, force: true }));

  it('writes 0600 files in a 0700 directory, and deletes the file with its last entry', () => {
    const cache = new ProfileCache(home, 'dev');
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'v');
    cache.saveConnection({ domain: 'https://auth.example.com', clientId: 'abc', redirectUri: 'http://localhost:8765/callback' });
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(fs.statSync(cache.file).mode & 0o777).toBe(0o600);
    expect(new ProfileCache(home, 'dev').get('k')).toBe('v');
    expect(cache.connection?.clientId).toBe('abc');
    expect(cache.isEmpty()).toBe(false);
    cache.remove('k');
    expect(fs.existsSync(cache.file)).toBe(false);
    expect(cache.isEmpty()).toBe(true);
    // No temporary file left behind.
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('tightens a directory and a file that are readable by others', () => {
    const cache = new ProfileCache(home, 'dev');
    cache.set('k', 'v');
    fs.chmodSync(home, 0o755);
    fs.chmodSync(cache.file, 0o644);
    expect(cache.get('k')).toBe('v');
    expect(fs.statSync(cache.file).mode & 0o777).toBe(0o600);
    cache.set('k', 'w');
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
  });

  it('refuses a damaged file and a cache path that is not a directory, saying what to do', () => {
    fs.mkdirSync(home, { mode: 0o700 });
    fs.writeFileSync(path.join(home, 'dev.json'), '{"version":1,', { mode: 0o600 });
    const damaged = thrownBy(() => new ProfileCache(home, 'dev').get('k'));
    expect(damaged).toBeInstanceOf(CliFailure);
    expect((damaged as CliFailure).hint).toContain('cognito-oauth login');

    const file = path.join(path.dirname(home), 'plain-file');
    fs.writeFileSync(file, '');
    expect(thrownBy(() => ensureDirectory(file))).toBeInstanceOf(Error);
  });
});

async function hasIpv6Loopback(): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

/** A raw HTTP/1.1 GET to [::1] (below nock, which only lets the test suite reach 127.0.0.1 by name). */
async function statusOverIpv6(port: number, target: string): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '::1', port }, () => socket.end(`GET ${target} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`));
    let head = '';
    socket.setEncoding('utf8').on('data', (d: string) => (head += d));
    socket.on('error', reject).on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1])));
  });
}

describe('listenOnLoopback', () => {
  it('answers only GET /callback, once, on the loopback addresses', async () => {
    const probe = await listenOnLoopback(0 as number, async () => ({ ok: true, title: 'Signed in', detail: 'x' }));
    const port = probe.port;
    await probe.close();
    const seen: string[] = [];
    const listener = await listenOnLoopback(port, async (url) => {
      seen.push(url);
      return { ok: true, title: 'Signed in', detail: '<b>done</b>' };
    });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(404);
      if (await hasIpv6Loopback()) expect(await statusOverIpv6(port, '/favicon.ico')).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/callback`, { method: 'POST' })).status).toBe(405);
      const first = await fetch(`http://127.0.0.1:${port}/callback?code=c&state=s`);
      expect(first.status).toBe(200);
      expect(first.headers.get('referrer-policy')).toBe('no-referrer');
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(await first.text()).toContain('&lt;b&gt;done&lt;/b&gt;');
      expect(seen).toEqual([`http://localhost:${port}/callback?code=c&state=s`]);
      expect((await listener.done).ok).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/callback?code=c&state=s`)).status).toBe(409);
      expect(seen).toHaveLength(1);
    } finally {
      await listener.close();
    }
  });
});

describe('report', () => {
  it('exit 1 with the login hint when signed out, naming the profile', () => {
    const signedOut = new CognitoOAuthError('NOT_SIGNED_IN', 'No user is signed in to this session');
    expect(report(signedOut, { profile: 'work' })).toEqual({ exitCode: 1, message: 'not signed in (profile work)', hint: 'run: cognito-oauth login --profile work' });
  });

  it("exit 1 with what Cognito said and what to do", () => {
    const refused = new OAuthError({ error: 'invalid_grant', errorDescription: 'Refresh Token has been revoked', status: 400, source: 'token' });
    expect(report(refused, { profile: 'default' })).toEqual({
      exitCode: 1,
      message: 'Cognito token error invalid_grant: Refresh Token has been revoked',
      hint: 'the cached sign-in expired or was revoked; run: cognito-oauth login',
    });
  });

  it('exit 1 for verification failures, with the code', () => {
    const expired = new CognitoOAuthError('TOKEN_EXPIRED', 'Token expired');
    expect(report(expired)).toEqual({ exitCode: 1, message: 'Token expired (TOKEN_EXPIRED)' });
  });
});
