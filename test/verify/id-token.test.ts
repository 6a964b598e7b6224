// verifyIdToken: every acceptance and rejection path, against a JWKS served through nock.
import { describe, expect, it } from 'vitest';
import { CognitoOAuthError, ErrorCode, JwksCache } from '../../src/index.js';
import {
  CLIENT_ID,
  ID_KID,
  ISSUER,
  JWKS,
  attackerKey,
  codeOf,
  idClaims,
  idKey,
  idToken,
  nowSeconds,
  rejectionOf,
  serveJwks,
  sign,
  signHs256,
  unsigned,
  verifyingClient,
} from '../support/tokens.js';

describe('verifyIdToken accepts', () => {
  it("AWS's documented ID token and returns every claim, typed", async () => {
    serveJwks();
    const claims = await verifyingClient().verifyIdToken(idToken(), { nonce: 'abcdefg', requiredGroups: ['test-group-b'] });
    expect(claims).toEqual(idClaims({ exp: claims.exp, iat: claims.iat, auth_time: claims.auth_time }));
    expect(claims.token_use).toBe('id');
    expect(claims['cognito:username']).toBe('my-test-user');
    expect(claims['custom:plan']).toBe('pro');
    expect(claims.identities?.[0]?.providerName).toBe('LoginWithAmazon');
  });

  it('a token without nonce when no nonce is expected', async () => {
    serveJwks();
    await expect(verifyingClient().verifyIdToken(idToken({ nonce: undefined }))).resolves.toMatchObject({ sub: expect.any(String) });
  });

  it('a token for another app client listed in clientId', async () => {
    serveJwks();
    const token = idToken({ aud: 'otherclient1' });
    await expect(verifyingClient().verifyIdToken(token, { clientId: ['otherclient1', CLIENT_ID] })).resolves.toMatchObject({ aud: 'otherclient1' });
  });
});

