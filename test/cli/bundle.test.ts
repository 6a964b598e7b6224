// The CLI stays out of the library, and the library (with ky, zod, aws-jwt-verify) stays out of
// `cognito-oauth --help`: checked on the esbuild graph of src/ and on the built dist/cli.js.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The bare or relative specifiers a built ESM file imports statically (not `import()`). */
function staticImports(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  return [...code.matchAll(/^\s*(?:import|export)\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)].map((m) => m[1]!);
}

describe('the CLI and the library graph', () => {
  it('no library entry reaches a file under cli/', async () => {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/index.ts', 'src/authorize.ts', 'src/session.ts'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      splitting: true,
      outdir: 'out',
      logLevel: 'silent',
      external: ['ky', 'zod', 'zod/*', 'aws-jwt-verify', 'aws-jwt-verify/*'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.startsWith('src/session/'))).toBe(true);
    expect(inputs.filter((file) => !file.startsWith('src/'))).toEqual([]);
  });

  it.skipIf(!fs.existsSync(path.join(ROOT, 'dist', 'cli.js')))('dist/cli.js loads neither the library nor node:http until a command runs', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      for (const specifier of staticImports(file)) {
        if (!specifier.startsWith('.')) {
          seen.add(specifier);
          continue;
        }
        const next = path.resolve(path.dirname(file), specifier);
        if (!seen.has(next)) {
          seen.add(next);
          visit(next);
        }
      }
    };
    visit(path.join(ROOT, 'dist', 'cli.js'));
    const bare = [...seen].filter((s) => !path.isAbsolute(s));
    expect(bare.length).toBeGreaterThan(0);
    expect(bare).toContain('module'); // what --version needs
    for (const heavy of ['cognito-oauth', 'ky', 'zod', 'aws-jwt-verify', 'http', 'child_process', 'crypto']) {
      expect(bare).not.toContain(heavy);
      expect(bare).not.toContain(`node:${heavy}`);
    }
    // The commands are there, behind import().
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'cli.js'), 'utf8')).toMatch(/import\("\.\/cli\/login-[\w]+\.js"\)/);
  });
});
