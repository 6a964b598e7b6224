// Network faults from a real local server that misbehaves on purpose. For each fault: the typed
// error the caller gets, and how many requests were sent. The code exchange (and every POST) goes
// out exactly once, whatever happens; GET /oauth2/userInfo is retried within `retries`.
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError, type CognitoOAuthClientOptions } from '../../src/index.js';
import { startFaultyServer, type Fault, type FaultPlan, type FaultyServer } from '../support/faulty-server.js';
import { VERIFIER } from '../support/nock.js';

const CLIENT_ID = 'webclient1example23456789';
const CLIENT_SECRET = 'faulty-server-client-secret';
const CODE = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const BASIC = `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`;
const TOKEN_JSON = JSON.stringify({
  access_token: 'eyJra12345EXAMPLE',
  id_token: 'eyJra67890EXAMPLE',
  refresh_token: 'eyJj3EXAMPLE',
  token_type: 'Bearer',
  expires_in: 3600,
});
const USERINFO_JSON = JSON.stringify({ sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', email_verified: 'true' });
const PROXY_HTML = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

const servers: FaultyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(plan: FaultPlan | Fault): Promise<FaultyServer> {
  const server = await startFaultyServer(typeof plan === 'function' ? plan : () => plan);
  servers.push(server);
  return server;
}

function clientFor(server: FaultyServer, options: Partial<CognitoOAuthClientOptions> = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: server.origin,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: 'http://localhost:3000/callback',
    retries: 2,
    timeout: 2_000,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<CognitoOAuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CognitoOAuthError) return error;
    throw new Error(`expected a CognitoOAuthError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}

const exchange = (client: CognitoOAuthClient): Promise<unknown> => client.exchangeCode({ code: CODE, codeVerifier: VERIFIER });
const userInfo = (client: CognitoOAuthClient): Promise<unknown> => client.fetchUserInfo('eyJra12345EXAMPLE');

/** The code exchange as it must reach the server: one POST with Basic auth and the PKCE form. */
function expectCodeExchange(server: FaultyServer): void {
  expect(server.requests).toHaveLength(1);
  const [request] = server.requests;
  expect(request).toMatchObject({ method: 'POST', path: '/oauth2/token' });
  expect(request!.headers['authorization']).toBe(BASIC);
  expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    code: CODE,
    redirect_uri: 'http://localhost:3000/callback',
    code_verifier: VERIFIER,
  });
}

describe('connection reset', () => {
  it('fails the code exchange with NETWORK_ERROR after exactly one request', async () => {
    const server = await serve({ kind: 'reset' });
    const error = await failure(exchange(clientFor(server)));
    expect(error.code).toBe(ErrorCode.NETWORK_ERROR);
    expect(error.message).toMatch(/token request failed before an HTTP answer/);
    expectCodeExchange(server);
  });

  it('retries userInfo up to `retries` times, then fails with NETWORK_ERROR', async () => {
    const server = await serve({ kind: 'reset' });
    const error = await failure(userInfo(clientFor(server, { retries: 2 })));
    expect(error.code).toBe(ErrorCode.NETWORK_ERROR);
    expect(server.count('/oauth2/userInfo')).toBe(3);
  });

  it('lets userInfo succeed when a retry gets through', async () => {
    const server = await serve((_request, index) =>
      index === 0
        ? { kind: 'reset' }
        : { kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: USERINFO_JSON },
    );
    await expect(userInfo(clientFor(server, { retries: 1 }))).resolves.toMatchObject({ email_verified: true });
    expect(server.count()).toBe(2);
  });
});

describe('no answer within the timeout', () => {
  it('fails the code exchange with TIMEOUT after exactly one request', async () => {
    const server = await serve({ kind: 'silent' });
    const error = await failure(exchange(clientFor(server, { timeout: 300 })));
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    expect(error.message).toMatch(/did not answer within 300 ms/);
    expectCodeExchange(server);
  });

  it('does not retry userInfo after a timeout (the attempt budget is the timeout)', async () => {
    const server = await serve({ kind: 'silent' });
    const error = await failure(userInfo(clientFor(server, { timeout: 300, retries: 2 })));
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    expect(server.count()).toBe(1);
  });
});

describe('a body that stalls halfway', () => {
  it('fails the code exchange with TIMEOUT while reading the body, after one request', async () => {
    // Long enough for the headers to arrive on a busy machine; the body then stalls past it.
    const server = await serve({ kind: 'stall-body', status: 200, body: TOKEN_JSON });
    const error = await failure(exchange(clientFor(server, { timeout: 1_500 })));
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    expect(error.message).toBe('The token endpoint did not answer within 1500 ms');
    expectCodeExchange(server);
  });

  it('fails userInfo the same way, without a retry', async () => {
    const server = await serve({ kind: 'stall-body', status: 200, body: USERINFO_JSON });
    const error = await failure(userInfo(clientFor(server, { timeout: 1_500 })));
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    expect(server.count()).toBe(1);
  });

  it('is ABORTED when the caller aborts during the stall', async () => {
    const server = await serve({ kind: 'stall-body', status: 200, body: TOKEN_JSON });
    const controller = new AbortController();
    const pending = clientFor(server, { timeout: 5_000 }).exchangeCode({ code: CODE, codeVerifier: VERIFIER, signal: controller.signal });
    // Abort once the server has the request (and has sent half the body).
    for (let i = 0; i < 200 && server.count() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    controller.abort(new Error('user navigated away'));
    const error = await failure(pending);
    expect(error.code).toBe(ErrorCode.ABORTED);
    expect(server.count()).toBe(1);
  });
});

describe('HTML from a proxy', () => {
  it.each([502, 503])('fails the code exchange with HTTP_ERROR %i naming the content type, after one request', async (status) => {
    const server = await serve({ kind: 'reply', status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: PROXY_HTML });
    const error = await failure(exchange(clientFor(server)));
    expect(error.code).toBe(ErrorCode.HTTP_ERROR);
    expect(error.message).toBe(`The token endpoint answered HTTP ${status} (text/html) without an OAuth error`);
    expect(error).not.toBeInstanceOf(OAuthError);
    expectCodeExchange(server);
  });

  it.each([502, 503])('retries userInfo on %i up to `retries`, then fails with HTTP_ERROR', async (status) => {
    const server = await serve({ kind: 'reply', status, headers: { 'content-type': 'text/html', 'retry-after': '0' }, body: PROXY_HTML });
    const error = await failure(userInfo(clientFor(server, { retries: 2 })));
    expect(error.code).toBe(ErrorCode.HTTP_ERROR);
    expect(error.message).toMatch(new RegExp(`HTTP ${status} \\(text/html\\)`));
    expect(server.count()).toBe(3);
  });

  it('sends userInfo once with retries: 0', async () => {
    const server = await serve({ kind: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: PROXY_HTML });
    expect((await failure(userInfo(clientFor(server, { retries: 0 })))).code).toBe(ErrorCode.HTTP_ERROR);
    expect(server.count()).toBe(1);
  });
});

describe('429 with Retry-After', () => {
  const throttled: Fault = {
    kind: 'reply',
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': '1' },
    body: JSON.stringify({ error: 'too_many_requests' }),
  };

  it('never retries the code exchange: one request, and the OAuth error Cognito sent', async () => {
    const server = await serve(throttled);
    const error = await failure(exchange(clientFor(server)));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'too_many_requests', status: 429, source: 'token' });
    expectCodeExchange(server);
  });

  it('retries userInfo after the Retry-After delay and returns the claims', async () => {
    const server = await serve((_request, index) =>
      index === 0 ? throttled : { kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: USERINFO_JSON },
    );
    await expect(userInfo(clientFor(server, { retries: 2 }))).resolves.toMatchObject({ sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(server.count()).toBe(2);
  });

  it('does not wait for a Retry-After longer than the timeout: one request, the 429 error', async () => {
    const server = await serve({ ...throttled, headers: { 'content-type': 'application/json', 'retry-after': '3600' } });
    const error = await failure(userInfo(clientFor(server, { retries: 2, timeout: 2_000 })));
    expect(error).toMatchObject({ code: ErrorCode.OAUTH_ERROR, status: 429, source: 'userInfo' });
    expect(server.count()).toBe(1);
  });
});

describe('a 200 whose body is not JSON', () => {
  it('fails the code exchange with INVALID_RESPONSE after one request', async () => {
    const server = await serve({ kind: 'reply', status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' });
    const error = await failure(exchange(clientFor(server)));
    expect(error.code).toBe(ErrorCode.INVALID_RESPONSE);
    expect(error.message).toBe('The token response is not JSON (HTTP 200)');
    expectCodeExchange(server);
  });

  it('fails userInfo with INVALID_RESPONSE without a retry', async () => {
    const server = await serve({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: '{"sub":' });
    expect((await failure(userInfo(clientFor(server)))).code).toBe(ErrorCode.INVALID_RESPONSE);
    expect(server.count()).toBe(1);
  });
});

describe('a very large body', () => {
  // 64 MiB offered; the loopback socket buffers take a few MiB whatever the client does, so a
  // quarter of the body is far above what a client that hangs up at the cap lets through, and far
  // below what a client that reads everything takes.
  const BODY = 64 * 1024 * 1024;
  const STOPPED_EARLY = BODY / 4;

  it.each([true, false])(
    'fails with RESPONSE_TOO_LARGE past maxResponseBytes, and stops reading (Content-Length declared: %s)',
    async (declareLength) => {
      const server = await serve({ kind: 'huge', status: 200, bytes: BODY, declareLength, contentType: 'application/json' });
      const error = await failure(exchange(clientFor(server, { maxResponseBytes: 1_048_576 })));
      expect(error.code).toBe(ErrorCode.RESPONSE_TOO_LARGE);
      expect(error.message).toBe('The token response is larger than 1048576 bytes');
      expectCodeExchange(server);
      await server.settled();
      expect(server.bytesWritten).toBeLessThan(STOPPED_EARLY);
    },
  );

  it('stops reading an error page past the cap and reports the status', async () => {
    const server = await serve({ kind: 'huge', status: 502, bytes: BODY, declareLength: false, contentType: 'text/html' });
    const error = await failure(userInfo(clientFor(server, { retries: 0, maxResponseBytes: 65_536 })));
    expect(error.code).toBe(ErrorCode.HTTP_ERROR);
    expect(error.message).toMatch(/HTTP 502 \(text\/html\)/);
    expect(server.count()).toBe(1);
    await server.settled();
    expect(server.bytesWritten).toBeLessThan(STOPPED_EARLY);
  });

  it('reads a body just under the cap whole (the faulty server counts every byte it sends)', async () => {
    const server = await serve({ kind: 'huge', status: 200, bytes: 65_536, declareLength: false, contentType: 'application/json' });
    // 64 KiB of spaces is not a token response: the point is that it was read to the end, not cut off.
    expect((await failure(exchange(clientFor(server, { maxResponseBytes: 65_536 })))).code).toBe(ErrorCode.INVALID_RESPONSE);
    await server.settled();
    expect(server.bytesWritten).toBe(65_536);
  });
});

describe('redirects to another origin', () => {
  it.each([301, 302, 303, 307, 308])(
    'are never followed from the token endpoint (%i): the other origin receives nothing',
    async (status) => {
      const elsewhere = await serve({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: TOKEN_JSON });
      const server = await serve({ kind: 'reply', status, headers: { location: `${elsewhere.origin}/steal?from=token` } });
      const error = await failure(exchange(clientFor(server)));
      expect(error.code).toBe(ErrorCode.UNEXPECTED_REDIRECT);
      expect(error.message).toBe(`The token endpoint redirected (HTTP ${status}); not followed`);
      expectCodeExchange(server);
      expect(elsewhere.count()).toBe(0);
    },
  );

  it('are never followed from userInfo (the bearer token stays home), nor retried', async () => {
    const elsewhere = await serve({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: USERINFO_JSON });
    const server = await serve({ kind: 'reply', status: 307, headers: { location: `${elsewhere.origin}/steal` } });
    expect((await failure(userInfo(clientFor(server)))).code).toBe(ErrorCode.UNEXPECTED_REDIRECT);
    expect(server.count()).toBe(1);
    expect(elsewhere.count()).toBe(0);
  });

  it('are never followed from revoke or client credentials', async () => {
    const elsewhere = await serve({ kind: 'reply', status: 200, body: '' });
    const server = await serve({ kind: 'reply', status: 308, headers: { location: `${elsewhere.origin}/steal` } });
    const client = clientFor(server);
    expect((await failure(client.revokeToken('eyJj3EXAMPLE'))).code).toBe(ErrorCode.UNEXPECTED_REDIRECT);
    expect((await failure(client.clientCredentials())).code).toBe(ErrorCode.UNEXPECTED_REDIRECT);
    expect(server.requests.map((r) => r.path)).toEqual(['/oauth2/revoke', '/oauth2/token']);
    expect(elsewhere.count()).toBe(0);
  });
});

describe('a well-behaved server, for contrast', () => {
  it('exchanges the code with one request', async () => {
    const server = await serve({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: TOKEN_JSON });
    await expect(exchange(clientFor(server))).resolves.toMatchObject({ accessToken: 'eyJra12345EXAMPLE', refreshToken: 'eyJj3EXAMPLE' });
    expectCodeExchange(server);
  });
});
