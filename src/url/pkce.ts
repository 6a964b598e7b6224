// PKCE (RFC 7636) and random values with WebCrypto only: the same code runs in Node, browsers,
// Bun, Deno and workers. `crypto` is looked up on each call, never captured at import.
import { base64UrlEncode } from '../encoding.js';

/**
 * A fresh random value from the platform CSPRNG: 32 bytes (256 bits), base64url, 43 characters.
 * Used for `state`, `nonce` and the PKCE verifier.
 *
 * @returns a URL-safe random string
 * @example
 * ```ts
 * import { generateRandomValue } from 'cognito-oauth';
 *
 * const state = generateRandomValue(); // e.g. 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
 * ```
 * @group Authorize URL
 */
export function generateRandomValue(): string {
  return randomValues(1)[0]!;
}

/**
 * `count` values as {@link generateRandomValue} makes them, from one CSPRNG call: each call costs
 * a few microseconds in Node whatever its size, and an authorize URL needs three. Internal.
 */
export function randomValues(count: number): string[] {
  const bytes = webCrypto('getRandomValues').getRandomValues(new Uint8Array(32 * count));
  return Array.from({ length: count }, (_, i) => base64UrlEncode(bytes.subarray(32 * i, 32 * i + 32)));
}

/**
 * The S256 code challenge of a PKCE verifier: base64url(SHA-256(verifier)). Cognito supports only S256.
 *
 * @param codeVerifier - the verifier kept across the redirect
 * @returns the `code_challenge` to put in the authorize URL
 * @example
 * ```ts
 * import { computeCodeChallenge } from 'cognito-oauth';
 *
 * // RFC 7636 appendix B
 * const challenge = await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 * @group Authorize URL
 */
export async function computeCodeChallenge(codeVerifier: string): Promise<string> {
  const digest = await webCrypto('subtle').subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return base64UrlEncode(new Uint8Array(digest));
}

/** The platform's WebCrypto, or a TypeError that says what is missing instead of "cannot read properties of undefined". */
function webCrypto(need: 'getRandomValues' | 'subtle'): Crypto {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (crypto?.[need] == null) {
    // Browsers hide crypto.subtle on plain-http pages other than localhost.
    throw new TypeError(
      `cognito-oauth needs crypto.${need} (WebCrypto; browsers offer crypto.subtle only on https:// and localhost pages)`,
    );
  }
  return crypto;
}