describe('verifyIdToken rejects, each with its own code', () => {
  const cases: Array<[string, () => string, string, boolean]> = [
    // [what, token, code, whether the JWKS is fetched first]
    ['a string that is not a JWT', () => 'not-a-jwt', ErrorCode.TOKEN_MALFORMED, false],
    ['a payload that is not JSON', () => `${idToken().split('.')[0]}.bm90IGpzb24.c2ln`, ErrorCode.TOKEN_MALFORMED, false],
    ['a payload that is a JSON array', () => `${idToken().split('.')[0]}.${Buffer.from('[1]').toString('base64url')}.c2ln`, ErrorCode.TOKEN_MALFORMED, false],
    ['a header without kid', () => sign(idClaims(), idKey, { kid: undefined }), ErrorCode.TOKEN_MALFORMED, false],
    ['alg none with an empty signature', () => unsigned(idClaims()), ErrorCode.ALG_NOT_ALLOWED, false],
    ['alg none with a signature part', () => unsigned(idClaims(), 'c2ln'), ErrorCode.ALG_NOT_ALLOWED, false],
    ['HS256 keyed with the public key', () => signHs256(idClaims()), ErrorCode.ALG_NOT_ALLOWED, false],
    ['RS512 in the header', () => sign(idClaims(), idKey, { alg: 'RS512' }), ErrorCode.ALG_NOT_ALLOWED, false],
    ['a signature by a key the pool does not have', () => idToken({}, attackerKey), ErrorCode.SIGNATURE_INVALID, true],
    ['a payload changed after signing', () => tamper(idToken(), { 'cognito:groups': ['admins'] }), ErrorCode.SIGNATURE_INVALID, true],
    ['a kid the JWKS does not have', () => sign(idClaims(), { ...idKey, kid: 'bm90LWEta2lk' }), ErrorCode.UNKNOWN_KEY, true],
    ['a kid named like an Object member', () => sign(idClaims(), { ...idKey, kid: 'constructor' }), ErrorCode.UNKNOWN_KEY, true],
    ['the kid in base64url instead of base64', () => sign(idClaims(), { ...idKey, kid: ID_KID.replace(/\+/g, '-').replace(/\//g, '_') }), ErrorCode.UNKNOWN_KEY, true],
    ['another pool as issuer', () => idToken({ iss: 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_other' }), ErrorCode.ISSUER_MISMATCH, false],
    ['the updated issuer host when the original is configured', () => idToken({ iss: ISSUER.replace('cognito-idp', 'issuer-cognito-idp') }), ErrorCode.ISSUER_MISMATCH, false],
    ['no iss', () => idToken({ iss: undefined }), ErrorCode.ISSUER_MISMATCH, false],
    ['an expired token', () => idToken({ exp: nowSeconds() - 3600, iat: nowSeconds() - 7200 }), ErrorCode.TOKEN_EXPIRED, false],
    ['no exp', () => idToken({ exp: undefined }), ErrorCode.TOKEN_MALFORMED, false],
    ['a string exp', () => idToken({ exp: String(nowSeconds() + 3600) }), ErrorCode.TOKEN_MALFORMED, false],
    ['no iat', () => idToken({ iat: undefined }), ErrorCode.TOKEN_MALFORMED, false],
    ['no sub', () => idToken({ sub: undefined }), ErrorCode.TOKEN_MALFORMED, false],
    ['nbf in the future', () => idToken({ nbf: nowSeconds() + 600 }), ErrorCode.TOKEN_NOT_YET_VALID, false],
    ['iat in the future', () => idToken({ iat: nowSeconds() + 600 }), ErrorCode.TOKEN_NOT_YET_VALID, false],
    ['an access token', () => idToken({ token_use: 'access' }), ErrorCode.TOKEN_USE_MISMATCH, false],
    ['no token_use', () => idToken({ token_use: undefined }), ErrorCode.TOKEN_USE_MISMATCH, false],
    ['another app client in aud', () => idToken({ aud: 'otherclient1' }), ErrorCode.CLIENT_MISMATCH, false],
    ['no aud (only client_id)', () => idToken({ aud: undefined, client_id: CLIENT_ID }), ErrorCode.CLIENT_MISMATCH, false],
  ];

  it.each(cases)('%s', async (_what, make, code, fetchesJwks) => {
    // The header and every claim are checked before any key is looked up: only a token that passes
    // them all causes a JWKS request (so a forged or stale token fails the same way offline).
    const scope = fetchesJwks ? serveJwks() : undefined;
    const token = make();
    const error = await rejectionOf(verifyingClient().verifyIdToken(token));
    expect(codeOf(error, token)).toBe(code);
    expect(error).toHaveProperty('name', 'CognitoOAuthError');
    scope?.done();
  });

  it('a nonce that differs, or is missing, when one is expected', async () => {
    const client = verifyingClient();
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken(), { nonce: 'other' })))).toBe(ErrorCode.NONCE_MISMATCH);
    expect(codeOf(await rejectionOf(client.verifyIdToken(idToken({ nonce: undefined }), { nonce: 'abcdefg' })))).toBe(
      ErrorCode.NONCE_MISMATCH,
    );
  });

  it('a user outside a required group, naming the group but not the token', async () => {
    const token = idToken();
    const error = await rejectionOf(verifyingClient().verifyIdToken(token, { requiredGroups: ['test-group-a', 'admins'] }));
    expect(codeOf(error, token)).toBe(ErrorCode.GROUP_MISSING);
    expect((error as Error).message).toContain('admins');
    expect((error as Error).message).not.toContain('test-group-a');
  });

  it('a user without cognito:groups when a group is required', async () => {
    const error = await rejectionOf(verifyingClient().verifyIdToken(idToken({ 'cognito:groups': undefined }), { requiredGroups: ['a'] }));
    expect(codeOf(error)).toBe(ErrorCode.GROUP_MISSING);
  });
});

describe('clock tolerance', () => {
  it('accepts a token expired 10 s ago with the default 30 s, and rejects it with clockTolerance: 0', async () => {
    serveJwks();
    const cache = new JwksCache();
    const token = idToken({ exp: nowSeconds() - 10, iat: nowSeconds() - 3610 });
    await expect(verifyingClient({ jwksCache: cache }).verifyIdToken(token)).resolves.toMatchObject({ token_use: 'id' });
    const strict = verifyingClient({ jwksCache: cache, clockTolerance: 0 });
    expect(codeOf(await rejectionOf(strict.verifyIdToken(token)))).toBe(ErrorCode.TOKEN_EXPIRED);
  });

  it('rejects a token expired 60 s ago with the default, and accepts it with clockTolerance: 120', async () => {
    serveJwks();
    const cache = new JwksCache();
    const token = idToken({ exp: nowSeconds() - 60, iat: nowSeconds() - 3660 });
    expect(codeOf(await rejectionOf(verifyingClient({ jwksCache: cache }).verifyIdToken(token)))).toBe(ErrorCode.TOKEN_EXPIRED);
    await expect(verifyingClient({ jwksCache: cache, clockTolerance: 120 }).verifyIdToken(token)).resolves.toMatchObject({ token_use: 'id' });
  });

  it('applies the tolerance to iat and nbf in the future', async () => {
    serveJwks();
    const cache = new JwksCache();
    const ahead = idToken({ iat: nowSeconds() + 20, nbf: nowSeconds() + 20 });
    await expect(verifyingClient({ jwksCache: cache }).verifyIdToken(ahead)).resolves.toMatchObject({ token_use: 'id' });
    expect(codeOf(await rejectionOf(verifyingClient({ jwksCache: cache, clockTolerance: 5 }).verifyIdToken(ahead)))).toBe(
      ErrorCode.TOKEN_NOT_YET_VALID,
    );
  });
});

describe('the JWKS and its keys', () => {
  it('fails with JWKS_INVALID when the JWK for the kid is not an RSA signing key', async () => {
    serveJwks({ keys: [{ ...idKey.jwk, use: 'enc' }] });
    expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(idToken())))).toBe(ErrorCode.JWKS_INVALID);
  });

  it("fails with JWKS_INVALID when the JWK's alg is not RS256, the token's", async () => {
    serveJwks({ keys: [{ ...idKey.jwk, alg: 'RS512' }] });
    expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(idToken())))).toBe(ErrorCode.JWKS_INVALID);
  });

  it('fails with JWKS_INVALID when the JWK has no modulus', async () => {
    serveJwks({ keys: [{ ...idKey.jwk, n: undefined }] });
    expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(idToken())))).toBe(ErrorCode.JWKS_INVALID);
  });

  it('fails with INVALID_RESPONSE when the JWKS is not a key set', async () => {
    serveJwks({ keys: 'none' });
    expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(idToken())))).toBe(ErrorCode.INVALID_RESPONSE);
  });

  it('fails with HTTP_ERROR when the JWKS endpoint answers 404 (not retried)', async () => {
    const nock = (await import('nock')).default;
    nock('https://cognito-idp.us-west-2.amazonaws.com').get('/us-west-2_example/.well-known/jwks.json').reply(404, 'Not Found');
    const error = await rejectionOf(verifyingClient().verifyIdToken(idToken()));
    expect(codeOf(error)).toBe(ErrorCode.HTTP_ERROR);
    expect((error as Error).message).toMatch(/jwks/);
  });

  it('does not retry a JWKS 503, even with retries set (one request, HTTP_ERROR)', async () => {
    const nock = (await import('nock')).default;
    const scope = nock('https://cognito-idp.us-west-2.amazonaws.com').get('/us-west-2_example/.well-known/jwks.json').reply(503, '', { 'retry-after': '0' });
    const error = await rejectionOf(verifyingClient({ retries: 3 }).verifyIdToken(idToken()));
    expect(codeOf(error)).toBe(ErrorCode.HTTP_ERROR);
    scope.done();
  });

  it('fetches the JWKS with the client fetch option, looked up per request', async () => {
    const requests: string[] = [];
    const fetch = async (input: Request | string | URL): Promise<Response> => {
      requests.push(input instanceof Request ? input.url : String(input));
      return Response.json(JWKS);
    };
    await verifyingClient({ fetch }).verifyIdToken(idToken());
    expect(requests).toEqual([`${ISSUER}/.well-known/jwks.json`]);
  });

  it('fails with TIMEOUT when the JWKS does not arrive within the client timeout', async () => {
    const fetch = (_input: Request | string | URL, init?: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const error = await rejectionOf(verifyingClient({ fetch, timeout: 50, retries: 0 }).verifyIdToken(idToken()));
    expect(codeOf(error)).toBe(ErrorCode.TIMEOUT);
  });

  it("stops waiting with ABORTED when the caller's signal fires", async () => {
    let answer: (response: Response) => void = () => {};
    const fetch = (): Promise<Response> => new Promise((resolve) => (answer = resolve));
    const controller = new AbortController();
    const client = verifyingClient({ fetch, retries: 0 });
    const pending = rejectionOf(client.verifyIdToken(idToken(), { signal: controller.signal }));
    controller.abort();
    expect(codeOf(await pending)).toBe(ErrorCode.ABORTED);
    // The JWKS request is shared with other callers, so it is not cancelled: it still fills the cache.
    answer(Response.json(JWKS));
    await expect(client.verifyIdToken(idToken())).resolves.toMatchObject({ token_use: 'id' });
  });
});

