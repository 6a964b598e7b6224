// The public (PKCE-only) app client against the Cognito look-alike: every step of the code flow
// through the SDK, the refresh and revoke rules, error redirects and logout.
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError } from '../../src/index.js';
import { driveLogout, driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';
import { rejectionOf, signIn, thrownBy } from '../support/look-alike.js';

// Starting a server generates an RSA key: generous on a busy CI machine (a bound, not a measurement).
const START_TIMEOUT = 60_000;

let server: CognitoLikeServer;
let client: CognitoOAuthClient;

beforeAll(async () => {
  server = await startCognitoLike({ users: [{ username: 'bob', password: 'B0b-secret', groups: ['staff', 'beta'] }] });
  client = new CognitoOAuthClient({
    domain: server.domain,
    clientId: server.publicClient.clientId,
    redirectUri: server.publicClient.redirectUri,
    scopes: ['openid', 'email'],
  });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
});

describe('authorization code flow with PKCE (public client)', () => {
  it('signs in, exchanges the code, reads userInfo, refreshes, revokes', async () => {
    const { request, callbackUrl } = await signIn(client, server.user);

    // The authorize URL carries what Cognito needs, and the callback comes back to the redirect URI.
    const authorize = new URL(request.url);
    expect(authorize.origin + authorize.pathname).toBe(`${server.domain}/oauth2/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(server.publicClient.clientId);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(callbackUrl.startsWith(`${server.publicClient.redirectUri}?`)).toBe(true);

    // The look-alike adds `iss` (RFC 9207); the SDK must tolerate it.
    const callback = client.parseCallback(callbackUrl, { expectedState: request.state });
    expect(callback.state).toBe(request.state);

    const before = Date.now();
    const tokens = await client.exchangeCode({ code: callback.code, codeVerifier: request.codeVerifier });
    const after = Date.now();
    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.expiresIn).toBe(3600);
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(tokens.expiresAt).toBeLessThanOrEqual(after + 3600_000);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.idToken).toEqual(expect.any(String));

    // The ID token looks like Cognito's and verifies against the JWKS.
    const jwks = createRemoteJWKSet(new URL(`${server.issuer}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.idToken ?? '', jwks, {
      issuer: server.issuer,
      audience: server.publicClient.clientId,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: server.user.sub,
      token_use: 'id',
      'cognito:username': 'alice',
      'cognito:groups': ['admins'],
      email: server.user.email,
      email_verified: true,
      nonce: request.nonce,
    });

    // userInfo: Cognito sends email_verified as the string "true"; the SDK hands back a boolean.
    const profile = await client.fetchUserInfo(tokens.accessToken, { expectedSubject: server.user.sub });
    expect(profile).toMatchObject({ sub: server.user.sub, username: 'alice', email: server.user.email, email_verified: true });

    // Refresh without rotation: no new refresh token on the wire, the SDK keeps the old one.
    const refreshed = await client.refreshTokens(tokens.refreshToken ?? '');
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(decodeJwt(refreshed.idToken ?? '')).toMatchObject({ sub: server.user.sub, token_use: 'id' });
    // ...and the old refresh token still works a second time.
    const again = await client.refreshTokens(tokens.refreshToken ?? '');
    expect(again.accessToken).not.toBe(refreshed.accessToken);

    await client.revokeToken(tokens.refreshToken ?? '');

    const afterRevoke = await rejectionOf(client.refreshTokens(tokens.refreshToken ?? ''));
    expect(afterRevoke).toBeInstanceOf(OAuthError);
    expect(afterRevoke).toMatchObject({ code: ErrorCode.OAUTH_ERROR, error: 'invalid_grant', status: 400, source: 'token' });

    // Revoking the refresh token also kills the access tokens of its grant (as Cognito does).
    const deadAccess = await rejectionOf(client.fetchUserInfo(again.accessToken));
    expect(deadAccess).toBeInstanceOf(OAuthError);
    expect(deadAccess).toMatchObject({ error: 'invalid_token', status: 401, source: 'userInfo' });
  });

  it('signs in a second user and reports their groups and sub', async () => {
    const { request, callbackUrl } = await signIn(client, { username: 'bob', password: 'B0b-secret' });
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    const claims = decodeJwt(tokens.idToken ?? '');
    expect(claims).toMatchObject({ 'cognito:username': 'bob', 'cognito:groups': ['staff', 'beta'], email: 'bob@example.com' });
    const profile = await client.fetchUserInfo(tokens.accessToken);
    expect(profile.sub).toBe(claims.sub);
  });

  it('rejects a userInfo whose sub differs from the expected subject', async () => {
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    const error = await rejectionOf(client.fetchUserInfo(tokens.accessToken, { expectedSubject: 'someone-else' }));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).toMatchObject({ code: ErrorCode.SUBJECT_MISMATCH });
  });

  it('reuses the managed-login session (SSO): a second authorize needs no password', async () => {
    const first = await signIn(client, server.user);
    const request = await client.buildAuthorizeUrl();
    const second = await driveSignIn(request.url, {
      redirectUri: request.redirectUri,
      username: 'nobody',
      password: 'never-used',
      cookieJar: first.cookieJar,
    });
    const { code } = client.parseCallback(second.callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    expect(decodeJwt(tokens.idToken ?? '').sub).toBe(server.user.sub);
  });

  it('fails the sign-in driver on a wrong password', async () => {
    const request = await client.buildAuthorizeUrl();
    const error = await rejectionOf(driveSignIn(request.url, { redirectUri: request.redirectUri, username: 'alice', password: 'wrong' }));
    expect(String(error)).toContain('Incorrect username or password');
  });
});

describe('the code exchange', () => {
  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const other = await client.buildAuthorizeUrl();
    const error = await rejectionOf(client.exchangeCode({ code, codeVerifier: other.codeVerifier }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400, source: 'token' });
  });

  it('refuses a replayed code with invalid_grant', async () => {
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    const error = await rejectionOf(client.exchangeCode({ code, codeVerifier: request.codeVerifier }));
    expect(error).toMatchObject({ error: 'invalid_grant', source: 'token' });
  });

  it('refuses a redirect_uri that differs from the authorize request', async () => {
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const error = await rejectionOf(
      client.exchangeCode({ code, codeVerifier: request.codeVerifier, redirectUri: 'http://127.0.0.1:3000/callback' }),
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant', source: 'token' });
  });
});

