import { CognitoOAuthClient } from '../../../dist/index.js';

// With userPoolId set, exchangeCode and refreshTokens verify the ID token they receive.
const client = new CognitoOAuthClient({
  domain: 'example.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['openid', 'email'],
  userPoolId: 'us-east-1_Example',
});

export async function signIn() {
  const request = await client.buildAuthorizeUrl();
  sessionStorage.setItem('signin', JSON.stringify(request));
  location.assign(request.url);
}

export async function handleCallback(href) {
  const saved = JSON.parse(sessionStorage.getItem('signin') ?? '{}');
  const { code } = client.parseCallback(href, { expectedState: saved.state });
  const tokens = await client.exchangeCode({ code, codeVerifier: saved.codeVerifier, nonce: saved.nonce });
  const user = await client.fetchUserInfo(tokens.accessToken);
  return { tokens, user };
}

export const refresh = (refreshToken) => client.refreshTokens(refreshToken);
// A stored ID token, checked again later (e.g. on page load).
export const verifyIdToken = (idToken) => client.verifyIdToken(idToken);
