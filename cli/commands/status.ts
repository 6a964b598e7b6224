// `cognito-oauth status`: who is signed in on a profile and until when, on stderr.
import type { ParsedCommand } from '../args.js';
import { notSignedIn, openProfile } from '../profile.js';
import type { Io } from '../run.js';

export async function status(parsed: ParsedCommand, io: Io): Promise<void> {
  const { session, profile, client } = await openProfile('status', parsed, io);
  const tokens = await session.getTokens();
  if (tokens === undefined) throw notSignedIn();
  const user = await session.getUser();
  const who = user === undefined ? 'a user (no ID token cached)' : String(user['cognito:username'] ?? user.email ?? user.sub);
  const minutes = Math.round((tokens.expiresAt - Date.now()) / 60_000);
  io.err(`Signed in as ${who} on profile ${profile}`);
  io.err(`  app client ${client.clientId} at ${client.domain}`);
  io.err(`  access token valid until ${new Date(tokens.expiresAt).toISOString()} (${minutes} min)`);
  io.err(`  ${tokens.refreshToken === undefined ? 'no refresh token: run cognito-oauth login when it expires' : 'refresh token cached: cognito-oauth token renews it'}`);
}
