// The verification chunk, loaded by CognitoOAuthClient with import() on first use so that an app that
// never verifies does not ship it. A token is decoded once (the one decoder, jwt.ts), its header and
// claims are checked before any key is looked up (claims.ts: no network for a token that fails
// anyway), then aws-jwt-verify checks the RS256 signature with the user pool's key (jwks.ts).
import { JwtInvalidSignatureAlgorithmError, JwtInvalidSignatureError, JwtParseError } from 'aws-jwt-verify/error';
import type { JwkWithKid } from 'aws-jwt-verify/jwk';
import { KeyObjectCache, verifyJwt } from 'aws-jwt-verify/jwt-verifier';
import { invalid, nonEmptyString, stringList } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkClientId } from '../config/uris.js';
import { requireVerification } from '../config/verification.js';
import { clip, CognitoOAuthError, ErrorCode } from '../errors.js';
import { decodeJwtUnverified, type CognitoAccessTokenClaims, type CognitoIdTokenClaims, type CognitoJwtClaims } from '../jwt.js';
import type { TokenSet, VerifyAccessTokenOptions, VerifyIdTokenOptions } from '../types.js';
import { checkClaims, type Expectations } from './claims.js';
import { freshKey, getJwk, usableKey } from './jwks.js';

/** Verifies a Cognito ID token; see `CognitoOAuthClient.verifyIdToken`. */
export async function verifyIdToken(config: ResolvedConfig, token: string, options: VerifyIdTokenOptions = {}): Promise<CognitoIdTokenClaims> {
  const caller = 'verifyIdToken';
  const expect: Expectations = {
    use: 'id',
    clientIds: clientIds(config, options.clientId, caller),
    nonce: options.nonce === undefined ? undefined : nonEmptyString(options.nonce, `${caller}: nonce`),
    requiredGroups: names(options.requiredGroups, `${caller}: requiredGroups`),
    requiredScopes: [],
  };
  return (await verifyToken(config, token, expect, options.signal, caller)) as CognitoIdTokenClaims;
}

/** Verifies a Cognito access token; see `CognitoOAuthClient.verifyAccessToken`. */
export async function verifyAccessToken(
  config: ResolvedConfig,
  token: string,
  options: VerifyAccessTokenOptions = {},
): Promise<CognitoAccessTokenClaims> {
  const caller = 'verifyAccessToken';
  const expect: Expectations = {
    use: 'access',
    clientIds: clientIds(config, options.clientId, caller),
    requiredGroups: names(options.requiredGroups, `${caller}: requiredGroups`),
    requiredScopes: names(options.requiredScopes, `${caller}: requiredScopes`),
  };
  return (await verifyToken(config, token, expect, options.signal, caller)) as CognitoAccessTokenClaims;
}

/**
 * Verifies the ID token of a token response (code exchange or refresh), with the nonce of the
 * authorize request when there is one, and returns the response. One without an ID token (no
 * `openid` scope) passes.
 */
export async function verifyTokenResponse(
  config: ResolvedConfig,
  tokens: TokenSet,
  nonce: string | undefined,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  if (tokens.idToken !== undefined) await verifyIdToken(config, tokens.idToken, { nonce, signal });
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
  caller: string,
): Promise<CognitoJwtClaims> {
  const { jwksUri, jwksCache } = requireVerification(config.verification, caller);
  if (typeof token !== 'string') invalid(`${caller}: token`, 'a string', 'ERR_INVALID_ARG_TYPE');
  const { header, payload } = decodeJwtUnverified(token);
  // Cognito signs with RS256 only; refusing everything else up front rules out alg=none, HS256
  // with the public key as secret, and algorithm confusion, before any key is looked up.
  if (header.alg !== 'RS256') {
    throw new CognitoOAuthError(ErrorCode.ALG_NOT_ALLOWED, `The token's alg ${clip(String(JSON.stringify(header.alg)), 40)} is not allowed; Cognito signs with RS256`);
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') throw new CognitoOAuthError(ErrorCode.TOKEN_MALFORMED, 'The token header has no kid');
  // Every claim first: a token that fails anyway (expired, another pool, the wrong token_use) never
  // makes the SDK fetch the JWKS, and fails the same way offline.
  checkClaims(payload, config.verification!, expect, Date.now() / 1000);
  try {
    await verifyJwt(
      token,
      jwksUri,
      // The claims were checked above, by claims.ts alone: aws-jwt-verify checks the signature only.
      { issuer: null, audience: null, graceSeconds: Number.POSITIVE_INFINITY },
      // A fresh cached key is handed over directly; getJwk fetches (or refuses) only on a miss.
      // Either way the key must be an RS256 signing key of 2048 bits or more.
      async () => usableKey(freshKey(jwksCache, jwksUri, kid) ?? (await getJwk(config, jwksCache, jwksUri, kid, signal))) as JwkWithKid,
      keyObjectFor,
    );
  } catch (error) {
    throw toVerificationError(error);
  }
  return payload;
}

// aws-jwt-verify's errors, by class; anything else (JwkValidationError, JwkInvalidKtyError,
// JwkInvalidUseError, a key the crypto layer refused) means the pool's key cannot be used.
const CODES = [
  [JwtParseError, ErrorCode.TOKEN_MALFORMED],
  [JwtInvalidSignatureAlgorithmError, ErrorCode.ALG_NOT_ALLOWED],
  [JwtInvalidSignatureError, ErrorCode.SIGNATURE_INVALID],
] as const;

function toVerificationError(error: unknown): CognitoOAuthError {
  if (error instanceof CognitoOAuthError) return error;
  const code = CODES.find(([type]) => error instanceof type)?.[1] ?? ErrorCode.JWKS_INVALID;
  // A parse error's text (and its cause, V8's SyntaxError) may quote the token's claims: neither is
  // kept. The key errors' messages speak of the JWK, never the token, and help fix a bad key set.
  if (code === ErrorCode.TOKEN_MALFORMED) return new CognitoOAuthError(code, 'Token verification failed (TOKEN_MALFORMED)');
  const detail = code === ErrorCode.JWKS_INVALID && error instanceof Error ? `: ${clip(error.message)}` : '';
  return new CognitoOAuthError(code, `Token verification failed (${code})${detail}`, { cause: error });
}

function clientIds(config: ResolvedConfig, value: string | readonly string[] | undefined, caller: string): readonly string[] {
  if (value === undefined) return [config.clientId];
  const name = `${caller}: clientId`;
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || ids.length === 0) invalid(name, 'an app client ID or a non-empty array of them');
  return ids.map((id) => checkClientId(id, name));
}

function names(value: readonly string[] | undefined, name: string): readonly string[] {
  return value === undefined ? [] : stringList(value, name, /./, 'an array of non-empty strings');
}
