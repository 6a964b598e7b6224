// The JWKS cache: lazy, cached, exact kid, one refetch on an unknown kid per cooldown (key
// rotation), a refetch once the set is older than maxAge, shared between clients, concurrent
// callers sharing one request.
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, ErrorCode, JwksCache } from '../../src/index.js';
import {
  CLIENT_ID,
  DOMAIN,
  ISSUER_ORIGIN,
  JWKS,
  JWKS_PATH,
  ROTATED_KID,
  accessToken,
  codeOf,
  idKey,
  idToken,
  rejectionOf,
  rotatedKey,
  serveJwks,
  fakeClock,
  verifyingClient,
} from '../support/tokens.js';
import { cacheEntries } from '../../src/verify/jwks-cache.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('JWKS fetching and caching', () => {
  it('fetches nothing until the first verification, then serves ID and access keys from one fetch', async () => {
    const fetch = vi.fn(async () => Response.json(JWKS));
    const client = verifyingClient({ fetch });
    expect(client.issuer).toBe(`${ISSUER_ORIGIN}/us-west-2_example`);
    expect(fetch).not.toHaveBeenCalled();
    await client.verifyIdToken(idToken());
    await client.verifyAccessToken(accessToken());
    await client.verifyIdToken(idToken());
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('shares one request between concurrent verifications', async () => {
    const scope = serveJwks();
    const client = verifyingClient();
    const results = await Promise.all([
      client.verifyIdToken(idToken()),
      client.verifyAccessToken(accessToken()),
      client.verifyIdToken(idToken()),
    ]);
    expect(results.map((claims) => claims.token_use)).toEqual(['id', 'access', 'id']);
    scope.done();
  });

  it('shares the cache between clients of one pool (one fetch), keyed by JWKS URL', async () => {
    serveJwks();
    const jwksCache = new JwksCache();
    const web = verifyingClient({ jwksCache });
    const admin = new CognitoOAuthClient({ domain: DOMAIN, clientId: 'adminclient1', userPoolId: 'us-west-2_example', jwksCache });
    await web.verifyIdToken(idToken());
    await admin.verifyAccessToken(accessToken({ client_id: 'adminclient1' }));
    expect([...cacheEntries(jwksCache).keys()]).toEqual([`${ISSUER_ORIGIN}${JWKS_PATH}`]);
    // The state is private: nothing of it is an own property an app could read or change.
    expect(Object.keys(jwksCache).sort()).toEqual(['cooldown', 'maxAge']);
  });

  it('does not share between clients that each have their own cache', async () => {
    serveJwks(JWKS, 2);
    await verifyingClient().verifyIdToken(idToken());
    await verifyingClient().verifyIdToken(idToken());
  });

  it('fetches again after clear()', async () => {
    serveJwks(JWKS, 2);
    const jwksCache = new JwksCache();
    await verifyingClient({ jwksCache }).verifyIdToken(idToken());
    jwksCache.clear();
    await verifyingClient({ jwksCache }).verifyIdToken(idToken());
  });

  it('keeps a failed fetch for the cooldown only: the first verification after it fetches again', async () => {
    const advance = fakeClock();
    nock(ISSUER_ORIGIN).get(JWKS_PATH).reply(404);
    const client = verifyingClient({ retries: 0 });
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken())))).toBe(ErrorCode.HTTP_ERROR);
    advance(30_000);
    serveJwks();
    await expect(client.verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
  });

  it('matches kid exactly: the base64url spelling of a cached kid is another key', async () => {
    serveJwks();
    const client = verifyingClient({ jwksCache: new JwksCache({ cooldown: 60_000 }) });
    await client.verifyIdToken(idToken());
    const respelled = idToken({}, { ...idKey, kid: idKey.kid.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') });
    // Within the cooldown no second request is made (an unused interceptor would fail the test).
    expect(codeOf(await rejectionOf(client.verifyIdToken(respelled)))).toBe(ErrorCode.UNKNOWN_KEY);
  });
});

