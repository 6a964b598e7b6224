// The published artifact: `npm pack` the package, install the tarball into a fresh project, and
// use it the ways consumers do — `import` (ESM, with its lazily loaded chunks), `require()` (CJS,
// also with require(esm) turned off), type-checked under every `moduleResolution` the README
// names (nodenext, node16, bundler, and node10 through typesVersions), and `cognito-oauth/testing`
// both without its optional peer dependency (a clear error) and with it (a headless sign-in).
// Slow (a registry install), so it lives in its own file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_TIMEOUT = 300_000;

let work: string;
let consumer: string;
let packedFiles: string[];
/** The packages `npm install <tarball>` put in node_modules, before oidc-provider was added. */
let installedWithoutPeer: string[];
/** What importing cognito-oauth/testing without oidc-provider did. */
let withoutPeer: { status: number | null; stderr: string };

function run(command: string, args: string[], cwd: string, timeout = 120_000): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Runs a consumer script with node and returns the JSON it prints last. */
function node(args: string[]): Record<string, unknown> {
  const out = run(process.execPath, args, consumer).trim().split('\n');
  return JSON.parse(out[out.length - 1]!) as Record<string, unknown>;
}

// The same checks in both module systems: no network for the URL half, a real loopback server
// for the network half (which the ESM build loads from a chunk on first use).
const scenario = (load: string) => `${load}
const http = require_or_import_http;
const challenge = await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
const client = new CognitoOAuthClient({ domain: 'mydomain.auth.us-east-1.amazoncognito.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb' });
const request = await client.buildAuthorizeUrl({ scopes: ['openid'] });
const standalone = await subpath.buildAuthorizeUrl({ domain: 'mydomain.auth.us-east-1.amazoncognito.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb', state: request.state, nonce: request.nonce });
let callbackError;
try { client.parseCallback('https://app.example.com/cb?error=login_required&state=' + request.state, { expectedState: request.state }); } catch (e) { callbackError = e; }
let typeError;
try { new CognitoOAuthClient({ domain: 'http://auth.example.com', clientId: 'abc' }); } catch (e) { typeError = e; }
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'at', refresh_token: 'rt', token_type: 'Bearer', expires_in: 3600, echo: body }));
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const local = new CognitoOAuthClient({ domain: 'http://127.0.0.1:' + server.address().port, clientId: 'abc', redirectUri: 'https://app.example.com/cb', retries: 0 });
const tokens = await local.exchangeCode({ code: 'c0de', codeVerifier: request.codeVerifier });
// cognito-oauth/session hands out the root entry's objects: one class, one error family.
const session = new sessionEntry.CognitoSession(local, { storage: sessionEntry.memoryStorage() });
let notSignedIn;
try { await session.getAccessToken(); } catch (e) { notSignedIn = e; }
const { url: sessionUrl } = await session.signIn();
await session.handleCallback('https://app.example.com/cb?code=c0de&state=' + new URL(sessionUrl).searchParams.get('state'));
const sessionToken = await session.getAccessToken();
let httpError;
server.close();
try { await local.refreshTokens('rt'); } catch (e) { httpError = e; }
console.log(JSON.stringify({
  challenge,
  urlOk: request.url.startsWith('https://mydomain.auth.us-east-1.amazoncognito.com/oauth2/authorize?'),
  subpathOk: typeof buildAuthorizeUrl === 'function' && new URL(standalone.url).searchParams.get('state') === request.state && standalone.codeVerifier.length === 43,
  callbackError: callbackError instanceof OAuthError && callbackError instanceof CognitoOAuthError ? callbackError.error : String(callbackError),
  typeError: typeError instanceof TypeError,
  accessToken: tokens.accessToken,
  tokenType: tokens.tokenType,
  networkError: httpError instanceof CognitoOAuthError ? httpError.code : String(httpError),
  errorCode: ErrorCode.NETWORK_ERROR,
  sessionSame: sessionEntry.CognitoSession === CognitoSession && sessionEntry.webStorage === webStorage,
  notSignedIn: notSignedIn instanceof CognitoOAuthError ? notSignedIn.code : String(notSignedIn),
  sessionToken,
}));
`;

