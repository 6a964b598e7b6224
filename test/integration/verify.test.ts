// Token verification (`issuer` on the client) against the look-alike's real RS256 JWKS: the ID token
// from exchangeCode and refreshTokens, verifyIdToken, and verifyAccessToken on a client
// credentials token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode } from '../../src/index.js';
import { startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';
import { rejectionOf, signIn } from '../support/look-alike.js';

// Starting a server generates an RSA key: generous on a busy CI machine (a bound, not a measurement).
const START_TIMEOUT = 60_000;

let server: CognitoLikeServer;
let other: CognitoLikeServer;

beforeAll(async () => {
  [server, other] = await Promise.all([startCognitoLike(), startCognitoLike()]);
}, START_TIMEOUT);

afterAll(async () => {
  await Promise.all([server?.close(), other?.close()]);
});

function verifyingClient(on: CognitoLikeServer): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: on.domain,
    clientId: on.publicClient.clientId,
    redirectUri: on.publicClient.redirectUri,
    scopes: ['openid', 'email'],
    issuer: on.issuer,
  });
}

describe('ID token verification with issuer set', () => {
  it('verifies the ID token of exchangeCode and refreshTokens, and verifyIdToken returns its claims', async () => {
    const client = verifyingClient(server);
    expect(client.issuer).toBe(server.issuer);
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });

    const claims = await client.verifyIdToken(tokens.idToken ?? '', { nonce: request.nonce, requiredGroups: ['admins'] });
    expect(claims).toMatchObject({
      iss: server.issuer,
      aud: server.publicClient.clientId,
      sub: server.user.sub,
      token_use: 'id',
      'cognito:username': 'alice',
      'cognito:groups': ['admins'],
      email_verified: true,
      nonce: request.nonce,
    });

    const refreshed = await client.refreshTokens(tokens.refreshToken ?? '');
    await expect(client.verifyIdToken(refreshed.idToken ?? '')).resolves.toMatchObject({ sub: server.user.sub });

    const missingGroup = await rejectionOf(client.verifyIdToken(tokens.idToken ?? '', { requiredGroups: ['finance'] }));
    expect(missingGroup).toBeInstanceOf(CognitoOAuthError);
    expect(missingGroup).toMatchObject({ code: ErrorCode.GROUP_MISSING });
  });

  it('rejects an ID token whose nonce is not the one of the sign-in', async () => {
    const client = verifyingClient(server);
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const error = await rejectionOf(client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: 'another-sign-in' }));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).toMatchObject({ code: ErrorCode.NONCE_MISMATCH });
  });

  it('refuses to exchange without a nonce before the single-use code is spent', async () => {
    const client = verifyingClient(server);
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const error = await rejectionOf(client.exchangeCode({ code, codeVerifier: request.codeVerifier }));
    expect(error).toBeInstanceOf(TypeError);
    // The code was not sent, so it still works.
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
    expect(tokens.idToken).toEqual(expect.any(String));
  });

  it('rejects an ID token from another user pool', async () => {
    const foreign = verifyingClient(other);
    const { request, callbackUrl } = await signIn(foreign, other.user);
    const { code } = foreign.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await foreign.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });

    const error = await rejectionOf(verifyingClient(server).verifyIdToken(tokens.idToken ?? ''));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    // Claims are checked before any key is looked up, so the foreign issuer is what is reported
    // (not the unknown kid it would meet in this pool's JWKS).
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.ISSUER_MISMATCH);
  });
});

describe('userPoolId (a Cognito-style issuer)', () => {
  const userPoolId = 'us-east-1_TEST';
  const cognitoIssuer = `https://cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  let pool: CognitoLikeServer;

  beforeAll(async () => {
    pool = await startCognitoLike({ issuer: cognitoIssuer });
  }, START_TIMEOUT);

  afterAll(async () => {
    await pool?.close();
  });

  it('derives the issuer from userPoolId and verifies against its JWKS', async () => {
    const jwksRequests: string[] = [];
    // The real JWKS lives on the issuer host; send requests for any pool's JWKS to the look-alike.
    const issuerHost = /^https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\/[\w-]+\/\.well-known\/jwks\.json$/;
    const routed = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      if (issuerHost.test(request.url)) {
        jwksRequests.push(request.url);
        return fetch(`${pool.domain}/.well-known/jwks.json`, { headers: request.headers, signal: request.signal });
      }
      return fetch(request);
    };
    const client = new CognitoOAuthClient({
      domain: pool.domain,
      clientId: pool.publicClient.clientId,
      redirectUri: pool.publicClient.redirectUri,
      scopes: ['openid', 'email'],
      userPoolId,
      fetch: routed,
    });
    expect(client.issuer).toBe(cognitoIssuer);
    expect(pool.issuer).toBe(cognitoIssuer);

    const { request, callbackUrl } = await signIn(client, pool.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
    const claims = await client.verifyIdToken(tokens.idToken ?? '');
    expect(claims).toMatchObject({ iss: cognitoIssuer, sub: pool.user.sub, token_use: 'id' });
    expect(jwksRequests).toEqual([`${cognitoIssuer}/.well-known/jwks.json`]);

    // The same token is refused by a client for another pool.
    const otherPool = new CognitoOAuthClient({
      domain: pool.domain,
      clientId: pool.publicClient.clientId,
      userPoolId: 'us-east-1_OTHER',
      fetch: routed,
    });
    const error = await rejectionOf(otherPool.verifyIdToken(tokens.idToken ?? ''));
    expect(error).toMatchObject({ code: ErrorCode.ISSUER_MISMATCH });
  });
});

describe('access token verification', () => {
  it('verifies a client credentials access token: token_use, client_id and scopes', async () => {
    const m2m = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.machineClient.clientId,
      clientSecret: server.machineClient.clientSecret,
      issuer: server.issuer,
    });
    const tokens = await m2m.clientCredentials({ scopes: ['api/read'] });
    const claims = await m2m.verifyAccessToken(tokens.accessToken, { requiredScopes: ['api/read'] });
    expect(claims).toMatchObject({ token_use: 'access', client_id: server.machineClient.clientId, scope: 'api/read' });

    const missing = await rejectionOf(m2m.verifyAccessToken(tokens.accessToken, { requiredScopes: ['api/write'] }));
    expect(missing).toMatchObject({ code: ErrorCode.SCOPE_MISSING });

    // Another app client of the same pool must not accept it.
    const wrongClient = await rejectionOf(verifyingClient(server).verifyAccessToken(tokens.accessToken));
    expect(wrongClient).toMatchObject({ code: ErrorCode.CLIENT_MISMATCH });
  });
});
