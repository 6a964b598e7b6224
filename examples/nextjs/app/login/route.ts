// GET /login: CognitoSession.signIn() over a throwaway memoryStorage(); its pending sign-in (state,
// nonce, PKCE verifier) goes into a signed, httpOnly, 10-minute cookie, not into the store, so
// visitors who never come back leave nothing on the server.
import { memoryStorage } from 'cognito-oauth';
import { seal } from '../../../server-hono/signed-cookie.js';
import { getAuth, PENDING_KEY, sessionOf, setCookie, SIGN_IN_COOKIE_SECONDS } from '../../lib/auth.js';

export async function GET(): Promise<Response> {
  const { cookieKey, names } = getAuth();
  const pending = memoryStorage();
  const { url } = await sessionOf(pending).signIn();
  const sealed = await seal(await cookieKey, await pending.get(PENDING_KEY), SIGN_IN_COOKIE_SECONDS);
  return new Response(null, { status: 302, headers: { location: url, 'set-cookie': setCookie(names.signIn, sealed, SIGN_IN_COOKIE_SECONDS) } });
}
