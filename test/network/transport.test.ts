// Transport behaviour every method shares (src/network/transport.ts): timeouts, aborts, network failures,
// redirects, the body size cap, and which fetch is used.
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthError, ErrorCode } from '../../src/index.js';
import { AWS_BASIC, DOMAIN, FORM, TOKEN_BODY, VERIFIER, confidentialClient, publicClient, rejectionOf } from '../support/nock.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const exchange = (client = publicClient()) => client.exchangeCode({ code: 'c', codeVerifier: VERIFIER });

function codeOf(error: unknown): string {
  expect(error).toBeInstanceOf(CognitoOAuthError);
  return (error as CognitoOAuthError).code;
}

describe('timeout', () => {
  it('fails with TIMEOUT when the headers come later than `timeout`', async () => {
    nock(DOMAIN).post('/oauth2/token').delay(1_000).reply(200, TOKEN_BODY);
    const error = await rejectionOf(exchange(publicClient({ timeout: 50 })));
    expect(codeOf(error)).toBe(ErrorCode.TIMEOUT);
    expect((error as Error).message).toMatch(/50 ms/);
  });

  it('fails a GET userInfo with TIMEOUT and does not retry it (retries: 0)', async () => {
    nock(DOMAIN).get('/oauth2/userInfo').delay(1_000).reply(200, { sub: 's' });
    expect(codeOf(await rejectionOf(publicClient({ timeout: 50, retries: 0 }).fetchUserInfo('at')))).toBe(ErrorCode.TIMEOUT);
  });

  it('fails with TIMEOUT when the body stalls after the headers', async () => {
    const fetch = async (): Promise<Response> =>
      new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"access_')) }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    expect(codeOf(await rejectionOf(exchange(publicClient({ fetch, timeout: 50 }))))).toBe(ErrorCode.TIMEOUT);
  });
});

