// cognito-oauth against its peers: bundle size, Node cold import, CPU per operation, loopback
// throughput. `npm run bench` at the repo root builds dist/ and runs this; one run prints one table
// and writes bench/results.json and docs/performance.md.
//
//   node run.mjs [--sections=size,cold,cpu,loopback] [--quick] [--no-write]
//   node run.mjs --render   (docs/performance.md again from bench/results.json and bench/analysis.json,
//                            after editing report.mjs or targets.mjs, or after `npm run analyze`; measures nothing)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = join(benchDir, '..');
const args = process.argv.slice(2);
if (args.includes('--render')) {
  const { markdown, readAnalysis } = await import('./lib/report.mjs');
  const { checkTargets } = await import('./lib/targets.mjs');
  const results = JSON.parse(readFileSync(join(benchDir, 'results.json'), 'utf8'));
  // The targets again from the stored figures, so an edit of lib/targets.mjs shows too.
  results.targets = checkTargets(results);
  writeFileSync(join(repoDir, 'docs', 'performance.md'), `${markdown(results, results.targets, readAnalysis(benchDir))}\n`);
  console.error(`bench: rendered docs/performance.md from bench/results.json (${results.meta.date}, ${results.meta.git})`);
  process.exit(0);
}
const quick = args.includes('--quick');
const write = !args.includes('--no-write');
const sections = new Set((args.find((a) => a.startsWith('--sections='))?.slice(11) ?? 'size,cold,cpu,loopback').split(','));
const settings = {
  coldRuns: quick ? 5 : 21,
  cpu: { rounds: quick ? 3 : 15, blockMs: quick ? 100 : 150 },
  loopback: { count: quick ? 500 : 2000, concurrency: 50, rounds: quick ? 3 : 7 },
};

// The peers come from bench/package-lock.json; install them on first use (CI, a fresh clone).
if (!existsSync(join(benchDir, 'node_modules', '.package-lock.json'))) {
  console.error('bench: installing the peers from bench/package-lock.json …');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit' });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}
// Imported only now, after the install: these modules import the peers.
const { measureOwnCode, measureSizes } = await import('./lib/sizes.mjs');
const { measureColdImport } = await import('./lib/cold.mjs');
const { measureCpu } = await import('./lib/cpu.mjs');
const { measureLoopback } = await import('./lib/loopback.mjs');
const { checkTargets } = await import('./lib/targets.mjs');
const { markdown, printTable, readAnalysis, tableRows } = await import('./lib/report.mjs');

// Every section measures one snapshot of dist/, so a rebuild during the run cannot mix two builds.
// In a shared work tree another `npm run build` may be emptying dist/ right now: wait for it (bounded).
const distSource = join(repoDir, 'dist');
const snapshotDir = join(benchDir, '.snapshot');
let distDir;
let SDK;
rmSync(snapshotDir, { recursive: true, force: true });
for (let attempt = 1; SDK === undefined; attempt++) {
  const complete = ['index.js', 'index.cjs'].every((name) => existsSync(join(distSource, name)));
  if (complete) {
    // A fresh directory per attempt: a module that failed to load stays failed under its URL.
    const copyDir = join(snapshotDir, String(attempt));
    distDir = join(copyDir, 'dist');
    cpSync(distSource, distDir, { recursive: true, filter: (src) => !src.endsWith('.map') });
    // The root package.json: `sideEffects: false` and `type: module` apply to the snapshot as to dist/.
    cpSync(join(repoDir, 'package.json'), join(copyDir, 'package.json'));
    try {
      // Every chunk that a copied file imports must have been copied too.
      for (const file of readdirSync(distDir).filter((name) => /\.c?js$/.test(name))) {
        for (const [, chunk] of readFileSync(join(distDir, file), 'utf8').matchAll(/["']\.\/([\w.-]+\.js)["']/g)) {
          if (!existsSync(join(distDir, chunk))) throw new Error(`dist/${file} imports ./${chunk}, which is missing`);
        }
      }
      SDK = await import(pathToFileURL(join(distDir, 'index.js')).href);
      break;
    } catch (error) {
      if (attempt >= 30) throw error;
    }
  } else if (attempt >= 30) {
    console.error('bench: dist/index.js is missing; run `npm run build` at the repo root first (`npm run bench` does).');
    process.exit(1);
  }
  console.error('bench: dist/ is incomplete (a build in progress?); waiting …');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}
const verifyAvailable = typeof SDK.CognitoOAuthClient.prototype.verifyIdToken === 'function';

const version = (name, from = benchDir) => JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')).version;
const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};
const rootPkg = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8'));
const dirty = git('status', '--porcelain', '--', 'src', 'package.json', 'tsup.config.ts') !== '';
const meta = {
  date: new Date().toISOString(),
  command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  version: rootPkg.version,
  git: `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty ? ' + uncommitted changes in src/' : ''}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  loadStart: os.loadavg()[0].toFixed(2),
  node: process.version,
  npm: spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  esbuild: version('esbuild', repoDir),
  peers: Object.fromEntries(Object.keys(JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8')).dependencies).map((n) => [n, version(n)])),
  deps: Object.fromEntries(Object.keys(rootPkg.dependencies ?? {}).map((n) => [n, version(n, repoDir)])),
  settings,
  cpu: settings.cpu,
  verifyAvailable,
};

const results = { meta };
const step = (name) => console.error(`bench: ${name} …`);
if (sections.has('size')) {
  step('bundle sizes');
  results.sizes = await measureSizes(benchDir, { verifyAvailable, distDir });
  // From src/ (not the dist/ snapshot), with the dependencies external: see lib/sizes.mjs.
  results.ownCode = await measureOwnCode(benchDir);
}
if (sections.has('cold')) {
  step(`cold import (${settings.coldRuns} runs per library)`);
  results.cold = await measureColdImport(benchDir, distDir, settings.coldRuns);
}
if (sections.has('cpu')) {
  step('CPU per operation');
  results.cpu = await measureCpu(SDK, settings.cpu);
}
if (sections.has('loopback')) {
  step('loopback throughput');
  results.loopback = await measureLoopback(SDK, settings.loopback);
}
meta.loadEnd = os.loadavg()[0].toFixed(2);
const targets = checkTargets(results);
results.targets = targets;
rmSync(snapshotDir, { recursive: true, force: true });

printTable(tableRows(results, targets));
const analysis = readAnalysis(benchDir);
const missed = targets.filter((t) => t.pass === false).length;
console.error(
  `bench: ${targets.filter((t) => t.pass).length} targets pass, ${missed} missed. ` +
    (analysis
      ? `What of a miss is ky's or zod's comes from bench/analysis.json (${analysis.meta.date}, git ${analysis.meta.git}); re-run \`npm --prefix bench run analyze\` after changing src/.`
      : 'Run `npm --prefix bench run analyze` for what of each miss is ky\'s or zod\'s (docs/performance.md).'),
);
if (write) {
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  mkdirSync(join(repoDir, 'docs'), { recursive: true });
  writeFileSync(join(repoDir, 'docs', 'performance.md'), `${markdown(results, targets, analysis)}\n`);
  console.error('bench: wrote bench/results.json and docs/performance.md');
}
