// exchangeCode and refreshTokens verify the ID token they receive when userPoolId or issuer is set,
// with the nonce from buildAuthorizeUrl for the code exchange.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, ErrorCode, decodeJwtUnverified, type CognitoIdTokenClaims } from '../../src/index.js';
import {
  CLIENT_ID,
  DOMAIN,
  REDIRECT_URI,
  VERIFIER,
  accessToken,
  attackerKey,
  codeOf,
  idToken,
  rejectionOf,
  serveJwks,
  verifyingClient,
} from '../support/tokens.js';

/** One token request with the given grant, answered with Cognito's documented success shape. */
function serveTokens(grant: 'authorization_code' | 'refresh_token', id: string | undefined): nock.Scope {
  return nock(DOMAIN)
    .post('/oauth2/token', (body: Record<string, string>) => body['grant_type'] === grant && body['client_id'] === CLIENT_ID)
    .matchHeader('content-type', /application\/x-www-form-urlencoded/)
    .reply(200, {
      access_token: accessToken(),
      ...(id === undefined ? {} : { id_token: id }),
      ...(grant === 'authorization_code' ? { refresh_token: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.r' } : {}),
      token_type: 'Bearer',
      expires_in: 3600,
    });
}

describe('exchangeCode with verification', () => {
  it('returns the tokens when the ID token verifies with the nonce of buildAuthorizeUrl', async () => {
    const client = verifyingClient();
    const request = await client.buildAuthorizeUrl();
    serveTokens('authorization_code', idToken({ nonce: request.nonce }));
    serveJwks();
    const tokens = await client.exchangeCode({ code: 'c0de', codeVerifier: request.codeVerifier, nonce: request.nonce });
    // The ID token is verified, so decoding it for display is now safe.
    expect(decodeJwtUnverified<CognitoIdTokenClaims>(tokens.idToken ?? '').payload.nonce).toBe(request.nonce);
    expect(tokens.refreshToken).toBeDefined();
  });

  it('fails with NONCE_MISMATCH when the ID token carries another nonce', async () => {
    serveTokens('authorization_code', idToken({ nonce: 'from-another-sign-in' }));
    const error = await rejectionOf(verifyingClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, nonce: 'n0nce' }));
    expect(codeOf(error)).toBe(ErrorCode.NONCE_MISMATCH);
  });

  it('fails with NONCE_MISMATCH when the ID token has no nonce', async () => {
    serveTokens('authorization_code', idToken({ nonce: undefined }));
    const error = await rejectionOf(verifyingClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, nonce: 'n0nce' }));
    expect(codeOf(error)).toBe(ErrorCode.NONCE_MISMATCH);
  });

  it('fails with SIGNATURE_INVALID for a forged ID token, without exposing it', async () => {
    const forged = idToken({ nonce: 'n0nce' }, attackerKey);
    serveTokens('authorization_code', forged);
    serveJwks();
    const error = await rejectionOf(verifyingClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, nonce: 'n0nce' }));
    expect(codeOf(error, forged)).toBe(ErrorCode.SIGNATURE_INVALID);
  });

  it('is a TypeError without nonce, before the single-use code is sent', async () => {
    // No token interceptor: a request would fail the test (net connect is off).
    await expect(verifyingClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER })).rejects.toThrow(
      /exchangeCode: nonce must be the nonce returned by buildAuthorizeUrl/,
    );
    await expect(verifyingClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, nonce: '' })).rejects.toBeInstanceOf(TypeError);
  });

  it('passes a response without an ID token (no openid scope)', async () => {
    serveTokens('authorization_code', undefined);
    const tokens = await verifyingClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, nonce: 'n0nce' });
    expect(tokens.idToken).toBeUndefined();
  });

  it('skips verification (no JWKS request, no nonce needed) with dangerouslySkipIdTokenVerification', async () => {
    const forged = idToken({ nonce: 'whatever' }, attackerKey);
    serveTokens('authorization_code', forged);
    const client = verifyingClient({ dangerouslySkipIdTokenVerification: true });
    await expect(client.exchangeCode({ code: 'c0de', codeVerifier: VERIFIER })).resolves.toMatchObject({ idToken: forged });
  });

  it('verifies nothing and ignores nonce without userPoolId or issuer', async () => {
    const forged = idToken({ nonce: 'whatever' }, attackerKey);
    serveTokens('authorization_code', forged);
    const client = new CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID, redirectUri: REDIRECT_URI });
    await expect(client.exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, nonce: 'n0nce' })).resolves.toMatchObject({ idToken: forged });
  });
});

describe('refreshTokens with verification', () => {
  it('verifies the new ID token (no nonce check) and keeps the refresh token', async () => {
    serveTokens('refresh_token', idToken({ nonce: 'original-nonce' }));
    serveJwks();
    const tokens = await verifyingClient().refreshTokens('rt');
    expect(tokens.refreshToken).toBe('rt');
  });

  it('fails with CLIENT_MISMATCH when the new ID token is for another app client', async () => {
    serveTokens('refresh_token', idToken({ aud: 'otherclient1' }));
    expect(codeOf(await rejectionOf(verifyingClient().refreshTokens('rt')))).toBe(ErrorCode.CLIENT_MISMATCH);
  });

  it('fails with TOKEN_EXPIRED when the new ID token is already expired', async () => {
    serveTokens('refresh_token', idToken({ exp: 1676316377, iat: 1676312777 }));
    expect(codeOf(await rejectionOf(verifyingClient().refreshTokens('rt')))).toBe(ErrorCode.TOKEN_EXPIRED);
  });
});
