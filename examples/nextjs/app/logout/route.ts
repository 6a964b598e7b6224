// POST /logout (POST: another site's link or image cannot sign the user out). CognitoSession
// .signOut() clears the record's tokens and revokes the refresh token; a failed revoke is logged,
// not fatal. Then Cognito's /logout ends the managed-login session.
import { CognitoOAuthError } from 'cognito-oauth';
import { currentRecord, getAuth, sessionOf, setCookie } from '../../lib/auth.js';

export async function POST(request: Request): Promise<Response> {
  const { client, logoutUri, names, store } = getAuth();
  const record = currentRecord(request);
  if (record !== undefined) {
    const { revokeError } = await sessionOf(record.storage).signOut();
    store.delete(record.id);
    if (revokeError !== undefined) console.warn('Revoking the refresh token failed:', revokeError instanceof CognitoOAuthError ? revokeError.code : revokeError);
  }
  return new Response(null, {
    status: 303,
    headers: { location: client.buildLogoutUrl({ logoutUri }), 'set-cookie': setCookie(names.session, '', 0) },
  });
}
