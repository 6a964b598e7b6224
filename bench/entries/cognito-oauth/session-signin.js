import { CognitoOAuthClient, CognitoSession, webStorage } from '../../../dist/index.js';

// A sign-in page through CognitoSession: it only calls session.signIn(), so it loads no ky or zod.
const client = new CognitoOAuthClient({
  domain: 'example.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['openid', 'email'],
});
const session = new CognitoSession(client, { storage: webStorage(localStorage) });

export async function signIn() {
  location.assign((await session.signIn()).url);
}
