// A profile's session: its cache file, the connection it signed in with, and a CognitoSession
// over that file. Used by `token`, `logout` and `status`.
import type { CognitoOAuthClient, CognitoSession } from 'cognito-oauth';
import { profileOf, type CommandName, type Connection, type ParsedCommand } from './args.js';
import { cacheHome, ProfileCache, type SavedConnection } from './cache.js';
import { createClient } from './connect.js';
import { CliFailure } from './failure.js';
import type { Io } from './run.js';

export interface OpenProfile {
  profile: string;
  cache: ProfileCache;
  saved: SavedConnection | undefined;
  client: CognitoOAuthClient;
  session: CognitoSession;
}

/** The not-signed-in failure, as the session reports it (exit 1, with the login hint). */
export function notSignedIn(): Error {
  return Object.assign(new Error('not signed in'), { code: 'NOT_SIGNED_IN' });
}

/**
 * Opens the profile named by `--profile`. Flags and variables win over the saved connection, but
 * they must name the same domain and app client: the cached refresh token works with no other.
 */
export async function openProfile(command: CommandName, parsed: ParsedCommand, io: Io): Promise<OpenProfile> {
  const profile = profileOf(parsed.flags.profile, io.env, command);
  io.context.profile = profile;
  const cache = new ProfileCache(cacheHome(io.env), profile);
  const saved = cache.connection;
  const connection: Connection = {
    ...savedAsConnection(saved),
    ...parsed.connection,
  };
  if (connection.domain === undefined || connection.clientId === undefined) throw notSignedIn();
  io.context.domain = connection.domain;
  const client = await createClient(command, connection, saved === undefined ? {} : { redirectUri: saved.redirectUri });
  if (saved !== undefined && (client.domain !== saved.domain || client.clientId !== saved.clientId)) {
    throw new CliFailure(
      `profile ${profile} is signed in to app client ${saved.clientId} at ${saved.domain}, not to ${client.clientId} at ${client.domain}`,
      `unset COGNITO_DOMAIN and COGNITO_CLIENT_ID (or drop the flags), or run: cognito-oauth login --profile OTHER`,
    );
  }
  const { CognitoSession } = await import('cognito-oauth');
  const session = new CognitoSession(client, { storage: cache, autoRefresh: false });
  return { profile, cache, saved, client, session };
}

/** The saved connection as connection settings (the lowest precedence: flags, then variables, then this). */
export function savedAsConnection(saved: SavedConnection | undefined): Connection {
  if (saved === undefined) return {};
  return {
    domain: saved.domain,
    clientId: saved.clientId,
    ...(saved.userPoolId === undefined ? {} : { userPoolId: saved.userPoolId }),
    ...(saved.issuer === undefined ? {} : { issuer: saved.issuer }),
  };
}
