// What cognito-oauth's bundles are made of, and what replacing ky or zod would save. Builds the
// cognito-oauth entries (bench/entries/cognito-oauth) from src/ (so each source module shows up on
// its own) with the bench's esbuild options, and prints:
//   1. bytes per module (minified, esbuild metafile) in the chunks each job loads;
//   2. the gzip size of each job with zod/mini and/or ky swapped for the hand-written subsets in
//      bench/analyze/ (size experiments; they cover exactly the API src/ uses);
//   3. CPU per exchange, refresh and userInfo of the same variants (fetch stubbed, as in the bench),
//      and their loopback throughput against a raw fetch (as in the bench, fewer rounds);
//   4. what the sign-in page's input checks weigh, and what the authorize URL would cost with a
//      synchronous SHA-256 in place of WebCrypto's digest (the 1.2 KB and 20 µs targets).
//
//   npm --prefix bench run analyze
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { APP_BUILD, loadedOutputs } from './lib/esbuild-options.mjs';
import {
  CALLBACK_URL,
  CLIENT_ID,
  CODE_VERIFIER,
  createFixtures,
  DOMAIN,
  REDIRECT_URI,
  REFRESH_TOKEN,
  STATE,
  stubFetch,
} from './lib/fixtures.mjs';
import { SCENARIOS } from './lib/sizes.mjs';
import { measureLoopback } from './lib/loopback.mjs';
import { median } from './lib/stats.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const srcIndex = join(benchDir, '..', 'src', 'index.ts');
const srcAuthorize = join(benchDir, '..', 'src', 'authorize.ts');

const toSrc = {
  name: 'dist-to-src',
  setup(build) {
    build.onResolve({ filter: /\/dist\/index\.js$/ }, () => ({ path: srcIndex }));
    build.onResolve({ filter: /\/dist\/authorize\.js$/ }, () => ({ path: srcAuthorize }));
  },
};
const swap = (name, pattern, file) => ({
  name: `swap-${name}`,
  setup(build) {
    build.onResolve({ filter: pattern }, () => ({ path: join(benchDir, 'analyze', file) }));
  },
});
const VARIANTS = {
  'as is': [],
  'zod/mini → hand-written subset': [swap('zod', /^zod\/mini$/, 'zod-mini-subset.js')],
  'ky → fetch subset': [swap('ky', /^ky$/, 'ky-subset.js')],
  'both replaced': [swap('zod', /^zod\/mini$/, 'zod-mini-subset.js'), swap('ky', /^ky$/, 'ky-subset.js')],
};

async function build(entry, plugins, splitting) {
  const result = await esbuild.build({
    ...APP_BUILD,
    absWorkingDir: benchDir,
    entryPoints: [entry],
    write: false,
    ...(splitting ? { splitting: true, outdir: resolve(benchDir, '.analyze-out') } : { outfile: 'out.js' }),
    plugins: [toSrc, ...plugins],
  });
  const text = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  const gzip = (key) => gzipSync(Buffer.from(text.get(resolve(benchDir, key))), { level: 9 }).length;
  return { metafile: result.metafile, gzip };
}

