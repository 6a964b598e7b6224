// Bundles the SPA with esbuild: ES modules with code splitting, so the SDK's network chunk (ky, zod)
// stays a separate file that the browser fetches only when the app first talks to Cognito.
//
//   npm run build                  # the package: dist/ at the repo root
//   node examples/spa/build.mjs    # the SPA: examples/spa/dist/
//
// `cognito-oauth` resolves to the repo's built package (dist/index.js), as an app that installed
// it from npm would get it.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageEntry = path.resolve(here, '../../dist/index.js');

/** Points `import 'cognito-oauth'` at the repo's build. */
const builtPackage = {
  name: 'cognito-oauth-from-dist',
  setup(build) {
    build.onResolve({ filter: /^cognito-oauth$/ }, () => ({ path: packageEntry }));
  },
};

/**
 * Builds `index.html` and `assets/` into `outdir`.
 * @param {{ outdir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outdir: string, metafile: import('esbuild').Metafile }>}
 */
export async function buildSpa({ outdir = path.join(here, 'dist'), minify = true } = {}) {
  if (!existsSync(packageEntry)) throw new Error('dist/index.js is missing: run `npm run build` at the repo root first');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'src/main.ts')],
    outdir: path.join(outdir, 'assets'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    minify,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [builtPackage],
  });
  await copyFile(path.join(here, 'index.html'), path.join(outdir, 'index.html'));
  return { outdir, metafile: result.metafile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outdir, metafile } = await buildSpa();
  for (const [file, { bytes }] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.js')) console.log(`${path.relative(process.cwd(), file)}  ${bytes} B`);
  }
  console.log(`SPA built in ${path.relative(process.cwd(), outdir)}`);
}