const ESM =
  scenario(`import { CognitoOAuthClient, CognitoOAuthError, CognitoSession, OAuthError, ErrorCode, computeCodeChallenge, buildAuthorizeUrl, webStorage } from 'cognito-oauth';
import * as subpath from 'cognito-oauth/authorize';
import * as sessionEntry from 'cognito-oauth/session';
import * as httpModule from 'node:http';`).replace('require_or_import_http', 'httpModule');

const CJS = `(async () => {
${scenario(`const { CognitoOAuthClient, CognitoOAuthError, CognitoSession, OAuthError, ErrorCode, computeCodeChallenge, buildAuthorizeUrl, webStorage } = require('cognito-oauth');
const subpath = require('cognito-oauth/authorize');
const sessionEntry = require('cognito-oauth/session');
const httpModule = require('node:http');`).replace('require_or_import_http', 'httpModule')}
})().catch((error) => { console.error(error); process.exit(1); });
`;

const TYPES = (
  kind: 'mts' | 'cts',
) => `import { CognitoOAuthClient, CognitoOAuthError, OAuthError, ErrorCode, type TokenSet, type UserInfo } from 'cognito-oauth';
import { buildAuthorizeUrl, type AuthorizationRequest } from 'cognito-oauth/authorize';
import { CognitoSession, memoryStorage, type CognitoSessionEvents, type SessionStorage } from 'cognito-oauth/session';

const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb' });
export async function signIn(): Promise<string> {
  const { url, state, codeVerifier } = await client.buildAuthorizeUrl({ prompt: 'login', scopes: ['openid'] });
  const { code } = client.parseCallback(url, { expectedState: state });
  const tokens: TokenSet = await client.exchangeCode({ code, codeVerifier });
  const user: UserInfo = await client.fetchUserInfo(tokens.accessToken);
  const verified: boolean | undefined = user.email_verified;
  return String(verified) + tokens.tokenType;
}
export function explain(error: unknown): string {
  if (error instanceof OAuthError) return error.error + (error.errorDescription ?? '');
  if (error instanceof CognitoOAuthError && error.code === ErrorCode.TIMEOUT) return 'timeout';
  return '${kind}';
}
// @ts-expect-error the types are really loaded (not any): clientId is required
new CognitoOAuthClient({ domain: 'auth.example.com' });
export const fromSubpath: Promise<AuthorizationRequest> = buildAuthorizeUrl({ domain: 'auth.example.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb' });
// @ts-expect-error the standalone function requires redirectUri
buildAuthorizeUrl({ domain: 'auth.example.com', clientId: 'abc' });
// The subpath's CognitoSession takes the root entry's client (one declaration of the class).
const storage: SessionStorage = memoryStorage();
export const session = new CognitoSession(client, { storage, refreshMargin: 30 });
export const off: () => void = session.on('signedOut', (event: CognitoSessionEvents['signedOut']) => void event.reason);
export const accessToken: Promise<string> = session.getAccessToken();
// @ts-expect-error the types are really loaded: there is no 'expired' event
session.on('expired', () => {});
// @ts-expect-error TokenSet.tokenType is the literal 'Bearer'
export const wrong: TokenSet = { accessToken: 'a', tokenType: 'mac', expiresIn: 1, expiresAt: 1 };
`;

// What a bundler-resolved (`moduleResolution: bundler`) or node10 consumer writes: one .ts file.
const TYPES_TS = TYPES('mts').replace("return 'mts';", "return 'ts';");

// cognito-oauth/testing's types, under nodenext (it is ESM only).
const TESTING_TYPES = `import { CognitoOAuthClient } from 'cognito-oauth';
import { driveSignIn, startCognitoLike, type CognitoLikeFault, type CognitoLikeServer } from 'cognito-oauth/testing';

export async function signIn(): Promise<CognitoLikeServer> {
  const cognito = await startCognitoLike({ users: [{ username: 'bob', password: 'pw' }], refreshTokenRotation: { gracePeriodSeconds: 0 }, accessTokenTtl: 5 });
  const client = new CognitoOAuthClient({ domain: cognito.domain, clientId: cognito.publicClient.clientId, redirectUri: cognito.publicClient.redirectUri });
  const request = await client.buildAuthorizeUrl();
  const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, ...cognito.user });
  client.parseCallback(callbackUrl, { expectedState: request.state });
  cognito.failNext('token', { status: 503, times: 2 });
  return cognito;
}
export const fault: CognitoLikeFault = { error: 'invalid_grant' };
// @ts-expect-error the types are really loaded: a fault needs one of status, error, delayMs or drop
export const wrong: CognitoLikeFault = { times: 2 };
// @ts-expect-error only the four endpoints take faults
(null as unknown as CognitoLikeServer).failNext('authorize', { status: 500 });
`;