describe('callbacks', () => {
  it('throws STATE_MISMATCH for a callback with another state', async () => {
    const { callbackUrl } = await signIn(client, server.user);
    const error = thrownBy(() => client.parseCallback(callbackUrl, { expectedState: 'a-different-state' }));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).toMatchObject({ code: ErrorCode.STATE_MISMATCH });
    expect(error).not.toBeInstanceOf(OAuthError);
  });

  it('turns an error redirect for a missing PKCE challenge into an OAuthError', async () => {
    const request = await client.buildAuthorizeUrl();
    const url = new URL(request.url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const { callbackUrl } = await driveSignIn(url.href, { redirectUri: request.redirectUri, username: 'x', password: 'y' });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('invalid_request');
    const error = thrownBy(() => client.parseCallback(callbackUrl, { expectedState: request.state }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: ErrorCode.OAUTH_ERROR, error: 'invalid_request', source: 'callback' });
    expect((error as OAuthError).errorDescription).toMatch(/PKCE/);
  });

  it('turns prompt=none without a session into OAuthError login_required', async () => {
    const request = await client.buildAuthorizeUrl({ prompt: 'none' });
    const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, username: 'x', password: 'y' });
    const error = thrownBy(() => client.parseCallback(callbackUrl, { expectedState: request.state }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'login_required', source: 'callback' });
  });

  it('signs in silently with prompt=none when a session exists', async () => {
    const first = await signIn(client, server.user);
    const request = await client.buildAuthorizeUrl({ prompt: 'none' });
    const { callbackUrl } = await driveSignIn(request.url, {
      redirectUri: request.redirectUri,
      username: 'x',
      password: 'y',
      cookieJar: first.cookieJar,
    });
    expect(client.parseCallback(callbackUrl, { expectedState: request.state }).code).toEqual(expect.any(String));
  });
});

describe('revoke', () => {
  it('rejects revoking an access token with unsupported_token_type', async () => {
    const { request, callbackUrl } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    const error = await rejectionOf(client.revokeToken(tokens.accessToken));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'unsupported_token_type', status: 400, source: 'revoke' });
    // The refresh token is untouched.
    await expect(client.refreshTokens(tokens.refreshToken ?? '')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('answers 200 for an unknown refresh token (Cognito does not reveal token validity)', async () => {
    await expect(client.revokeToken('not-a-real-refresh-token')).resolves.toBeUndefined();
  });
});

describe('logout', () => {
  it('lands on the logout URI, ends the session, and leaves the refresh token valid', async () => {
    const { request, callbackUrl, cookieJar } = await signIn(client, server.user);
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });

    const logoutUrl = client.buildLogoutUrl({ logoutUri: server.publicClient.logoutUri });
    expect(new URL(logoutUrl).searchParams.get('logout_uri')).toBe(server.publicClient.logoutUri);
    const { finalUrl } = await driveLogout(logoutUrl, { cookieJar, stopAt: server.publicClient.logoutUri });
    expect(finalUrl).toBe(server.publicClient.logoutUri);

    // The session is gone: prompt=none now fails ...
    const silent = await client.buildAuthorizeUrl({ prompt: 'none' });
    const { callbackUrl: noSession } = await driveSignIn(silent.url, {
      redirectUri: silent.redirectUri,
      username: 'x',
      password: 'y',
      cookieJar,
    });
    expect(thrownBy(() => client.parseCallback(noSession, { expectedState: silent.state }))).toMatchObject({
      error: 'login_required',
    });
    // ... but, as with Cognito, tokens issued before the logout still refresh.
    await expect(client.refreshTokens(tokens.refreshToken ?? '')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('sends the redirect_uri form back through /login with the sign-in parameters', async () => {
    const { cookieJar } = await signIn(client, server.user);
    const logoutUrl = client.buildLogoutUrl({ redirectUri: server.publicClient.redirectUri, state: 'after-logout' });
    const { finalUrl } = await driveLogout(logoutUrl, { cookieJar, stopAt: `${server.domain}/login` });
    const landed = new URL(finalUrl);
    expect(landed.searchParams.get('client_id')).toBe(server.publicClient.clientId);
    expect(landed.searchParams.get('redirect_uri')).toBe(server.publicClient.redirectUri);
    expect(landed.searchParams.get('response_type')).toBe('code');
    expect(landed.searchParams.get('state')).toBe('after-logout');
  });

  it('refuses a logout URI that is not registered', async () => {
    const logoutUrl = client.buildLogoutUrl({ logoutUri: 'http://localhost:3000/not-registered' });
    const error = await rejectionOf(driveLogout(logoutUrl, { cookieJar: new Map(), stopAt: 'http://localhost:3000/not-registered' }));
    expect(String(error)).toContain('post_logout_redirect_uri not registered');
  });
});
