import { Amplify } from 'aws-amplify';
import { signInWithRedirect } from 'aws-amplify/auth';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_Example',
      userPoolClientId: '1example23456789',
      loginWith: {
        oauth: {
          domain: 'example.auth.us-east-1.amazoncognito.com',
          scopes: ['openid', 'email'],
          redirectSignIn: ['https://app.example.com/callback'],
          redirectSignOut: ['https://app.example.com/'],
          responseType: 'code',
        },
      },
    },
  },
});

export const signIn = () => signInWithRedirect();
