// GET /api/me: the signed-in user, from the session (tokens refreshed when due, the ID token
// verified) and userInfo. 401 when there is no session or Cognito refused its refresh token.
import { OAuthError } from 'cognito-oauth';
import { currentRecord, getAuth, sessionOf, setCookie } from '../../../lib/auth.js';

export async function GET(request: Request): Promise<Response> {
  const { client, names, store } = getAuth();
  const record = currentRecord(request);
  if (record !== undefined) {
    const session = sessionOf(record.storage);
    try {
      const tokens = await session.getTokens();
      const user = await session.getUser();
      if (tokens !== undefined && user !== undefined) {
        const profile = await client.fetchUserInfo(tokens.accessToken, { expectedSubject: user.sub, signal: request.signal });
        return Response.json({ sub: user.sub, username: user['cognito:username'], email: profile.email });
      }
    } catch (error) {
      // A network error or a 5xx is no sign-out: it goes on as a 500.
      if (!(error instanceof OAuthError && (error.error === 'invalid_grant' || error.error === 'invalid_token'))) throw error;
    }
    store.delete(record.id);
  }
  return Response.json({ error: 'signed_out' }, { status: 401, headers: { 'set-cookie': setCookie(names.session, '', 0) } });
}
