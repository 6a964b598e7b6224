// The one definition of "bundle it like an app would" (esbuild --bundle --minify --format=esm
// --platform=browser), and of "what a page downloads" when the bundle is split. Shared by the bench
// and by the size-limit budgets (bench/size/*.mjs, listed in the root package.json).
import { rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Options every measurement uses. */
export const APP_BUILD = Object.freeze({
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  metafile: true,
  logLevel: 'silent',
  legalComments: 'none',
});

/**
 * "Our own code" (issue 10): the packages cognito-oauth depends on stay out of the bundle, so what
 * is left is the SDK's own code. Subpaths (`zod/mini`, `aws-jwt-verify/jwt-verifier`) are external too.
 */
export const DEPENDENCIES_EXTERNAL = Object.freeze(['ky', 'zod', 'aws-jwt-verify']);

/**
 * Sends the entries' `../../../dist/<entry>.js` to `src/<entry>.ts`. Own code is measured from src/,
 * not dist/: a dist/ that bundles zod/mini into its network chunk would count zod as ours.
 */
export function distToSrc() {
  return {
    name: 'dist-to-src',
    setup(build) {
      build.onResolve({ filter: /\/dist\/(index|authorize)\.js$/ }, (args) => ({ path: join(srcDir, `${basename(args.path, '.js')}.ts`) }));
    },
  };
}

/** The build options of the own-code measure: the app build, from src/, dependencies external. */
export const OWN_CODE_BUILD = Object.freeze({ ...APP_BUILD, external: [...DEPENDENCIES_EXTERNAL] });

/**
 * The output files a page loads when split with `--splitting`: the entry chunk, the chunks it
 * imports statically, and the lazy chunks named in `lazy` (matched by the start of the chunk's file
 * name, e.g. `network` for `network-AB12CD34.js`) with what they import statically. A lazy chunk that a
 * flow never loads (e.g. verification when no `userPoolId` is set) is not counted.
 */
export function loadedOutputs(metafile, lazy) {
  const outputs = metafile.outputs;
  // The entry chunk: an entry point that no other output imports (lazy chunks are entry points too).
  const imported = new Set(Object.values(outputs).flatMap((o) => o.imports.map((imp) => imp.path)));
  const entries = Object.keys(outputs).filter((key) => outputs[key].entryPoint !== undefined && key.endsWith('.js') && !imported.has(key));
  if (entries.length !== 1) throw new Error(`expected one entry chunk, found ${entries.length}`);
  const wanted = new Set(lazy);
  const found = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imp of outputs[key].imports) {
      if (imp.external) continue;
      if (imp.kind === 'import-statement') visit(imp.path);
      if (imp.kind === 'dynamic-import') {
        const name = [...wanted].find((prefix) => basename(imp.path).startsWith(`${prefix}-`));
        if (name !== undefined) {
          found.add(name);
          visit(imp.path);
        }
      }
    }
  };
  visit(entries[0]);
  const missing = [...wanted].filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`no lazy chunk named ${missing.join(', ')} in the bundle of ${entries[0]}`);
  return [...seen];
}

/**
 * For size-limit: after a split build, drops the output files the page does not load (see
 * {@link loadedOutputs}) from the metafile and the disk, so size-limit sums exactly those.
 */
export function onlyLoadedChunks(lazy) {
  return {
    name: 'only-loaded-chunks',
    setup(build) {
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onEnd((result) => {
        if (result.errors.length > 0 || !result.metafile) return;
        const keep = new Set(loadedOutputs(result.metafile, lazy));
        for (const key of Object.keys(result.metafile.outputs)) {
          if (keep.has(key)) continue;
          delete result.metafile.outputs[key];
          rmSync(resolve(cwd, key), { force: true });
        }
      });
    },
  };
}
