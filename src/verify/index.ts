// The verification chunk, loaded by CognitoOAuthClient with import() on first use so that an app that
// never verifies does not ship it. A token is decoded once (the one decoder, jwt.ts), its header and
// claims are checked before any key is looked up (claims.ts: no network for a token that fails
// anyway), then aws-jwt-verify checks the RS256 signature with the user pool's key (jwks.ts).
import { JwtInvalidSignatureError, JwtParseError } from 'aws-jwt-verify/error';
import type { JwkWithKid } from 'aws-jwt-verify/jwk';
import { KeyObjectCache, verifyJwt } from 'aws-jwt-verify/jwt-verifier';
import { invalid, nonEmptyString, stringList } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkClientId } from '../config/uris.js';
import { clip, CognitoOAuthError } from '../errors.js';
import { decodeJwtUnverified, type CognitoAccessTokenClaims, type CognitoIdTokenClaims, type CognitoJwtClaims } from '../jwt.js';
import type { TokenSet, VerifyAccessTokenOptions, VerifyIdTokenOptions } from '../types.js';
import { checkClaims, checkHeader, fail } from './claims.js';
import { jwkFor } from './jwks.js';

/** Verifies a Cognito ID token; see `CognitoOAuthClient.verifyIdToken`. */
export const verifyIdToken = (config: ResolvedConfig, token: string, options?: VerifyIdTokenOptions): Promise<CognitoIdTokenClaims> =>
  verifyToken(config, token, 'id', options, 'verifyIdToken') as Promise<CognitoIdTokenClaims>;

/** Verifies a Cognito access token; see `CognitoOAuthClient.verifyAccessToken`. */
export const verifyAccessToken = (
  config: ResolvedConfig,
  token: string,
  options?: VerifyAccessTokenOptions,
): Promise<CognitoAccessTokenClaims> =>
  verifyToken(config, token, 'access', options, 'verifyAccessToken') as Promise<CognitoAccessTokenClaims>;

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
  if (!key) {
    keyObjects.set(jwk, (key = importKey(jwk, alg)));
    key.catch(() => keyObjects.delete(jwk));
  }
  return key;
}

// The client checked that verification is configured (requireVerification) before loading this chunk.
async function verifyToken(
  config: ResolvedConfig,
  token: string,
  use: 'id' | 'access',
  options: VerifyIdTokenOptions & VerifyAccessTokenOptions = {},
  caller: string,
): Promise<CognitoJwtClaims> {
  const verification = config.verification!;
  const { jwksUri, jwksCache } = verification;
  const name = (option: string): string => `${caller}: ${option}`;
  const list = (option: 'requiredGroups' | 'requiredScopes'): readonly string[] =>
    options[option] === undefined ? [] : stringList(options[option], name(option), /./, 'an array of non-empty strings');
  const ids = options.clientId;
  const expect = {
    use,
    clientIds:
      ids === undefined
        ? [config.clientId]
        : (typeof ids === 'string'
            ? [ids]
            : Array.isArray(ids) && ids.length
              ? ids
              : invalid(name('clientId'), 'an app client ID or a non-empty array of them')
          ).map((id) => checkClientId(id, name('clientId'))),
    nonce: use === 'id' && options.nonce !== undefined ? nonEmptyString(options.nonce, name('nonce')) : undefined,
    requiredGroups: list('requiredGroups'),
    requiredScopes: use === 'id' ? [] : list('requiredScopes'),
  };
  if (typeof token !== 'string') invalid(name('token'), 'a string', 'ERR_INVALID_ARG_TYPE');
  const { header, payload } = decodeJwtUnverified(token);
  const kid = checkHeader(header);
  // Every claim first: a token that fails anyway (expired, another pool, the wrong token_use) never
  // makes the SDK fetch the JWKS, and fails the same way offline.
  checkClaims(payload, verification, expect, Date.now() / 1000);
  try {
    await verifyJwt(
      token,
      jwksUri,
      // The claims were checked above, by claims.ts alone: aws-jwt-verify checks the signature only.
      { issuer: null, audience: null, graceSeconds: Infinity },
      // A fresh cached key comes back as it is; aws-jwt-verify awaits what it is given.
      () => jwkFor(config, jwksCache, verification.jwksEntries, jwksUri, kid, options.signal) as Promise<JwkWithKid>,
      keyObjectFor,
    );
  } catch (error) {
    // Ours (the key lookup's) as they are. A parse error's text (and its cause, V8's SyntaxError)
    // may quote the token's claims: neither is kept. The rest (a JWK aws-jwt-verify or the crypto
    // layer refused) speak of the key, never the token, and help fix a bad key set.
    if (error instanceof CognitoOAuthError) throw error;
    if (error instanceof JwtParseError) fail('TOKEN_MALFORMED', 'header or claims', 'are malformed');
    if (error instanceof JwtInvalidSignatureError) fail('SIGNATURE_INVALID', 'signature', 'is invalid', error);
    throw new CognitoOAuthError('JWKS_INVALID', `The user pool's key cannot verify the token: ${clip(String(error))}`, {
      cause: error,
    });
  }
  return payload;
}
