// The core scenario, written against the installed package (`cognito-oauth` from the packed
// tarball) with web-standard APIs only, so the same file runs on Node, Bun, Deno and workerd.
//
// The Cognito look-alike and the fetch-only sign-in driver run in the host (Node 20) process: this
// script asks the host's helper (`config.signInHelper`) to play the user at the login page.
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError } from 'cognito-oauth';
import { buildAuthorizeUrl } from 'cognito-oauth/authorize';
import { CognitoSession, memoryStorage } from 'cognito-oauth/session';

/**
 * @typedef {object} ScenarioConfig
 * @property {string} domain the look-alike, `http://127.0.0.1:PORT`
 * @property {string} issuer its `iss` (JWKS at `${issuer}/.well-known/jwks.json`)
 * @property {{ clientId: string, redirectUri: string }} publicClient
 * @property {{ clientId: string, clientSecret: string, scopes: string[] }} machineClient
 * @property {{ sub: string, email: string }} user
 * @property {string} signInHelper the host's `POST /sign-in` endpoint
 */

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('check failed: expected a rejection, the call resolved');
}

function jwtClaims(jwt) {
  const part = jwt.split('.')[1] ?? '';
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

/**
 * Runs every step; throws on the first that fails.
 * @param {ScenarioConfig} config
 * @returns {Promise<string[]>} the names of the steps that passed
 */
export async function runScenario(config) {
  const steps = [];
  const step = (name) => steps.push(name);

  const client = new CognitoOAuthClient({
    domain: config.domain,
    clientId: config.publicClient.clientId,
    redirectUri: config.publicClient.redirectUri,
    scopes: ['openid', 'email'],
    // Turns on ID token verification (RS256 against the JWKS, WebCrypto) in exchangeCode and refreshTokens.
    issuer: config.issuer,
    retries: 0,
  });

  // 1. Authorize URL (WebCrypto PKCE) from the standalone cognito-oauth/authorize, as a sign-in page
  //    would build it; the class must take it from there. Then the user signs in at the look-alike.
  const request = await buildAuthorizeUrl({
    domain: config.domain,
    clientId: config.publicClient.clientId,
    redirectUri: config.publicClient.redirectUri,
    scopes: ['openid', 'email'],
  });
  const authorize = new URL(request.url);
  check(authorize.searchParams.get('code_challenge_method') === 'S256', 'S256 challenge');
  check(/^[\w-]{43,128}$/.test(request.codeVerifier), 'verifier shape');
  const viaClass = new URL((await client.buildAuthorizeUrl({ state: request.state, nonce: request.nonce })).url);
  check(viaClass.origin + viaClass.pathname === authorize.origin + authorize.pathname, 'the class builds the same endpoint URL');
  check(viaClass.searchParams.get('state') === request.state && viaClass.searchParams.get('scope') === 'openid email', 'the class builds the same parameters');
  step('authorize-url');

  const signIn = await fetch(config.signInHelper, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authorizeUrl: request.url, redirectUri: request.redirectUri }),
  });
  check(signIn.ok, `sign-in helper answered ${signIn.status}: ${await signIn.clone().text()}`);
  const { callbackUrl } = await signIn.json();
  step('sign-in');

  // 2. Callback: a wrong state is refused before any network; the right one gives the code.
  const mismatch = await rejection(Promise.resolve().then(() => client.parseCallback(callbackUrl, { expectedState: 'x'.repeat(43) })));
  check(mismatch instanceof CognitoOAuthError && mismatch.code === ErrorCode.STATE_MISMATCH, 'STATE_MISMATCH on a wrong state');
  const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
  step('parse-callback');

  // 3. Code exchange; the SDK verifies the ID token, nonce included.
  const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
  check(tokens.tokenType === 'Bearer' && tokens.expiresIn > 0, 'token type and lifetime');
  check(typeof tokens.refreshToken === 'string' && typeof tokens.idToken === 'string', 'refresh and ID tokens');
  const idClaims = jwtClaims(tokens.idToken);
  check(idClaims.nonce === request.nonce && idClaims.sub === config.user.sub, 'ID token nonce and sub');
  step('exchange-code');

  // The same verification on its own, and a tampered token refused.
  const verified = await client.verifyIdToken(tokens.idToken);
  check(verified.sub === config.user.sub && verified.token_use === 'id', 'verified ID token claims');
  const [header, payload, signature] = tokens.idToken.split('.');
  const flipped = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
  const tampered = await rejection(client.verifyIdToken(flipped));
  check(tampered instanceof CognitoOAuthError && tampered.code === ErrorCode.SIGNATURE_INVALID, `tampered ID token refused, got ${tampered?.code}`);
  step('verify-id-token');

  // 4. userInfo: Cognito's string "true" comes back as a boolean.
  const profile = await client.fetchUserInfo(tokens.accessToken, { expectedSubject: config.user.sub });
  check(profile.email === config.user.email && profile.email_verified === true, 'userInfo claims');
  step('user-info');

  // 5. Refresh: no rotation, so the SDK keeps the refresh token it had.
  const refreshed = await client.refreshTokens(tokens.refreshToken);
  check(refreshed.accessToken !== tokens.accessToken, 'a new access token');
  check(refreshed.refreshToken === tokens.refreshToken, 'the refresh token is kept');
  step('refresh');

  // 6. Revoke, after which the refresh token is refused.
  await client.revokeToken(tokens.refreshToken);
  step('revoke');
  const refused = await rejection(client.refreshTokens(tokens.refreshToken));
  check(refused instanceof OAuthError && refused.error === 'invalid_grant', `invalid_grant after revoke, got ${refused}`);
  step('refresh-after-revoke-fails');

  // 7. Client credentials with a secret (HTTP Basic).
  const machine = new CognitoOAuthClient({
    domain: config.domain,
    clientId: config.machineClient.clientId,
    clientSecret: config.machineClient.clientSecret,
    retries: 0,
  });
  const m2m = await machine.clientCredentials({ scopes: [config.machineClient.scopes[0]] });
  check(m2m.tokenType === 'Bearer' && m2m.refreshToken === undefined, 'machine token shape');
  const m2mClaims = jwtClaims(m2m.accessToken);
  check(m2mClaims.scope === config.machineClient.scopes[0] && m2mClaims.client_id === config.machineClient.clientId, 'machine token claims');
  step('client-credentials');

  // 8. CognitoSession from cognito-oauth/session: the sign-in kept in its storage, the verified
  //    user, a token, and sign-out (revoke), after which it is signed out.
  const session = new CognitoSession(client, { storage: memoryStorage() });
  const { url: sessionUrl } = await session.signIn();
  const drive = await fetch(config.signInHelper, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authorizeUrl: sessionUrl, redirectUri: config.publicClient.redirectUri }),
  });
  check(drive.ok, `sign-in helper answered ${drive.status}`);
  const { user } = await session.handleCallback((await drive.json()).callbackUrl);
  check(user?.sub === config.user.sub && user.token_use === 'id', 'the session hands out verified claims');
  check(typeof (await session.getAccessToken()) === 'string', 'the session gives an access token');
  const signedOut = await session.signOut();
  check(signedOut.revokeError === undefined, `sign-out revoked the refresh token, got ${signedOut.revokeError}`);
  const afterSignOut = await rejection(session.getAccessToken());
  check(afterSignOut instanceof CognitoOAuthError && afterSignOut.code === ErrorCode.NOT_SIGNED_IN, 'NOT_SIGNED_IN after sign-out');
  session.dispose();
  step('session');

  return steps;
}
