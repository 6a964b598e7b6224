// Cognito's JWT claim sets as loose, documented interfaces, and the one JWT decoder, which does NOT
// verify. Nothing here checks a signature: that lives in verify/, which the client loads on demand.
import { base64UrlDecode } from './encoding.js';
import { CognitoOAuthError } from './errors.js';
import type { CognitoIdentity } from './types.js';

/**
 * Claims every Cognito user pool JWT carries, plus any other claim (kept as `unknown`).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
 * @group Verification
 */
export interface CognitoJwtClaims {
  /** The issuer: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` (or the `issuer-cognito-idp` host of the updated issuer). */
  iss: string;
  /** The user's stable identifier (for client-credentials tokens, the app client ID). Not always a UUID; do not validate its format. */
  sub: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
  /** Issue time, in seconds since the epoch. */
  iat: number;
  /** `id` for ID tokens, `access` for access tokens. */
  token_use: 'id' | 'access';
  /** When the user authenticated, in seconds since the epoch (unchanged by refreshes). */
  auth_time?: number;
  /** The token's unique identifier. */
  jti?: string;
  /** The identifier of the original token of this session, present when token revocation is on. */
  origin_jti?: string;
  /** An identifier of the sign-in event. */
  event_id?: string;
  /** Groups the user belongs to (always an array). */
  'cognito:groups'?: string[];
  /** Not before, in seconds since the epoch (Cognito does not send it today; checked when present). */
  nbf?: number;
  /** Any other claim, including `custom:*` attributes and claims added by a pre token generation trigger. */
  [claim: string]: unknown;
}

/**
 * Claims of a Cognito ID token. `aud` is the app client ID; `email_verified` is a JSON boolean here
 * (unlike userInfo); custom attributes appear as `custom:name` strings.
 *
 * @example
 * ```ts
 * import type { CognitoIdTokenClaims } from 'cognito-oauth';
 *
 * function greeting(claims: CognitoIdTokenClaims): string {
 *   const plan = claims['custom:plan'] ?? 'free';
 *   return `Hello ${claims.email ?? claims['cognito:username'] ?? claims.sub} (${plan})`;
 * }
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 * @group Verification
 */
export interface CognitoIdTokenClaims extends CognitoJwtClaims {
  /** Always `id`. */
  token_use: 'id';
  /** The app client ID the token was issued to. */
  aud: string;
  /** The user name in the user pool. */
  'cognito:username'?: string;
  /** IAM roles of the user's groups. */
  'cognito:roles'?: string[];
  /** The IAM role of the user's highest-precedence group. */
  'cognito:preferred_role'?: string;
  /** The `nonce` of the authorize request (Cognito generates one for federated sign-ins when none was sent). */
  nonce?: string;
  /** The user's email address. */
  email?: string;
  /** Whether the email address is verified: a JSON boolean in ID tokens. */
  email_verified?: boolean;
  /** The user's phone number. */
  phone_number?: string;
  /** Whether the phone number is verified: a JSON boolean in ID tokens. */
  phone_number_verified?: boolean;
  /** Full name. */
  name?: string;
  /** Given name. */
  given_name?: string;
  /** Family name. */
  family_name?: string;
  /** Middle name. */
  middle_name?: string;
  /** Preferred user name. */
  preferred_username?: string;
  /** Linked identity providers of a federated user (`primary` is the string `"true"`/`"false"`). */
  identities?: CognitoIdentity[];
  /** Authentication context class, e.g. `urn:cognito:loa:4`. */
  acr?: string;
  /** Authentication methods, e.g. `['pwd', 'otp', 'mfa']`. */
  amr?: string[];
  /** Hash of the access token, when present. */
  at_hash?: string;
  /** Custom attributes: Cognito writes them as strings whatever their declared type. */
  [attribute: `custom:${string}`]: string;
}

/**
 * Claims of a Cognito access token. There is no client `aud`: the client is `client_id`, and `aud`
 * is present only when the authorize request asked for a resource binding (`resource`).
 *
 * @example
 * ```ts
 * import type { CognitoAccessTokenClaims } from 'cognito-oauth';
 *
 * function canRead(claims: CognitoAccessTokenClaims): boolean {
 *   return (claims.scope ?? '').split(' ').includes('orders/read');
 * }
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
 * @group Verification
 */
