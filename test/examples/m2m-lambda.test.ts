// examples/m2m-lambda against the Cognito look-alike's machine client and a small orders API on
// loopback that accepts only a valid access token with the `api/read` scope.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configFromEnv, createHandler, handler, type M2MConfig } from '../../examples/m2m-lambda/handler.js';
import { startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';

let cognito: CognitoLikeServer;
let api: Server;
let apiUrl: string;
/** Every request the orders API saw: the token's subject, or why it was refused. */
const apiLog: { path: string; outcome: string }[] = [];
/** When positive, the API refuses that many requests with 401 even with a valid token. */
let refuseNext = 0;

beforeAll(async () => {
  cognito = await startCognitoLike();
  const jwks = createRemoteJWKSet(new URL(`${cognito.issuer}/.well-known/jwks.json`));
  api = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      const reply = (status: number, body: unknown, outcome: string): void => {
        apiLog.push({ path, outcome });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token === undefined) return reply(401, { message: 'no token' }, 'no token');
      if (refuseNext > 0) {
        refuseNext--;
        return reply(401, { message: 'token refused' }, 'refused');
      }
      try {
        // What a resource server does with a Cognito access token: signature, issuer, audience, use, client, scope.
        const { payload } = await jwtVerify(token, jwks, { issuer: cognito.issuer, audience: 'https://api.example.test' });
        if (payload['token_use'] !== 'access' || payload['client_id'] !== cognito.machineClient.clientId) {
          return reply(401, { message: 'wrong token' }, 'wrong token');
        }
        if (!String(payload['scope'] ?? '').split(' ').includes('api/read')) return reply(403, { message: 'scope' }, 'no scope');
        const match = /^\/orders(?:\/([^/]+))?$/.exec(path);
        if (match === null) return reply(404, { message: 'not found' }, 'not found');
        const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
        return reply(200, id === undefined ? { orders: [{ id: 'o-1' }, { id: 'o-2' }] } : { id, status: 'shipped' }, `ok ${token.slice(-8)}`);
      } catch (error) {
        return reply(401, { message: 'invalid token' }, `invalid: ${(error as Error).name}`);
      }
    })();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  await cognito?.close();
});

afterEach(() => {
  apiLog.length = 0;
  refuseNext = 0;
});

/** A config for the look-alike's machine client, with a fetch that counts token requests. */
function config(overrides: Partial<M2MConfig> = {}): { config: M2MConfig; tokenRequests: () => number } {
  let tokenRequests = 0;
  return {
    config: {
      domain: cognito.domain,
      clientId: cognito.machineClient.clientId,
      clientSecret: cognito.machineClient.clientSecret,
      scopes: ['api/read'],
      apiUrl,
      fetch: (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (new URL(url).pathname === '/oauth2/token') tokenRequests++;
        return fetch(input, init);
      },
      ...overrides,
    },
    tokenRequests: () => tokenRequests,
  };
}

describe('examples/m2m-lambda', () => {
  it('the exported handler reads its configuration from the environment and calls the API with a valid token', async () => {
    const keys = ['COGNITO_DOMAIN', 'COGNITO_CLIENT_ID', 'COGNITO_CLIENT_SECRET', 'COGNITO_SCOPES', 'ORDERS_API_URL'] as const;
    const saved = keys.map((key) => process.env[key]);
    Object.assign(process.env, {
      COGNITO_DOMAIN: cognito.domain,
      COGNITO_CLIENT_ID: cognito.machineClient.clientId,
      COGNITO_CLIENT_SECRET: cognito.machineClient.clientSecret,
      COGNITO_SCOPES: 'api/read',
      ORDERS_API_URL: apiUrl,
    });
    try {
      const result = await handler({ orderId: 'o 1/2' });
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body)).toEqual({ id: 'o 1/2', status: 'shipped' });
      expect(apiLog).toEqual([{ path: '/orders/o%201%2F2', outcome: expect.stringMatching(/^ok /) }]);
    } finally {
      keys.forEach((key, i) => {
        if (saved[i] === undefined) delete process.env[key];
        else process.env[key] = saved[i];
      });
    }
  });

  it('configFromEnv names a missing variable', () => {
    expect(() => configFromEnv({ COGNITO_DOMAIN: 'auth.example.com' })).toThrow('COGNITO_CLIENT_ID');
  });

  it('reuses one token across warm invocations, including concurrent ones', async () => {
    const { config: cfg, tokenRequests } = config();
    const run = createHandler(cfg);
    const results = await Promise.all([run({}), run({}), run({ orderId: 'o-2' })]);
    results.push(await run({}));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(JSON.parse(results[0]!.body)).toEqual({ orders: [{ id: 'o-1' }, { id: 'o-2' }] });
    expect(tokenRequests()).toBe(1);
    expect(new Set(apiLog.map((entry) => entry.outcome)).size).toBe(1);
  });

  it('gets a new token once the cached one is within a minute of expiring', async () => {
    let now = Date.now();
    const { config: cfg, tokenRequests } = config({ now: () => now });
    const run = createHandler(cfg);
    await run({});
    now += 3600_000 - 90_000; // 90 s before expiry: still cached
    await run({});
    expect(tokenRequests()).toBe(1);
    now += 40_000; // 50 s before expiry: inside the margin
    await run({});
    expect(tokenRequests()).toBe(2);
    expect(apiLog.every((entry) => entry.outcome.startsWith('ok '))).toBe(true);
  });

  it('gets a new token and retries once when the API refuses the cached one', async () => {
    const { config: cfg, tokenRequests } = config();
    const run = createHandler(cfg);
    await run({});
    refuseNext = 1;
    const result = await run({});
    expect(result.statusCode).toBe(200);
    expect(tokenRequests()).toBe(2);
    expect(apiLog.map((entry) => entry.outcome.split(' ')[0])).toEqual(['ok', 'refused', 'ok']);
  });

  it('does not loop when the API keeps refusing', async () => {
    const { config: cfg, tokenRequests } = config();
    refuseNext = 5;
    const result = await createHandler(cfg)({});
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body)).toEqual({ error: 'upstream_error', status: 401 });
    expect(apiLog).toHaveLength(2);
    expect(tokenRequests()).toBe(2);
  });

  it('reports a wrong client secret as token_error invalid_client, without calling the API', async () => {
    const { config: cfg } = config({ clientSecret: 'not-the-secret' });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = await createHandler(cfg)({});
    expect(log.mock.calls).toEqual([['Cognito refused the token request: invalid_client']]);
    log.mockRestore();
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body)).toEqual({ error: 'token_error', reason: 'invalid_client' });
    expect(result.body).not.toContain('not-the-secret');
    expect(apiLog).toEqual([]);
  });

  it('reports an unreachable Cognito as token_unavailable', async () => {
    const { config: cfg } = config({ domain: 'http://127.0.0.1:0' });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = await createHandler(cfg)({});
    expect(log.mock.calls).toEqual([['Could not get a token: NETWORK_ERROR']]);
    log.mockRestore();
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toEqual({ error: 'token_unavailable', reason: 'NETWORK_ERROR' });
  });
});
