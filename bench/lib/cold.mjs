// Section 2: Node cold import. Each sample is a fresh `node` process that imports one library and
// exits; the figure is the median over the samples minus the median of a bare `node -e ""`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, round, spreadPercent } from './stats.mjs';

function targets(dist) {
  const esm = pathToFileURL(join(dist, 'index.js')).href;
  const flows = readdirSync(dist).find((name) => /^flows-[\w-]+\.js$/.test(name));
  const esmImport = (spec) => ['--input-type=module', '-e', `await import(${JSON.stringify(spec)})`];
  const list = [
    { name: 'cognito-oauth (ESM)', lib: 'cognito-oauth', args: esmImport(esm) },
    { name: 'cognito-oauth (CJS require)', lib: 'cognito-oauth', args: ['-e', `require(${JSON.stringify(join(dist, 'index.cjs'))})`] },
  ];
  if (flows) {
    // What a server pays by its first exchange: the ESM entry plus the lazily loaded network half (ky + zod).
    const flowsUrl = pathToFileURL(join(dist, flows)).href;
    list.push({
      name: 'cognito-oauth (ESM + network half)',
      lib: 'cognito-oauth',
      args: ['--input-type=module', '-e', `await import(${JSON.stringify(esm)}); await import(${JSON.stringify(flowsUrl)})`],
    });
  }
  for (const spec of ['oauth4webapi', 'openid-client', 'arctic', 'oidc-client-ts', 'aws-jwt-verify', 'jose', 'aws-amplify', 'aws-amplify/auth']) {
    list.push({ name: spec, lib: spec, args: esmImport(spec) });
  }
  return list;
}

function sample(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

export function measureColdImport(benchDir, distDir, runs) {
  const list = [{ name: 'bare node', lib: null, args: ['-e', ''] }, ...targets(distDir)];
  const samples = new Map(list.map((t) => [t.name, []]));
  for (const t of list) sample(t.args, benchDir); // warm the file system cache once
  // Interleaved rounds, so drift on the machine hits every library alike.
  for (let i = 0; i < runs; i++) for (const t of list) samples.get(t.name).push(sample(t.args, benchDir));
  const bare = median(samples.get('bare node'));
  return {
    runs,
    bareMs: round(bare),
    rows: list.slice(1).map((t) => ({
      name: t.name,
      lib: t.lib,
      medianMs: round(median(samples.get(t.name))),
      addedMs: round(median(samples.get(t.name)) - bare),
      spreadPercent: round(spreadPercent(samples.get(t.name))),
    })),
  };
}
