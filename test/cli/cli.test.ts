// The `cognito-oauth` bin, packed and installed like a user's, against the Cognito look-alike
// behind a recording proxy (domain and issuer are the proxy, so every request the CLI makes is
// seen). The tests run in order: login, token, status, verify, logout share one profile.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';
import { cliEnv, installPackedCli, runCli, startCli, type CliResult, type PackedCli } from '../support/packed-cli.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.mjs';

let cli: PackedCli;
let proxy: RecordingProxy;
let server: CognitoLikeServer;
let port: number;
let home: string;
/** Everything the CLI printed in this file, checked for secrets at the end. */
const printed: string[] = [];
/** Secrets that must never be printed: client secrets, refresh tokens, codes, verifiers. */
const secrets = new Set<string>();

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

/** The confidential app client, signed in through the loopback redirect. */
function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cliEnv({
    COGNITO_OAUTH_HOME: home,
    COGNITO_DOMAIN: proxy.url,
    COGNITO_ISSUER: proxy.url,
    COGNITO_CLIENT_ID: server.confidentialClient.clientId,
    COGNITO_CLIENT_SECRET: server.confidentialClient.clientSecret,
    ...extra,
  });
}

function machineEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cliEnv({
    COGNITO_DOMAIN: proxy.url,
    COGNITO_ISSUER: proxy.url,
    COGNITO_CLIENT_ID: server.machineClient.clientId,
    COGNITO_CLIENT_SECRET: server.machineClient.clientSecret,
    ...extra,
  });
}

async function cognitoOauth(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const result = await runCli(cli.bin, args, env, input);
  printed.push(result.stdout, result.stderr);
  return result;
}

interface Cached {
  version: 1;
  entries: Record<string, string>;
  connection?: Record<string, unknown>;
}
interface SavedSession {
  v: 1;
  tokens: { accessToken: string; idToken?: string; refreshToken?: string; expiresAt: number; expiresIn: number };
  skew: number;
}

const cacheFile = (profile = 'default'): string => path.join(home, `${profile}.json`);
const readCache = (profile = 'default'): Cached => JSON.parse(fs.readFileSync(cacheFile(profile), 'utf8')) as Cached;
const readSession = (profile = 'default'): SavedSession => JSON.parse(readCache(profile).entries['cognito-oauth']!) as SavedSession;
const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const since = (count: number) => proxy.requests.slice(count);

/** Starts `login --no-browser`, returns the authorize URL it printed and the running process. */
async function startLogin(args: string[], env: NodeJS.ProcessEnv) {
  const running = startCli(cli.bin, ['login', '--no-browser', '--port', String(port), ...args], env);
  const [, url] = await running.waitForStderr(/^ {2}(http\S+)$/m);
  return { running, url: new URL(url!) };
}

beforeAll(async () => {
  cli = installPackedCli();
  home = path.join(cli.work, 'home');
  port = await freePort();
  proxy = await startRecordingProxy();
  server = await startCognitoLike({ issuer: proxy.url, redirectUris: [`http://localhost:${port}/callback`] });
  proxy.target = server.domain;
  secrets.add(server.confidentialClient.clientSecret).add(server.machineClient.clientSecret);
}, 300_000);

afterAll(async () => {
  await server?.close();
  await proxy?.close();
  cli?.cleanup();
});

