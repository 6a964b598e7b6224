import { UserManager } from 'oidc-client-ts';

const manager = new UserManager({
  authority: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
  client_id: '1example23456789',
  redirect_uri: 'https://app.example.com/callback',
  response_type: 'code',
  scope: 'openid email',
  loadUserInfo: true,
  metadata: {
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
    authorization_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize',
    token_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
    userinfo_endpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/userInfo',
  },
});

export const signIn = () => manager.signinRedirect();
// signinRedirectCallback checks state, exchanges the code and (loadUserInfo) calls userInfo.
export const handleCallback = (href) => manager.signinRedirectCallback(href);
// signinSilent uses the refresh token when the user has one.
export const refresh = () => manager.signinSilent();
