import * as oauth from 'oauth4webapi';

export async function signIn() {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL('https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize');
  url.searchParams.set('client_id', '1example23456789');
  url.searchParams.set('redirect_uri', 'https://app.example.com/callback');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  sessionStorage.setItem('signin', JSON.stringify({ codeVerifier, state, nonce }));
  location.assign(url.href);
}