describe('key rotation', () => {
  it('refetches once for an unknown kid after the cooldown and then verifies with the new key', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient();
    await client.verifyIdToken(idToken());
    advance(31_000);
    const rotated = serveJwks({ keys: [rotatedKey.jwk, ...JWKS.keys] });
    await expect(client.verifyIdToken(idToken({}, rotatedKey))).resolves.toMatchObject({ token_use: 'id' });
    rotated.done();
    // The new key is cached: no further request.
    await client.verifyIdToken(idToken({}, rotatedKey));
  });

  it('refuses an unknown kid within the cooldown without a request, and refetches once it has passed', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient({ jwksCache: new JwksCache({ cooldown: 10_000 }) });
    await client.verifyIdToken(idToken());
    const token = idToken({}, rotatedKey);
    expect(codeOf(await rejectionOf(client.verifyIdToken(token)), token)).toBe(ErrorCode.UNKNOWN_KEY);
    advance(10_001);
    serveJwks({ keys: [rotatedKey.jwk] });
    await expect(client.verifyIdToken(token)).resolves.toMatchObject({ token_use: 'id' });
  });

  it('after a refetch that still lacks the kid, fails and waits for the cooldown before fetching again', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient();
    await client.verifyIdToken(idToken());
    advance(60_000);
    const refetch = serveJwks();
    const forged = idToken({}, rotatedKey);
    expect(codeOf(await rejectionOf(client.verifyIdToken(forged)))).toBe(ErrorCode.UNKNOWN_KEY);
    refetch.done();
    // A burst of unknown kids right after: no request at all.
    for (let i = 0; i < 5; i += 1) {
      expect(codeOf(await rejectionOf(client.verifyIdToken(forged)))).toBe(ErrorCode.UNKNOWN_KEY);
    }
    advance(30_000);
    serveJwks({ keys: [rotatedKey.jwk] });
    await expect(client.verifyIdToken(forged)).resolves.toMatchObject({ token_use: 'id' });
  });

  it('drops a key that the refetched JWKS no longer lists', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient();
    await client.verifyIdToken(idToken());
    advance(31_000);
    serveJwks({ keys: [rotatedKey.jwk] });
    await client.verifyIdToken(idToken({}, rotatedKey));
    const old = idToken();
    expect(codeOf(await rejectionOf(client.verifyIdToken(old)))).toBe(ErrorCode.UNKNOWN_KEY);
  });

  it('uses the kid it was given: a kid with +, / and = is sent to nobody but matched in the JWKS', async () => {
    serveJwks({ keys: [rotatedKey.jwk] });
    expect(ROTATED_KID).toMatch(/[+/=]/);
    await expect(verifyingClient().verifyIdToken(idToken({}, rotatedKey))).resolves.toMatchObject({ aud: CLIENT_ID });
  });
});

describe('key set age (maxAge)', () => {
  it('trusts a key set for an hour by default, then fetches it again before verifying', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient();
    await client.verifyIdToken(idToken());
    advance(3_599_000);
    // Still fresh: no request (an unused interceptor would fail the test, a missing one the call).
    await client.verifyIdToken(idToken());
    advance(1_000);
    const refetch = serveJwks();
    await expect(client.verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
    refetch.done();
  });

  it('stops verifying with a key the user pool no longer publishes once the set is older than maxAge', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient({ jwksCache: new JwksCache({ maxAge: 600_000 }) });
    const token = idToken();
    await client.verifyIdToken(token);
    advance(600_000);
    // The pool withdrew the key (say it leaked): only the new one is published.
    serveJwks({ keys: [rotatedKey.jwk] });
    expect(codeOf(await rejectionOf(client.verifyIdToken(token)), token)).toBe(ErrorCode.UNKNOWN_KEY);
    await expect(client.verifyIdToken(idToken({}, rotatedKey))).resolves.toMatchObject({ token_use: 'id' });
  });

  it('fails, without using the old keys, when the refetch of a stale set fails; the first verification after the cooldown tries again', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient({ retries: 0, jwksCache: new JwksCache({ maxAge: 60_000 }) });
    await client.verifyIdToken(idToken());
    advance(60_000);
    nock(ISSUER_ORIGIN).get(JWKS_PATH).reply(503, 'Service Unavailable', { 'content-type': 'text/plain' });
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken())))).toBe(ErrorCode.HTTP_ERROR);
    // Within the cooldown: the same failure, no request (an unused interceptor would fail the test).
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken())))).toBe(ErrorCode.HTTP_ERROR);
    advance(30_000);
    serveJwks();
    await expect(client.verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
  });

  it('treats a set as stale when the clock went back, rather than trusting it for longer', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient();
    await client.verifyIdToken(idToken());
    advance(-10_000);
    const refetch = serveJwks();
    await client.verifyIdToken(idToken());
    refetch.done();
  });
});

describe('JwksCache options', () => {
  it.each([[999], [604_800_001], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], ['3600000'], [null]])(
    'rejects maxAge %s with a TypeError naming it',
    (maxAge) => {
      expect(() => new JwksCache({ maxAge: maxAge as number })).toThrow(
        expect.objectContaining({
          name: 'TypeError',
          code: typeof maxAge === 'number' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE',
          message: 'JwksCache: maxAge must be a whole number from 1000 to 604800000',
        }),
      );
    },
  );

  it('defaults maxAge to an hour and keeps the one given', () => {
    expect(new JwksCache().maxAge).toBe(3_600_000);
    expect(new JwksCache({ maxAge: 86_400_000 }).maxAge).toBe(86_400_000);
  });

  it.each([[null], ['cooldown'], [42]])('rejects options %s that are not an object', (options) => {
    expect(() => new JwksCache(options as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'JwksCache: options must be an object' }),
    );
  });

  it.each([[-1], [1.5], [Number.NaN], [3_600_001], ['30000']])('rejects cooldown %s with a TypeError naming it', (cooldown) => {
    expect(() => new JwksCache({ cooldown: cooldown as number })).toThrow(/cooldown/);
  });

  it('defaults the cooldown to 30 s', () => {
    expect(new JwksCache().cooldown).toBe(30_000);
  });
});
