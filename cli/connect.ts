// From connection settings to a CognitoOAuthClient. The library is imported here, lazily, so that
// `--help` and usage errors never load it (nor ky, zod or aws-jwt-verify).
import type { CognitoOAuthClient, CognitoOAuthClientOptions } from 'cognito-oauth';
import { ENV_OF, type Connection, type ConnectionFlag, seeHelp, type CommandName } from './args.js';
import { UsageError } from './usage.js';

const FLAG_OF: Record<string, ConnectionFlag> = {
  domain: 'domain',
  clientId: 'client-id',
  clientSecret: 'client-secret',
  userPoolId: 'user-pool-id',
  issuer: 'issuer',
};

/** `--domain (or COGNITO_DOMAIN)`: how a message names a connection setting. */
export function flagAndVariable(key: keyof Connection): string {
  const flag = FLAG_OF[key]!;
  return `--${flag} (or ${ENV_OF[flag]})`;
}

/** Throws the usage error for the first of `keys` that is not set. */
export function requireSettings(command: CommandName, connection: Connection, keys: (keyof Connection)[], why = ''): void {
  for (const key of keys) {
    if (connection[key] === undefined) {
      const flag = FLAG_OF[key]!;
      throw new UsageError(`missing --${flag}${why} (or set ${ENV_OF[flag]})`, seeHelp(command));
    }
  }
}

/** Option names of the library as the CLI's flags, for its argument errors. */
const OPTION_FLAGS: Record<string, string> = {
  domain: flagAndVariable('domain'),
  clientId: flagAndVariable('clientId'),
  clientSecret: flagAndVariable('clientSecret'),
  userPoolId: flagAndVariable('userPoolId'),
  issuer: flagAndVariable('issuer'),
  scopes: '--scope',
  logoutUri: '--logout-uri',
};

/** Builds the client; the library's argument errors become usage errors naming the flag. */
export async function createClient(
  command: CommandName,
  connection: Connection,
  extra: Pick<CognitoOAuthClientOptions, 'redirectUri' | 'scopes'> = {},
): Promise<CognitoOAuthClient> {
  const { CognitoOAuthClient } = await import('cognito-oauth');
  const options: CognitoOAuthClientOptions = {
    // Only `verify` runs without a domain, and it never contacts it (keys come from the issuer):
    // `.invalid` is a reserved name that cannot resolve.
    domain: connection.domain ?? 'domain-not-set.invalid',
    clientId: connection.clientId ?? '',
    ...(connection.clientSecret === undefined ? {} : { clientSecret: connection.clientSecret }),
    ...(connection.userPoolId === undefined ? {} : { userPoolId: connection.userPoolId }),
    ...(connection.issuer === undefined ? {} : { issuer: connection.issuer }),
    ...extra,
  };
  try {
    return new CognitoOAuthClient(options);
  } catch (error) {
    throw asUsageError(command, error);
  }
}

/** A library `TypeError` ("caller: option must be …") as a usage error that names the CLI's flag. */
export function asUsageError(command: CommandName, error: unknown): unknown {
  if (!(error instanceof TypeError)) return error;
  const match = /^[\w.]+: (\w+) must be ([\s\S]+)$/.exec(error.message);
  if (match === null) return new UsageError(error.message, seeHelp(command));
  const [, option, expectation] = match;
  return new UsageError(`${OPTION_FLAGS[option!] ?? option} must be ${expectation}`, seeHelp(command));
}
