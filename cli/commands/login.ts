// `cognito-oauth login`: the authorization code flow with PKCE through a loopback redirect
// (RFC 8252), since Cognito has no device-code grant. The pending sign-in (state, nonce, PKCE
// verifier) stays in memory; only the tokens reach the profile's cache file.
import type { SessionStorage } from 'cognito-oauth';
import { portOf, profileOf, timeoutOf, type ParsedCommand } from '../args.js';
import { openBrowser } from '../browser.js';
import { cacheHome, ProfileCache } from '../cache.js';
import { createClient, requireSettings } from '../connect.js';
import { CliFailure } from '../failure.js';
import { listenOnLoopback, type CallbackOutcome } from '../loopback.js';
import { savedAsConnection } from '../profile.js';
import { report } from '../report.js';
import type { Io } from '../run.js';
import { displayName } from './status.js';

export async function login(parsed: ParsedCommand, io: Io): Promise<void> {
  const { flags } = parsed;
  const timeoutSeconds = timeoutOf(flags.timeout);
  const profile = profileOf(flags.profile, io.env, 'login');
  io.context.profile = profile;
  const cache = new ProfileCache(cacheHome(io.env), profile);
  // Signing in again to a profile: what it signed in with before fills in what is not given.
  const saved = cache.connection;
  const connection = { ...savedAsConnection(saved), ...parsed.connection };
  const port = portOf(flags.port ?? (saved === undefined ? undefined : new URL(saved.redirectUri).port));
  requireSettings('login', connection, ['domain', 'clientId']);
  io.context.domain = connection.domain;
  const scopes = (flags.scope as string[] | undefined) ?? saved?.scopes;
  const redirectUri = `http://localhost:${port}/callback`;
  const client = await createClient('login', connection, { redirectUri, ...(scopes === undefined ? {} : { scopes }) });

  const pending = new Map<string, string>();
  const memory: SessionStorage = {
    get: (key) => pending.get(key),
    set: (key, value) => void pending.set(key, value),
    remove: (key) => void pending.delete(key),
  };
  const { CognitoSession } = await import('cognito-oauth');
  const session = new CognitoSession(client, { storage: memory, autoRefresh: false });

  let failure: unknown;
  let who: string | undefined;
  const listener = await listenOnLoopback(port, async (callbackUrl): Promise<CallbackOutcome> => {
    try {
      const { user, tokens } = await session.handleCallback(callbackUrl);
      who = user === undefined ? await displayName(tokens.idToken) : String(user['cognito:username'] ?? user.email ?? user.sub);
      return { ok: true, title: 'Signed in', detail: 'You can close this tab and return to the terminal.' };
    } catch (error) {
      failure = error;
      const code = (error as { error?: unknown; code?: unknown }).error ?? (error as { code?: unknown }).code;
      // The error name only, and only when it looks like one: the callback URL is anyone's to write.
      const shown = typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? `${code}. ` : '';
      return {
        ok: false,
        title: 'Sign-in failed',
        detail: `${shown}See the terminal for what to do next.`,
      };
    }
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    const { url } = await session.signIn();
    io.err('Sign in to Cognito in your browser:');
    io.err(`  ${url}`);
    if (flags['no-browser'] === true) {
      io.err(`Open the URL above in a browser on this machine; it returns to ${redirectUri}.`);
    } else if (!(await openBrowser(url))) {
      io.err('No browser could be started: open the URL above yourself.');
    }
    io.err(`Waiting for the sign-in (up to ${timeoutSeconds} s)…`);
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000)));
    const outcome = await Promise.race([listener.done, timedOut]);
    if (outcome === 'timeout') {
      throw new CliFailure(`no sign-in within ${timeoutSeconds} s`, 'run: cognito-oauth login again (or pass --timeout SECONDS)');
    }
    if (!outcome.ok) throw callbackFailure(failure);
  } finally {
    clearTimeout(timer);
    await listener.close();
  }

  // Only now does anything reach the disk: the tokens (as the session keeps them) and the connection.
  for (const [key, value] of pending) cache.set(key, value);
  cache.saveConnection({
    domain: client.domain,
    clientId: client.clientId,
    ...(connection.userPoolId === undefined ? {} : { userPoolId: connection.userPoolId }),
    ...(connection.issuer === undefined ? {} : { issuer: connection.issuer }),
    redirectUri,
    ...(scopes === undefined ? {} : { scopes }),
  });
  const tokens = await session.getTokens();
  const until = tokens === undefined ? '' : `; the access token is valid until ${new Date(tokens.expiresAt).toISOString()}`;
  io.err(`Signed in as ${who ?? 'the user'} (profile ${profile})${until}.`);
  io.err(`Next: cognito-oauth token${profile === 'default' ? '' : ` --profile ${profile}`}`);
}

/** The callback's error as the CLI reports it: the error name, never a code or token from the URL. */
function callbackFailure(error: unknown): unknown {
  const { message, hint } = report(error);
  return new CliFailure(`sign-in failed: ${message}`, hint ?? 'run: cognito-oauth login again');
}
