import { AmazonCognito, generateCodeVerifier, generateState } from 'arctic';

const cognito = new AmazonCognito('example.auth.us-east-1.amazoncognito.com', '1example23456789', null, 'https://app.example.com/callback');

export function signIn() {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = cognito.createAuthorizationURL(state, codeVerifier, ['openid', 'email']);
  sessionStorage.setItem('signin', JSON.stringify({ codeVerifier, state }));
  location.assign(url.href);
}
