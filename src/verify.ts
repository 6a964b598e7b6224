// Token verification, loaded by CognitoOAuthClient with import() on first use so that an app that
// never verifies does not ship it. The signature check is aws-jwt-verify's (node:crypto in Node,
// WebCrypto in browsers and workers); key selection, JWKS fetching and Cognito's claim rules
// (token_use, aud vs client_id, nonce, groups, scopes) are ours, each failure with its own code.
import {
  JwtExpiredError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
} from 'aws-jwt-verify/error';
import type { JwkWithKid } from 'aws-jwt-verify/jwk';
import { KeyObjectCache, verifyJwt } from 'aws-jwt-verify/jwt-verifier';
import { CognitoOAuthError, ErrorCode } from './errors.js';
import { freshKey, getJwk } from './jwks.js';
import type { CognitoAccessTokenClaims, CognitoIdTokenClaims, CognitoJwtClaims, JwtHeader } from './jwt.js';
import type { ResolvedConfig } from './options.js';
import type { TokenSet } from './types.js';
import type { ResolvedVerification, VerifyAccessTokenOptions, VerifyIdTokenOptions } from './verify-options.js';

interface Expectations {
  readonly use: 'id' | 'access';
  readonly clientIds: readonly string[];
  readonly nonce?: string | undefined;
  readonly requiredGroups: readonly string[];
  readonly requiredScopes: readonly string[];
}

/** Verifies a Cognito ID token; see `CognitoOAuthClient.verifyIdToken`. */
export async function verifyIdToken(config: ResolvedConfig, token: string, options: VerifyIdTokenOptions = {}): Promise<CognitoIdTokenClaims> {
  const method = 'verifyIdToken';
  if (options.nonce !== undefined && (typeof options.nonce !== 'string' || options.nonce === '')) {
    throw new TypeError(`${method}: nonce must be a non-empty string when given`);
  }
  const expect: Expectations = {
    use: 'id',
    clientIds: clientIds(config, options.clientId, method),
    nonce: options.nonce,
    requiredGroups: names(options.requiredGroups, `${method}: requiredGroups`),
    requiredScopes: [],
  };
  return (await verifyToken(config, token, expect, options.signal, method)) as CognitoIdTokenClaims;
}

/** Verifies a Cognito access token; see `CognitoOAuthClient.verifyAccessToken`. */
export async function verifyAccessToken(
  config: ResolvedConfig,
  token: string,
  options: VerifyAccessTokenOptions = {},
): Promise<CognitoAccessTokenClaims> {
  const method = 'verifyAccessToken';
  const expect: Expectations = {
    use: 'access',
    clientIds: clientIds(config, options.clientId, method),
    requiredGroups: names(options.requiredGroups, `${method}: requiredGroups`),
    requiredScopes: names(options.requiredScopes, `${method}: requiredScopes`),
  };
  return (await verifyToken(config, token, expect, options.signal, method)) as CognitoAccessTokenClaims;
}

/**
 * Verifies the ID token of a token response (code exchange or refresh), with the nonce of the
 * authorize request when there is one. A response without an ID token (no `openid` scope) passes.
 */
export async function verifyIssuedTokens(
  config: ResolvedConfig,
  tokens: TokenSet,
  nonce: string | undefined,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  if (tokens.idToken !== undefined) {
    await verifyIdToken(config, tokens.idToken, { nonce, signal });
  }
  return tokens;
}

// aws-jwt-verify turns a JWK into a native key (KeyObject or CryptoKey). Imported keys are cached
// per JWK object: a refetched JWKS brings new objects, so a replaced key is never reused.
const importKey = /* @__PURE__ */ new KeyObjectCache().transformJwkToKeyObjectAsyncFn;
const keyObjects = new WeakMap<object, Promise<object>>();

function keyObjectFor(jwk: Parameters<typeof importKey>[0], alg: Parameters<typeof importKey>[1]): Promise<object> {
  let key = keyObjects.get(jwk);
  if (key === undefined) {
    key = importKey(jwk, alg);
    key.catch(() => keyObjects.delete(jwk));
    keyObjects.set(jwk, key);
  }
  return key;
}

