// Finds the user pool key a token names: from the cache, else by fetching the JWKS through the one
// transport (the client's fetch, timeout, size cap and typed errors). Part of the verification chunk.
import type { ResolvedConfig } from '../config/options.js';
import { CognitoOAuthError, ErrorCode } from '../errors.js';
import { JwksSchema } from '../network/schemas.js';
import { parseBody, send } from '../network/transport.js';
import { cacheEntries, type Jwk, type JwksCache, type JwksEntry } from './jwks-cache.js';

/**
 * The key whose `kid` equals the token's, exactly: Cognito's kids are standard base64 (`+`, `/`,
 * `=`), so no normalisation. An unknown `kid` refetches the JWKS once, unless the last fetch is
 * younger than the cache's cooldown; a key set older than the cache's `maxAge` is refetched before
 * any of its keys is used.
 */
export async function getJwk(
  config: ResolvedConfig,
  cache: JwksCache,
  jwksUri: string,
  kid: string,
  signal: AbortSignal | undefined,
): Promise<Jwk> {
  const cached = freshKey(cache, jwksUri, kid);
  if (cached) return cached;
  const entries = cacheEntries(cache);
  let entry = entries.get(jwksUri);
  if (entry === undefined) {
    entry = { fetchedAt: 0 };
    entries.set(jwksUri, entry);
  }
  const age = ageOf(cache, entry);
  if (age < cache.cooldown) {
    throw unknownKey(`it was fetched less than ${cache.cooldown} ms ago, so it is not fetched again yet`);
  }
  const keys = await abortable(refresh(config, entry, jwksUri), signal);
  const key = keys.get(kid);
  if (!key) throw unknownKey('even after fetching it again');
  return key;
}

/** The cached key with this `kid`, while its set is younger than the cache's `maxAge`. */
export function freshKey(cache: JwksCache, jwksUri: string, kid: string): Jwk | undefined {
  const entry = cacheEntries(cache).get(jwksUri);
  return entry && ageOf(cache, entry) < cache.maxAge ? entry.keys?.get(kid) : undefined;
}

/** Milliseconds since the set was fetched; infinite without a set, or when the clock went back (so it is not trusted for longer). */
function ageOf(cache: JwksCache, entry: JwksEntry): number {
  const age = Date.now() - entry.fetchedAt;
  return entry.keys === undefined || age < 0 || age >= cache.maxAge ? Number.POSITIVE_INFINITY : age;
}

function refresh(config: ResolvedConfig, entry: JwksEntry, jwksUri: string): Promise<ReadonlyMap<string, Jwk>> {
  // Concurrent verifications share one request. Failures are not cached: the next call retries.
  entry.pending ??= fetchJwks(config, jwksUri)
    .then((keys) => {
      entry.keys = keys;
      entry.fetchedAt = Date.now();
      return keys;
    })
    .finally(() => {
      entry.pending = undefined;
    });
  return entry.pending;
}

async function fetchJwks(config: ResolvedConfig, jwksUri: string): Promise<ReadonlyMap<string, Jwk>> {
  // No caller signal here: the request is shared; each caller stops waiting on its own signal instead.
  const { response, text } = await send(config, { source: 'jwks', method: 'GET', url: jwksUri, headers: {} });
  const jwks = parseBody(JwksSchema, text, 'jwks', response);
  const keys = new Map<string, Jwk>();
  for (const key of jwks.keys) {
    if (key.kid !== undefined && !keys.has(key.kid)) keys.set(key.kid, key);
  }
  return keys;
}

function unknownKey(detail: string): CognitoOAuthError {
  return new CognitoOAuthError(ErrorCode.UNKNOWN_KEY, `The token's key ID is not in the user pool's JWKS (${detail})`);
}

/** Waits for a shared promise, or rejects with `ABORTED` when this caller's signal fires first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CognitoOAuthError(ErrorCode.ABORTED, 'Token verification was aborted', { cause: signal.reason }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
