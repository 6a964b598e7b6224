// Finds the user pool key a token names: from the cache, else by fetching the JWKS through the one
// transport (the client's fetch, timeout, size cap and typed errors). Part of the verification chunk.
import type { ResolvedConfig } from '../config/options.js';
import { base64UrlDecode } from '../encoding.js';
import { CognitoOAuthError } from '../errors.js';
import { JwksSchema } from '../network/schemas.js';
import { parseBody, send } from '../network/transport.js';
import { fail } from './claims.js';
import type { Jwk, JwksCache, JwksEntry } from './jwks-cache.js';

/**
 * The key whose `kid` equals the token's, exactly (Cognito's kids are standard base64, `+`, `/`,
 * `=`: no normalisation), once it passed {@link usableKey}. A fresh cached key is returned as it
 * is, without a promise. An unknown `kid` refetches the JWKS once, unless the last fetch is younger
 * than the cache's cooldown; a key set older than the cache's `maxAge` (or from a clock that went
 * back since) is refetched before any of its keys is used. A failed fetch is not retried, and for a
 * cooldown after it every call that needs the JWKS fails at once with the same error, without a
 * request.
 */
export function jwkFor(
  config: ResolvedConfig,
  cache: JwksCache,
  entries: Map<string, JwksEntry>,
  jwksUri: string,
  kid: string,
  signal: AbortSignal | undefined,
): Jwk | Promise<Jwk> {
  let entry = entries.get(jwksUri);
  if (!entry) entries.set(jwksUri, (entry = { fetchedAt: 0 }));
  const now = Date.now();
  const age = now - entry.fetchedAt;
  const fresh = entry.keys !== undefined && age >= 0 && age < cache.maxAge;
  const key = fresh ? entry.keys?.get(kid) : undefined;
  if (key) return usableKey(key);
  const sinceFailure = now - entry.failedAt!;
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the last fetch rejected with, as it was
  if (entry.failure && sinceFailure >= 0 && sinceFailure < cache.cooldown) throw entry.failure;
  if (fresh && age < cache.cooldown) unknownKey(` (fetched under ${cache.cooldown} ms ago, not refetched yet)`);
  return abortable(refresh(config, entry, jwksUri), signal).then((keys) => usableKey(keys.get(kid) ?? unknownKey(', even refetched')));
}

function unknownKey(detail: string): never {
  fail('UNKNOWN_KEY', 'kid', `is not in the user pool's JWKS${detail}`);
}

/**
 * `jwk` when it can verify a Cognito token: an RSA key (`kty`) for RS256 (`alg` absent or
 * `RS256`), for signatures (`use` absent or `sig`), with a modulus of 2048 bits or more. Else
 * `JWKS_INVALID`: an EC key or a 512-bit RSA key must not verify an RS256 token.
 */
function usableKey(jwk: Jwk): Jwk {
  // Every verification passes its key through here; each key object (a refetch brings new ones) is
  // checked once, as decoding the modulus costs about 3 µs, 7% of a verification.
  if (usable.has(jwk)) return jwk;
  let bits = 0;
  try {
    const n = base64UrlDecode(jwk['n'] as string);
    let i = 0;
    while (n[i] === 0) i += 1;
    // The bit length of the first non-zero byte, plus 8 for every byte after it.
    bits = (n.length - i) * 8 + 24 - Math.clz32(n[i]!);
  } catch {
    // No modulus, or not base64url: not a usable key.
  }
  if (
    jwk.kty !== 'RSA' ||
    ![undefined, 'RS256'].includes(jwk['alg'] as string) ||
    ![undefined, 'sig'].includes(jwk['use'] as string) ||
    bits < 2048
  ) {
    throw new CognitoOAuthError('JWKS_INVALID', "The user pool's key is not an RS256 signing key of 2048 bits or more");
  }
  usable.add(jwk);
  return jwk;
}

const usable = new WeakSet<Jwk>();

function refresh(config: ResolvedConfig, entry: JwksEntry, jwksUri: string): Promise<ReadonlyMap<string, Jwk>> {
  // Concurrent verifications share one request. No caller signal here: each caller stops waiting on
  // its own signal instead. No retry either: a failure is answered by the cooldown, not by more requests.
  return (entry.pending ??= (async () => {
    try {
      const { response, text } = await send({ ...config, retries: 0 }, { source: 'jwks', method: 'GET', url: jwksUri, headers: {} });
      const keys = new Map<string, Jwk>();
      // Cognito never repeats a kid; should a key set do so, the first key with it is the one used.
      for (const key of parseBody(JwksSchema, text, 'jwks', response).keys) {
        if (key.kid !== undefined && !keys.has(key.kid)) keys.set(key.kid, key);
      }
      entry.keys = keys;
      entry.fetchedAt = Date.now();
      entry.failure = undefined;
      return keys;
    } catch (error) {
      // Remembered for a cooldown, so a key set that answers 503 is not asked again by every
      // forged token meanwhile.
      entry.failure = error;
      entry.failedAt = Date.now();
      throw error;
    } finally {
      entry.pending = undefined;
    }
  })());
}

/** Waits for a shared promise, or rejects with `ABORTED` when this caller's signal fires first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal
    ? new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(new CognitoOAuthError('ABORTED', 'Token verification was aborted', { cause: signal.reason }));
        // Already aborted: rejected now; the listener then never fires and is removed when the fetch ends.
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      })
    : promise;
}
