// The token-verification options of CognitoOAuthClient: which issuer to trust, where its keys are,
// how much clock skew to accept. Checked in the constructor like every other option.
import { invalid } from '../assert.js';
import { cacheEntries, JwksCache, type JwksEntry } from '../verify/jwks-cache.js';
import { webUrl } from './uris.js';

/**
 * Options of {@link CognitoOAuthClient} that turn on token verification. Setting `userPoolId` or
 * `issuer` enables {@link CognitoOAuthClient.verifyIdToken} and
 * {@link CognitoOAuthClient.verifyAccessToken}, and makes `exchangeCode` and `refreshTokens`
 * verify the ID token they receive.
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 *
 * // A pool on the updated issuer: give the issuer as well as the pool ID.
 * const client = new CognitoOAuthClient({
 *   domain: 'auth.example.com',
 *   clientId: 'abc123',
 *   userPoolId: 'us-east-1_AbC123',
 *   issuer: 'https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123',
 *   clockTolerance: 10,
 * });
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @group Verification
 */
export interface TokenVerificationOptions {
  /**
   * The user pool ID, e.g. `us-east-1_AbC123` or `us-gov-west-1_AbC123`. The issuer is derived
   * from it: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. For pools on the updated
   * issuer, other partitions (China, EU sovereign cloud) or local servers, set `issuer` as well.
   * @default undefined (no verification unless `issuer` is set)
   */
  userPoolId?: string | undefined;
  /**
   * The issuer tokens must carry in `iss`, compared exactly; it overrides the one derived from
   * `userPoolId`. E.g. the updated issuer `https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123`.
   * The JWKS is fetched from `{issuer}/.well-known/jwks.json`. `http://` is accepted only for
   * loopback hosts (a local test server). When `userPoolId` is also set, the issuer must end with it.
   * @default `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` when `userPoolId` is set
   */
  issuer?: string | undefined;
  /**
   * Seconds of clock skew accepted on `exp`, `nbf` and `iat`.
   * @default 30
   */
  clockTolerance?: number | undefined;
  /**
   * The JWKS cache to use; pass the same {@link JwksCache} to several clients to fetch the keys
   * once.
   * @default a cache of this client's own
   */
  jwksCache?: JwksCache | undefined;
  /**
   * Turns off the ID-token verification that `exchangeCode` and `refreshTokens` do when
   * `userPoolId` or `issuer` is set. Their tokens are then returned unchecked; only do this when
   * you verify them yourself. `verifyIdToken` and `verifyAccessToken` still verify.
   * @default false
   */
  dangerouslySkipIdTokenVerification?: boolean | undefined;
}

/** The checked verification settings. Internal. */
export interface ResolvedVerification {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clockTolerance: number;
  readonly jwksCache: JwksCache;
  /**
   * The cache's private entries, handed to the verification chunk here so that it never imports
   * jwks-cache.ts (which then stays in the class's chunk instead of a chunk of its own).
   */
  readonly jwksEntries: Map<string, JwksEntry>;
  /** Whether `exchangeCode` and `refreshTokens` verify the ID token of their token response. */
  readonly verifyTokenResponses: boolean;
}

/** Checks the verification options; `undefined` when neither `userPoolId` nor `issuer` is set. */
export function resolveVerification(options: TokenVerificationOptions, P: string): ResolvedVerification | undefined {
  const { userPoolId, issuer, clockTolerance = 30, jwksCache, dangerouslySkipIdTokenVerification = false } = options;
  if (typeof clockTolerance !== 'number' || !(clockTolerance >= 0 && clockTolerance <= 600)) {
    invalid(`${P}clockTolerance`, 'a number of seconds from 0 to 600');
  }
  if (typeof dangerouslySkipIdTokenVerification !== 'boolean')
    invalid(`${P}dangerouslySkipIdTokenVerification`, 'a boolean', 'ERR_INVALID_ARG_TYPE');
  if (jwksCache !== undefined && !(jwksCache instanceof JwksCache)) invalid(`${P}jwksCache`, 'a JwksCache', 'ERR_INVALID_ARG_TYPE');
  // Pool IDs are {region}_{id}; the region names the issuer host (GovCloud: us-gov-west-1). China
  // (amazonaws.com.cn) and the EU sovereign cloud have other issuer hosts: there the issuer must be
  // given, and the pool ID only has to match the API's pattern.
  const region = /^([a-z]{2}(?:-gov)?-[a-z]+-\d{1,2})_[0-9A-Za-z]+$/.exec(String(userPoolId))?.[1];
  if (
    userPoolId !== undefined &&
    !(issuer === undefined ? region && !region.startsWith('cn-') : /^[\w-]+_[0-9A-Za-z]+$/.test(String(userPoolId)))
  ) {
    invalid(`${P}userPoolId`, 'a user pool ID such as "us-east-1_AbC123" (in China or the EU sovereign cloud, also set issuer)');
  }
  let resolved: string;
  if (issuer !== undefined) {
    const name = `${P}issuer`;
    const url = webUrl(String(issuer), name);
    if (
      !/^https?:$/.test(url.protocol) ||
      url.username ||
      url.password ||
      /[?#]/.test(issuer) ||
      (userPoolId !== undefined && !issuer.replace(/\/$/, '').endsWith(`/${userPoolId}`))
    ) {
      invalid(
        name,
        `an https:// URL without credentials, query or fragment${userPoolId === undefined ? '' : `, ending with "/${userPoolId}"`}`,
      );
    }
    resolved = issuer;
  } else if (region !== undefined) {
    resolved = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  } else {
    if (jwksCache !== undefined) invalid(`${P}jwksCache`, 'used with userPoolId or issuer', 'ERR_MISSING_OPTION');
    return undefined;
  }
  const cache = jwksCache ?? new JwksCache();
  return Object.freeze({
    issuer: resolved,
    jwksUri: `${resolved.replace(/\/$/, '')}/.well-known/jwks.json`,
    clockTolerance,
    jwksCache: cache,
    jwksEntries: cacheEntries(cache),
    verifyTokenResponses: !dangerouslySkipIdTokenVerification,
  });
}

/** The verification settings, or the `TypeError` of a call that needs them on a client without them. */
export function requireVerification(verification: ResolvedVerification | undefined, caller: string): ResolvedVerification {
  return verification ?? invalid(`${caller}: the client's userPoolId or issuer`, 'set to verify tokens', 'ERR_MISSING_OPTION');
}
