// What cognito-oauth's bundles are made of, and what replacing ky or zod would save. Builds the
// cognito-oauth entries (bench/entries/cognito-oauth) from src/ (so each source module shows up on
// its own) with the bench's esbuild options, and prints:
//   1. bytes per module (minified, esbuild metafile) in the chunks each job loads;
//   2. the gzip size of each job with zod/mini and/or ky swapped for the hand-written subsets in
//      bench/analyze/ (size experiments; they cover exactly the API src/ uses);
//   3. CPU per exchange, refresh and userInfo of the same variants (fetch stubbed, as in the bench),
//      and their loopback throughput against a raw fetch (as in the bench, fewer rounds);
//   4. what the sign-in page's input checks weigh, and what the authorize URL would cost with a
//      synchronous SHA-256 in place of WebCrypto's digest;
//   5. the Node cold start (import + first exchangeCode, fetch stubbed) of the same variants, with
//      the dependencies loaded from node_modules as dist/ loads them, and all of them bundled.
// CPU and loopback figures are measured beside oauth4webapi / a raw fetch in the same run, so the
// ratios of issue 10's targets can be read per variant. Everything lands in bench/analysis.json,
// from which docs/performance.md states what of each missed target is ky's or zod's.
//
//   npm --prefix bench run analyze [-- --no-write]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { bundleOwnCode } from './lib/bundle.mjs';
import { firstCallSource, measureProcesses } from './lib/cold.mjs';
import { oauth4webapiCalls } from './lib/cpu.mjs';
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
import { median, round } from './lib/stats.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const write = !process.argv.includes('--no-write');
const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};
const analysis = {
  meta: {
    date: new Date().toISOString(),
    git: `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--', '../src') ? ' + uncommitted changes in src/' : ''}`,
    node: process.version,
    cpus: os.cpus().length,
    loadStart: os.loadavg()[0].toFixed(2),
  },
  sizes: {},
  modules: {},
  ownCode: {},
  cpu: {},
};
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
  const gzip = (key, edit = (code) => code) => gzipSync(Buffer.from(edit(text.get(resolve(benchDir, key)))), { level: 9 }).length;
  return { metafile: result.metafile, gzip };
}

/**
 * Minified code with its prose cut: every string literal (or static part of a template literal)
 * with two or more spaces becomes one letter. Data (paths, parameter names, codes) has no spaces and
 * stays. What is left is what the code itself weighs, with every check in place and no message.
 */
