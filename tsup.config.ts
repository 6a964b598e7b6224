import { writeFileSync } from 'node:fs';
import type { Options } from 'tsup';

const SESSION_EXPORTS = ['CognitoSession', 'memoryStorage', 'webStorage'];
const SESSION_TYPES = ['CognitoSessionEvents', 'CognitoSessionOptions', 'SessionStorage', 'SignOutReason', 'SignOutResult'];

/**
 * The CommonJS `cognito-oauth/session` hands on `index.cjs`'s exports instead of bundling a copy:
 * one copy of the classes, so `instanceof CognitoOAuthError` and the client type's private fields
 * agree whichever entry a value came from. (The ESM build shares them through chunks.)
 */
function writeSessionCjs(): void {
  const names = SESSION_EXPORTS.join(', ');
  writeFileSync(
    'dist/session.cjs',
    `'use strict';\n// cognito-oauth/session: the same objects as cognito-oauth's.\nconst { ${names} } = require('./index.cjs');\nmodule.exports = { ${names} };\n`,
  );
  writeFileSync('dist/session.d.cts', `export { ${names} } from './index.cjs';\nexport type { ${SESSION_TYPES.join(', ')} } from './index.cjs';\n`);
}

const common: Options = {
  // `cognito-oauth/authorize`: the authorize URL alone, for a sign-in page (no class, no ky/zod).
  // `cognito-oauth/session`: CognitoSession and its storages (also exported from the root).
  entry: { index: 'src/index.ts', authorize: 'src/authorize.ts', session: 'src/session.ts' },
  // tsup 8.5 injects `baseUrl` into its dts compile; TypeScript 6 rejects that (TS5101) unless silenced here.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
};

const config: Options[] = [
  // ESM keeps the network and verification code in chunks of their own: the class loads them with
  // import() on first use, so a page that only builds the authorize URL never downloads ky or zod.
  // zod/mini is bundled, tree-shaken to the four response schemas: importing zod from its package
  // costs Node about 110 ms of CPU (it evaluates all of zod), the bundled schemas about 15 ms.
  { ...common, format: ['esm'], splitting: true, noExternal: ['zod', 'ky'] },
  // ky is ESM-only: inline it into the CJS build so require() works even without require(esm)
  // (Node < 20.19, Jest's CJS runtime); zod is inlined as in the ESM build. aws-jwt-verify ships
  // CJS and stays external. No rollup tree-shaking pass here: it hoists every require() to the top
  // of the file, so require('cognito-oauth') would load aws-jwt-verify up front; esbuild's own
  // output keeps it inside the lazily initialised verification module.
  {
    ...common,
    entry: { index: 'src/index.ts', authorize: 'src/authorize.ts' },
    format: ['cjs'],
    splitting: false,
    treeshake: false,
    noExternal: ['ky', 'zod'],
    onSuccess: async () => writeSessionCjs(),
  },
  // The `cognito-oauth` bin: Node only, ESM. It imports the library by its package name
  // (kept external, resolved through "exports" at run time), so the library's bundles never see cli/.
  {
    entry: { cli: 'cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    // Each command is a chunk of its own (under dist/cli/), so `--help` parses only the argument code
    // and loads neither node:http nor the library.
    splitting: true,
    esbuildOptions: (options) => {
      options.chunkNames = 'cli/[name]-[hash]';
    },
    sourcemap: false,
    dts: false,
    clean: false,
    external: ['cognito-oauth'],
    banner: { js: '#!/usr/bin/env node' },
  },
];

export default config;
