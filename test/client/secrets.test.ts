// No client secret, code, verifier or token may appear in an error's message, stack or any
// enumerable field, whatever went wrong. A raw Response may only hang off an error non-enumerably.
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError } from '../../src/index.js';
import { DOMAIN, rejectionOf } from '../support/nock.js';

const SECRET = 'S3cr3t-client-secret-value';
const CODE = 'C0de-9f8e7d6c-authorization-code';
const VERIFIER = 'V3rifier-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789';
const REFRESH = 'R3fresh-token-eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0';
const ACCESS = 'Acc3ss-token-eyJraWQiOiIxMjM0ZXhhbXBsZT0ifQ';
const BASIC = Buffer.from(`client1:${SECRET}`).toString('base64');
const SENSITIVE = [SECRET, CODE, VERIFIER, REFRESH, ACCESS, BASIC];

function client(options: { timeout?: number; clientAuthMethod?: 'client_secret_post' } = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({ domain: DOMAIN, clientId: 'client1', clientSecret: SECRET, redirectUri: 'https://app.example.com/cb', retries: 0, ...options });
}

/** Everything a logger or an error reporter could print about an error. */
function printable(error: unknown): string {
  const e = error as Error;
  const own = Object.fromEntries(Object.entries(e));
  return [e.message, e.stack, JSON.stringify(e), JSON.stringify(own), inspect(e, { depth: 6, showHidden: false }), String(e)].join('\n');
}

function expectClean(error: unknown): void {
  expect(error).toBeInstanceOf(CognitoOAuthError);
  const text = printable(error);
  for (const value of SENSITIVE) expect(text).not.toContain(value);
  const descriptor = Object.getOwnPropertyDescriptor(error, 'response');
  if (descriptor) expect(descriptor.enumerable).toBe(false);
}

const calls = {
  exchangeCode: (c: CognitoOAuthClient) => c.exchangeCode({ code: CODE, codeVerifier: VERIFIER }),
  refreshTokens: (c: CognitoOAuthClient) => c.refreshTokens(REFRESH),
  revokeToken: (c: CognitoOAuthClient) => c.revokeToken(REFRESH),
  fetchUserInfo: (c: CognitoOAuthClient) => c.fetchUserInfo(ACCESS),
  clientCredentials: (c: CognitoOAuthClient) => c.clientCredentials({ scopes: ['api/read'] }),
};
const endpoint = { exchangeCode: 'token', refreshTokens: 'token', revokeToken: 'revoke', fetchUserInfo: 'userInfo', clientCredentials: 'token' } as const;

function intercept(name: keyof typeof calls): nock.Interceptor {
  const scope = nock(DOMAIN);
  return endpoint[name] === 'userInfo' ? scope.get('/oauth2/userInfo') : scope.post(`/oauth2/${endpoint[name]}`);
}

// Each failure, the code every method must turn it into, and how to provoke it.
const failures: [string, string, (i: nock.Interceptor) => void][] = [
  ['an OAuth error body', 'OAUTH_ERROR', (i) => i.reply(400, { error: 'invalid_grant', error_description: 'bad' }, { 'content-type': 'application/json' })],
  ['a WWW-Authenticate challenge', 'OAUTH_ERROR', (i) => i.reply(401, '', { 'www-authenticate': 'Bearer error="invalid_token"' })],
  ['an HTML 502 page', 'HTTP_ERROR', (i) => i.reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' })],
  ['a 200 that is not JSON', 'INVALID_RESPONSE', (i) => i.reply(200, 'Sign in', { 'content-type': 'text/html' })],
  ['a 200 of the wrong shape', 'INVALID_RESPONSE', (i) => i.reply(200, { unexpected: true })],
  // JSON.parse's SyntaxError quotes the text around the fault: a cut-off body must not leak through it.
  [
    'a 200 cut off inside a token',
    'INVALID_RESPONSE',
    (i) => i.reply(200, `{"access_token":"${ACCESS}","refresh_token":"${REFRESH}`, { 'content-type': 'application/json' }),
  ],
  [
    'a 200 whose fields have the wrong types',
    'INVALID_RESPONSE',
    (i) => i.reply(200, { access_token: ACCESS, token_type: 'Bearer', expires_in: ACCESS, sub: 7 }),
  ],
  ['a redirect', 'UNEXPECTED_REDIRECT', (i) => i.reply(302, '', { location: 'https://evil.example.com/' })],
  ['a network error', 'NETWORK_ERROR', (i) => i.replyWithError(new Error('socket hang up'))],
  ['a timeout', 'TIMEOUT', (i) => i.delay(2_500).reply(200, {})],
];

describe.each(Object.keys(calls) as (keyof typeof calls)[])('%s: every failure has its code and carries no secret', (name) => {
  // The revoke endpoint's success has an empty body, so a 200 of any kind is no failure there.
  const cases = name === 'revokeToken' ? failures.filter(([label]) => !label.startsWith('a 200')) : failures;
  it.each(cases)('on %s: %s', async (_label, code, reply) => {
    reply(intercept(name));
    // Only the timeout case gets a short timeout (the others could be cut off on a loaded machine),
    // and its reply comes well after it.
    const error = await rejectionOf(calls[name](client(code === 'TIMEOUT' ? { timeout: 1_000 } : {})));
    expectClean(error);
    expect((error as CognitoOAuthError).code).toBe(code);
  });

  it('with client_secret_post', async () => {
    intercept(name).reply(400, { error: 'invalid_client' }, { 'content-type': 'application/json' });
    expectClean(await rejectionOf(calls[name](client({ clientAuthMethod: 'client_secret_post' }))));
  });
});

describe('callback errors carry no code', () => {
  it.each([
    `https://app.example.com/cb?code=${CODE}&state=forged`,
    `https://app.example.com/cb?code=${CODE}`,
    `https://app.example.com/cb?code=${CODE}&code=${CODE}&state=s`,
  ])('%s', (url) => {
    let error: unknown;
    try {
      client().parseCallback(url, { expectedState: 's' });
    } catch (e) {
      error = e;
    }
    expectClean(error);
  });
});

describe('TypeErrors for bad arguments carry no secret', () => {
  it('exchangeCode with a malformed verifier does not echo it or the code', async () => {
    const error = await rejectionOf(client().exchangeCode({ code: CODE, codeVerifier: `${VERIFIER}!!` }));
    expect(error).toBeInstanceOf(TypeError);
    expect(printable(error)).not.toContain(CODE);
    expect(printable(error)).not.toContain(VERIFIER);
  });
});
