// Shared values and helpers for the unit tests. The credentials are AWS's own documentation
// examples, so an expected Authorization header can be checked against the docs verbatim.
import { isDeepStrictEqual } from 'node:util';
import { CognitoOAuthClient, type CognitoOAuthClientOptions } from '../../src/index.js';
export { rejectionOf, thrownBy } from './outcomes.js';

export const DOMAIN = 'https://mydomain.auth.us-east-1.amazoncognito.com';
export const CLIENT_ID = 'djc98u3jiedmi283eu928';
export const CLIENT_SECRET = 'abcdef01234567890';
/** `Basic base64(djc98u3jiedmi283eu928:abcdef01234567890)` exactly as printed on AWS's token-endpoint page. */
export const AWS_BASIC = 'Basic ZGpjOTh1M2ppZWRtaTI4M2V1OTI4OmFiY2RlZjAxMjM0NTY3ODkw';
export const REDIRECT_URI = 'com.myclientapp://myclient/redirect';
/** RFC 7636 appendix B verifier. */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

export const FORM = /^application\/x-www-form-urlencoded(;\s*charset=UTF-8)?$/i;

/** A public client (no secret) on the canonical domain; retries off unless a test wants them. */
export function publicClient(options: Partial<CognitoOAuthClientOptions> = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, retries: 0, ...options });
}

/** A confidential client with AWS's example secret. */
export function confidentialClient(options: Partial<CognitoOAuthClientOptions> = {}): CognitoOAuthClient {
  return publicClient({ clientSecret: CLIENT_SECRET, ...options });
}

/**
 * A nock body matcher for the whole form: every field, and no other field. (nock hands a
 * function matcher the parsed form.) The last body seen is kept so a mismatch is easy to read.
 */
export function exactForm(expected: Record<string, string>): (body: Record<string, unknown>) => boolean {
  return (body) => isDeepStrictEqual({ ...body }, expected);
}

/** A token response body as Cognito documents it for the code grant. */
export const TOKEN_BODY = {
  access_token: 'eyJra1example',
  id_token: 'eyJra2example',
  refresh_token: 'eyJj3example',
  token_type: 'Bearer',
  expires_in: 3600,
} as const;
