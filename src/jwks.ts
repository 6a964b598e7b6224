// Finds the user pool key a token names: from the cache, else by fetching the JWKS through the
// client's http module (its fetch, timeout, size cap and typed errors). Loaded with verify.ts.
import * as z from 'zod/mini';
import { CognitoOAuthError, ErrorCode } from './errors.js';
import { parseBody, send } from './http.js';
import type { Jwk, JwksCache, JwksEntry } from './jwks-cache.js';
import type { ResolvedConfig } from './options.js';

/** `GET {issuer}/.well-known/jwks.json`: `{"keys":[{"kid","kty","alg","use","n","e"}, …]}`. */
const JwksSchema = /* @__PURE__ */ z.looseObject({
  keys: /* @__PURE__ */ z.array(/* @__PURE__ */ z.looseObject({ kty: z.string(), kid: /* @__PURE__ */ z.optional(z.string()) })),
});

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
  let entry = cache.entries.get(jwksUri);
  if (entry === undefined) {
    entry = { fetchedAt: 0 };
    cache.entries.set(jwksUri, entry);
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
  const entry = cache.entries.get(jwksUri);
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