async function verifyToken(
  config: ResolvedConfig,
  token: string,
  expect: Expectations,
  signal: AbortSignal | undefined,
  method: string,
): Promise<CognitoJwtClaims> {
  const verification = requireVerification(config, method);
  if (typeof token !== 'string') throw new TypeError(`${method}: the token must be a string`);
  const header = readHeader(token);
  // Cognito signs with RS256 only; refusing everything else up front rules out alg=none, HS256
  // with the public key as secret, and algorithm confusion, before any key is looked up.
  if (header.alg !== 'RS256') {
    throw new CognitoOAuthError(ErrorCode.ALG_NOT_ALLOWED, `The token's alg ${clip(header.alg)} is not allowed; Cognito signs with RS256`);
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') {
    throw new CognitoOAuthError(ErrorCode.TOKEN_MALFORMED, 'The token header has no kid');
  }
  const { jwksUri, jwksCache, clockTolerance } = verification;
  let payload: CognitoJwtClaims;
  try {
    payload = (await verifyJwt(
      token,
      jwksUri,
      // Issuer and audience are checked below with Cognito's rules and our error codes.
      { issuer: null, audience: null, graceSeconds: clockTolerance },
      // A fresh cached key is handed over directly; getJwk fetches (or refuses) only on a miss.
      () => {
        const cached = freshKey(jwksCache, jwksUri, kid);
        return (cached ? Promise.resolve(cached) : getJwk(config, jwksCache, jwksUri, kid, signal)) as Promise<JwkWithKid>;
      },
      keyObjectFor,
    )) as CognitoJwtClaims;
  } catch (error) {
    throw toVerificationError(error);
  }
  checkClaims(payload, verification, expect, Date.now() / 1000);
  return payload;
}

/**
 * The header alone, to refuse a wrong `alg` before any key is looked up. aws-jwt-verify parses the
 * whole token again; this stays out of jwt.ts so a sign-in page never loads a chunk shared with it.
 */
function readHeader(token: string): JwtHeader {
  // Longer strings are refused before decoding; Cognito's largest tokens are a few kilobytes.
  const part = token.length <= 65_536 ? (token.split('.', 1)[0] ?? '') : '';
  let header: unknown;
  try {
    header = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    header = undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail(ErrorCode.TOKEN_MALFORMED, 'The token header is not base64url-encoded JSON');
  }
  return header as JwtHeader;
}

