// Keys, Cognito-shaped tokens and JWKS interceptors for the verification tests. Keys are generated
// here (node:crypto); the claim sets are AWS's documented examples (cognito-wire.md §9.2, §9.3)
// with fresh times.
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import nock from 'nock';
import { vi } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, type CognitoOAuthClientOptions } from '../../src/index.js';
export { rejectionOf } from './outcomes.js';

export const POOL_ID = 'us-west-2_example';
export const ISSUER_ORIGIN = 'https://cognito-idp.us-west-2.amazonaws.com';
export const ISSUER = `${ISSUER_ORIGIN}/${POOL_ID}`;
export const JWKS_PATH = `/${POOL_ID}/.well-known/jwks.json`;
export const CLIENT_ID = 'xxxxxxxxxxxxexample';
export const DOMAIN = 'https://mydomain.auth.us-west-2.amazoncognito.com';
export const REDIRECT_URI = 'https://app.example.com/callback';
export { VERIFIER } from './nock.js';

// Cognito's kids are standard base64 with +, / and = (cognito-wire.md §8).
export const ID_KID = 'vyVQH7UMjwYboVvyFf+zd4KHZfgc+RtmU/A2vHhgITI=';
export const ACCESS_KID = 'fUyIG0h6R5HFGfHDV8uebcRXldQ09dCZXbFKf6zy1rs=';
export const ROTATED_KID = 'Q2I7oL1m/N0dKdWcWz9u+3nY0p8mE4cYbJf3r6s2aTs=';

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

function makeKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export const idKey = makeKey(ID_KID);
export const accessKey = makeKey(ACCESS_KID);
export const rotatedKey = makeKey(ROTATED_KID);
/** A key the pool does not have, under the ID key's kid: signatures made with it must not verify. */
export const attackerKey = makeKey(ID_KID);

export const JWKS = { keys: [idKey.jwk, accessKey.jwk] };

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a payload as RS256 with a test key; `header` overrides header fields. */
export function sign(payload: Record<string, unknown>, key: TestKey = idKey, header: Record<string, unknown> = {}): string {
  const input = `${b64url({ kid: key.kid, alg: 'RS256', ...header })}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/** An HS256 token keyed with the public modulus: the classic algorithm-confusion forgery. */
export function signHs256(payload: Record<string, unknown>): string {
  const input = `${b64url({ kid: ID_KID, alg: 'HS256' })}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', String(idKey.jwk['n'])).update(input).digest('base64url')}`;
}

/** An unsigned token (`alg: none`), with an empty or a junk signature part. */
export function unsigned(payload: Record<string, unknown>, signature = ''): string {
  return `${b64url({ kid: ID_KID, alg: 'none' })}.${b64url(payload)}.${signature}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** AWS's example ID token (amazon-cognito-user-pools-using-the-id-token.html), valid for an hour from now. */
export function idClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'cognito:groups': ['test-group-a', 'test-group-b', 'test-group-c'],
    email_verified: true,
    'cognito:preferred_role': 'arn:aws:iam::111122223333:role/my-test-role',
    iss: ISSUER,
    'cognito:username': 'my-test-user',
    middle_name: 'Jane',
    nonce: 'abcdefg',
    origin_jti: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'cognito:roles': ['arn:aws:iam::111122223333:role/my-test-role'],
    aud: CLIENT_ID,
    identities: [
      {
        userId: 'amzn1.account.EXAMPLE',
        providerName: 'LoginWithAmazon',
        providerType: 'LoginWithAmazon',
        issuer: null,
        primary: 'true',
        dateCreated: '1642699117273',
      },
    ],
    event_id: '64f513be-32db-42b0-b78e-b02127b4f463',
    token_use: 'id',
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    email: 'my-test-user@example.com',
    'custom:plan': 'pro',
    ...overrides,
  };
}

/** AWS's example access token (amazon-cognito-user-pools-using-the-access-token.html), valid for an hour. */
export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    device_key: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'cognito:groups': ['testgroup'],
    iss: ISSUER,
    version: 2,
    client_id: CLIENT_ID,
    aud: 'https://api.example.com',
    origin_jti: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    event_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    token_use: 'access',
    scope: 'phone openid profile resourceserver.1/appclient2 email',
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    username: 'my-test-user',
    ...overrides,
  };
}

export const idToken = (overrides: Record<string, unknown> = {}, key: TestKey = idKey): string => sign(idClaims(overrides), key);
export const accessToken = (overrides: Record<string, unknown> = {}, key: TestKey = accessKey): string =>
  sign(accessClaims(overrides), key);

/** JWKS requests that must arrive as GETs asking for JSON, without credentials; `times` answers. */
export function serveJwks(body: unknown = JWKS, times = 1, origin = ISSUER_ORIGIN, path = JWKS_PATH): nock.Scope {
  return nock(origin, { badheaders: ['authorization', 'cookie'] })
    .get(path)
    .matchHeader('accept', /application\/json/)
    .times(times)
    .reply(200, body as nock.Body, { 'content-type': 'application/json' });
}

/** A client of the example pool with verification on. */
export function verifyingClient(options: Partial<CognitoOAuthClientOptions> = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, userPoolId: POOL_ID, ...options });
}

/** The code of a CognitoOAuthError (anything else fails the test), after checking that no part of `token` leaked into it. */
export function codeOf(error: unknown, token?: string): string {
  if (!(error instanceof CognitoOAuthError)) throw new Error(`expected a CognitoOAuthError, got ${String(error)}`);
  if (token !== undefined) {
    const text = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
    for (const part of token.split('.').filter((p) => p.length > 8)) {
      if (text.includes(part)) throw new Error('the error exposes part of the token');
    }
  }
  return error.code;
}

/**
 * Fakes only `Date` (nock and ky keep real timers, so requests still run) and returns a function that
 * moves the clock on, for the JWKS cache's cooldown and maxAge. Restore with `vi.useRealTimers()`.
 */
export function fakeClock(): (ms: number) => void {
  vi.useFakeTimers({ toFake: ['Date'] });
  return (ms) => vi.setSystemTime(Date.now() + ms);
}