function withoutProse(code) {
  const isProse = (text) => (text.match(/ /g) ?? []).length >= 2;
  let out = '';
  for (let i = 0; i < code.length;) {
    const quote = code[i];
    // A regular expression literal (after an operator or a bracket) is copied whole: its quotes are not strings.
    if (quote === '/' && /[(,=:[!&|?;{}]/.test(code[i - 1] ?? '')) {
      let end = i + 1;
      for (let inClass = false; end < code.length && (inClass || code[end] !== '/'); end += code[end] === '\\' ? 2 : 1) {
        if (code[end] === '[') inClass = true;
        if (code[end] === ']') inClass = false;
      }
      out += code.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (quote !== '"' && quote !== "'" && quote !== '`') {
      out += quote;
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < code.length && code[end] !== quote) end += code[end] === '\\' ? 2 : 1;
    const literal = code.slice(i, end + 1);
    out +=
      quote === '`'
        ? literal.replace(/(^`|\})([^`$]*?)(?=\$\{|`$)/g, (_, open, text) => open + (isProse(text) ? 'x' : text))
        : isProse(literal)
          ? `${quote}x${quote}`
          : literal;
    i = end + 1;
  }
  return out;
}

const group = (input) => {
  const pkg = /node_modules\/(zod\/v4\/(?:core|mini)|(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (pkg) return pkg[1];
  return input.replace(/^.*\/(src|entries)\//, '$1/');
};

// The three jobs of the size section, and the sign-in page through the class (no lazy chunk).
const JOBS = [
  ...SCENARIOS.slice(0, 1),
  { id: 'signin-client', title: 'sign-in page through CognitoOAuthClient', lazy: [] },
  ...SCENARIOS.slice(1),
];
analysis.variants = Object.keys(VARIANTS);

console.log('## Bytes per module (minified, from src/), chunks each job loads with --splitting\n');
for (const scenario of JOBS) {
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
  const sorted = [...modules].sort((a, b) => b[1] - a[1]);
  for (const [name, bytes] of sorted) console.log(`| ${name} | ${bytes} |`);
  console.log('');
  analysis.modules[scenario.id] = sorted;
}

console.log('## Our own code (from src/, ky, zod and aws-jwt-verify external; gzip bytes of the chunks each job loads)\n');
console.log('| job | min bytes | gzip bytes |\n| --- | ---: | ---: |');
for (const scenario of JOBS) {
  const own = await bundleOwnCode(`entries/cognito-oauth/${scenario.id}.js`, benchDir, scenario.lazy);
  analysis.ownCode[scenario.id] = { min: own.min, gzip: own.gzip };
  console.log(`| ${scenario.id} | ${own.min} | ${own.gzip} |`);
}
console.log('');

console.log('## What replacing zod/mini or ky would save (gzip bytes; split: what the job loads; one file)\n');
console.log(
  `| job | ${Object.keys(VARIANTS).join(' | ')} |\n| --- |${Object.keys(VARIANTS)
    .map(() => ' ---: |')
    .join('')}`,
);
for (const scenario of JOBS) {
  const cells = [];
  analysis.sizes[scenario.id] = {};
  for (const [variant, plugins] of Object.entries(VARIANTS)) {
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
    analysis.sizes[scenario.id][variant] = { split: loaded, oneFile: one.gzip(oneKey) };
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
  analysis.signinChecks = { checked: checked.gzip(key(checked)), unchecked: unchecked.gzip(key(unchecked)) };
}

console.log('\n## Each job with its prose cut (gzip bytes, split: what the job loads; every check kept, every message one letter)\n');
console.log('| job | as is | no prose | what the prose weighs |\n| --- | ---: | ---: | ---: |');
analysis.prose = {};
for (const scenario of JOBS) {
  const split = await build(`entries/cognito-oauth/${scenario.id}.js`, [], true);
  const keys = loadedOutputs(split.metafile, scenario.lazy);
  const asIs = keys.reduce((n, key) => n + split.gzip(key), 0);
  const bare = keys.reduce((n, key) => n + split.gzip(key, withoutProse), 0);
  analysis.prose[scenario.id] = { asIs, withoutProse: bare };
  console.log(`| ${scenario.id} | ${asIs} | ${bare} | ${asIs - bare} |`);
}

console.log(
  '\n## CPU per operation of the same variants, beside oauth4webapi (process CPU µs/op, median of 7 interleaved rounds, fetch stubbed)\n',
);
const outDir = mkdtempSync(join(tmpdir(), 'cognito-oauth-analyze-'));
// The cold-start builds import their dependencies from node_modules (bench/.analyze-cold resolves
// the repo's node_modules), as dist/ does.
const coldDir = join(benchDir, '.analyze-cold');
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
  const peer = oauth4webapiCalls(fx, stubFetch);
  const ops = {
    exchange: [
      fx.codeBody,
      (c) => c.exchangeCode({ code: c.parseCallback(CALLBACK_URL, { expectedState: STATE }).code, codeVerifier: CODE_VERIFIER }),
    ],
    refresh: [fx.refreshBody, (c) => c.refreshTokens(REFRESH_TOKEN)],
    userinfo: [fx.userInfoBody, (c) => c.fetchUserInfo(fx.accessToken)],
  };
  const columns = [...Object.keys(VARIANTS), 'oauth4webapi'];
  console.log(`| operation | ${columns.join(' | ')} |\n| --- |${columns.map(() => ' ---: |').join('')}`);
  for (const [op, [body, call]] of Object.entries(ops)) {
    const calls = Object.fromEntries(
      Object.entries(builds).map(([name, SDK]) => {
        const client = new SDK.CognitoOAuthClient({
          domain: DOMAIN,
          clientId: CLIENT_ID,
          redirectUri: REDIRECT_URI,
          fetch: stubFetch(body),
        });
        return [name, () => call(client)];
      }),
    );
    calls.oauth4webapi = peer[op];
    const names = Object.keys(calls);
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    for (let r = 0; r < 8; r++) {
      // Order rotated each round, as in the bench.
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        const n = 1000;
        const cpu = process.cpuUsage();
        for (let k = 0; k < n; k++) await calls[name]();
        const used = process.cpuUsage(cpu);
        if (r > 0) samples[name].push((used.user + used.system) / n); // round 0 warms up
      }
    }
    analysis.cpu[op] = Object.fromEntries(columns.map((name) => [name, round(median(samples[name]), 1)]));
    console.log(`| ${op} | ${columns.map((name) => analysis.cpu[op][name].toFixed(1)).join(' | ')} |`);
  }
  console.log('\n## Loopback throughput of the same variants (1,000 exchanges, 50 in flight, 3 rounds; ratio to raw fetch)\n');
  console.log(
    `| ${Object.keys(VARIANTS).join(' | ')} |\n|${Object.keys(VARIANTS)
      .map(() => ' ---: |')
      .join('')}`,
  );
  const cells = [];
  analysis.loopback = {};
  for (const [name, SDK] of Object.entries(builds)) {
    const result = await measureLoopback(SDK, { count: 1000, concurrency: 50, rounds: 3 });
    analysis.loopback[name] = result.ratio;
    cells.push(`${result.ratio} (${result.rows[0].perSecond}/s)`);
  }
  console.log(`| ${cells.join(' | ')} |`);

  console.log(
    '\n## Node cold start of the same variants: import + first exchangeCode (fetch stubbed), over bare node (median of 7 runs)\n',
  );
  {
    const coldVariants = {
      ...Object.fromEntries(Object.entries(VARIANTS).map(([name, plugins]) => [name, { plugins, packages: 'external' }])),
      'every dependency bundled (tree-shaken)': { plugins: [] },
    };
    const list = [];
    for (const [i, [name, { plugins, packages }]] of Object.entries(coldVariants).entries()) {
      const dir = join(coldDir, String(i));
      await esbuild.build({
        entryPoints: { index: srcIndex },
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'es2022',
        outdir: dir,
        outExtension: { '.js': '.mjs' },
        logLevel: 'silent',
        plugins,
        ...(packages ? { packages } : {}),
      });
      const load = `const { CognitoOAuthClient } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});`;
      list.push({ name, type: 'module', code: firstCallSource(load, fx) });
    }
    const cold = measureProcesses(list, benchDir, 7);
    analysis.cold = Object.fromEntries(cold.rows.map((row) => [row.name, { addedCpuMs: row.addedCpuMs, addedMs: row.addedMs }]));
    analysis.coldBare = { cpuMs: cold.bareCpuMs, wallMs: cold.bareMs };
    console.log(
      `| ${Object.keys(coldVariants).join(' | ')} |\n|${Object.keys(coldVariants)
        .map(() => ' ---: |')
        .join('')}`,
    );
    console.log(`| ${cold.rows.map((row) => `+${row.addedCpuMs} ms CPU (+${row.addedMs} ms wall)`).join(' | ')} |`);
  }

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
  for (let r = 0; r < 8; r++) {
    for (const name of Object.keys(authorize)) {
      subtle.digest = name === 'synchronous SHA-256' ? syncDigest : digest;
      const n = 2000;
      const cpu = process.cpuUsage();
      for (let i = 0; i < n; i++) await client.buildAuthorizeUrl();
      const used = process.cpuUsage(cpu);
      if (r > 0) authorize[name].push((used.user + used.system) / n);
    }
  }
  subtle.digest = digest;
  analysis.authorizeDigest = Object.fromEntries(Object.entries(authorize).map(([name, v]) => [name, round(median(v), 1)]));
  console.log(
    `| ${Object.keys(authorize).join(' | ')} |\n| ---: | ---: |\n| ${Object.values(authorize)
      .map((v) => median(v).toFixed(1))
      .join(' | ')} |`,
  );
} finally {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(coldDir, { recursive: true, force: true });
}

analysis.meta.loadEnd = os.loadavg()[0].toFixed(2);
if (write) {
  writeFileSync(join(benchDir, 'analysis.json'), `${JSON.stringify(analysis, null, 2)}\n`);
  console.error('analyze: wrote bench/analysis.json (docs/performance.md reads it: `npm --prefix bench run bench -- --render`)');
}