describe('cognito-oauth login, token, status, logout (packed bin, confidential client)', () => {
  it('login --no-browser: the URL on stderr, the sign-in through the look-alike, the redirect to the loopback listener', async () => {
    // An existing cache directory with loose modes is tightened, not trusted.
    fs.mkdirSync(home, { mode: 0o755 });
    fs.chmodSync(home, 0o755);
    const before = proxy.requests.length;
    const { running, url } = await startLogin(['--scope', 'openid', '--scope', 'email'], userEnv());

    expect(url.origin + url.pathname).toBe(`${proxy.url}/oauth2/authorize`);
    expect(url.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(url.searchParams.get('client_id')).toBe(server.confidentialClient.clientId);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('openid email');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);

    const { callbackUrl } = await driveSignIn(url.href, {
      redirectUri: `http://localhost:${port}/callback`,
      username: server.user.username,
      password: server.user.password,
    });
    const code = new URL(callbackUrl).searchParams.get('code')!;
    secrets.add(code);
    const page = await fetch(callbackUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="success"');

    const result = await running.exited;
    printed.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Signed in as alice (profile default)');

    const exchange = since(before).filter((r) => r.path === '/oauth2/token');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.method).toBe('POST');
    expect(exchange[0]!.authorization).toBe(basic(server.confidentialClient.clientId, server.confidentialClient.clientSecret));
    expect(exchange[0]!.body.get('grant_type')).toBe('authorization_code');
    expect(exchange[0]!.body.get('code')).toBe(code);
    expect(exchange[0]!.body.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(exchange[0]!.body.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    secrets.add(exchange[0]!.body.get('code_verifier')!);

    // 0700 directory, 0600 file; tokens and connection in it, never the client secret or the verifier.
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(fs.statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(home)).toEqual(['default.json']);
    const text = fs.readFileSync(cacheFile(), 'utf8');
    expect(text).not.toContain(server.confidentialClient.clientSecret);
    expect(text).not.toContain(exchange[0]!.body.get('code_verifier'));
    const cached = readCache();
    expect(Object.keys(cached.entries)).toEqual(['cognito-oauth']);
    expect(cached.connection).toEqual({
      domain: proxy.url,
      clientId: server.confidentialClient.clientId,
      issuer: proxy.url,
      redirectUri: `http://localhost:${port}/callback`,
      scopes: ['openid', 'email'],
    });
    const { tokens } = readSession();
    expect(tokens.refreshToken).toEqual(expect.any(String));
    secrets.add(tokens.refreshToken!);
  });

  it('token: prints the cached access token, ID token or JSON without a request while fresh', async () => {
    const before = proxy.requests.length;
    const { tokens } = readSession();

    const access = await cognitoOauth(['token'], userEnv());
    expect(access).toMatchObject({ code: 0, stdout: `${tokens.accessToken}\n`, stderr: '' });
    const id = await cognitoOauth(['token', '--id'], userEnv());
    expect(id).toMatchObject({ code: 0, stdout: `${tokens.idToken}\n` });
    const json = await cognitoOauth(['token', '--json'], userEnv());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      accessToken: tokens.accessToken,
      idToken: tokens.idToken,
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: tokens.expiresAt,
    });
    // The saved connection is enough: no flags, no variables but the home.
    const bare = await cognitoOauth(['token'], cliEnv({ COGNITO_OAUTH_HOME: home }));
    expect(bare).toMatchObject({ code: 0, stdout: `${tokens.accessToken}\n` });

    expect(since(before)).toEqual([]);
  });

  it('token: exactly one refresh when the token is due, then the new token from the cache', async () => {
    const saved = readSession();
    // Due: within the session's 60 s refresh margin.
    saved.tokens.expiresAt = Date.now() + 10_000;
    const cached = readCache();
    cached.entries['cognito-oauth'] = JSON.stringify(saved);
    fs.writeFileSync(cacheFile(), JSON.stringify(cached));
    const before = proxy.requests.length;

    const refreshed = await cognitoOauth(['token'], userEnv());
    expect(refreshed.code).toBe(0);
    const tokenRequests = since(before).filter((r) => r.path === '/oauth2/token');
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.method).toBe('POST');
    expect(tokenRequests[0]!.authorization).toBe(basic(server.confidentialClient.clientId, server.confidentialClient.clientSecret));
    expect(Object.fromEntries(tokenRequests[0]!.body)).toEqual({
      grant_type: 'refresh_token',
      client_id: server.confidentialClient.clientId,
      refresh_token: saved.tokens.refreshToken,
    });

    const next = readSession();
    expect(refreshed.stdout).toBe(`${next.tokens.accessToken}\n`);
    expect(next.tokens.accessToken).not.toBe(saved.tokens.accessToken);
    expect(next.tokens.refreshToken).toBe(saved.tokens.refreshToken); // no rotation: the old one is kept
    expect(next.tokens.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    // The file was replaced, not rewritten in place with looser modes.
    expect(fs.statSync(cacheFile()).mode & 0o777).toBe(0o600);

    const after = proxy.requests.length;
    const again = await cognitoOauth(['token'], userEnv());
    expect(again.stdout).toBe(`${next.tokens.accessToken}\n`);
    expect(since(after)).toEqual([]);
  });

  it('status: who and until when, on stderr only', async () => {
    const result = await cognitoOauth(['status'], userEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Signed in as alice on profile default');
    expect(result.stderr).toContain(`app client ${server.confidentialClient.clientId} at ${proxy.url}`);
    expect(result.stderr).toContain(`valid until ${new Date(readSession().tokens.expiresAt).toISOString()}`);
  });

  it('verify: the ID token is valid (claims on stdout); tampered, it exits 1 and prints nothing', async () => {
    const { idToken } = readSession().tokens;
    const env = userEnv();
    const valid = await cognitoOauth(['verify', idToken!], env);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ token_use: 'id', aud: server.confidentialClient.clientId, 'cognito:username': 'alice' });

    const fromStdin = await cognitoOauth(['verify', '-'], env, `${idToken}\n`);
    expect(fromStdin.code).toBe(0);

    const [header, payload, signature] = idToken!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['root'] })).toString('base64url')}.${signature}`;
    const tampered = await cognitoOauth(['verify', forged], env);
    expect(tampered).toMatchObject({ code: 1, stdout: '' });
    expect(tampered.stderr).toContain('SIGNATURE_INVALID');
    expect(tampered.stderr).not.toContain(forged);
  });

  it('logout: one revoke POST with the refresh token, the cache deleted; token then exits 1', async () => {
    const { refreshToken } = readSession().tokens;
    const before = proxy.requests.length;
    const result = await cognitoOauth(['logout'], userEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('signed out (profile default)');
    const revokes = since(before).filter((r) => r.path === '/oauth2/revoke');
    expect(revokes).toHaveLength(1);
    expect(revokes[0]!.method).toBe('POST');
    expect(revokes[0]!.authorization).toBe(basic(server.confidentialClient.clientId, server.confidentialClient.clientSecret));
    expect(Object.fromEntries(revokes[0]!.body)).toEqual({ token: refreshToken });
    expect(fs.existsSync(cacheFile())).toBe(false);

    const token = await cognitoOauth(['token'], userEnv());
    expect(token).toMatchObject({ code: 1, stdout: '' });
    expect(token.stderr).toContain('not signed in (profile default)');
    expect(token.stderr).toContain('run: cognito-oauth login');

    // The refresh token is dead at Cognito too.
    const refresh = await fetch(`${server.domain}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(server.confidentialClient.clientId, server.confidentialClient.clientSecret),
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken! }),
    });
    expect(refresh.status).toBe(400);

    const again = await cognitoOauth(['logout'], userEnv());
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('nothing to revoke');
  });

  it('login --profile with a public client keeps its own file; status and token use it', async () => {
    const env = userEnv({ COGNITO_CLIENT_ID: server.publicClient.clientId, COGNITO_CLIENT_SECRET: undefined });
    const { running, url } = await startLogin(['--profile', 'work', '--scope', 'openid'], env);
    expect(url.searchParams.get('client_id')).toBe(server.publicClient.clientId);
    const { callbackUrl } = await driveSignIn(url.href, {
      redirectUri: `http://localhost:${port}/callback`,
      username: server.user.username,
      password: server.user.password,
    });
    await fetch(callbackUrl);
    const result = await running.exited;
    printed.push(result.stdout, result.stderr);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(fs.readdirSync(home)).toEqual(['work.json']);
    secrets.add(readSession('work').tokens.refreshToken!);

    const token = await cognitoOauth(['token', '--profile', 'work'], cliEnv({ COGNITO_OAUTH_HOME: home }));
    expect(token).toMatchObject({ code: 0, stdout: `${readSession('work').tokens.accessToken}\n` });
    const status = await cognitoOauth(['status'], cliEnv({ COGNITO_OAUTH_HOME: home, COGNITO_OAUTH_PROFILE: 'work' }));
    expect(status.stderr).toContain('Signed in as alice on profile work');
    const other = await cognitoOauth(['token'], cliEnv({ COGNITO_OAUTH_HOME: home }));
    expect(other.code).toBe(1);
    // Another app client than the profile's: refused before any request.
    const before = proxy.requests.length;
    const mismatch = await cognitoOauth(['token', '--profile', 'work'], userEnv());
    expect(mismatch).toMatchObject({ code: 1, stdout: '' });
    expect(mismatch.stderr).toContain(`profile work is signed in to app client ${server.publicClient.clientId}`);
    expect(since(before)).toEqual([]);

    // Signing in again needs no settings: the profile's are reused (client, scopes, port).
    const again = await startLogin(['--profile', 'work'], cliEnv({ COGNITO_OAUTH_HOME: home }));
    expect(again.url.searchParams.get('client_id')).toBe(server.publicClient.clientId);
    expect(again.url.searchParams.get('scope')).toBe('openid');
    const second = await driveSignIn(again.url.href, {
      redirectUri: `http://localhost:${port}/callback`,
      username: server.user.username,
      password: server.user.password,
    });
    await fetch(second.callbackUrl);
    const relogged = await again.running.exited;
    printed.push(relogged.stdout, relogged.stderr);
    expect(relogged.code).toBe(0);
    secrets.add(readSession('work').tokens.refreshToken!);

    const out = await cognitoOauth(
      ['logout', '--profile', 'work', '--logout-uri', server.publicClient.logoutUri, '--no-browser'],
      cliEnv({ COGNITO_OAUTH_HOME: home }),
    );
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(`${proxy.url}/logout?client_id=${server.publicClient.clientId}&logout_uri=`);
    expect(fs.readdirSync(home)).toEqual([]);
  });
});