export interface CognitoAccessTokenClaims extends CognitoJwtClaims {
  /** Always `access`. */
  token_use: 'access';
  /** The app client ID the token was issued to. */
  client_id: string;
  /** Granted scopes, space separated, e.g. `openid email orders/read`. */
  scope?: string;
  /** The user name (access tokens say `username`, not `cognito:username`); absent for client credentials. */
  username?: string;
  /** The access token format version (`2` for current pools). */
  version?: number;
  /** The remembered device, when device tracking is on. */
  device_key?: string;
  /** The resource server the token is bound to (RFC 8707), not the client. */
  aud?: string | string[];
}

/**
 * A JWT's header, decoded without verification.
 * @group Verification
 */
export interface JwtHeader {
  /** The signature algorithm; Cognito signs with `RS256`. */
  alg?: string;
  /** The key ID: standard base64 with `+`, `/` and `=` in Cognito's case. */
  kid?: string;
  /** Any other header parameter. */
  [parameter: string]: unknown;
}

/**
 * A JWT split into its parts; nothing about it is verified.
 * @group Verification
 */
export interface DecodedJwt<Claims> {
  /** The header. */
  header: JwtHeader;
  /** The claims. */
  payload: Claims;
}

/**
 * Decodes a JWT's header and claims WITHOUT checking its signature, issuer, audience or expiry.
 * Use it to display a token you already trust (e.g. one {@link CognitoOAuthClient.exchangeCode}
 * verified), never to decide who the user is: anyone can forge an unverified token. To verify,
 * use {@link CognitoOAuthClient.verifyIdToken} or {@link CognitoOAuthClient.verifyAccessToken}.
 *
 * @typeParam Claims - the claim shape you expect (not checked), e.g. {@link CognitoIdTokenClaims}
 * @param token - a compact JWT (`header.payload.signature`)
 * @returns the decoded header and claims
 * @throws {@link CognitoOAuthError} `TOKEN_MALFORMED` when it is not three base64url parts with JSON objects
 * @example
 * ```ts
 * import { decodeJwtUnverified, type CognitoIdTokenClaims } from 'cognito-oauth';
 *
 * const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMiLCJlbWFpbCI6ImFAZXhhbXBsZS5jb20ifQ.c2ln';
 * const { payload } = decodeJwtUnverified<CognitoIdTokenClaims>(idToken);
 * console.log(payload.email); // display only
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @group Verification
 */
export function decodeJwtUnverified<Claims = CognitoJwtClaims>(token: string): DecodedJwt<Claims> {
  const parts = splitJwt(token);
  return { header: decodePart(parts[0], 'header'), payload: decodePart(parts[1], 'payload') as Claims };
}

/**
 * `token_use` of a signed (three-part) Cognito JWT, read without verification, so that a token given
 * to the wrong call is refused before the network; `undefined` for anything else (refresh tokens
 * are encrypted, five parts). Internal.
 */
export function peekTokenUse(token: string): 'id' | 'access' | undefined {
  try {
    const use = decodeJwtUnverified(token).payload.token_use;
    return use === 'id' || use === 'access' ? use : undefined;
  } catch {
    return undefined;
  }
}

function splitJwt(token: string): [string, string, string] {
  const parts = typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  // An unsecured JWT (alg none) has an empty third part (RFC 7519 section 6): it decodes, and
  // verification then refuses its alg.
  if (parts.length !== 3) malformed('is not a compact JWT (three base64url parts)');
  return parts as [string, string, string];
}

/** Longer strings are refused before decoding; Cognito's largest tokens are a few kilobytes. */
const MAX_TOKEN_LENGTH = 65_536;

function decodePart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(part)));
  } catch {
    malformed(`${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function malformed(reason: string): never {
  // No cause on purpose: V8's JSON SyntaxError quotes the decoded text, i.e. the token's claims.
  throw new CognitoOAuthError('TOKEN_MALFORMED', `The token ${reason}`);
}