describe('AbortSignal', () => {
  it('fails with ABORTED when the signal fires during the request', async () => {
    nock(DOMAIN).post('/oauth2/token').delay(1_000).reply(200, TOKEN_BODY);
    const controller = new AbortController();
    const pending = publicClient().exchangeCode({ code: 'c', codeVerifier: VERIFIER, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 20);
    const error = await rejectionOf(pending);
    expect(codeOf(error)).toBe(ErrorCode.ABORTED);
    expect(((error as Error).cause as Error).message).toBe('user left');
  });

  it.each([
    ['exchangeCode', (signal: AbortSignal) => publicClient().exchangeCode({ code: 'c', codeVerifier: VERIFIER, signal })],
    ['refreshTokens', (signal: AbortSignal) => publicClient().refreshTokens('rt', { signal })],
    ['fetchUserInfo', (signal: AbortSignal) => publicClient({ retries: 2 }).fetchUserInfo('at', { signal })],
    ['revokeToken', (signal: AbortSignal) => publicClient().revokeToken('rt', { signal })],
    ['clientCredentials', (signal: AbortSignal) => confidentialClient().clientCredentials({ signal })],
  ])('%s fails with ABORTED for an already aborted signal', async (_name, call) => {
    // No interceptor and net connect disabled: a request that went out would be NETWORK_ERROR.
    expect(codeOf(await rejectionOf(call(AbortSignal.abort())))).toBe(ErrorCode.ABORTED);
  });

  it('fails with ABORTED when the signal fires while the body is read', async () => {
    const controller = new AbortController();
    const fetch = async (): Promise<Response> => {
      setTimeout(() => controller.abort(), 20);
      return new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{')) }), { status: 200 });
    };
    const error = await rejectionOf(publicClient({ fetch }).exchangeCode({ code: 'c', codeVerifier: VERIFIER, signal: controller.signal }));
    expect(codeOf(error)).toBe(ErrorCode.ABORTED);
  });
});

describe('regression: an abort between the headers and the body was NETWORK_ERROR', () => {
  // undici errors the body stream when the signal aborts; an abort right after the headers came
  // (before the body reader listened) surfaced as NETWORK_ERROR "body could not be read".
  it('is ABORTED when the signal fires as the headers arrive and fetch then errors the body', async () => {
    const controller = new AbortController();
    const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const body = new ReadableStream({
        start(stream) {
          signal?.addEventListener('abort', () => stream.error(new DOMException('This operation was aborted', 'AbortError')));
        },
      });
      queueMicrotask(() => controller.abort(new Error('user left')));
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const error = await rejectionOf(publicClient({ fetch }).exchangeCode({ code: 'c', codeVerifier: VERIFIER, signal: controller.signal }));
    expect(codeOf(error)).toBe(ErrorCode.ABORTED);
    expect(((error as Error).cause as Error).message).toBe('user left');
  });

  it('is ABORTED, not a success, when a fetch that ignores the signal answers after the abort', async () => {
    const controller = new AbortController();
    const fetch = async (): Promise<Response> => {
      controller.abort();
      return Response.json(TOKEN_BODY);
    };
    const error = await rejectionOf(publicClient({ fetch }).exchangeCode({ code: 'c', codeVerifier: VERIFIER, signal: controller.signal }));
    expect(codeOf(error)).toBe(ErrorCode.ABORTED);
  });
});

describe('network failures', () => {
  it('maps a connection error to NETWORK_ERROR with the cause kept', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    nock(DOMAIN).post('/oauth2/token').replyWithError(cause);
    const error = await rejectionOf(exchange());
    expect(codeOf(error)).toBe(ErrorCode.NETWORK_ERROR);
    expect((error as Error).cause).toBe(cause);
  });

  it('maps an undici-style TypeError("fetch failed") from a custom fetch to NETWORK_ERROR, not a raw TypeError', async () => {
    const fetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND') });
    };
    const error = await rejectionOf(exchange(publicClient({ fetch })));
    expect(codeOf(error)).toBe(ErrorCode.NETWORK_ERROR);
    expect(error).not.toBeInstanceOf(TypeError);
  });

  it('maps a host nobody answers for (net connect disabled) to NETWORK_ERROR', async () => {
    expect(codeOf(await rejectionOf(exchange()))).toBe(ErrorCode.NETWORK_ERROR);
  });

  it('maps a body that breaks off to NETWORK_ERROR', async () => {
    const fetch = async (): Promise<Response> =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"a":'));
            controller.error(new Error('socket hang up'));
          },
        }),
        { status: 200 },
      );
    expect(codeOf(await rejectionOf(exchange(publicClient({ fetch }))))).toBe(ErrorCode.NETWORK_ERROR);
  });
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('does not follow a %i from the token endpoint', async (status) => {
    // Net connect is disabled: following the Location would fail with NETWORK_ERROR instead.
    nock(DOMAIN).post('/oauth2/token').reply(status, '', { location: 'https://evil.example.com/steal' });
    const error = await rejectionOf(confidentialClient().exchangeCode({ code: 'c', codeVerifier: VERIFIER }));
    expect(codeOf(error)).toBe(ErrorCode.UNEXPECTED_REDIRECT);
  });

  it('does not follow a redirect from userInfo and does not retry it', async () => {
    nock(DOMAIN)
      .get('/oauth2/userInfo')
      .reply(302, '', { location: `${DOMAIN}/login` });
    expect(codeOf(await rejectionOf(publicClient({ retries: 2 }).fetchUserInfo('at')))).toBe(ErrorCode.UNEXPECTED_REDIRECT);
  });

  it('asks fetch not to follow redirects', async () => {
    const fetch = vi.fn(async (_input: Request | string | URL, _init?: RequestInit) => Response.json(TOKEN_BODY));
    await exchange(publicClient({ fetch }));
    const [input, init] = fetch.mock.calls[0]!;
    expect(input instanceof Request ? input.redirect : init?.redirect).toBe('manual');
  });

  it('treats an opaque redirect (browsers with redirect: manual) as UNEXPECTED_REDIRECT', async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    Object.defineProperty(opaque, 'status', { value: 0 });
    Object.defineProperty(opaque, 'ok', { value: false });
    const fetch = async (): Promise<Response> => opaque;
    expect(codeOf(await rejectionOf(exchange(publicClient({ fetch }))))).toBe(ErrorCode.UNEXPECTED_REDIRECT);
  });
});

