// A sign-in page loads only the standalone authorize-URL function (`cognito-oauth/authorize`); the
// callback page uses CognitoOAuthClient (flow.js). signin-client.js is the same page through the class.
import { buildAuthorizeUrl } from '../../../dist/authorize.js';

export async function signIn() {
  const request = await buildAuthorizeUrl({
    domain: 'example.auth.us-east-1.amazoncognito.com',
    clientId: '1example23456789',
    redirectUri: 'https://app.example.com/callback',
    scopes: ['openid', 'email'],
  });
  sessionStorage.setItem('signin', JSON.stringify(request));
  location.assign(request.url);
}
