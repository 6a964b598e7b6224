// Section 2: Node cold import. Each sample is a fresh `node` process that imports one library and
// exits; the figure is the median over the samples minus the median of a bare `node` doing nothing.
// Two clocks: wall time around the process (what a user waits) and the process's own CPU time
// (user + system, printed by the child as it exits), which other load on the machine inflates less.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, round, spreadPercent } from './stats.mjs';

const PRINT_CPU = 'const u = process.cpuUsage(); process.stdout.write(String(u.user + u.system));';

function targets(dist) {
  const esm = pathToFileURL(join(dist, 'index.js')).href;
  const flows = readdirSync(dist).find((name) => /^network-[\w-]+\.js$/.test(name));
  const esmImport = (...specs) => ({ type: 'module', code: specs.map((s) => `await import(${JSON.stringify(s)});`).join(' ') });
  const list = [
    { name: 'cognito-oauth (ESM)', lib: 'cognito-oauth', ...esmImport(esm) },
    {
      name: 'cognito-oauth (CJS require)',
      lib: 'cognito-oauth',
      type: 'commonjs',
      code: `require(${JSON.stringify(join(dist, 'index.cjs'))});`,
    },
  ];
  if (flows) {
    // What a server pays by its first exchange: the ESM entry plus the lazily loaded network half (ky + zod).
    list.push({
      name: 'cognito-oauth (ESM + network half)',
      lib: 'cognito-oauth',
      ...esmImport(esm, pathToFileURL(join(dist, flows)).href),
    });
  }
  for (const spec of [
    'oauth4webapi',
    'openid-client',
    'arctic',
    'oidc-client-ts',
    'aws-jwt-verify',
    'jose',
    'aws-amplify',
    'aws-amplify/auth',
  ]) {
    list.push({ name: spec, lib: spec, ...esmImport(spec) });
  }
  return list;
}

function sample(target, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type', target.type, '-e', `${target.code} ${PRINT_CPU}`], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`cold import of ${target.name} failed: ${result.stderr}`);
  return { wallMs, cpuMs: Number(result.stdout) / 1000 };
}

export function measureColdImport(benchDir, distDir, runs) {
  const list = [{ name: 'bare node', lib: null, type: 'commonjs', code: '' }, ...targets(distDir)];
  const samples = new Map(list.map((t) => [t.name, { wall: [], cpu: [] }]));
  for (const t of list) sample(t, benchDir); // warm the file system cache once
  // Interleaved rounds, so drift on the machine hits every library alike.
  for (let i = 0; i < runs; i++) {
    for (const t of list) {
      const { wallMs, cpuMs } = sample(t, benchDir);
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
        medianMs: round(median(s.wall)),
        addedMs: round(median(s.wall) - bareWall),
        spreadPercent: round(spreadPercent(s.wall)),
        cpuMs: round(median(s.cpu)),
        addedCpuMs: round(median(s.cpu) - bareCpu),
      };
    }),
  };
}
