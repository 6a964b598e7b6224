// The JWKS cache object: no network code, so creating one (or a client with one) costs a few bytes;
// it is the one verify/ module in the main chunk. Its state is private: a module-level WeakMap that
// only verify/ reads, through the `jwksEntries` of the resolved settings (config/verification.ts).
import { object, wholeNumber } from '../assert.js';

/**
 * One JWK as the user pool publishes it (`kty`, `kid`, `alg`, `use`, `n`, `e`, …).
 * @group Verification
 */
export interface Jwk {
  /** Key type; Cognito's keys are `RSA`. */
  kty: string;
  /** Key ID, matched exactly against the token header's `kid`. */
  kid?: string | undefined;
  /** Any other member (`alg`, `use`, `n`, `e`). */
  [member: string]: unknown;
}

/** What the cache holds for one JWKS URI. Internal. */
export interface JwksEntry {
  /** Keys by `kid`, from the last successful fetch. */
  keys?: ReadonlyMap<string, Jwk>;
  /** When the last successful fetch finished (epoch ms). */
  fetchedAt: number;
  /** The error of the last fetch, when it failed (cleared by a successful one). */
  failure?: unknown;
  /** When the last fetch failed (epoch ms). */
  failedAt?: number;
  /** The fetch in flight, shared by every caller that needs it. */
  pending?: Promise<ReadonlyMap<string, Jwk>> | undefined;
}

/**
 * Options of {@link JwksCache}.
 * @example
 * ```ts
 * import { JwksCache, type JwksCacheOptions } from 'cognito-oauth';
 *
 * // Refetch at most once a minute on an unknown key; trust a key set for 15 minutes.
 * const options: JwksCacheOptions = { cooldown: 60_000, maxAge: 15 * 60_000 };
 * const jwksCache = new JwksCache(options);
 * ```
 * @group Verification
 */
export interface JwksCacheOptions {
  /**
   * Milliseconds after a fetch during which the JWKS is not fetched again. After a successful fetch,
   * a token with an unknown `kid` fails with `UNKNOWN_KEY`; after a failed one (an error status, a
   * timeout, a malformed key set), every verification that needs the JWKS fails at once with that
   * same error. It bounds how often forged tokens can make the SDK call the JWKS endpoint, even
   * while it is down, and a real key rotation is still picked up. JWKS requests are never retried.
   * @default 30000
   */
  cooldown?: number | undefined;
  /**
   * Milliseconds a fetched key set is trusted. The first verification after that fetches the JWKS
   * again before it checks a signature, so a key the user pool no longer publishes (after a
   * rotation, or one withdrawn because it leaked) stops verifying tokens within this time. When that
   * fetch fails, the verification fails with its error (the old keys are not used), and the next
   * verification tries again.
   * @default 3600000
   */
  maxAge?: number | undefined;
}

/**
 * The user pool's public signing keys (JWKS), fetched on first verification and kept in memory.
 * Keys are looked up by exact `kid`; an unknown `kid` (key rotation) triggers one refetch. The JWKS
 * is requested at most once per `cooldown`, whether the last request succeeded or failed (a failure
 * is thrown again, without a request, until the cooldown has passed), and never retried. Only an
 * RSA signing key for RS256 of 2048 bits or more verifies a token. A key set older than `maxAge` (an hour by default) is fetched again before
 * it is used, and {@link clear} forgets every set. Each {@link CognitoOAuthClient} with a `userPoolId` or `issuer` gets its own cache
 * unless you pass one through the `jwksCache` option: share one between clients (e.g. several app
 * clients of one pool) so the JWKS is fetched once. Entries are keyed by JWKS URL, so one cache
 * may also serve several pools.
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient, JwksCache } from 'cognito-oauth';
 *
 * const jwksCache = new JwksCache();
 * const web = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'webclient1', userPoolId: 'us-east-1_AbC123', jwksCache });
 * const admin = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'adminclient1', userPoolId: 'us-east-1_AbC123', jwksCache });
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @group Verification
 */
export class JwksCache {
  /** The refetch cooldown in milliseconds (see {@link JwksCacheOptions.cooldown}). */
  readonly cooldown: number;
  /** How long a fetched key set is trusted, in milliseconds (see {@link JwksCacheOptions.maxAge}). */
  readonly maxAge: number;
  /**
   * Creates an empty key cache; keys are fetched on the first verification that needs them.
   *
   * @example
   * ```ts
   * import { CognitoOAuthClient, JwksCache } from 'cognito-oauth';
   *
   * // One cache for two app clients of the same user pool: the keys are fetched once.
   * const jwksCache = new JwksCache({ cooldown: 60_000, maxAge: 15 * 60_000 });
   * const web = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'webclient1example', userPoolId: 'us-east-1_AbC123', jwksCache });
   * const mobile = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'mobileclient1example', userPoolId: 'us-east-1_AbC123', jwksCache });
   * ```
   * @param options - the refetch `cooldown` and the key set's `maxAge`
   * @throws TypeError when `cooldown` is not a whole number of milliseconds from 0 to 3600000, or
   *   `maxAge` not one from 1000 to 604800000 (seven days)
   */
  constructor(options: JwksCacheOptions = {}) {
    object(options, 'JwksCache: options');
    this.cooldown = wholeNumber(options.cooldown, 'JwksCache: cooldown', 30_000, 0, 3_600_000);
    this.maxAge = wholeNumber(options.maxAge, 'JwksCache: maxAge', 3_600_000, 1_000, 604_800_000);
    entries.set(this, new Map());
  }

  /**
   * Forgets every cached key set, so the next verification fetches the JWKS again.
   *
   * @example
   * ```ts
   * import { JwksCache } from 'cognito-oauth';
   *
   * const cache = new JwksCache();
   * cache.clear();
   * ```
   */
  clear(): void {
    cacheEntries(this).clear();
  }
}

const entries = new WeakMap<JwksCache, Map<string, JwksEntry>>();

/** The cached key sets of a cache, by JWKS URL. Internal: for jwks.ts only. */
export function cacheEntries(cache: JwksCache): Map<string, JwksEntry> {
  return entries.get(cache)!;
}