// cognito-oauth/testing from the tarball: start the look-alike, sign in headlessly, verify, fault, stop.
const TESTING = `import { CognitoOAuthClient, CognitoOAuthError } from 'cognito-oauth';
import { driveSignIn, startCognitoLike } from 'cognito-oauth/testing';

const cognito = await startCognitoLike();
const client = new CognitoOAuthClient({ domain: cognito.domain, clientId: cognito.publicClient.clientId, redirectUri: cognito.publicClient.redirectUri, issuer: cognito.issuer, retries: 0 });
const request = await client.buildAuthorizeUrl({ scopes: ['openid', 'email'] });
const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, ...cognito.user });
const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
const claims = await client.verifyIdToken(tokens.idToken, { nonce: request.nonce });
const user = await client.fetchUserInfo(tokens.accessToken);
cognito.failNext('token', { status: 503 });
let faulted;
try { await client.refreshTokens(tokens.refreshToken); } catch (e) { faulted = e instanceof CognitoOAuthError ? e.code : String(e); }
const refreshed = await client.refreshTokens(tokens.refreshToken);
await cognito.close();
console.log(JSON.stringify({
  sub: claims.sub === cognito.user.sub,
  emailVerified: user.email_verified,
  faulted,
  refreshed: refreshed.tokenType,
  tokenRequests: cognito.tokenRequests.map((r) => r.grantType + ' ' + r.status),
}));
`;

const REQUIRED = [
  'dist/index.js',
  'dist/index.cjs',
  'dist/index.d.ts',
  'dist/index.d.cts',
  'dist/authorize.js',
  'dist/authorize.cjs',
  'dist/authorize.d.ts',
  'dist/authorize.d.cts',
  'dist/session.js',
  'dist/session.cjs',
  'dist/session.d.ts',
  'dist/session.d.cts',
];

