// `cognito-oauth token`: the cached access (or ID) token on stdout, refreshed first when due.
// The refresh token never leaves the cache file.
import { type ParsedCommand } from '../args.js';
import { CliFailure } from '../failure.js';
import { notSignedIn, openProfile } from '../profile.js';
import type { Io } from '../run.js';
import { UsageError } from '../usage.js';

export async function token(parsed: ParsedCommand, io: Io): Promise<void> {
  const { flags } = parsed;
  if (flags.id === true && flags.json === true) {
    throw new UsageError('--id and --json cannot be combined (the JSON has the ID token too)', 'run: cognito-oauth token --help');
  }
  const { session, profile } = await openProfile('token', parsed, io);
  if (flags.id !== true && flags.json !== true) {
    io.out(await session.getAccessToken());
    return;
  }
  const tokens = await session.getTokens();
  if (tokens === undefined) throw notSignedIn();
  if (flags.json === true) {
    const { accessToken, idToken, tokenType, expiresIn, expiresAt } = tokens;
    io.out(JSON.stringify({ accessToken, idToken, tokenType, expiresIn, expiresAt }));
    return;
  }
  if (tokens.idToken === undefined) {
    throw new CliFailure(
      `profile ${profile} has no ID token (the sign-in did not ask for the openid scope)`,
      'run: cognito-oauth login --scope openid (plus the other scopes you need)',
    );
  }
  io.out(tokens.idToken);
}
