// Regression tests for transport bugs found by the first hardening pass. Each test failed before
// its fix; its name says what broke.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode } from '../../src/index.js';
import { parseWwwAuthenticate } from '../../src/network/transport.js';
import { VERIFIER } from '../support/nock.js';

const TOKEN_BODY = JSON.stringify({ access_token: 'eyJraWQiOiJhIn0.e30.c2ln', token_type: 'Bearer', expires_in: 3600 });

function stubClient(body: string, options: { timeout?: number; status?: number } = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: 'auth.example.com',
    clientId: 'abc123example',
    redirectUri: 'https://app.example.com/cb',
    retries: 0,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    fetch: async () => new Response(body, { status: options.status ?? 200, headers: { 'content-type': 'application/json' } }),
  });
}

async function failure(promise: Promise<unknown>): Promise<CognitoOAuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CognitoOAuthError) return error;
    throw error;
  }
  throw new Error('expected a CognitoOAuthError');
}


describe('timeout beyond what setTimeout can hold', () => {
  it('is refused by the constructor with a TypeError naming timeout (it used to fail every request with NETWORK_ERROR)', () => {
    for (const timeout of [2_147_483_648, 3_000_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(() => stubClient(TOKEN_BODY, { timeout })).toThrow(TypeError);
      expect(() => stubClient(TOKEN_BODY, { timeout })).toThrow(/timeout/);
    }
  });

  it('accepts the largest timeout setTimeout holds, and requests then work', async () => {
    const tokens = await stubClient(TOKEN_BODY, { timeout: 2_147_483_647 }).exchangeCode({ code: 'c', codeVerifier: VERIFIER });
    expect(tokens.accessToken).toBe('eyJraWQiOiJhIn0.e30.c2ln');
  });
});

describe('a truncated token body', () => {
  // V8's SyntaxError message quotes the JSON around the fault; it used to hang off the error as `cause`.
  it.each([
    ['a bare token as the whole body', 'tok9Q2x'],
    ['an unquoted token at the end', '{"access_token":tokZ81mQ}'],
    ['an unquoted token in the middle', '{"expires_in":3600,"access_token":rt4Kp7Zq,"x":1}'],
  ])('leaves no part of a token in the error (%s)', async (_label, body) => {
    const error = await failure(stubClient(body).exchangeCode({ code: 'c', codeVerifier: VERIFIER }));
    expect(error.code).toBe(ErrorCode.INVALID_RESPONSE);
    const printed = [error.message, error.stack, String(error.cause), inspect(error, { depth: Infinity }), JSON.stringify(error)].join('\n');
    for (const fragment of ['tok9Q2x', 'rt4Kp7Zq', 'tokZ81mQ']) expect(printed).not.toContain(fragment);
  });
});

describe('WWW-Authenticate parsing of hostile headers', () => {
  // The name pattern used to restart inside every run of letters: 64 kB took 6 s, 256 kB minutes.
  it.each([
    ['letters', 'a'.repeat(262_144), {}],
    ['dashes', '-'.repeat(262_144), {}],
    ['unclosed quotes', `x="${'a= '.repeat(87_381)}`, { x: '"a=', a: 'a=' }],
    ['escapes', `k="${'\\a'.repeat(131_072)}`, { k: `"${'\\a'.repeat(131_072)}` }],
  ])('reads a 256 kB header of %s to what it says', (_label, header, expected) => {
    expect({ ...parseWwwAuthenticate(header) }).toEqual(expected);
  });

  /** The best time per call over three rounds of `reps` calls, in milliseconds. */
  function perCall(header: string, reps: number): number {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round += 1) {
      const start = performance.now();
      for (let i = 0; i < reps; i += 1) parseWwwAuthenticate(header);
      best = Math.min(best, (performance.now() - start) / reps);
    }
    return best;
  }

  // A time bound without a clock budget: 16 times the input must cost about 16 times the time
  // (linear), not 256 times (quadratic). 64 leaves room for a noisy shared machine.
  it.each([
    ['letters', (n: number) => 'a'.repeat(n)],
    ['dashes', (n: number) => '-'.repeat(n)],
    ['letters and equals signs', (n: number) => 'a=a'.repeat(n / 3)],
    ['unclosed quotes', (n: number) => `x="${'a= '.repeat(n / 3)}`],
  ])('regression: parses %s in linear time (16x the input, well under 64x the time)', (_label, make) => {
    perCall(make(16_384), 1); // warm up the regular expression
    const ratio = perCall(make(16_384), 2) / perCall(make(1_024), 400);
    expect(ratio).toBeLessThan(64);
  });

  it('still reads error and error_description, bare or after Bearer', () => {
    expect(parseWwwAuthenticate('Bearer realm="x", error="invalid_token", error_description="The access token expired"')).toMatchObject({
      error: 'invalid_token',
      error_description: 'The access token expired',
    });
    expect(parseWwwAuthenticate('error="invalid_request",error_description="a \\"quoted\\" word"')).toMatchObject({
      error: 'invalid_request',
      error_description: 'a "quoted" word',
    });
  });
});

