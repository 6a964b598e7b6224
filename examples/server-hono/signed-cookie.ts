// A short-lived, tamper-proof cookie value: base64url(JSON) + "." + base64url(HMAC-SHA-256).
// WebCrypto only, so the same file runs on Node, Bun, Deno, Cloudflare Workers and Lambda.
// It is signed, not encrypted: the browser can read what is inside. That is fine for the PKCE
// verifier, state and nonce of one sign-in (the cookie is httpOnly and never sent cross-site on
// anything but a top-level GET), but never put tokens in it.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Imports the app's cookie secret (at least 32 characters) as an HMAC-SHA-256 key. */
export async function importCookieKey(secret: string): Promise<CryptoKey> {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new TypeError('cookieSecret must be a random string of at least 32 characters');
  }
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** Signs `value` so that {@link unseal} accepts it until `maxAgeSeconds` from `now`. */
export async function seal(key: CryptoKey, value: unknown, maxAgeSeconds: number, now: number = Date.now()): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify({ value, exp: now + maxAgeSeconds * 1000 })));
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)));
  return `${payload}.${toBase64Url(signature)}`;
}

/**
 * The value of a sealed cookie, or `undefined` when it is missing, forged, tampered with or
 * expired. The expiry is inside the signed payload: a browser that keeps the cookie past its
 * `Max-Age` gains nothing.
 */
export async function unseal(key: CryptoKey, sealed: string | undefined, now: number = Date.now()): Promise<unknown> {
  if (sealed === undefined) return undefined;
  const [payload, signature, extra] = sealed.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
  const signatureBytes = fromBase64Url(signature);
  // crypto.subtle.verify compares in constant time.
  if (signatureBytes === undefined || !(await crypto.subtle.verify('HMAC', key, signatureBytes, encoder.encode(payload)))) {
    return undefined;
  }
  const bytes = fromBase64Url(payload);
  if (bytes === undefined) return undefined;
  const { value, exp } = JSON.parse(decoder.decode(bytes)) as { value: unknown; exp: unknown };
  return typeof exp === 'number' && now < exp ? value : undefined;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[\w-]*$/.test(text)) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
