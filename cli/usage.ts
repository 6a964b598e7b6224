// Help texts and usage errors. Loaded on every run, `--help` included, so it imports nothing.

/** A mistake on the command line: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  /** What to run next, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'UsageError', writable: true, configurable: true });
  }
}

const CONNECTION = `Connection (every command; a flag wins over its variable):
  --domain DOMAIN          user pool domain, e.g. myapp.auth.us-east-1.amazoncognito.com  (COGNITO_DOMAIN)
  --client-id ID           app client ID                                                 (COGNITO_CLIENT_ID)
  --client-secret SECRET   app client secret of a confidential client; never cached      (COGNITO_CLIENT_SECRET)
  --user-pool-id ID        user pool ID, e.g. us-east-1_AbC123: turns on verification     (COGNITO_USER_POOL_ID)
  --issuer URL             token issuer, for the updated issuer or a local server         (COGNITO_ISSUER)`;

export const MAIN_HELP = `cognito-oauth: Amazon Cognito tokens in a terminal and in CI

Usage: cognito-oauth <command> [options]

Commands:
  login     sign in through the browser (loopback redirect) and cache the tokens
  token     print a fresh access token (or --id token) on stdout, refreshed when due
  m2m       client credentials: print an access token for the app client itself
  verify    verify an ID or access token and print its claims as JSON
  logout    revoke the cached refresh token and delete the cache
  status    show who is signed in and until when (on stderr)

${CONNECTION}

Tokens go to stdout, everything else to stderr, so $(cognito-oauth token) works.
Cache: $COGNITO_OAUTH_HOME, else the platform's config directory (0700, files 0600).
Exit codes: 0 success, 1 failure (Cognito said no, network, verification, not signed in), 2 usage error.

Run cognito-oauth <command> --help for a command's options.`;

export const COMMAND_HELP: Record<string, string> = {
  login: `Usage: cognito-oauth login [--port 8765] [--no-browser] [--scope openid --scope email] [--profile NAME] [--timeout SECONDS]

Signs in through managed login with PKCE, state and nonce. The redirect URI is
http://localhost:PORT/callback: register it as an allowed callback URL of the app client.
Signing in again to a profile reuses its domain, client, pool, port and scopes unless given.

  --port PORT          port of the loopback listener (default 8765)
  --no-browser         print the sign-in URL only; open it in any browser on this machine
  --scope SCOPE        a scope to ask for; repeat it (default: every scope the app client allows)
  --profile NAME       where to cache the tokens (default: default, or COGNITO_OAUTH_PROFILE)
  --timeout SECONDS    give up after this long (default 300)

${CONNECTION}`,
  token: `Usage: cognito-oauth token [--id] [--json] [--profile NAME]

Prints the cached access token on stdout, refreshed first when it is due.

  --id                 print the ID token instead
  --json               print accessToken, idToken, tokenType, expiresIn and expiresAt as JSON
                       (never the refresh token)
  --profile NAME       the cache entry to use (default: default, or COGNITO_OAUTH_PROFILE)

${CONNECTION}`,
  m2m: `Usage: cognito-oauth m2m [--scope RS/scope ...]

Gets an access token with the client credentials grant and prints it on stdout. Needs the
client secret (COGNITO_CLIENT_SECRET). Nothing is cached.

  --scope SCOPE        a custom scope, e.g. orders/read; repeat it (default: every scope of the client)

${CONNECTION}`,
  verify: `Usage: cognito-oauth verify TOKEN

Verifies an ID or access token (chosen by its token_use claim): signature against the user
pool's keys, issuer, expiry, and the app client. Prints the claims as JSON on stdout.
Needs --client-id and --user-pool-id or --issuer. Pass - to read the token from stdin
(keeps it out of your shell history).

${CONNECTION}`,
  logout: `Usage: cognito-oauth logout [--logout-uri URI] [--no-browser] [--profile NAME]

Revokes the cached refresh token (and the tokens issued from it) and deletes the cache entry.

  --logout-uri URI     also end the managed-login session in the browser: builds the /logout URL
                       with this allowed sign-out URL, prints it and opens it
  --no-browser         print that URL without opening it
  --profile NAME       the cache entry to delete (default: default, or COGNITO_OAUTH_PROFILE)

${CONNECTION}`,
  status: `Usage: cognito-oauth status [--profile NAME]

Shows on stderr who is signed in on the profile and until when. Like token, it refreshes
the tokens first when they are due. Exits with 1 when nobody is signed in.

  --profile NAME       the cache entry to read (default: default, or COGNITO_OAUTH_PROFILE)

${CONNECTION}`,
};
