// `npm run check:imports`: the import graph of src/ keeps the layout readable. Built from esbuild's
// metafile (runtime imports; type-only imports are erased and do not count), with every file under
// src/ as an entry. Fails on:
// - an import cycle;
// - an import that crosses the layers below (a folder is both a concern and a chunk);
// - a static import of the lazy chunks (network/, verify/) from the synchronous half, which would put
//   ky, zod or aws-jwt-verify into a page that only builds the authorize URL.
// Prints the graph's size and the cycle count last.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = readdirSync(path.join(root, 'src'), { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => `src/${file.split(path.sep).join('/')}`);

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: entries,
  bundle: true,
  write: false,
  metafile: true,
  format: 'esm',
  platform: 'neutral',
  splitting: true,
  outdir: 'out',
  logLevel: 'silent',
  packages: 'external',
});

/** The layer of a file: its folder under src/, or `base` for the leaves at the top, or `entry`. */
function layerOf(file) {
  const rest = file.slice('src/'.length);
  if (rest.includes('/')) return rest.split('/')[0];
  if (['index.ts', 'authorize.ts', 'session.ts'].includes(rest)) return 'entry';
  if (rest === 'client.ts') return 'client';
  return 'base';
}

// Which layers each layer may import statically. The leaves (errors, assert, encoding, jwt, types)
// import only each other; verify/jwks-cache.ts (the JwksCache class, no network) is the one verify/
// file the configuration needs.
const ALLOWED = {
  base: ['base'],
  config: ['base', 'config', 'verify/jwks-cache.ts'],
  url: ['base', 'config', 'url'],
  network: ['base', 'config', 'network'],
  verify: ['base', 'config', 'network', 'verify'],
  client: ['base', 'config', 'url'],
  session: ['base', 'client', 'session', 'url'],
  entry: ['*'],
};
const LAZY = ['network', 'verify'];

const graph = new Map();
const problems = [];
for (const [file, info] of Object.entries(result.metafile.inputs)) {
  if (!file.startsWith('src/')) continue;
  const from = layerOf(file);
  const edges = [];
  for (const { path: target, kind } of info.imports) {
    if (!target.startsWith('src/')) continue;
    edges.push(target);
    const to = layerOf(target);
    const allowed = ALLOWED[from] ?? [];
    const dynamic = kind === 'dynamic-import';
    if (dynamic && LAZY.includes(to)) continue;
    if (!allowed.includes('*') && !allowed.includes(to) && !allowed.includes(target.slice('src/'.length))) {
      problems.push(`layer: ${file} (${from}) imports ${target} (${to})${dynamic ? ' dynamically' : ''}`);
    }
  }
  graph.set(file, edges);
}

const cycles = [];
const state = new Map();
const stack = [];
function visit(node) {
  state.set(node, 'open');
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);

for (const cycle of cycles) console.log(`cycle: ${cycle}`);
for (const problem of problems) console.log(problem);
const edges = [...graph.values()].reduce((sum, list) => sum + list.length, 0);
console.log(`src/: ${graph.size} files, ${edges} imports; cycles: ${cycles.length}; layer violations: ${problems.length}`);
process.exitCode = cycles.length + problems.length > 0 ? 1 : 0;
