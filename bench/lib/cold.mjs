// Section 2: Node cold import. Each sample is a fresh `node` process that imports one library and
// exits; the figure is the median over the samples minus the median of a bare `node` doing nothing.
// Two clocks: wall time around the process (what a user waits) and the process's own CPU time
// (user + system, printed by the child as it exits), which other load on the machine inflates less.
//
// The "first network call" rows (issue 10) go one step further: the process imports the library,
// builds a client whose `fetch` is a stub answering a canned Cognito token response (made once by the
// parent, lib/fixtures.mjs), and runs one code exchange: what a Lambda pays on a cold start before
// its first answer, without the network. A "node: Request + Response" row shows what the platform's
// own fetch classes cost on first use, which every fetch-based client pays.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CALLBACK_URL, CLIENT_ID, CODE_VERIFIER, createFixtures, DOMAIN, ISSUER, NONCE, REDIRECT_URI, REFRESH_TOKEN, STATE } from './fixtures.mjs';
import { median, round, spreadPercent } from './stats.mjs';

const PRINT_CPU = 'const u = process.cpuUsage(); process.stdout.write(String(u.user + u.system));';
const str = JSON.stringify;

/** A child-side `fetch` that answers the i-th request with bodies[i] (the last one after that). */
const stubFetchSource = (bodies) => `const bodies = ${str(bodies)}; let calls = 0;
const fetch = async (input, init) => {
  if (input instanceof Request) await input.arrayBuffer(); else if (init?.body != null) String(init.body);
  return new Response(bodies[Math.min(calls++, bodies.length - 1)], { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' } });
};`;

/**
 * A child's script after `load` (which binds `CognitoOAuthClient`): a client with a stubbed fetch,
 * parseCallback, exchangeCode, and with `refresh` a refreshTokens after it. Also used by analyze.mjs.
 */
export const firstCallSource = (load, fx, { refresh = false } = {}) => `${load}
${stubFetchSource(refresh ? [fx.codeBody, fx.refreshBody] : [fx.codeBody])}
const client = new CognitoOAuthClient({ domain: ${str(DOMAIN)}, clientId: ${str(CLIENT_ID)}, redirectUri: ${str(REDIRECT_URI)}, fetch });
const { code } = client.parseCallback(${str(CALLBACK_URL)}, { expectedState: ${str(STATE)} });
const tokens = await client.exchangeCode({ code, codeVerifier: ${str(CODE_VERIFIER)} });
if (typeof tokens.accessToken !== 'string') throw new Error('no access token');
${refresh ? `if (typeof (await client.refreshTokens(${str(REFRESH_TOKEN)})).accessToken !== 'string') throw new Error('no access token');` : ''}`;

