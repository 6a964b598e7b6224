// `cognito-oauth verify TOKEN`: offline verification against the user pool's keys, ID or access
// token by its `token_use`. The claims go to stdout as JSON.
import type { ParsedCommand } from '../args.js';
import { asUsageError, createClient } from '../connect.js';
import { CliFailure } from '../failure.js';
import type { Io } from '../run.js';
import { UsageError } from '../usage.js';

export async function verify(parsed: ParsedCommand, io: Io): Promise<void> {
  const { connection } = parsed;
  if (connection.clientId === undefined) {
    throw new UsageError('missing --client-id, the app client the token was issued to (or set COGNITO_CLIENT_ID)', 'run: cognito-oauth verify --help');
  }
  if (connection.userPoolId === undefined && connection.issuer === undefined) {
    throw new UsageError(
      'missing --user-pool-id (or set COGNITO_USER_POOL_ID), or --issuer (or set COGNITO_ISSUER): the pool whose keys sign the token',
      'run: cognito-oauth verify --help',
    );
  }
  let token = parsed.positionals[0]!;
  if (token === '-') token = (await io.readStdin()).trim();
  if (token === '') throw new UsageError('verify got an empty token', 'run: cognito-oauth verify --help');

  const client = await createClient('verify', connection);
  const { decodeJwtUnverified } = await import('cognito-oauth');
  // Only to choose the check; the verification below checks token_use again.
  const use = decodeJwtUnverified(token).payload.token_use;
  let claims;
  try {
    if (use === 'id') claims = await client.verifyIdToken(token);
    else if (use === 'access') claims = await client.verifyAccessToken(token);
    else throw new CliFailure('the token has no token_use of "id" or "access": not a Cognito user pool token');
  } catch (error) {
    throw asUsageError('verify', error);
  }
  io.err(`cognito-oauth: valid ${use === 'id' ? 'ID' : 'access'} token, expires ${new Date(claims.exp * 1000).toISOString()}`);
  io.out(JSON.stringify(claims, null, 2));
}
