import * as oauth from 'oauth4webapi';

export const as = {
  issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
  authorization_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize',
  token_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
  userinfo_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/userInfo',
  jwks_uri: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/.well-known/jwks.json',
};
const client = { client_id: '1example23456789' };
const clientAuth = oauth.None();
const redirectUri = 'https://app.example.com/callback';

export async function signIn() {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  sessionStorage.setItem('signin', JSON.stringify({ codeVerifier, state, nonce }));
  location.assign(url.href);
}

export async function handleCallback(href, verifySignature) {
  const saved = JSON.parse(sessionStorage.getItem('signin') ?? '{}');
  const params = oauth.validateAuthResponse(as, client, new URL(href), saved.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, saved.codeVerifier);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: saved.nonce });
  if (verifySignature) await verifySignature(response);
  const sub = oauth.getValidatedIdTokenClaims(tokens)?.sub ?? oauth.skipSubjectCheck;
  const user = await oauth.processUserInfoResponse(as, client, sub, await oauth.userInfoRequest(as, client, tokens.access_token));
  return { tokens, user };
}

export async function refresh(refreshToken) {
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken);
  return oauth.processRefreshTokenResponse(as, client, response);
}