function targets(dist, fx) {
  const esm = pathToFileURL(join(dist, 'index.js')).href;
  const cjs = join(dist, 'index.cjs');
  const flows = readdirSync(dist).find((name) => /^network-[\w-]+\.js$/.test(name));
  const esmImport = (...specs) => ({ type: 'module', code: specs.map((s) => `await import(${str(s)});`).join(' ') });
  const list = [
    { name: 'cognito-oauth (ESM)', lib: 'cognito-oauth', kind: 'import', ...esmImport(esm) },
    { name: 'cognito-oauth (CJS require)', lib: 'cognito-oauth', kind: 'import', type: 'commonjs', code: `require(${str(cjs)});` },
  ];
  if (flows) {
    // The ESM entry plus the lazily loaded network chunk, imported by hand: the import cost alone.
    list.push({ name: 'cognito-oauth (ESM + network half)', lib: 'cognito-oauth', kind: 'import', ...esmImport(esm, pathToFileURL(join(dist, flows)).href) });
  }
  const esmLoad = `const { CognitoOAuthClient } = await import(${str(esm)});`;
  const cjsLoad = `const { CognitoOAuthClient } = require(${str(cjs)});`;
  list.push(
    { name: 'cognito-oauth (ESM): import + first exchangeCode', lib: 'cognito-oauth', kind: 'first-call', type: 'module', code: firstCallSource(esmLoad, fx) },
    { name: 'cognito-oauth (CJS): require + first exchangeCode', lib: 'cognito-oauth', kind: 'first-call', type: 'commonjs', code: firstCallSource(cjsLoad, fx) },
    { name: 'cognito-oauth (ESM): import + exchangeCode + refreshTokens', lib: 'cognito-oauth', kind: 'first-calls', type: 'module', code: firstCallSource(esmLoad, fx, { refresh: true }) },
    {
      name: 'node: Request + Response (what any fetch client loads)',
      lib: 'node',
      kind: 'first-call',
      type: 'module',
      code: `${stubFetchSource([fx.codeBody])}
const response = await fetch(new Request(${str(`${DOMAIN}/oauth2/token`)}, { method: 'POST', body: new URLSearchParams({ code: 'x' }) }));
if (typeof (await response.json()).access_token !== 'string') throw new Error('no access token');`,
    },
    {
      // The same job with oauth4webapi: callback check, exchange, token response (ID token claims) checked.
      name: 'oauth4webapi: import + first code exchange',
      lib: 'oauth4webapi',
      kind: 'first-call',
      type: 'module',
      code: `const oauth = await import('oauth4webapi');
${stubFetchSource([fx.codeBody])}
const as = { issuer: ${str(ISSUER)}, token_endpoint: ${str(`${DOMAIN}/oauth2/token`)} };
const client = { client_id: ${str(CLIENT_ID)} };
const params = oauth.validateAuthResponse(as, client, new URL(${str(CALLBACK_URL)}), ${str(STATE)});
const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, ${str(REDIRECT_URI)}, ${str(CODE_VERIFIER)}, { [oauth.customFetch]: fetch });
await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: ${str(NONCE)} });`,
    },
  );
  for (const spec of ['oauth4webapi', 'openid-client', 'arctic', 'oidc-client-ts', 'aws-jwt-verify', 'jose', 'aws-amplify', 'aws-amplify/auth']) {
    list.push({ name: spec, lib: spec, kind: 'import', ...esmImport(spec) });
  }
  return list;
}

/** The child's script: the target's code, then its CPU time on stdout (after any await). */
function script(target) {
  if (target.type === 'module') return `${target.code}\n${PRINT_CPU}`;
  return `(async () => {\n${target.code}\n})().then(() => { ${PRINT_CPU} }, (error) => { console.error(error); process.exitCode = 1; });`;
}

function sample(target, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type', target.type, '-e', script(target)], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`cold import of ${target.name} failed: ${result.stderr}`);
  return { wallMs, cpuMs: Number(result.stdout) / 1000 };
}

export async function measureColdImport(benchDir, distDir, runs) {
  return measureProcesses(targets(distDir, await createFixtures()), benchDir, runs);
}

/**
 * Each target (`{ name, type: 'module' | 'commonjs', code }`) run as a fresh process `runs` times,
 * interleaved with a bare node; medians, and what each adds over the bare node.
 */
export function measureProcesses(targetList, cwd, runs) {
  const list = [{ name: 'bare node', lib: null, type: 'commonjs', code: '' }, ...targetList];
  const samples = new Map(list.map((t) => [t.name, { wall: [], cpu: [] }]));
  for (const t of list) sample(t, cwd); // warm the file system cache once
  // Interleaved rounds, so drift on the machine hits every library alike.
  for (let i = 0; i < runs; i++) {
    for (const t of list) {
      const { wallMs, cpuMs } = sample(t, cwd);
      samples.get(t.name).wall.push(wallMs);
      samples.get(t.name).cpu.push(cpuMs);
    }
  }
  const bare = samples.get('bare node');
  const bareWall = median(bare.wall);
  const bareCpu = median(bare.cpu);
  return {
    runs,
    bareMs: round(bareWall),
    bareCpuMs: round(bareCpu),
    rows: list.slice(1).map((t) => {
      const s = samples.get(t.name);
      return {
        name: t.name,
        lib: t.lib,
        kind: t.kind,
        medianMs: round(median(s.wall)),
        addedMs: round(median(s.wall) - bareWall),
        spreadPercent: round(spreadPercent(s.wall)),
        cpuMs: round(median(s.cpu)),
        addedCpuMs: round(median(s.cpu) - bareCpu),
      };
    }),
  };
}
