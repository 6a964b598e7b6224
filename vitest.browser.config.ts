import { defineConfig, type ViteUserConfig } from 'vitest/config';

// `npm run test:browser`: the SPA example in a real Chromium, driven by playwright-core; the browser
// comes from test/support/chromium.ts. Kept out of the unit run: it needs a build and a browser.
const config: ViteUserConfig = defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default config;
