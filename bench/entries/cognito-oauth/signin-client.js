import { CognitoOAuthClient } from '../../../dist/index.js';

const client = new CognitoOAuthClient({
  domain: 'example.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['openid', 'email'],
});

export async function signIn() {
  const request = await client.buildAuthorizeUrl();
  sessionStorage.setItem('signin', JSON.stringify(request));
  location.assign(request.url);
}