describe('arguments', () => {
  it('is a TypeError without userPoolId or issuer, before any request', async () => {
    const { CognitoOAuthClient } = await import('../../src/index.js');
    const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: CLIENT_ID });
    expect(client.issuer).toBeUndefined();
    await expect(client.verifyIdToken(idToken())).rejects.toThrow(TypeError);
    await expect(client.verifyAccessToken(idToken())).rejects.toThrow(/userPoolId or issuer/);
  });

  it.each([
    ['nonce', { nonce: '' }],
    ['clientId', { clientId: [] }],
    ['clientId', { clientId: 'has space' }],
    ['requiredGroups', { requiredGroups: 'admins' }],
    ['requiredGroups', { requiredGroups: [''] }],
  ])('is a TypeError naming %s when it is malformed', async (name, options) => {
    await expect(verifyingClient().verifyIdToken(idToken(), options as never)).rejects.toThrow(new RegExp(`${name}`));
    await expect(verifyingClient().verifyIdToken(idToken(), options as never)).rejects.toBeInstanceOf(TypeError);
  });

  it('is a TypeError for a token that is not a string, and TOKEN_MALFORMED for a huge one', async () => {
    await expect(verifyingClient().verifyIdToken(42 as never)).rejects.toBeInstanceOf(TypeError);
    const error = await rejectionOf(verifyingClient().verifyIdToken(`${'a'.repeat(70_000)}.b.c`));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(codeOf(error)).toBe(ErrorCode.TOKEN_MALFORMED);
  });
});

/** Re-encodes the payload with changes, keeping the original header and signature. */
function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