describe('maxResponseBytes', () => {
  it('fails with RESPONSE_TOO_LARGE on a declared content-length above the cap', async () => {
    const body = JSON.stringify({ ...TOKEN_BODY, padding: 'x'.repeat(2_000) });
    nock(DOMAIN)
      .post('/oauth2/token')
      .reply(200, body, { 'content-type': 'application/json', 'content-length': String(body.length) });
    expect(codeOf(await rejectionOf(exchange(publicClient({ maxResponseBytes: 1_000 }))))).toBe(ErrorCode.RESPONSE_TOO_LARGE);
  });

  it('fails with RESPONSE_TOO_LARGE on a streamed body without content-length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(600));
    let pulls = 0;
    const fetch = async (): Promise<Response> =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulls += 1;
            if (pulls > 100) controller.close();
            else controller.enqueue(chunk);
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    expect(codeOf(await rejectionOf(exchange(publicClient({ fetch, maxResponseBytes: 1_000 }))))).toBe(ErrorCode.RESPONSE_TOO_LARGE);
    // It stopped reading soon after the cap instead of draining the stream.
    expect(pulls).toBeLessThan(10);
  });

  it('reads a body of exactly maxResponseBytes', async () => {
    const body = JSON.stringify(TOKEN_BODY);
    nock(DOMAIN).post('/oauth2/token').reply(200, body, { 'content-type': 'application/json' });
    expect((await exchange(publicClient({ maxResponseBytes: body.length }))).accessToken).toBe(TOKEN_BODY.access_token);
  });

  it('still reports an oversized error page as an HTTP error', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(502, 'x'.repeat(5_000), { 'content-type': 'text/html' });
    expect(codeOf(await rejectionOf(exchange(publicClient({ maxResponseBytes: 1_000 }))))).toBe(ErrorCode.HTTP_ERROR);
  });
});

describe('which fetch', () => {
  it('uses the fetch option and not the global fetch', async () => {
    const global = vi.fn(async () => Response.json({}));
    vi.stubGlobal('fetch', global);
    const seen: { url: string; method: string; body: string }[] = [];
    const fetch = vi.fn(async (input: Request | string | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, method: request.method, body: await request.text() });
      return Response.json(TOKEN_BODY);
    });

    await exchange(publicClient({ fetch }));

    expect(global).not.toHaveBeenCalled();
    expect(seen).toStrictEqual([
      {
        url: `${DOMAIN}/oauth2/token`,
        method: 'POST',
        body: `grant_type=authorization_code&client_id=djc98u3jiedmi283eu928&code=c&redirect_uri=${encodeURIComponent(
          'com.myclientapp://myclient/redirect',
        )}&code_verifier=${VERIFIER}`,
      },
    ]);
  });

  it('looks the global fetch up per request: one installed after the client was built is used', async () => {
    const client = publicClient();
    const replacement = vi.fn(async () => Response.json({ sub: 'late' }));
    vi.stubGlobal('fetch', replacement);

    expect((await client.fetchUserInfo('at')).sub).toBe('late');
    expect(replacement).toHaveBeenCalledTimes(1);

    const second = vi.fn(async () => Response.json({ sub: 'later' }));
    vi.stubGlobal('fetch', second);
    expect((await client.fetchUserInfo('at')).sub).toBe('later');
    expect(second).toHaveBeenCalledTimes(1);
  });
});