describe('cognito-oauth login failures', () => {
  it('an error redirect shows the failure page and exits 1', async () => {
    const { running, url } = await startLogin([], userEnv());
    const page = await fetch(
      `http://localhost:${port}/callback?error=access_denied&error_description=User+cancelled&state=${url.searchParams.get('state')}`,
    );
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('id="failure"');
    expect(html).toContain('access_denied.');
    const result = await running.exited;
    printed.push(result.stdout, result.stderr);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('access_denied');
    expect(fs.existsSync(cacheFile())).toBe(false);
  });

  it('a state mismatch shows the failure page and exits 1, without printing the code', async () => {
    const { running } = await startLogin([], userEnv());
    const code = 'c0de-that-must-not-be-printed';
    secrets.add(code);
    const page = await fetch(`http://localhost:${port}/callback?code=${code}&state=forged-state`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('id="failure"');
    expect(html).not.toContain(code);
    const result = await running.exited;
    printed.push(result.stdout, result.stderr);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('STATE_MISMATCH');
    expect(fs.existsSync(cacheFile())).toBe(false);
  });

  it('gives up after --timeout', async () => {
    const { running } = await startLogin(['--timeout', '1'], userEnv());
    const result = await running.exited;
    printed.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no sign-in within 1 s');
  });

  it('says which port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = await cognitoOauth(['login', '--no-browser', '--port', String(port)], userEnv());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} is in use`);
      expect(result.stderr).toContain('--port N');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('cognito-oauth m2m and verify', () => {
  it('m2m: a client credentials POST, the access token alone on stdout; verify accepts it', async () => {
    const before = proxy.requests.length;
    const result = await cognitoOauth(['m2m', '--scope', 'api/read'], machineEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(since(before)).toHaveLength(1);
    const [sent] = since(before);
    expect(sent).toMatchObject({ method: 'POST', path: '/oauth2/token' });
    expect(sent!.authorization).toBe(basic(server.machineClient.clientId, server.machineClient.clientSecret));
    expect(Object.fromEntries(sent!.body)).toEqual({ grant_type: 'client_credentials', client_id: server.machineClient.clientId, scope: 'api/read' });

    const accessToken = result.stdout.trim();
    const verified = await cognitoOauth(['verify', accessToken], machineEnv());
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ token_use: 'access', client_id: server.machineClient.clientId, scope: 'api/read' });
    const tampered = await cognitoOauth(['verify', `${accessToken.slice(0, -4)}AAAA`], machineEnv());
    expect(tampered).toMatchObject({ code: 1, stdout: '' });
    // Issued to another app client than --client-id.
    const otherClient = await cognitoOauth(['verify', accessToken, '--client-id', server.publicClient.clientId], machineEnv());
    expect(otherClient.code).toBe(1);
    expect(otherClient.stderr).toContain('CLIENT_MISMATCH');
  });

  it('flags win over variables', async () => {
    const result = await cognitoOauth(['m2m', '--domain', proxy.url], machineEnv({ COGNITO_DOMAIN: 'http://127.0.0.1:9' }));
    expect(result.code).toBe(0);
  });

  it('m2m with a wrong secret: exit 1, what Cognito said and what to check, never the secret', async () => {
    const wrong = 'wrong-secret-0123456789';
    secrets.add(wrong);
    const result = await cognitoOauth(['m2m', '--client-secret', wrong], machineEnv());
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('invalid_client');
    expect(result.stderr).toContain('--client-secret');
  });

  it('an unreachable domain: exit 1, naming --domain', async () => {
    const result = await cognitoOauth(['m2m'], machineEnv({ COGNITO_DOMAIN: 'http://127.0.0.1:9' }));
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('check --domain (or COGNITO_DOMAIN)');
  });
});

describe('cognito-oauth usage errors exit 2 and name the flag or variable', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  const none = (): NodeJS.ProcessEnv => cliEnv({ COGNITO_OAUTH_HOME: home });
  const cases: [string, string[], () => NodeJS.ProcessEnv, RegExp][] = [
    ['no command', [], none, /missing command/],
    ['an unknown command', ['frobnicate'], none, /unknown command "frobnicate"/],
    ['a token where the command goes (not echoed)', [TOKEN], none, /unknown command\n/],
    ['help for an unknown command', ['help', 'frobnicate'], none, /unknown command "frobnicate"/],
    ['an unknown flag', ['login', '--bogus'], none, /unknown option --bogus for login/],
    ['a flag of another command', ['m2m', '--id'], none, /unknown option --id for m2m/],
    ['an unknown flag with a value (value not echoed)', ['token', '--secret=hunter2'], none, /unknown option --secret for token\n/],
    ['a value for a boolean flag', ['token', '--json=yes'], none, /--json takes no value/],
    ['a flag without its value', ['login', '--domain'], none, /--domain needs a value/],
    ['an empty connection flag', ['login', '--domain', ''], none, /--domain needs a value \(or set COGNITO_DOMAIN\)/],
    ['an empty flag', ['token', '--profile='], none, /--profile needs a value/],
    ['an argument to login', ['login', 'extra'], none, /login takes no arguments/],
    ['login without a domain', ['login'], none, /missing --domain \(or set COGNITO_DOMAIN\)/],
    ['login without a client ID', ['login', '--domain', 'auth.example.com'], none, /missing --client-id \(or set COGNITO_CLIENT_ID\)/],
    ['m2m without a domain', ['m2m'], none, /missing --domain \(or set COGNITO_DOMAIN\)/],
    ['m2m without a secret', ['m2m', '--domain', 'auth.example.com', '--client-id', 'abc'], none, /missing --client-secret \(or set COGNITO_CLIENT_SECRET\)/],
    ['verify without a token', ['verify'], none, /verify needs the TOKEN/],
    ['verify with two tokens', ['verify', 'a', 'b'], none, /verify takes one TOKEN/],
    ['verify without a client ID', ['verify', TOKEN], none, /missing --client-id.*COGNITO_CLIENT_ID/],
    [
      'verify without a pool or issuer',
      ['verify', TOKEN, '--client-id', 'abc'],
      none,
      /missing --user-pool-id \(or set COGNITO_USER_POOL_ID\), or --issuer \(or set COGNITO_ISSUER\)/,
    ],
    [
      'verify with a malformed pool ID',
      ['verify', TOKEN, '--client-id', 'abc', '--user-pool-id', 'nope'],
      none,
      /--user-pool-id \(or COGNITO_USER_POOL_ID\) must be a user pool ID/,
    ],
    [
      'a plain-http domain',
      ['m2m', '--domain', 'http://auth.example.com', '--client-id', 'abc', '--client-secret', 's'],
      none,
      /--domain \(or COGNITO_DOMAIN\) must be https:\/\//,
    ],
    [
      'a malformed client ID from the variable',
      ['login'],
      () => cliEnv({ COGNITO_DOMAIN: 'auth.example.com', COGNITO_CLIENT_ID: 'not valid!' }),
      /--client-id \(or COGNITO_CLIENT_ID\) must be a Cognito app client ID/,
    ],
    ['a scope with a space', ['login', '--domain', 'auth.example.com', '--client-id', 'abc', '--scope', 'a b'], none, /--scope must be/],
    ['a port out of range', ['login', '--port', '70000'], none, /--port must be a port number from 1 to 65535/],
    ['a timeout of 0', ['login', '--timeout', '0'], none, /--timeout must be a whole number of seconds/],
    ['a profile that is a path', ['token', '--profile', '../etc'], none, /--profile must be 1-64 letters/],
    ['a profile variable that is a path', ['status'], () => cliEnv({ COGNITO_OAUTH_PROFILE: 'a/b' }), /COGNITO_OAUTH_PROFILE must be 1-64 letters/],
    ['--id with --json', ['token', '--id', '--json'], none, /--id and --json cannot be combined/],
    ['a logout URI that is not a URL', ['logout', '--logout-uri', 'not a url'], none, /--logout-uri must be an absolute URL/],
  ];

  it.each(cases)('%s', async (_name, args, env, message) => {
    const result = await cognitoOauth(args, env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/run: cognito-oauth/);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('--help, command --help and --version print on stdout and exit 0', async () => {
    const help = await cognitoOauth(['--help'], cliEnv({}));
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: cognito-oauth <command>');
    const login = await cognitoOauth(['login', '-h'], cliEnv({}));
    expect(login).toMatchObject({ code: 0, stderr: '' });
    expect(login.stdout).toContain('--port PORT');
    const version = await cognitoOauth(['--version'], cliEnv({}));
    const { version: expected } = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(version).toMatchObject({ code: 0, stdout: `${expected}\n` });
  });
});

describe('cognito-oauth output', () => {
  it('never printed a client secret, refresh token, code or verifier', () => {
    expect(secrets.size).toBeGreaterThanOrEqual(6);
    const all = printed.join('\n');
    for (const secret of secrets) expect(all.includes(secret), 'a secret was printed').toBe(false);
  });
});
