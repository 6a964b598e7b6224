import { base64Encode } from './base64.js';

/**
 * `Authorization: Basic base64(client_id:client_secret)`, as Cognito reads it: the raw pair, not
 * form-encoded first as RFC 6749 section 2.3.1 would have it.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${base64Encode(new TextEncoder().encode(`${clientId}:${clientSecret}`))}`;
}
