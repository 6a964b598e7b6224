// An app that never verifies must not load the verification code: aws-jwt-verify and src/verify/
// sit behind import() in a chunk of their own. Checked on a real esbuild split build of the source.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

async function splitBuild(entry: string): Promise<Metafile> {
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), sourcefile: 'app.js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    outdir: join(tmpdir(), 'cognito-oauth-tree-shaking'),
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Every input file the entry chunk loads before any import() runs. */
function eagerInputs(metafile: Metafile): string[] {
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

const allInputs = (metafile: Metafile): string[] => Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));

describe('verification is loaded on demand', () => {
  it('keeps aws-jwt-verify and src/verify/ (but the JwksCache class) out of what a code-flow app loads up front', async () => {
    const metafile = await splitBuild(`
      import { CognitoOAuthClient } from ${JSON.stringify(src)};
      const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb', userPoolId: 'us-east-1_AbC123' });
      export const login = () => client.buildAuthorizeUrl();
      export const verify = (token) => client.verifyIdToken(token);
    `);
    const eager = eagerInputs(metafile);
    expect(eager.some((input) => input.endsWith('src/client.ts'))).toBe(true);
    const verification = (input: string): boolean =>
      input.includes('aws-jwt-verify') || (input.includes('src/verify/') && !input.endsWith('jwks-cache.ts'));
    expect(eager.filter(verification)).toEqual([]);
    // …while the lazy chunk does hold them.
    expect(allInputs(metafile).some((input) => input.includes('aws-jwt-verify'))).toBe(true);
    expect(allInputs(metafile).some((input) => input.endsWith('src/verify/claims.ts'))).toBe(true);
  });
});
