// cognito-oauth/testing's scripted faults, through the SDK: each fault reaches the client as the
// error a real Cognito outage would give, is used the number of times asked, and then the
// look-alike answers normally again. The token-request log shows what was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, JwksCache, OAuthError, type TokenSet } from '../../src/index.js';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from '../../testing/index.mjs';
import { rejectionOf } from '../support/outcomes.js';

let cognito: CognitoLikeServer;
let client: CognitoOAuthClient;
let tokens: TokenSet;

beforeAll(async () => {
  cognito = await startCognitoLike({ refreshTokenRotation: { gracePeriodSeconds: 60 } });
  client = new CognitoOAuthClient({
    domain: cognito.domain,
    clientId: cognito.publicClient.clientId,
    redirectUri: cognito.publicClient.redirectUri,
    issuer: cognito.issuer,
    retries: 0,
    timeout: 1_000,
  });
  const request = await client.buildAuthorizeUrl({ scopes: ['openid', 'email'] });
  const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, ...cognito.user });
  const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
  tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
}, 60_000);

afterAll(async () => {
  await cognito?.close();
});

/** The token requests logged since `from`. */
const loggedSince = (from: number) => cognito.tokenRequests.slice(from);

describe('cognito-oauth/testing: failNext', () => {
  it("answers the next token request with Cognito's OAuth error, once", async () => {
    const from = cognito.tokenRequests.length;
    cognito.failNext('token', { error: 'invalid_grant', errorDescription: 'Refresh Token has been revoked' });

    const error = await rejectionOf(client.refreshTokens(tokens.refreshToken!));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      error: 'invalid_grant',
      errorDescription: 'Refresh Token has been revoked',
      status: 400,
      source: 'token',
    });
    await expect(client.refreshTokens(tokens.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });

    expect(loggedSince(from)).toEqual([
      { grantType: 'refresh_token', status: 400, error: 'invalid_grant' },
      { grantType: 'refresh_token', status: 200, error: undefined },
    ]);
  });

  it('answers a 5xx as many times as asked, then normally', async () => {
    const from = cognito.tokenRequests.length;
    cognito.failNext('token', { status: 503, body: 'Service Unavailable', times: 2 });

    for (let i = 0; i < 2; i += 1) {
      expect(await rejectionOf(client.refreshTokens(tokens.refreshToken!))).toMatchObject({
        code: 'HTTP_ERROR',
        name: 'CognitoOAuthError',
      });
    }
    await expect(client.refreshTokens(tokens.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(loggedSince(from).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('holds a request up (delayMs): the client times out, or gets the answer late', async () => {
    const from = cognito.tokenRequests.length;
    cognito.failNext('token', { delayMs: 1_500 });
    const error = await rejectionOf(client.refreshTokens(tokens.refreshToken!));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    // The client hung up during the delay, so the look-alike drops the request when the delay ends.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(loggedSince(from)).toEqual([]);

    cognito.failNext('token', { delayMs: 200 });
    const started = Date.now();
    await expect(client.refreshTokens(tokens.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('drops the connection: the client sees NETWORK_ERROR', async () => {
    const from = cognito.tokenRequests.length;
    cognito.failNext('token', { drop: true });
    expect(await rejectionOf(client.refreshTokens(tokens.refreshToken!))).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(loggedSince(from)).toEqual([{ grantType: 'refresh_token', status: 0, error: undefined }]);
  });

  it("answers userInfo's error in WWW-Authenticate, as Cognito does", async () => {
    cognito.failNext('userInfo', { error: 'invalid_token', errorDescription: 'Access token has been revoked' });
    const error = await rejectionOf(client.fetchUserInfo(tokens.accessToken));
    expect(error).toMatchObject({
      error: 'invalid_token',
      errorDescription: 'Access token has been revoked',
      status: 401,
      source: 'userInfo',
    });
    await expect(client.fetchUserInfo(tokens.accessToken)).resolves.toMatchObject({ sub: cognito.user.sub });
  });

  it('fails revoke and the JWKS on request', async () => {
    cognito.failNext('revoke', { status: 500, body: { message: 'Internal' } });
    expect(await rejectionOf(client.revokeToken(tokens.refreshToken!))).toMatchObject({ code: 'HTTP_ERROR' });

    // An empty key cache without a refetch cooldown: each verification here fetches the JWKS.
    const fresh = new CognitoOAuthClient({
      domain: cognito.domain,
      clientId: cognito.publicClient.clientId,
      issuer: cognito.issuer,
      jwksCache: new JwksCache({ cooldown: 0 }),
      retries: 0,
    });
    cognito.failNext('jwks', { status: 502 });
    expect(await rejectionOf(fresh.verifyIdToken(tokens.idToken!))).toMatchObject({ code: 'HTTP_ERROR' });
    await expect(fresh.verifyIdToken(tokens.idToken!)).resolves.toMatchObject({ sub: cognito.user.sub });
  });

  it('uses queued faults in order, and clearFaults drops the rest', async () => {
    const from = cognito.tokenRequests.length;
    cognito.failNext('token', { status: 500 });
    cognito.failNext('token', { error: 'invalid_grant' });
    cognito.failNext('token', { error: 'invalid_grant' });
    await rejectionOf(client.refreshTokens(tokens.refreshToken!));
    await rejectionOf(client.refreshTokens(tokens.refreshToken!));
    cognito.clearFaults();
    await expect(client.refreshTokens(tokens.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(loggedSince(from).map((r) => `${r.status} ${r.error ?? ''}`.trim())).toEqual(['500', '400 invalid_grant', '200']);
  });

  it.each([
    ['an unknown endpoint', 'authorize', { status: 500 }, /endpoint must be/],
    ['no kind', 'token', {}, /exactly one of/],
    ['two kinds', 'token', { status: 500, drop: true }, /exactly one of/],
    ['a status out of range', 'token', { status: 99 }, /status must be/],
    ['an error that is not a code', 'token', { error: 'bad "quote"' }, /error must be/],
    ['a delay too long', 'token', { delayMs: 600_000 }, /delayMs must be/],
    ['times 0', 'token', { status: 500, times: 0 }, /times must be/],
  ])('refuses %s with a TypeError', (_name, endpoint, fault, message) => {
    expect(() => cognito.failNext(endpoint as 'token', fault as { status: number })).toThrow(TypeError);
    expect(() => cognito.failNext(endpoint as 'token', fault as { status: number })).toThrow(message);
  });

  it('refuses token lifetimes that are not whole seconds', async () => {
    await expect(startCognitoLike({ accessTokenTtl: 0.5 })).rejects.toThrow(/accessTokenTtl must be a whole number/);
  });
});
