import * as client from 'openid-client';

const config = new client.Configuration(
  {
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
    authorization_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize',
    token_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
  },
  '1example23456789',
  undefined,
  client.None(),
);

export async function signIn() {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: 'https://app.example.com/callback',
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  sessionStorage.setItem('signin', JSON.stringify({ codeVerifier, state, nonce }));
  location.assign(url.href);
}
