// `cognito-oauth logout`: revoke the cached refresh token at Cognito, then delete the profile's
// cache file whatever Cognito answered.
import type { ParsedCommand } from '../args.js';
import { openBrowser } from '../browser.js';
import { asUsageError } from '../connect.js';
import { openProfile } from '../profile.js';
import type { Io } from '../run.js';
import { UsageError } from '../usage.js';

export async function logout(parsed: ParsedCommand, io: Io): Promise<void> {
  const { flags } = parsed;
  const logoutUri = flags['logout-uri'] as string | undefined;
  if (logoutUri !== undefined && !URL.canParse(logoutUri)) {
    throw new UsageError('--logout-uri must be an absolute URL, an allowed sign-out URL of the app client', 'run: cognito-oauth logout --help');
  }
  let opened;
  try {
    opened = await openProfile('logout', parsed, io);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'NOT_SIGNED_IN') throw error;
    io.err(`cognito-oauth: not signed in (profile ${io.context.profile}); nothing to revoke`);
    return;
  }
  const { session, cache, profile, client } = opened;
  if (logoutUri !== undefined) {
    // Check it before anything is revoked or deleted: a typo should change nothing.
    try {
      client.buildLogoutUrl({ logoutUri });
    } catch (error) {
      throw asUsageError('logout', error);
    }
  }
  if (cache.isEmpty()) {
    io.err(`cognito-oauth: not signed in (profile ${profile}); nothing to revoke`);
    return;
  }
  let result;
  try {
    // Clears the cache entry first, then revokes: a failed revoke does not keep the user signed in.
    result = await session.signOut(logoutUri === undefined ? {} : { logoutUri });
  } finally {
    cache.delete();
  }
  const { logoutUrl, revokeError } = result;
  if (revokeError !== undefined) {
    io.err(`cognito-oauth: the cache of profile ${profile} is deleted, but Cognito did not confirm the revocation`);
    throw revokeError;
  }
  io.err(`cognito-oauth: signed out (profile ${profile}); the refresh token is revoked and the cache deleted`);
  if (logoutUrl !== undefined) {
    io.err('To end the managed-login session in the browser too, open:');
    io.err(`  ${logoutUrl}`);
    if (flags['no-browser'] !== true && !(await openBrowser(logoutUrl))) io.err('(no browser could be started: open the URL yourself)');
  }
}