const group = (input) => {
  const pkg = /node_modules\/(zod\/v4\/(?:core|mini)|(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (pkg) return pkg[1];
  return input.replace(/^.*\/(src|entries)\//, '$1/');
};

console.log('## Bytes per module (minified, from src/), chunks each job loads with --splitting\n');
for (const scenario of SCENARIOS) {
  const entry = `entries/cognito-oauth/${scenario.id}.js`;
  const { metafile, gzip } = await build(entry, [], true);
  let keys;
  try {
    keys = loadedOutputs(metafile, scenario.lazy);
  } catch (error) {
    console.log(`${scenario.id}: ${error.message}\n`);
    continue;
  }
  const modules = new Map();
  for (const key of keys) {
    for (const [input, info] of Object.entries(metafile.outputs[key].inputs)) {
      if (info.bytesInOutput > 0) modules.set(group(input), (modules.get(group(input)) ?? 0) + info.bytesInOutput);
    }
  }
  const chunks = keys.map((key) => `${key.replace(/^.*\//, '')} ${metafile.outputs[key].bytes} B min / ${gzip(key)} B gzip`);
  console.log(`### ${scenario.title}\n\nchunks: ${chunks.join('; ')}\n`);
  console.log('| module | min bytes |\n| --- | ---: |');
  for (const [name, bytes] of [...modules].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${bytes} |`);
  console.log('');
}

console.log('## What replacing zod/mini or ky would save (gzip bytes; split: what the job loads; one file)\n');
console.log(
  `| job | ${Object.keys(VARIANTS).join(' | ')} |\n| --- |${Object.keys(VARIANTS)
    .map(() => ' ---: |')
    .join('')}`,
);
for (const scenario of SCENARIOS) {
  const cells = [];
  for (const plugins of Object.values(VARIANTS)) {
    const split = await build(`entries/cognito-oauth/${scenario.id}.js`, plugins, true);
    const one = await build(`entries/cognito-oauth/${scenario.id}.js`, plugins, false);
    let loaded;
    try {
      loaded = loadedOutputs(split.metafile, scenario.lazy).reduce((n, key) => n + split.gzip(key), 0);
    } catch {
      loaded = NaN;
    }
    const oneKey = Object.keys(one.metafile.outputs).find((key) => key.endsWith('.js'));
    cells.push(`${loaded} / ${one.gzip(oneKey)}`);
  }
  console.log(`| ${scenario.id} | ${cells.join(' | ')} |`);
}

console.log('\n## The sign-in page without its input checks (gzip bytes, one file)\n');
{
  const checked = await build('entries/cognito-oauth/signin.js', [], false);
  const unchecked = await build('analyze/signin-unchecked.js', [], false);
  const key = (b) => Object.keys(b.metafile.outputs).find((k) => k.endsWith('.js'));
  console.log(
    '| buildAuthorizeUrl (every option and parameter checked) | the same URL, no checks (analyze/signin-unchecked.js) |\n| ---: | ---: |',
  );
  console.log(`| ${checked.gzip(key(checked))} | ${unchecked.gzip(key(unchecked))} |`);
}

console.log('\n## CPU per operation of the same variants (process CPU µs/op, median of 7 interleaved rounds, fetch stubbed)\n');
const outDir = mkdtempSync(join(tmpdir(), 'cognito-oauth-analyze-'));
try {
  const fx = await createFixtures();
  const builds = {};
  for (const [name, plugins] of Object.entries(VARIANTS)) {
    const outfile = join(outDir, `${Object.keys(builds).length}.mjs`);
    await esbuild.build({
      entryPoints: [srcIndex],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'es2022',
      outfile,
      logLevel: 'silent',
      plugins,
    });
    builds[name] = await import(pathToFileURL(outfile).href);
  }
  const ops = {
    exchange: [
      fx.codeBody,
      (c) => c.exchangeCode({ code: c.parseCallback(CALLBACK_URL, { expectedState: STATE }).code, codeVerifier: CODE_VERIFIER }),
    ],
    refresh: [fx.refreshBody, (c) => c.refreshTokens(REFRESH_TOKEN)],
    userInfo: [fx.userInfoBody, (c) => c.fetchUserInfo(fx.accessToken)],
  };
  console.log(
    `| operation | ${Object.keys(VARIANTS).join(' | ')} |\n| --- |${Object.keys(VARIANTS)
      .map(() => ' ---: |')
      .join('')}`,
  );
  for (const [op, [body, call]] of Object.entries(ops)) {
    const clients = Object.fromEntries(
      Object.entries(builds).map(([name, SDK]) => [
        name,
        new SDK.CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, fetch: stubFetch(body) }),
      ]),
    );
    const samples = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
    for (let round = 0; round < 8; round++) {
      for (const [name, client] of Object.entries(clients)) {
        const n = 1000;
        const cpu = process.cpuUsage();
        for (let i = 0; i < n; i++) await call(client);
        const used = process.cpuUsage(cpu);
        if (round > 0) samples[name].push((used.user + used.system) / n); // round 0 warms up
      }
    }
    console.log(
      `| ${op} | ${Object.values(samples)
        .map((v) => median(v).toFixed(1))
        .join(' | ')} |`,
    );
  }
  console.log('\n## Loopback throughput of the same variants (1,000 exchanges, 50 in flight, 3 rounds; ratio to raw fetch)\n');
  console.log(
    `| ${Object.keys(VARIANTS).join(' | ')} |\n|${Object.keys(VARIANTS)
      .map(() => ' ---: |')
      .join('')}`,
  );
  const cells = [];
  for (const SDK of Object.values(builds)) {
    const result = await measureLoopback(SDK, { count: 1000, concurrency: 50, rounds: 3 });
    cells.push(`${result.ratio} (${result.rows[0].perSecond}/s)`);
  }
  console.log(`| ${cells.join(' | ')} |`);

  console.log('\n## authorize URL: WebCrypto digest against a synchronous SHA-256 (process CPU µs/op, median of 7 rounds)\n');
  // node:crypto's createHash stands in for a synchronous JS SHA-256 (as arctic ships); src/ keeps
  // crypto.subtle, the one digest every runtime has.
  const { createHash } = await import('node:crypto');
  const subtle = globalThis.crypto.subtle;
  const digest = subtle.digest;
  const syncDigest = (_alg, data) => Promise.resolve(createHash('sha256').update(data).digest().buffer);
  const client = new builds['as is'].CognitoOAuthClient({
    domain: DOMAIN,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    scopes: ['openid', 'email'],
  });
  const authorize = { 'crypto.subtle.digest': [], 'synchronous SHA-256': [] };
  for (let round = 0; round < 8; round++) {
    for (const name of Object.keys(authorize)) {
      subtle.digest = name === 'synchronous SHA-256' ? syncDigest : digest;
      const n = 2000;
      const cpu = process.cpuUsage();
      for (let i = 0; i < n; i++) await client.buildAuthorizeUrl();
      const used = process.cpuUsage(cpu);
      if (round > 0) authorize[name].push((used.user + used.system) / n);
    }
  }
  subtle.digest = digest;
  console.log(
    `| ${Object.keys(authorize).join(' | ')} |\n| ---: | ---: |\n| ${Object.values(authorize)
      .map((v) => median(v).toFixed(1))
      .join(' | ')} |`,
  );
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
