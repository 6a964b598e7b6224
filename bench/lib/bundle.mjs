// Browser bundle sizes with esbuild, measured the way an app bundler ships code: one file, or split
// into chunks where the entry loads its lazy parts with import().
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { APP_BUILD, distToSrc, loadedOutputs, OWN_CODE_BUILD } from './esbuild-options.mjs';

const HEAVY = {
  ky: /node_modules\/ky\//,
  zod: /node_modules\/zod\//,
  'aws-jwt-verify': /node_modules\/aws-jwt-verify\//,
  jose: /node_modules\/jose\//,
};

function sizeOf(text) {
  const bytes = Buffer.from(text);
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Which heavy dependencies have bytes in these metafile outputs. */
function heavyIn(outputs) {
  const found = new Set();
  for (const output of outputs) {
    for (const [input, info] of Object.entries(output.inputs)) {
      if (info.bytesInOutput === 0) continue;
      for (const [name, pattern] of Object.entries(HEAVY)) if (pattern.test(input)) found.add(name);
    }
  }
  return [...found].sort();
}

/** Every npm package that has bytes in these metafile outputs (for the own-code build: should be none). */
function packagesIn(outputs) {
  const found = new Set();
  for (const output of outputs) {
    for (const [input, info] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match && info.bytesInOutput > 0) found.add(match[1]);
    }
  }
  return [...found].sort();
}

/** One file: every `import()` inlined, as with a bundler that does not split. */
export async function bundleOneFile(entry, cwd, plugins = []) {
  const result = await esbuild.build({ ...APP_BUILD, absWorkingDir: cwd, entryPoints: [entry], write: false, outfile: 'out.js', plugins });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  return { ...sizeOf(js.text), heavy: heavyIn(Object.values(result.metafile.outputs)), metafile: result.metafile };
}

/**
 * Code splitting (`--splitting --outdir`): `initial` is the entry chunk plus the chunks it imports
 * statically (what a page downloads before any `import()` runs); `loaded` adds the lazy chunks named
 * in `lazy` (what the page has downloaded once the flow has run). Each file is gzipped on its own,
 * as it is sent.
 */
export async function bundleSplit(entry, cwd, lazy, plugins = [], base = APP_BUILD) {
  const outdir = resolve(cwd, '.split-out');
  const result = await esbuild.build({ ...base, absWorkingDir: cwd, entryPoints: [entry], write: false, splitting: true, outdir, plugins });
  const outputs = result.metafile.outputs;
  const text = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  const measure = (keys) => {
    const sizes = keys.map((key) => sizeOf(text.get(resolve(cwd, key))));
    return {
      min: sizes.reduce((n, s) => n + s.min, 0),
      gzip: sizes.reduce((n, s) => n + s.gzip, 0),
      files: keys.length,
      heavy: heavyIn(keys.map((key) => outputs[key])),
      packages: packagesIn(keys.map((key) => outputs[key])),
    };
  };
  return {
    initial: measure(loadedOutputs(result.metafile, [])),
    loaded: measure(loadedOutputs(result.metafile, lazy)),
    all: measure(Object.keys(outputs).filter((key) => key.endsWith('.js'))),
    metafile: result.metafile,
  };
}

/**
 * Our own code in a job (issue 10): `entry` built from src/ with ky, zod and aws-jwt-verify external,
 * split as the page loads it, the chunks the job loads gzipped one by one and summed.
 */
export async function bundleOwnCode(entry, cwd, lazy) {
  const { loaded } = await bundleSplit(entry, cwd, lazy, [distToSrc()], OWN_CODE_BUILD);
  return loaded;
}

/** Sends the entries' `../../../dist/<entry>.js` to a snapshot of dist/ (see run.mjs). */
export function distRedirect(distDir) {
  return {
    name: 'dist-snapshot',
    setup(build) {
      build.onResolve({ filter: /\/dist\/(index|authorize)\.js$/ }, (args) => ({ path: resolve(distDir, args.path.replace(/^.*\//, '')) }));
    },
  };
}
