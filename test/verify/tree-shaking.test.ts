// An app that never verifies must not load the verification code: aws-jwt-verify and src/verify/
// sit behind import() in a chunk of their own. Checked on a real esbuild split build of the source.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allInputs, eagerInputs, isLazyCode, splitBuild } from '../support/split-build.js';

const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

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
    expect(eager.filter(isLazyCode)).toEqual([]);
    // …while the lazy chunk does hold them.
    expect(allInputs(metafile).some((input) => input.includes('aws-jwt-verify'))).toBe(true);
    expect(allInputs(metafile).some((input) => input.endsWith('src/verify/claims.ts'))).toBe(true);
  });
});
