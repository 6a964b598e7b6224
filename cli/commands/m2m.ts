// `cognito-oauth m2m`: the client credentials grant, for CI jobs and scripts. The access token
// goes to stdout; nothing is cached (each run asks Cognito again).
import type { ParsedCommand } from '../args.js';
import { asUsageError, createClient, requireSettings } from '../connect.js';
import type { Io } from '../run.js';

export async function m2m(parsed: ParsedCommand, io: Io): Promise<void> {
  const { connection, flags } = parsed;
  requireSettings('m2m', connection, ['domain', 'clientId', 'clientSecret']);
  io.context.domain = connection.domain;
  const client = await createClient('m2m', connection);
  const scopes = flags.scope as string[] | undefined;
  let tokens;
  try {
    tokens = await client.clientCredentials(scopes === undefined ? {} : { scopes });
  } catch (error) {
    throw asUsageError('m2m', error);
  }
  io.err(`cognito-oauth: access token for client ${client.clientId}, valid for ${tokens.expiresIn} s`);
  io.out(tokens.accessToken);
}
