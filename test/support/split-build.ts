// A real esbuild split build of an app that imports the SDK from src/, as a bundler would make it
// for a browser, and what its entry chunk loads before any import() runs. Used by the tests that
// hold the lazy chunks to their promise (no ky, zod or verification code up front).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

/** Builds `contents` (an app module) with splitting; returns the metafile. */
export async function splitBuild(contents: string): Promise<Metafile> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), sourcefile: 'app.js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    outdir: join(tmpdir(), 'cognito-oauth-split-build'),
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Every input file the entry chunk loads before any import() runs. */
export function eagerInputs(metafile: Metafile): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint !== undefined);
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry ?? '');
  return [...seen].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}));
}

/** Every input file of every chunk, lazy ones included. */
export function allInputs(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
}

/** ky, zod, aws-jwt-verify, and the SDK's network and verification chunks (but the JwksCache class). */
export function isLazyCode(input: string): boolean {
  return (
    /node_modules[\\/](ky|zod|aws-jwt-verify)[\\/]/.test(input) ||
    /src[\\/]network[\\/]/.test(input) ||
    /src[\\/]verify[\\/](?!jwks-cache\.ts$)/.test(input)
  );
}
