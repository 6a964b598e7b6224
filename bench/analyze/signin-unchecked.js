// The sign-in page of entries/cognito-oauth/signin.js with every input check taken out: the SDK's
// own random values and PKCE challenge, and the URL put together by hand. `analyze` measures it to
// show what the checks of buildAuthorizeUrl cost; it is not a way to build the URL.
import { computeCodeChallenge, generateRandomValue } from '../../dist/index.js';

export async function signIn() {
  const [state, nonce, codeVerifier] = [generateRandomValue(), generateRandomValue(), generateRandomValue()];
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: '1example23456789',
    redirect_uri: 'https://app.example.com/callback',
    scope: 'openid email',
    state,
    nonce,
    code_challenge_method: 'S256',
    code_challenge: await computeCodeChallenge(codeVerifier),
  });
  const request = { url: `https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize?${query}`, state, codeVerifier, nonce };
  sessionStorage.setItem('signin', JSON.stringify(request));
  location.assign(request.url);
}
