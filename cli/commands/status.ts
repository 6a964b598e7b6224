// `cognito-oauth status`: who is signed in on a profile and until when, on stderr.
import type { ParsedCommand } from '../args.js';
import { notSignedIn, openProfile } from '../profile.js';
import type { Io } from '../run.js';

/**
 * Who the cached ID token names. Read without verification: the token came from the token
 * endpoint into this user's own cache, and a name to show needs no JWKS request.
 */
export async function displayName(idToken: string | undefined): Promise<string> {
  if (idToken === undefined) return 'a user (no ID token cached)';
  const { decodeJwtUnverified } = await import('cognito-oauth');
  const claims = decodeJwtUnverified(idToken).payload;
  return String(claims['cognito:username'] ?? claims.email ?? claims.sub);
}

export async function status(parsed: ParsedCommand, io: Io): Promise<void> {
  const { session, profile, client } = await openProfile('status', parsed, io);
  const tokens = await session.getTokens();
  if (tokens === undefined) throw notSignedIn();
  const who = await displayName(tokens.idToken);
  const minutes = Math.round((tokens.expiresAt - Date.now()) / 60_000);
  io.err(`Signed in as ${who} on profile ${profile}`);
  io.err(`  app client ${client.clientId} at ${client.domain}`);
  io.err(`  access token valid until ${new Date(tokens.expiresAt).toISOString()} (${minutes} min)`);
  io.err(`  ${tokens.refreshToken === undefined ? 'no refresh token: run cognito-oauth login when it expires' : 'refresh token cached: cognito-oauth token renews it'}`);
}
