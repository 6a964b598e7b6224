// Regression tests for what the second security review found in the transport. Each failed before
// its fix; its name says what broke.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, type FetchLike } from '../../src/index.js';
import { VERIFIER } from '../support/nock.js';
import { rejectionOf } from '../support/outcomes.js';

const TOKEN_JSON = JSON.stringify({ access_token: 'eyJra12345EXAMPLE', token_type: 'Bearer', expires_in: 3600 });

function client(fetch: FetchLike, options: { timeout?: number; maxResponseBytes?: number } = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: 'auth.example.com',
    clientId: 'webclient1',
    redirectUri: 'https://app.example.com/callback',
    retries: 0,
    fetch,
    ...options,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('maxResponseBytes bounds what is inflated, not what the headers declare', () => {
  it('stops reading a body that inflates past the cap although Content-Length (all a CORS response shows) is small', async () => {
    // What a browser hands a SPA for a cross-origin gzip response: Content-Length is the compressed
    // size, Content-Encoding is hidden, and the stream yields the inflated bytes.
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let produced = 0;
    let cancelled = false;
    const bomb: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            produced += chunk.byteLength;
            controller.enqueue(chunk);
            if (produced >= 64 * 1024 * 1024) controller.close();
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 200, headers: { 'content-length': '400000', 'content-type': 'application/json' } },
      );
    const error = await rejectionOf(client(bomb, { maxResponseBytes: 1_048_576 }).exchangeCode({ code: 'c0de', codeVerifier: VERIFIER }));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.RESPONSE_TOO_LARGE);
    // It stopped within a chunk or two of the cap (a stream may have one chunk queued ahead), and hung up.
    expect(produced).toBeLessThanOrEqual(1_048_576 + 3 * chunk.byteLength);
    expect(cancelled).toBe(true);
  });

  it('still refuses a declared Content-Length over the cap before reading a byte', async () => {
    let pulled = 0;
    const big: FetchLike = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled += 1;
            controller.enqueue(new Uint8Array(16));
          },
        }),
        { status: 200, headers: { 'content-length': String(5 * 1024 * 1024) } },
      );
    const error = await rejectionOf(client(big).exchangeCode({ code: 'c0de', codeVerifier: VERIFIER }));
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.RESPONSE_TOO_LARGE);
    // ReadableStream pulls once on its own to fill its queue; the SDK read nothing past that.
    expect(pulled).toBeLessThanOrEqual(1);
  });
});

describe('an access token with a line break or NUL never reaches a header', () => {
  it.each([
    ['a line break (a wrapped copy)', 'eyJraWQiOi\nJhYmMifQ.e30.c2ln'],
    ['a NUL', 'eyJraWQiOiJhYmMifQ.e30.c2ln\u0000'],
    ['a space', 'Bearer eyJraWQiOiJhYmMifQ.e30.c2ln'],
  ])('is refused with a TypeError before any request: %s', async (_what, token) => {
    const fetch = vi.fn<FetchLike>();
    const error = await rejectionOf(client(fetch).fetchUserInfo(token));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(fetch).not.toHaveBeenCalled();
    expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain('eyJraWQiOi');
  });
});

describe('a platform error that quotes a header the SDK sent is not kept as the cause', () => {
  it('drops the cause of NETWORK_ERROR when it repeats the Authorization value', async () => {
    const token = 'eyJraWQiOiJhYmMifQ.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    const quoting: FetchLike = async (input, init) => {
      const authorization = new Headers(input instanceof Request ? input.headers : init?.headers).get('authorization');
      throw new TypeError(`Invalid header value: "${authorization}"`, { cause: new Error(`header ${authorization}`) });
    };
    const error = await rejectionOf(client(quoting).fetchUserInfo(token));
    expect(error).toMatchObject({ code: ErrorCode.NETWORK_ERROR });
    expect((error as Error).cause).toBeUndefined();
    expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain(token);
  });

  it('keeps the cause when it quotes nothing the SDK sent (a DNS failure), so it can be debugged', async () => {
    const dns = new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND auth.example.com') });
    const error = await rejectionOf(client(async () => Promise.reject(dns)).fetchUserInfo('eyJraWQiOiJhYmMifQ.e30.c2ln'));
    expect(error).toMatchObject({ code: ErrorCode.NETWORK_ERROR });
    expect((error as Error).cause).toBe(dns);
  });
});

describe('one deadline per attempt: the headers and the body share the timeout', () => {
  it('fails when the body has not arrived by the end of the timeout counted from the request, not from the headers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // Headers after 400 ms, then a body that never comes.
    const slow: FetchLike = () =>
      new Promise((resolve) => {
        setTimeout(() => resolve(new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 200 })), 400);
      });
    const outcome = rejectionOf(client(slow, { timeout: 600 }).exchangeCode({ code: 'c0de', codeVerifier: VERIFIER }));
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(550);
    expect(settled).toBe(false);
    // 650 ms after the request: past its 600 ms deadline. Before the fix the body got a fresh
    // 600 ms of its own and would still be waiting here (until 1000 ms).
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe(true);
    const error = await outcome;
    expect(error).toMatchObject({ code: ErrorCode.TIMEOUT, message: 'The token endpoint did not answer within 600 ms' });
  });

  it('still reads a body that arrives in time after slow headers', async () => {
    const late: FetchLike = () => new Promise((resolve) => setTimeout(() => resolve(new Response(TOKEN_JSON, { status: 200 })), 50));
    await expect(client(late, { timeout: 2_000 }).exchangeCode({ code: 'c0de', codeVerifier: VERIFIER })).resolves.toMatchObject({
      accessToken: 'eyJra12345EXAMPLE',
    });
  });
});
