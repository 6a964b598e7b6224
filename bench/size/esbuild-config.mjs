// esbuild configs for the size-limit budgets in the root package.json. size-limit's own esbuild
// setup would inline every import() into one file and count ky + zod against a sign-in page that
// never downloads them; these build like the bench does (bench/lib/esbuild-options.mjs): split, and
// only the chunks the job loads are left for size-limit to gzip and sum.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_BUILD, distToSrc, onlyLoadedChunks, OWN_CODE_BUILD } from '../lib/esbuild-options.mjs';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A split build of `bench/entries/cognito-oauth/<job>.js` that keeps the chunks named in `lazy`.
 * With `ownCode`, the job is built from src/ with ky, zod and aws-jwt-verify external: what is left
 * is our own code (see OWN_CODE_BUILD in bench/lib/esbuild-options.mjs).
 */
export function sizeConfig(job, lazy, { ownCode = false } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cognito-oauth-size-'));
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  return {
    ...(ownCode ? OWN_CODE_BUILD : APP_BUILD),
    logLevel: 'warning',
    // tsup's ESM chunks keep bare `import './chunk-….js'` lines that `sideEffects: false` lets
    // esbuild drop; that is what an app bundler does too, so the warning is noise here.
    logOverride: { 'ignored-bare-import': 'silent' },
    // size-limit resolves the output paths against the working directory: the repo root.
    absWorkingDir: repoDir,
    entryPoints: [join('bench', 'entries', 'cognito-oauth', `${job}.js`)],
    splitting: true,
    outdir,
    write: true,
    plugins: [...(ownCode ? [distToSrc()] : []), onlyLoadedChunks(lazy)],
  };
}
