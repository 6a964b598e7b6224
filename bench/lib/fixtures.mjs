// Cognito-shaped fixtures for the in-process benchmarks: an RS256 key, signed ID and access tokens,
// the canned bodies Cognito returns, and fetch stubs that answer with them.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const REGION = 'us-east-1';
export const USER_POOL_ID = 'us-east-1_Example';
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
export const DOMAIN = `https://example.auth.${REGION}.amazoncognito.com`;
export const CLIENT_ID = '1example23456789';
export const REDIRECT_URI = 'https://app.example.com/callback';
export const SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
export const NONCE = 'n-0S6_WzA2Mj-nonce-value-for-the-bench-1234';
export const STATE = 's-0S6_WzA2Mj-state-value-for-the-bench-1234';
export const CODE_VERIFIER = 'v-0S6_WzA2Mj-verifier-value-for-the-bench-123456789';
export const CODE = 'c0de1234-abcd-ef01-2345-6789abcdef01';
export const CALLBACK_URL = `${REDIRECT_URI}?code=${CODE}&state=${STATE}`;
export const REFRESH_TOKEN = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.refresh-token-opaque-to-clients';

export async function createFixtures() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'bench-key-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const now = Math.floor(Date.now() / 1000);
  // Valid for two hours: far longer than a bench run.
  const sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
  const idToken = await sign({
    sub: SUB,
    aud: CLIENT_ID,
    iss: ISSUER,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 7200,
    nonce: NONCE,
    email: 'jane@example.com',
    email_verified: true,
    'cognito:username': 'jane',
    'cognito:groups': ['admins'],
    origin_jti: 'b1d0c2e3-1111-2222-3333-444455556666',
    event_id: 'e1e2e3e4-1111-2222-3333-444455556666',
    jti: 'i1i2i3i4-1111-2222-3333-444455556666',
  });
  const accessToken = await sign({
    sub: SUB,
    iss: ISSUER,
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: 'openid email',
    auth_time: now,
    iat: now,
    exp: now + 7200,
    username: 'jane',
    'cognito:groups': ['admins'],
    origin_jti: 'b1d0c2e3-1111-2222-3333-444455556666',
    jti: 'a1a2a3a4-1111-2222-3333-444455556666',
  });
  const codeBody = JSON.stringify({
    id_token: idToken,
    access_token: accessToken,
    refresh_token: REFRESH_TOKEN,
    expires_in: 3600,
    token_type: 'Bearer',
  });
  // Cognito sends no new refresh token unless rotation is on.
  const refreshBody = JSON.stringify({ id_token: idToken, access_token: accessToken, expires_in: 3600, token_type: 'Bearer' });
  // Cognito's userInfo sends the *_verified claims as strings.
  const userInfoBody = JSON.stringify({ sub: SUB, email_verified: 'true', email: 'jane@example.com', username: 'jane' });
  return { jwks, idToken, accessToken, codeBody, refreshBody, userInfoBody };
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

/** A `fetch` that answers every request with the same JSON body, as Cognito would. */
export function stubFetch(body) {
  return async (input, init) => {
    // Drain what was sent, as a real transport would (cheap: the form is a string or URLSearchParams).
    if (input instanceof Request) await input.arrayBuffer();
    else if (init?.body !== undefined && init.body !== null) String(init.body);
    return new Response(body, { status: 200, headers: JSON_HEADERS });
  };
}
