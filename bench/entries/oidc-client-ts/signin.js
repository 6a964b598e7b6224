import { UserManager } from 'oidc-client-ts';

const manager = new UserManager({
  authority: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
  client_id: '1example23456789',
  redirect_uri: 'https://app.example.com/callback',
  response_type: 'code',
  scope: 'openid email',
  metadata: {
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
    authorization_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize',
    token_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
  },
});

export const signIn = () => manager.signinRedirect();