describe('what a custom fetch receives', () => {
  // Regression: ky cancelled the body of the Request it had handed over once the response came, so
  // a test double that kept the Request and read it afterwards got "Body has already been read".
  it('gets one complete Request for a POST, whose form body can still be read after the answer', async () => {
    const calls: unknown[][] = [];
    const fetch = async (...args: unknown[]): Promise<Response> => {
      calls.push(args);
      return Response.json(TOKEN_BODY);
    };
    await confidentialClient({ fetch }).exchangeCode({ code: 'c', codeVerifier: VERIFIER });
    expect(calls).toHaveLength(1);
    const [input, init] = calls[0]!;
    // Some custom fetches read only the Request; nothing may hang on `init`.
    expect(init ?? {}).toStrictEqual({});
    expect(input).toBeInstanceOf(Request);
    const request = input as Request;
    expect(request.method).toBe('POST');
    expect(request.redirect).toBe('manual');
    expect(request.signal).toBeInstanceOf(AbortSignal);
    expect(request.headers.get('accept')).toBe('application/json');
    expect(request.headers.get('authorization')).toBe(AWS_BASIC);
    expect(request.headers.get('content-type')).toMatch(FORM);
    expect(Object.fromEntries(new URLSearchParams(await request.text()))).toStrictEqual({
      grant_type: 'authorization_code',
      client_id: 'djc98u3jiedmi283eu928',
      code: 'c',
      redirect_uri: 'com.myclientapp://myclient/redirect',
      code_verifier: VERIFIER,
    });
  });

  it('gets one complete Request for a GET', async () => {
    const calls: unknown[][] = [];
    const fetch = async (...args: unknown[]): Promise<Response> => {
      calls.push(args);
      return Response.json({ sub: 's' });
    };
    await publicClient({ fetch }).fetchUserInfo('at');
    expect(calls).toHaveLength(1);
    const [input, init] = calls[0]!;
    expect(init ?? {}).toStrictEqual({});
    expect(input).toBeInstanceOf(Request);
    const request = input as Request;
    expect([request.method, request.redirect, request.headers.get('authorization'), request.body]).toStrictEqual([
      'GET',
      'manual',
      'Bearer at',
      null,
    ]);
  });
});

describe('regression: every POST teed its body and threw away a Node error (perf)', () => {
  // ky clones each request it sends; in Node that tees a request body's stream, and ky's clean-up
  // then cancels the body fetch has locked, which builds an ERR_INVALID_STATE TypeError per request.
  it('sends a form without teeing a body stream or cancelling a locked one', async () => {
    const tee = vi.spyOn(ReadableStream.prototype, 'tee');
    const cancel = vi.spyOn(ReadableStream.prototype, 'cancel');
    try {
      // Reads the body, locking it, as a real transport does. (nock would tee it itself.)
      const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
        await new Request(input, init).arrayBuffer();
        return Response.json(TOKEN_BODY);
      };
      await publicClient({ fetch }).exchangeCode({ code: 'c', codeVerifier: VERIFIER });
      vi.stubGlobal('fetch', fetch);
      await publicClient().refreshTokens('rt');
      expect(tee).not.toHaveBeenCalled();
      expect(cancel.mock.contexts.filter((stream) => (stream as ReadableStream).locked)).toStrictEqual([]);
    } finally {
      tee.mockRestore();
      cancel.mockRestore();
    }
  });
});

describe('retries run through ky only after the first attempt failed', () => {
  it('ends the pause before a userInfo retry with ABORTED when the caller aborts, after one request', async () => {
    const controller = new AbortController();
    const fetch = vi.fn(async (): Promise<Response> => {
      setTimeout(() => controller.abort(new Error('user left')), 20);
      return new Response('{"error":"unavailable"}', { status: 503, headers: { 'content-type': 'application/json' } });
    });
    const started = Date.now();
    const error = await rejectionOf(publicClient({ fetch, retries: 2 }).fetchUserInfo('at', { signal: controller.signal }));
    expect(codeOf(error)).toBe(ErrorCode.ABORTED);
    expect(((error as Error).cause as Error).message).toBe('user left');
    expect(fetch).toHaveBeenCalledTimes(1);
    // ky's first pause is 300 ms; the abort ended it.
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('sends the retry as a complete Request of its own, Authorization included', async () => {
    const requests: Request[] = [];
    const fetch = async (input: Request | string | URL): Promise<Response> => {
      requests.push(input as Request);
      return requests.length === 1 ? new Response('', { status: 502 }) : Response.json({ sub: 's' });
    };
    expect((await publicClient({ fetch, retries: 1 }).fetchUserInfo('at')).sub).toBe('s');
    expect(requests.map((request) => [request.method, request.redirect, request.headers.get('authorization')])).toStrictEqual([
      ['GET', 'manual', 'Bearer at'],
      ['GET', 'manual', 'Bearer at'],
    ]);
    expect(requests[0]).not.toBe(requests[1]);
  });
});
