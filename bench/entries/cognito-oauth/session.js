import { CognitoOAuthClient, CognitoSession, webStorage } from '../../../dist/index.js';

// flow.js's job through CognitoSession: the tokens kept in localStorage, refreshed when due (one
// refresh across tabs), sign-in and sign-out shared with the other tabs.
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

export async function handleCallback(href) {
  const { tokens } = await session.handleCallback(href);
  const user = await client.fetchUserInfo(tokens.accessToken);
  return { tokens, user };
}

export const getAccessToken = () => session.getAccessToken();
export const signOut = () => session.signOut({ logoutUri: 'https://app.example.com/' });
export const onSignedOut = (listener) => session.on('signedOut', listener);
