// A page that only calls session.signIn() loads no ky or zod: CognitoSession sits in the class chunk
// and reaches the network half only through the client's lazy import(). Checked on a real esbuild
// split build of the source.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allInputs, eagerInputs, isLazyCode, splitBuild } from '../support/split-build.js';

const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const sessionEntry = fileURLToPath(new URL('../../src/session.ts', import.meta.url));

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
    expect(eager.filter(isLazyCode)).toEqual([]);
    // …while the lazy chunks hold them.
    expect(allInputs(metafile).filter(isLazyCode).length).toBeGreaterThan(0);
  });
});
