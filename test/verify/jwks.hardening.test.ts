// Hardening of the JWKS fetch and of key selection (jwks.ts): a failing key set is not hammered
// (one request per cooldown, no retry), and only an RS256 signing key of 2048 bits or more verifies.
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, JwksCache } from '../../src/index.js';
import {
  ID_KID,
  ISSUER_ORIGIN,
  JWKS,
  JWKS_PATH,
  codeOf,
  idKey,
  idToken,
  rejectionOf,
  rotatedKey,
  serveJwks,
  fakeClock,
  verifyingClient,
  type TestKey,
} from '../support/tokens.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('a JWKS that fails (regression: 20 forged tokens made 60 requests and waited 18 s)', () => {
  it('is fetched once for 20 forged tokens while it answers 503, without retries, failing fast', async () => {
    const advance = fakeClock();
    const scope = nock(ISSUER_ORIGIN)
      .get(JWKS_PATH)
      .reply(503, 'Service Unavailable', { 'content-type': 'text/plain', 'retry-after': '0' });
    const client = verifyingClient({ retries: 2 });
    const forged = Array.from({ length: 20 }, (_, i) => idToken({ jti: `forged-${i}` }, { ...rotatedKey, kid: `forged-kid-${i}` }));
    for (const token of forged) {
      expect(codeOf(await rejectionOf(client.verifyIdToken(token)), token)).toBe(ErrorCode.HTTP_ERROR);
    }
    // One request in all (nock would refuse a second one: net connect is off and the interceptor is spent).
    scope.done();
    // After the cooldown the key set is asked again, once.
    advance(30_000);
    serveJwks({ keys: [{ ...rotatedKey.jwk, kid: 'forged-kid-0' }] });
    await expect(client.verifyIdToken(forged[0]!)).resolves.toMatchObject({ jti: 'forged-0' });
  });

  it('throws the failure itself meanwhile (its code, message and response), with cooldown: 0 asking every time', async () => {
    nock(ISSUER_ORIGIN).get(JWKS_PATH).times(2).reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    const client = verifyingClient({ retries: 0, jwksCache: new JwksCache({ cooldown: 0 }) });
    for (let i = 0; i < 2; i++) expect(codeOf(await rejectionOf(client.verifyIdToken(idToken())))).toBe(ErrorCode.HTTP_ERROR);
    const cooled = verifyingClient({ retries: 0 });
    nock(ISSUER_ORIGIN).get(JWKS_PATH).reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    const first = await rejectionOf(cooled.verifyIdToken(idToken()));
    const second = await rejectionOf(cooled.verifyIdToken(idToken()));
    expect(second).toBe(first);
    expect((second as Error).message).toMatch(/jwks endpoint answered HTTP 502/);
  });

  it('still verifies with fresh cached keys while an unknown kid is cooling down after a failed refetch', async () => {
    const advance = fakeClock();
    serveJwks();
    const client = verifyingClient({ retries: 0 });
    await client.verifyIdToken(idToken());
    advance(31_000);
    nock(ISSUER_ORIGIN).get(JWKS_PATH).reply(503);
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken({}, rotatedKey))))).toBe(ErrorCode.HTTP_ERROR);
    await expect(client.verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken({}, rotatedKey))))).toBe(ErrorCode.HTTP_ERROR);
  });
});

/** A key of another type or size under the ID key's kid, and a token it signed (when it can sign RS256). */
function rsaKey(bits: number): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { kid: ID_KID, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid: ID_KID } };
}

const MESSAGE = /not an RS256 signing key of 2048 bits or more/;

async function keyError(jwk: Record<string, unknown>, token = idToken()): Promise<Error & { code: string }> {
  serveJwks({ keys: [jwk, ...JWKS.keys.slice(1)] });
  return (await rejectionOf(verifyingClient().verifyIdToken(token))) as Error & { code: string };
}

describe('the key type is pinned (regression: an EC key or a 512-bit RSA key was used for RS256)', () => {
  it('refuses an RSA key of 512 bits even when it made the signature', async () => {
    const weak = rsaKey(512);
    const error = await keyError(weak.jwk, idToken({}, weak));
    expect(error.code).toBe(ErrorCode.JWKS_INVALID);
    expect(error.message).toMatch(MESSAGE);
  });

  it('refuses a 512-bit modulus padded with zero bytes to look long', async () => {
    const weak = rsaKey(512);
    const n = Buffer.concat([Buffer.alloc(300), Buffer.from(String(weak.jwk['n']), 'base64url')]).toString('base64url');
    expect(await keyError({ ...weak.jwk, n }, idToken({}, weak))).toMatchObject({
      code: ErrorCode.JWKS_INVALID,
      message: expect.stringMatching(MESSAGE) as string,
    });
  });

  it('refuses a 2047-bit modulus (256 bytes, top bit clear) and accepts 2048 bits', async () => {
    const n = Buffer.from(String(idKey.jwk['n']), 'base64url');
    expect(n).toHaveLength(256);
    const short = Buffer.from(n);
    short[0] = 0x7f;
    expect(await keyError({ ...idKey.jwk, n: short.toString('base64url') })).toMatchObject({
      code: ErrorCode.JWKS_INVALID,
      message: expect.stringMatching(MESSAGE) as string,
    });
    serveJwks();
    await expect(verifyingClient().verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
  });

  it.each([
    [
      'kty EC without alg',
      () => ({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid: ID_KID }),
    ],
    ['kty EC with the RSA members copied in', () => ({ ...idKey.jwk, kty: 'EC' })],
    ['kty oct', () => ({ kty: 'oct', kid: ID_KID, k: String(idKey.jwk['n']) })],
    ['alg RS512', () => ({ ...idKey.jwk, alg: 'RS512' })],
    ['alg PS256', () => ({ ...idKey.jwk, alg: 'PS256' })],
    ['use enc', () => ({ ...idKey.jwk, use: 'enc' })],
    ['no modulus', () => ({ ...idKey.jwk, n: undefined })],
    ['a modulus that is not base64url', () => ({ ...idKey.jwk, n: `${String(idKey.jwk['n'])}+/=` })],
  ])('refuses %s with JWKS_INVALID', async (_name, jwk) => {
    expect(await keyError(jwk())).toMatchObject({ code: ErrorCode.JWKS_INVALID, message: expect.stringMatching(MESSAGE) as string });
  });

  it('accepts the RSA key without alg and without use (both optional in a JWK)', async () => {
    const { alg: _alg, use: _use, ...bare } = idKey.jwk;
    serveJwks({ keys: [bare] });
    await expect(verifyingClient().verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
  });
});
