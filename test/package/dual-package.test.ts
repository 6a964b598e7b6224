// The dual package hazard: an app (or its dependencies) may load both the ESM build and the CommonJS
// build of the SDK in one process. An error thrown by either copy must be `instanceof` the classes of
// both, so that `catch (e) { if (e instanceof OAuthError) … }` works whichever copy threw. Runs
// against the built files in dist/ (npm test builds first).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '..', '..', 'dist');

// A plain Node process, so that Node itself (not vitest's module runner) loads both builds.
const SCRIPT = `
import { createRequire } from 'node:module';
const esm = await import(${JSON.stringify(path.join(DIST, 'index.js'))});
const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(DIST, 'index.cjs'))});
const failure = (fn) => { try { fn(); } catch (error) { return error; } throw new Error('no error'); };
const callback = 'https://app.example.com/cb?error=access_denied&state=s1';
const out = {};
for (const [name, from] of [['esm', esm], ['cjs', cjs]]) {
  const client = new from.CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
  const oauth = failure(() => client.parseCallback(callback, { expectedState: 's1' }));
  const mismatch = failure(() => client.parseCallback('https://app.example.com/cb?code=c&state=s2', { expectedState: 's1' }));
  out[name] = {
    distinctClasses: from.CognitoOAuthError !== (name === 'esm' ? cjs : esm).CognitoOAuthError,
    oauthIsEsmOAuthError: oauth instanceof esm.OAuthError,
    oauthIsCjsOAuthError: oauth instanceof cjs.OAuthError,
    oauthIsEsmBase: oauth instanceof esm.CognitoOAuthError,
    oauthIsCjsBase: oauth instanceof cjs.CognitoOAuthError,
    oauthIsError: oauth instanceof Error,
    mismatchIsEsmBase: mismatch instanceof esm.CognitoOAuthError,
    mismatchIsCjsBase: mismatch instanceof cjs.CognitoOAuthError,
    mismatchIsEsmOAuthError: mismatch instanceof esm.OAuthError,
    mismatchIsCjsOAuthError: mismatch instanceof cjs.OAuthError,
    name: oauth.name,
  };
}
class Mine extends esm.CognitoOAuthError {}
out.subclass = {
  mineIsMine: new Mine('X', 'x') instanceof Mine,
  baseIsNotMine: new cjs.CognitoOAuthError('X', 'x') instanceof Mine,
  mineIsCjsBase: new Mine('X', 'x') instanceof cjs.CognitoOAuthError,
};
out.plain = { errorIsBase: new Error('x') instanceof esm.CognitoOAuthError, lookalike: { name: 'CognitoOAuthError', code: 'X' } instanceof cjs.CognitoOAuthError };
console.log(JSON.stringify(out));
`;

describe('errors across the ESM and CommonJS builds', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 60_000 });
  const result = JSON.parse(run.stdout.trim() || '{}') as Record<string, Record<string, boolean | string>>;

  it('loads both builds in one process', () => {
    expect(run.stderr).toBe('');
    expect(result['esm']?.['distinctClasses']).toBe(true);
  });

  it.each(['esm', 'cjs'])('an error thrown by the %s build is an instance of both builds\' classes', (build) => {
    expect(result[build]).toEqual({
      distinctClasses: true,
      oauthIsEsmOAuthError: true,
      oauthIsCjsOAuthError: true,
      oauthIsEsmBase: true,
      oauthIsCjsBase: true,
      oauthIsError: true,
      mismatchIsEsmBase: true,
      mismatchIsCjsBase: true,
      mismatchIsEsmOAuthError: false,
      mismatchIsCjsOAuthError: false,
      name: 'OAuthError',
    });
  });

  it('keeps the ordinary check for a subclass of your own, and refuses look-alikes', () => {
    expect(result['subclass']).toEqual({ mineIsMine: true, baseIsNotMine: false, mineIsCjsBase: true });
    expect(result['plain']).toEqual({ errorIsBase: false, lookalike: false });
  });
});