describe('a custom fetch that resolves to something other than a Response', () => {
  // ky wrapped `{}` in an HTTPError and toSdkError read `response.headers.get` off it: an untyped TypeError.
  it.each([[{}], [{ ok: false, status: 500 }], [{ ok: true, status: 200 }], [null], ['<html>']])('%j becomes NETWORK_ERROR', async (value) => {
    const client = new CognitoOAuthClient({
      domain: 'auth.example.com',
      clientId: 'abc123example',
      redirectUri: 'https://app.example.com/cb',
      retries: 0,
      fetch: (async () => value) as unknown as typeof fetch,
    });
    const error = await failure(client.exchangeCode({ code: 'c', codeVerifier: VERIFIER }));
    expect(error.code).toBe(ErrorCode.NETWORK_ERROR);
  });
});

describe('WWW-Authenticate parameters named like Object.prototype members', () => {
  it('reads them as plain values', () => {
    const params = parseWwwAuthenticate('Bearer constructor="", toString=x, __proto__="y", error="invalid_token"');
    expect(params['constructor']).toBe('');
    expect(params['tostring']).toBe('x');
    expect(params['__proto__']).toBe('y');
    expect(params['error']).toBe('invalid_token');
    expect(Object.getPrototypeOf(params)).toBeNull();
  });
});

describe('userInfo throttled with a Retry-After longer than the timeout', () => {
  // ky capped the pause at `timeout` and retried anyway: Retry-After: 3600 meant two more requests
  // to a throttled endpoint within seconds. Now the 429 comes back at once.
  it.each(['3600', new Date(Date.now() + 3_600_000).toUTCString()])('is not retried (Retry-After: %s)', async (retryAfter) => {
    let requests = 0;
    const client = new CognitoOAuthClient({
      domain: 'auth.example.com',
      clientId: 'abc123example',
      retries: 2,
      timeout: 1_000,
      fetch: async () => {
        requests++;
        return new Response('{"error":"too_many_requests"}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': retryAfter } });
      },
    });
    const error = await failure(client.fetchUserInfo('eyJra12345EXAMPLE'));
    expect(error).toMatchObject({ code: ErrorCode.OAUTH_ERROR, status: 429 });
    expect(requests).toBe(1);
  });
});

describe('userInfo identities of an undocumented shape', () => {
  // Found by `npm run test:fuzz` (seed 20261126, run 70,765): `identities: 1.5` came back as a number
  // although UserInfo promises a list of identities or its string form.
  it.each<[string, unknown, unknown]>([
    ['a number', 1.5, '1.5'],
    ['null', null, 'null'],
    ['an object', { providerName: 'Google' }, '{"providerName":"Google"}'],
    ['a list of non-objects', [1, 'a'], '[1,"a"]'],
    ['a list of lists', [[{}]], '[[{}]]'],
    ['a list of objects', [{ providerName: 'Google' }], [{ providerName: 'Google' }]],
    ['the string form of a list', '[{"providerName":"Google"}]', [{ providerName: 'Google' }]],
    ['a string that is no list', 'Google', 'Google'],
  ])('%s is kept with the documented type', async (_label, identities, expected) => {
    const client = new CognitoOAuthClient({
      domain: 'auth.example.com',
      clientId: 'abc123example',
      retries: 0,
      fetch: async () => new Response(JSON.stringify({ sub: 's', identities }), { headers: { 'content-type': 'application/json' } }),
    });
    expect((await client.fetchUserInfo('eyJra12345EXAMPLE')).identities).toEqual(expected);
  });
});