/** True when the staged dist/ is whole: the entry files, and every file a dist/*.js imports. */
function isWhole(stage: string): boolean {
  if (!REQUIRED.every((file) => fs.existsSync(path.join(stage, file)))) return false;
  const dist = path.join(stage, 'dist');
  for (const file of fs.readdirSync(dist).filter((name) => name.endsWith('.js'))) {
    const code = fs.readFileSync(path.join(dist, file), 'utf8');
    for (const [, target] of code.matchAll(/(?:from\s*|import\s*\(\s*)["'](\.\/[^"']+)["']/g)) {
      if (!fs.existsSync(path.join(dist, target!))) return false;
    }
  }
  return true;
}

/**
 * Copies what `npm pack` takes (package.json and its "files") into a staging directory, so a build
 * running at the same time in the work tree cannot tear the tarball. Retried a bounded number of
 * times while dist/ is being rewritten.
 */
function stage(into: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    const dir = path.join(into, `stage-${attempt}`);
    try {
      fs.mkdirSync(dir);
      for (const entry of ['package.json', 'README.md', 'LICENSE', ...manifest.files]) {
        if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
      }
      if (isWhole(dir)) return dir;
    } catch {
      // A file vanished while it was copied: dist/ is being rebuilt.
    }
    fs.rmSync(dir, { recursive: true, force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_000);
  }
  throw new Error('dist/ kept changing while it was copied (a build running alongside?)');
}

beforeAll(
  () => {
    if (!REQUIRED.every((file) => fs.existsSync(path.join(ROOT, file)))) {
      run(NPM, ['run', 'build'], ROOT, 180_000);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-oauth-pack-'));
    const staged = stage(work);
    const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', work], staged)) as [
      { filename: string; files: { path: string }[] },
    ];
    packedFiles = packed[0].files.map((file) => file.path);
    const tarball = path.join(work, path.basename(packed[0].filename));

    consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
    run(NPM, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', tarball], consumer, INSTALL_TIMEOUT);

    installedWithoutPeer = packagesIn(path.join(consumer, 'node_modules'));
    fs.writeFileSync(path.join(consumer, 'testing-import.mjs'), "import 'cognito-oauth/testing';\n");
    const missing = spawnSync(process.execPath, ['testing-import.mjs'], {
      cwd: consumer,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    withoutPeer = { status: missing.status, stderr: missing.stderr };
    // The optional peer dependency, at the version this repository tests with.
    const peer = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> })
      .devDependencies['oidc-provider']!;
    run(
      NPM,
      ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', tarball, `oidc-provider@${peer}`],
      consumer,
      INSTALL_TIMEOUT,
    );

    fs.writeFileSync(path.join(consumer, 'testing.mjs'), TESTING);
    fs.writeFileSync(path.join(consumer, 'esm.mjs'), ESM);
    fs.writeFileSync(path.join(consumer, 'cjs.cjs'), CJS);
    fs.writeFileSync(path.join(consumer, 'check.mts'), TYPES('mts'));
    fs.writeFileSync(path.join(consumer, 'check.cts'), TYPES('cts'));
    fs.writeFileSync(path.join(consumer, 'check.ts'), TYPES_TS);
    fs.writeFileSync(path.join(consumer, 'check-testing.mts'), TESTING_TYPES);
    const strict = { target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true, skipLibCheck: false };
    const configs: Record<string, { compilerOptions: Record<string, unknown>; files: string[] }> = {
      'tsconfig.json': {
        compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext' },
        files: ['check.mts', 'check.cts', 'check-testing.mts'],
      },
      'tsconfig.node16.json': {
        compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16' },
        files: ['check.mts', 'check.cts', 'check-testing.mts'],
      },
      'tsconfig.bundler.json': {
        compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' },
        files: ['check.ts', 'check-testing.mts'],
      },
      // TypeScript 6 deprecates node10; the types still resolve through typesVersions.
      'tsconfig.node10.json': {
        compilerOptions: { ...strict, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' },
        files: ['check.ts'],
      },
    };
    for (const [name, config] of Object.entries(configs)) fs.writeFileSync(path.join(consumer, name), JSON.stringify(config));
  },
  2 * INSTALL_TIMEOUT + 200_000,
);

/** Package names in a node_modules folder (scoped ones as @scope/name), sorted. */
function packagesIn(dir: string): string[] {
  const names: string[] = [];
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) names.push(...fs.readdirSync(path.join(dir, entry)).map((name) => `${entry}/${name}`));
    else names.push(entry);
  }
  return names.sort();
}

/** Runs tsc on one consumer tsconfig with --traceResolution; returns its TS errors and trace. */
function typeCheck(project: string): { errors: string[]; output: string; status: number | null } {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--traceResolution'], {
    cwd: consumer,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = result.stdout + result.stderr;
  return { errors: output.split('\n').filter((line) => /error TS\d+/.test(line)), output, status: result.status };
}

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const EXPECTED = {
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  urlOk: true,
  subpathOk: true,
  callbackError: 'login_required',
  typeError: true,
  accessToken: 'at',
  tokenType: 'Bearer',
  networkError: 'NETWORK_ERROR',
  errorCode: 'NETWORK_ERROR',
  sessionSame: true,
  notSignedIn: 'NOT_SIGNED_IN',
  sessionToken: 'at',
};

describe('the packed tarball', { timeout: 180_000 }, () => {
  it('holds the builds and their types, the look-alike, and no tests', () => {
    for (const file of ['package.json', ...REQUIRED, 'testing/index.mjs', 'testing/index.d.mts']) expect(packedFiles).toContain(file);
    expect(packedFiles.filter((file) => file.startsWith('test/') || file.startsWith('node_modules/'))).toEqual([]);
  });

  it('works through import (ESM), loading the network chunk on first use', () => {
    expect(node(['esm.mjs'])).toMatchObject(EXPECTED);
  });

  it('works through require() (CJS)', () => {
    expect(node(['cjs.cjs'])).toMatchObject(EXPECTED);
  });

  it('works through require() with require(esm) turned off', () => {
    expect(node(['--no-experimental-require-module', 'cjs.cjs'])).toMatchObject(EXPECTED);
  });

  it.each([
    ['nodenext', 'tsconfig.json'],
    ['node16', 'tsconfig.node16.json'],
  ])('type-checks a .mts and a .cts consumer with moduleResolution: %s, against the .d.ts and .d.cts types', (_resolution, project) => {
    const { errors, output, status } = typeCheck(project);
    expect(errors).toEqual([]);
    expect(status).toBe(0);
    // import (check.mts) gets the ESM types, require (check.cts) the CJS types.
    expect(output).toMatch(/'cognito-oauth' was successfully resolved to '[^']*cognito-oauth\/dist\/index\.d\.ts'/);
    expect(output).toMatch(/'cognito-oauth' was successfully resolved to '[^']*cognito-oauth\/dist\/index\.d\.cts'/);
    expect(output).toMatch(/'cognito-oauth\/authorize' was successfully resolved to '[^']*cognito-oauth\/dist\/authorize\.d\.ts'/);
    expect(output).toMatch(/'cognito-oauth\/authorize' was successfully resolved to '[^']*cognito-oauth\/dist\/authorize\.d\.cts'/);
    expect(output).toMatch(/'cognito-oauth\/session' was successfully resolved to '[^']*cognito-oauth\/dist\/session\.d\.ts'/);
    expect(output).toMatch(/'cognito-oauth\/session' was successfully resolved to '[^']*cognito-oauth\/dist\/session\.d\.cts'/);
    expect(output).toMatch(/'cognito-oauth\/testing' was successfully resolved to '[^']*cognito-oauth\/testing\/index\.d\.mts'/);
  });

  it('type-checks a consumer with moduleResolution: bundler, against the ESM types', () => {
    const { errors, output, status } = typeCheck('tsconfig.bundler.json');
    expect(errors).toEqual([]);
    expect(status).toBe(0);
    expect(output).toMatch(/'cognito-oauth' was successfully resolved to '[^']*cognito-oauth\/dist\/index\.d\.ts'/);
    expect(output).toMatch(/'cognito-oauth\/authorize' was successfully resolved to '[^']*cognito-oauth\/dist\/authorize\.d\.ts'/);
    expect(output).toMatch(/'cognito-oauth\/testing' was successfully resolved to '[^']*cognito-oauth\/testing\/index\.d\.mts'/);
  });

  it('type-checks a consumer with moduleResolution: node10, the subpath through typesVersions', () => {
    const { errors, output, status } = typeCheck('tsconfig.node10.json');
    expect(errors).toEqual([]);
    expect(status).toBe(0);
    expect(output).toMatch(/'cognito-oauth' was successfully resolved to '[^']*cognito-oauth\/dist\/index\.d\.cts'/);
    expect(output).toMatch(/'cognito-oauth\/authorize' was successfully resolved to '[^']*cognito-oauth\/dist\/authorize\.d\.cts'/);
  });

  it('installs its dependencies and nothing else: not the optional peer oidc-provider', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(installedWithoutPeer).toEqual(['cognito-oauth', ...Object.keys(manifest.dependencies)].sort());
    expect(installedWithoutPeer).not.toContain('oidc-provider');
  });

  it('cognito-oauth/testing without oidc-provider: the import fails and says what to install', () => {
    expect(withoutPeer.status).not.toBe(0);
    expect(withoutPeer.stderr).toContain('cognito-oauth/testing needs the optional peer dependency oidc-provider');
    expect(withoutPeer.stderr).toContain('npm install --save-dev oidc-provider@9');
  });

  it('cognito-oauth/testing with oidc-provider: a look-alike starts, a headless sign-in and a scripted fault work, and it stops', () => {
    expect(node(['testing.mjs'])).toEqual({
      sub: true,
      emailVerified: true,
      faulted: 'HTTP_ERROR',
      refreshed: 'Bearer',
      tokenRequests: ['authorization_code 200', 'refresh_token 503', 'refresh_token 200'],
    });
  });
});
