// GET /callback: a new session record, then CognitoSession.handleCallback(): checks state, exchanges
// the code (with the client secret), verifies the ID token and its nonce, stores the tokens.
import { CognitoOAuthError, OAuthError, type SessionStorage } from 'cognito-oauth';
import { unseal } from '../../../server-hono/signed-cookie.js';
import { cookiesOf, getAuth, PENDING_KEY, sessionOf, setCookie } from '../../lib/auth.js';

export async function GET(request: Request): Promise<Response> {
  const { cookieKey, names, store, sessionTtlSeconds } = getAuth();
  const pending = await unseal(await cookieKey, cookiesOf(request)[names.signIn]);
  // Whatever the outcome: one sign-in cookie, one callback.
  const headers = new Headers({ 'set-cookie': setCookie(names.signIn, '', 0) });
  if (typeof pending !== 'string') {
    return new Response('This sign-in expired or was started in another browser. Please sign in again.', { status: 400, headers });
  }
  // A new record with a new ID, never one the browser brought along (session fixation).
  const id = store.create(sessionTtlSeconds);
  const storage = store.storage(id) as SessionStorage;
  await storage.set(PENDING_KEY, pending);
  try {
    // A route handler's request.url is absolute. Behind a proxy its host may be an internal one;
    // that is fine: only the query is read, and the redirect URI comes from the pending sign-in.
    await sessionOf(storage).handleCallback(request.url);
  } catch (error) {
    store.delete(id);
    // What Cognito said, or a forged, stale or replayed callback: the user's 400. Anything else
    // (a TypeError is a coding mistake) is thrown on, to Next.js's 500.
    if (!(error instanceof OAuthError || error instanceof CognitoOAuthError)) throw error;
    const reason = error instanceof OAuthError ? error.error : error.code;
    return new Response(`Sign-in failed (${reason}). Please try again.`, { status: 400, headers });
  }
  headers.append('set-cookie', setCookie(names.session, id, sessionTtlSeconds));
  headers.set('location', '/');
  return new Response(null, { status: 302, headers });
}
