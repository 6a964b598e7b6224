// Where cognito-oauth spends its CPU: runs one operation in a loop under `node --cpu-prof` (fetch
// stubbed as in the CPU bench) and prints self time per function and per package.
//
//   npm --prefix bench run profile -- [exchange|refresh|userinfo|authorize|verify|loopback] [iterations]
// `loopback` runs the exchanges against the bench's 127.0.0.1 token endpoint, 50 at a time.
// Needs a built dist/ (npm run build at the repo root).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CALLBACK_URL,
  CLIENT_ID,
  CODE,
  CODE_VERIFIER,
  createFixtures,
  DOMAIN,
  NONCE,
  REDIRECT_URI,
  REFRESH_TOKEN,
  STATE,
  stubFetch,
  USER_POOL_ID,
} from './lib/fixtures.mjs';

const [op = 'exchange', countArg = '20000'] = process.argv.slice(2);
const iterations = Math.min(Math.max(Number(countArg) || 20_000, 100), 1_000_000);

if (process.env.COGNITO_OAUTH_PROFILE_CHILD !== '1') {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-oauth-profile-'));
  try {
    const child = spawnSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, fileURLToPath(import.meta.url), op, String(iterations)],
      {
        stdio: 'inherit',
        env: { ...process.env, COGNITO_OAUTH_PROFILE_CHILD: '1' },
      },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  const SDK = await import('../dist/index.js');
  const fx = await createFixtures();
  const jwks = JSON.stringify(fx.jwks);
  const body = { exchange: fx.codeBody, refresh: fx.refreshBody, userinfo: fx.userInfoBody }[op] ?? fx.codeBody;
  const main = stubFetch(body);
  const keys = stubFetch(jwks);
  const fetch = (input, init) =>
    (typeof input === 'string' ? input : input.url).endsWith('/jwks.json') ? keys(input, init) : main(input, init);
  if (op === 'loopback') {
    const { fork } = await import('node:child_process');
    const server = fork(fileURLToPath(new URL('./lib/loopback-server.mjs', import.meta.url)), [fx.codeBody]);
    const port = await new Promise((resolve) => server.once('message', (m) => resolve(m.port)));
    const client = new SDK.CognitoOAuthClient({
      domain: `http://127.0.0.1:${port}`,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      retries: 0,
    });
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < iterations) {
          next++;
          await client.exchangeCode({ code: CODE, codeVerifier: CODE_VERIFIER });
        }
      }),
    );
    console.log(`loopback: ${iterations} exchanges, ${((iterations * 1000) / (performance.now() - start)).toFixed(0)}/s (profiler on)`);
    server.disconnect();
    process.exit(0);
  }
  const client = new SDK.CognitoOAuthClient({
    domain: DOMAIN,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    fetch,
    ...(op === 'verify' ? { userPoolId: USER_POOL_ID } : {}),
  });
  const run = {
    authorize: () => client.buildAuthorizeUrl(),
    exchange: () =>
      client.exchangeCode({ code: client.parseCallback(CALLBACK_URL, { expectedState: STATE }).code, codeVerifier: CODE_VERIFIER }),
    refresh: () => client.refreshTokens(REFRESH_TOKEN),
    userinfo: () => client.fetchUserInfo(fx.accessToken),
    verify: () => client.verifyIdToken(fx.idToken, { nonce: NONCE }),
  }[op];
  if (!run) throw new Error(`unknown operation ${op}`);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  console.log(`${op}: ${iterations} iterations, ${(((performance.now() - start) * 1000) / iterations).toFixed(1)} µs/op (profiler on)`);
}

function summarize(profile) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const pkg = (url) => {
    if (!url) return '(native/gc/idle)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    if (url.includes('/dist/')) return 'cognito-oauth dist';
    if (url.startsWith('node:')) return 'node internals';
    return url.replace(/^.*\//, '');
  };
  const byFn = new Map();
  const byPkg = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const key = `${callFrame.functionName || '(anonymous)'}  ${pkg(callFrame.url)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    byPkg.set(pkg(callFrame.url), (byPkg.get(pkg(callFrame.url)) ?? 0) + us);
  }
  // Node internals and native code are charged to the nearest JS caller outside them (e.g. the
  // Request and AbortSignal work that ky starts counts as ky).
  const parent = new Map();
  for (const n of nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const { callFrame } = byId.get(id);
    const p = pkg(callFrame.url);
    let result = p;
    if (p === 'node internals' || p === '(native/gc/idle)') {
      const up = parent.get(id);
      result = up === undefined || byId.get(up).callFrame.functionName === '(root)' ? p : ownerOf(up);
    }
    owner.set(id, result);
    return result;
  };
  const charged = new Map();
  for (const [id, us] of self) charged.set(ownerOf(id), (charged.get(ownerOf(id)) ?? 0) + us);
  const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  console.log('\ntime by package, node internals charged to their JS caller');
  for (const [k, us] of [...charged].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)}  ${k}`);
  console.log('\nself time by package');
  for (const [k, us] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)}  ${k}`);
  console.log('\nself time by function (top 30)');
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(us)}  ${k}`);
}
