import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  // The examples import the package by name; run them against the sources.
  resolve: {
    alias: [
      { find: /^cognito-oauth$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^cognito-oauth\/session$/, replacement: fileURLToPath(new URL('./src/session.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 15_000,
    // Hooks start look-alike servers (RSA key generation, oidc-provider) on a shared machine.
    hookTimeout: 60_000,
    setupFiles: ['test/setup.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
  },
});

export default config;
