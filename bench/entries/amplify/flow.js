import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchUserAttributes, signInWithRedirect } from 'aws-amplify/auth';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_Example',
      userPoolClientId: '1example23456789',
      loginWith: {
        oauth: {
          domain: 'example.auth.us-east-1.amazoncognito.com',
          scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
          redirectSignIn: ['https://app.example.com/callback'],
          redirectSignOut: ['https://app.example.com/'],
          responseType: 'code',
        },
      },
    },
  },
});

export const signIn = () => signInWithRedirect();
// The OAuth listener that signInWithRedirect registers handles the callback and the code exchange;
// fetchAuthSession refreshes; Amplify has no /oauth2/userInfo call, fetchUserAttributes (GetUser) is the nearest.
export const session = (forceRefresh) => fetchAuthSession({ forceRefresh });
export const user = () => fetchUserAttributes();
