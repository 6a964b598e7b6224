// Base64 and base64url with web-platform APIs only (btoa, atob, TextEncoder), so they run in every
// runtime. The one codec: PKCE, state, HTTP Basic and the JWT decoder all use it.

/** Standard base64 of raw bytes. */
export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Base64url without padding, as PKCE, state and nonce use it. */
export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of unpadded base64url text; throws on any other character. */
export function base64UrlDecode(text: string): Uint8Array {
  if (!/^[\w-]*$/.test(text)) throw new TypeError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
