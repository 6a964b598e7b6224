import { AmazonCognito, generateCodeVerifier, generateState } from 'arctic';

const cognito = new AmazonCognito('example.auth.us-east-1.amazoncognito.com', '1example23456789', null, 'https://app.example.com/callback');

export function signIn() {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = cognito.createAuthorizationURL(state, codeVerifier, ['openid', 'email']);
  sessionStorage.setItem('signin', JSON.stringify({ codeVerifier, state }));
  location.assign(url.href);
}

// arctic reads no callback and has no userInfo: both are written by hand here.
export async function handleCallback(href) {
  const saved = JSON.parse(sessionStorage.getItem('signin') ?? '{}');
  const params = new URL(href).searchParams;
  if (params.has('error')) throw new Error(params.get('error'));
  const code = params.get('code');
  if (code === null || params.get('state') !== saved.state) throw new Error('bad callback');
  const tokens = await cognito.validateAuthorizationCode(code, saved.codeVerifier);
  const response = await fetch('https://example.auth.us-east-1.amazoncognito.com/oauth2/userInfo', {
    headers: { authorization: `Bearer ${tokens.accessToken()}` },
  });
  if (!response.ok) throw new Error(`userInfo: HTTP ${response.status}`);
  return { tokens, user: await response.json() };
}

export const refresh = (refreshToken) => cognito.refreshAccessToken(refreshToken, []);
