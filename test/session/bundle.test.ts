// A page that only calls session.signIn() loads no ky or zod: CognitoSession sits in the class chunk
// and reaches the network half only through the client's lazy import(). Checked on a real esbuild
// split build of the source.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const sessionEntry = fileURLToPath(new URL('../../src/session.ts', import.meta.url));

async function splitBuild(contents: string): Promise<Metafile> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), sourcefile: 'app.js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    outdir: join(tmpdir(), 'cognito-oauth-session-bundle'),
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

describe('a sign-in page through CognitoSession', () => {
  it.each([
    ['cognito-oauth', src],
    ['cognito-oauth/session', sessionEntry],
  ])('loads no ky, zod or verification code up front (imported from %s)', async (_name, from) => {
    const metafile = await splitBuild(`
      import { CognitoOAuthClient } from ${JSON.stringify(src)};
      import { CognitoSession, webStorage } from ${JSON.stringify(from)};
      const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb', userPoolId: 'us-east-1_AbC123' });
      const session = new CognitoSession(client, { storage: webStorage(localStorage) });
      export const login = async () => location.assign((await session.signIn()).url);
      export const token = () => session.getAccessToken();
    `);
    const eager = eagerInputs(metafile);
    expect(eager.some((input) => input.endsWith('src/session/session.ts'))).toBe(true);
    expect(eager.filter((input) => /node_modules[\\/](ky|zod|aws-jwt-verify)[\\/]/.test(input) || /src[\\/](http|verify)\.ts$/.test(input))).toEqual([]);
  });
});
