// The confidential app client (client secret: Basic and post), refresh-token rotation, and the
// machine client's client credentials grant, against the Cognito look-alike.
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, OAuthError, type ClientAuthMethod } from '../../src/index.js';
import { startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';
import { recordingFetch, rejectionOf, signIn } from '../support/look-alike.js';

// Starting a server generates an RSA key: generous on a busy CI machine (a bound, not a measurement).
const START_TIMEOUT = 60_000;

let server: CognitoLikeServer;
let rotating: CognitoLikeServer;

beforeAll(async () => {
  [server, rotating] = await Promise.all([startCognitoLike(), startCognitoLike({ rotateRefreshTokens: true })]);
}, START_TIMEOUT);

afterAll(async () => {
  await Promise.all([server?.close(), rotating?.close()]);
});

function confidentialClient(on: CognitoLikeServer, clientAuthMethod: ClientAuthMethod, fetch: typeof globalThis.fetch) {
  return new CognitoOAuthClient({
    domain: on.domain,
    clientId: on.confidentialClient.clientId,
    clientSecret: on.confidentialClient.clientSecret,
    clientAuthMethod,
    redirectUri: on.confidentialClient.redirectUri,
    scopes: ['openid', 'email', 'profile'],
    fetch,
  });
}

describe('confidential client', () => {
  it('authenticates with client_secret_basic on token, refresh and revoke', async () => {
    const { fetch, sent } = recordingFetch();
    const client = confidentialClient(server, 'client_secret_basic', fetch);
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    await client.refreshTokens(tokens.refreshToken ?? '');
    await client.revokeToken(tokens.refreshToken ?? '');

    const basic = `Basic ${btoa(`${server.confidentialClient.clientId}:${server.confidentialClient.clientSecret}`)}`;
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth2/token', 'POST /oauth2/token', 'POST /oauth2/revoke']);
    for (const r of sent) {
      expect(r.authorization).toBe(basic);
      expect(r.body.has('client_secret')).toBe(false);
    }
    expect(sent[0]?.body.get('grant_type')).toBe('authorization_code');
    expect(sent[0]?.body.get('code_verifier')).toBe(request.codeVerifier);
    expect(sent[1]?.body.get('grant_type')).toBe('refresh_token');
    expect(sent[2]?.body.get('token')).toBe(tokens.refreshToken);

    await expect(client.refreshTokens(tokens.refreshToken ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('authenticates with client_secret_post on the token endpoint', async () => {
    const { fetch, sent } = recordingFetch();
    const client = confidentialClient(server, 'client_secret_post', fetch);
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    const refreshed = await client.refreshTokens(tokens.refreshToken ?? '');
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);

    const tokenCalls = sent.filter((r) => r.path === '/oauth2/token');
    expect(tokenCalls).toHaveLength(2);
    for (const r of tokenCalls) {
      expect(r.authorization).toBeNull();
      expect(r.body.get('client_id')).toBe(server.confidentialClient.clientId);
      expect(r.body.get('client_secret')).toBe(server.confidentialClient.clientSecret);
    }
    const profile = await client.fetchUserInfo(refreshed.accessToken);
    expect(profile.email_verified).toBe(true);
  });

  it('fails with invalid_client when the secret is wrong', async () => {
    const good = confidentialClient(server, 'client_secret_basic', fetch);
    const { request, callbackUrl } = await signIn(good, server.user);
    const { code } = good.parseCallback(callbackUrl, { expectedState: request.state });
    const bad = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.confidentialClient.clientId,
      clientSecret: 'not-the-secret',
      redirectUri: server.confidentialClient.redirectUri,
    });
    const error = await rejectionOf(bad.exchangeCode({ code, codeVerifier: request.codeVerifier }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_client', source: 'token' });
  });
});

describe('refresh-token rotation', () => {
  it('returns a new refresh token on each refresh and the SDK passes it on', async () => {
    const client = new CognitoOAuthClient({
      domain: rotating.domain,
      clientId: rotating.publicClient.clientId,
      redirectUri: rotating.publicClient.redirectUri,
      scopes: ['openid', 'email'],
    });
    const { request, callbackUrl } = await signIn(client, rotating.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    const first = await client.refreshTokens(tokens.refreshToken ?? '');
    expect(first.refreshToken).toEqual(expect.any(String));
    expect(first.refreshToken).not.toBe(tokens.refreshToken);

    const second = await client.refreshTokens(first.refreshToken ?? '');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(second.idToken ?? '').sub).toBe(rotating.user.sub);

    // The rotated-out token is spent (oidc-provider has no grace period; Cognito's is 0-60 s).
    const reused = await rejectionOf(client.refreshTokens(tokens.refreshToken ?? ''));
    expect(reused).toBeInstanceOf(OAuthError);
    expect(reused).toMatchObject({ error: 'invalid_grant', source: 'token' });
  });
});

describe('client credentials (machine client)', () => {
  it('gets a JWT access token with token_use, client_id and the requested scope', async () => {
    const { fetch, sent } = recordingFetch();
    const m2m = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.machineClient.clientId,
      clientSecret: server.machineClient.clientSecret,
      fetch,
    });
    const tokens = await m2m.clientCredentials({ scopes: ['api/read'] });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(tokens.idToken).toBeUndefined();
    expect(tokens.refreshToken).toBeUndefined();

    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.get('grant_type')).toBe('client_credentials');
    expect(sent[0]?.body.get('scope')).toBe('api/read');

    const jwks = createRemoteJWKSet(new URL(`${server.issuer}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.accessToken, jwks, { issuer: server.issuer });
    expect(payload).toMatchObject({
      token_use: 'access',
      client_id: server.machineClient.clientId,
      sub: server.machineClient.clientId,
      scope: 'api/read',
    });
  });

  it('gets every custom scope of the client when asked for all', async () => {
    const m2m = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.machineClient.clientId,
      clientSecret: server.machineClient.clientSecret,
      clientAuthMethod: 'client_secret_post',
    });
    const tokens = await m2m.clientCredentials({ scopes: server.machineClient.scopes });
    expect(String(decodeJwt(tokens.accessToken).scope).split(' ').sort()).toEqual([...server.machineClient.scopes].sort());
  });

  it('refuses a wrong secret with invalid_client', async () => {
    const m2m = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.machineClient.clientId,
      clientSecret: 'wrong-secret',
    });
    const error = await rejectionOf(m2m.clientCredentials({ scopes: ['api/read'] }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_client', source: 'token' });
  });
});