/** Cognito's claim rules, in the order a reader would check them. `now` is in seconds. */
export function checkClaims(payload: CognitoJwtClaims, verification: ResolvedVerification, expect: Expectations, now: number): void {
  const tolerance = verification.clockTolerance;
  if (payload.iss !== verification.issuer) {
    fail(ErrorCode.ISSUER_MISMATCH, `The token's issuer ${clip(payload.iss)} is not ${verification.issuer}`);
  }
  for (const claim of ['exp', 'iat'] as const) {
    if (typeof payload[claim] !== 'number') fail(ErrorCode.TOKEN_MALFORMED, `The token has no numeric ${claim} claim`);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') fail(ErrorCode.TOKEN_MALFORMED, 'The token has no sub claim');
  if (now >= payload.exp + tolerance) {
    fail(ErrorCode.TOKEN_EXPIRED, `The token expired at ${isoTime(payload.exp)} (clock tolerance ${tolerance} s)`);
  }
  if (payload.nbf !== undefined && !(typeof payload.nbf === 'number' && payload.nbf - tolerance <= now)) {
    fail(ErrorCode.TOKEN_NOT_YET_VALID, `The token is not valid before ${isoTime(payload.nbf)} (clock tolerance ${tolerance} s)`);
  }
  if (payload.iat - tolerance > now) {
    fail(ErrorCode.TOKEN_NOT_YET_VALID, `The token was issued in the future, at ${isoTime(payload.iat)} (clock tolerance ${tolerance} s)`);
  }
  if (payload.token_use !== expect.use) {
    fail(ErrorCode.TOKEN_USE_MISMATCH, `The token's token_use is ${clip(payload.token_use)}, expected "${expect.use}"`);
  }
  // ID tokens name the client in aud; access tokens in client_id, where aud (when present) is a
  // resource server from the authorize request's resource parameter, never the client.
  const client = expect.use === 'id' ? payload['aud'] : payload['client_id'];
  const issuedTo = typeof client === 'string' ? [client] : expect.use === 'id' && Array.isArray(client) ? client : [];
  if (!issuedTo.some((id) => expect.clientIds.includes(id as string))) {
    const claim = expect.use === 'id' ? 'aud' : 'client_id';
    fail(ErrorCode.CLIENT_MISMATCH, `The token's ${claim} ${clip(client)} is not the expected app client`);
  }
  if (expect.nonce !== undefined && payload['nonce'] !== expect.nonce) {
    fail(ErrorCode.NONCE_MISMATCH, `The ID token's nonce is ${payload['nonce'] === undefined ? 'missing' : 'not the one sent'}`);
  }
  const groups = payload['cognito:groups'];
  const missingGroups = expect.requiredGroups.filter((group) => !(Array.isArray(groups) && groups.includes(group)));
  if (missingGroups.length > 0) fail(ErrorCode.GROUP_MISSING, `The user is not in the group(s) ${missingGroups.join(', ')}`);
  const scope = payload['scope'];
  const granted = typeof scope === 'string' ? scope.split(' ') : [];
  const missingScopes = expect.requiredScopes.filter((required) => !granted.includes(required));
  if (missingScopes.length > 0) fail(ErrorCode.SCOPE_MISSING, `The token lacks the scope(s) ${missingScopes.join(', ')}`);
}

// aws-jwt-verify's errors, by class; anything else (JwkValidationError, JwkInvalidKtyError,
// JwkInvalidUseError, a key the crypto layer refused) means the pool's key cannot be used.
const CODES = [
  [JwtParseError, ErrorCode.TOKEN_MALFORMED],
  [JwtInvalidSignatureAlgorithmError, ErrorCode.ALG_NOT_ALLOWED],
  [JwtInvalidSignatureError, ErrorCode.SIGNATURE_INVALID],
  [JwtExpiredError, ErrorCode.TOKEN_EXPIRED],
  [JwtNotBeforeError, ErrorCode.TOKEN_NOT_YET_VALID],
] as const;

function toVerificationError(error: unknown): CognitoOAuthError {
  if (error instanceof CognitoOAuthError) return error;
  const code = CODES.find(([type]) => error instanceof type)?.[1] ?? ErrorCode.JWKS_INVALID;
  // aws-jwt-verify's messages name claims and key fields, never the token (includeRawJwtInErrors is off).
  const detail = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
  return new CognitoOAuthError(code, `Token verification failed (${code}): ${detail}`, { cause: error });
}

function requireVerification(config: ResolvedConfig, method: string): ResolvedVerification {
  if (config.verification === undefined) {
    throw new TypeError(`${method}: set userPoolId or issuer on the CognitoOAuthClient to verify tokens`);
  }
  return config.verification;
}

function clientIds(config: ResolvedConfig, value: string | readonly string[] | undefined, method: string): readonly string[] {
  if (value === undefined) return [config.clientId];
  const ids = typeof value === 'string' ? [value] : value;
  // The pattern of options.ts's checkClientId, spelled again: importing it from this lazy chunk
  // moves the options code into a chunk the sign-in page loads (measured +0.25 KB gzip).
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || !/^[\w+]{1,128}$/.test(id))) {
    throw new TypeError(`${method}: clientId must be an app client ID or a non-empty array of them`);
  }
  return ids;
}

function names(value: readonly string[] | undefined, name: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new TypeError(`${name} must be an array of non-empty strings`);
  }
  return value;
}

function fail(code: ErrorCode, message: string): never {
  throw new CognitoOAuthError(code, message);
}

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/** A claim value for a message: short, and JSON so hostile strings stay on one line. */
function clip(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
