import * as esbuild from 'esbuild';
import { APP_BUILD } from './lib/esbuild-options.mjs';
const toSrc = { name: 'to-src', setup(b) { b.onResolve({ filter: /dist\/index\.js$/ }, () => ({ path: '/work/main/src/index.ts' })); } };
for (const e of process.argv.slice(2)) {
  for (const splitting of [true]) {
  const r = await esbuild.build({ ...APP_BUILD, absWorkingDir: '/work/main/bench', entryPoints: [e], write: false, splitting, outdir: '/tmp/x', plugins: [toSrc] });
  for (const [k, o] of Object.entries(r.metafile.outputs)) {
    const groups = {};
    for (const [inp, i] of Object.entries(o.inputs)) { let g = inp.replace(/.*node_modules\/(zod\/v4\/[a-z]+|zod\/[a-z]+|[^/]+)\/.*/, '$1').replace(/^.*\/src\//, 'src/'); groups[g] = (groups[g] ?? 0) + i.bytesInOutput; }
    console.log(e, k, o.bytes, o.imports.map(i=>i.kind[0]+':'+i.path.replace(/.*\//,'')).join(','), '\n   ', Object.entries(groups).sort((a, b) => b[1] - a[1]).map(([g, n]) => `${g}:${n}`).join(' '));
  }}
}
