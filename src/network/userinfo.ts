import { invalid, nonEmptyString } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import type { ErrorCode } from '../errors.js';
import { peekTokenUse } from '../jwt.js';
import type { CognitoIdentity, FetchUserInfoOptions, UserInfo } from '../types.js';
import { endpointUrl } from '../config/uris.js';
import { UserInfoSchema } from './schemas.js';
import { fail, parseBody, send } from './transport.js';

/** `GET /oauth2/userInfo` with the access token; keeps every claim, booleans made booleans. */
export async function fetchUserInfo(config: ResolvedConfig, accessToken: string, options: FetchUserInfoOptions = {}): Promise<UserInfo> {
  const token = nonEmptyString(accessToken, 'fetchUserInfo: accessToken');
  // A wrapped copy (a line break, a NUL) would make the platform refuse the header, in an error that
  // quotes the whole `Bearer …` value; it is refused here, naming nothing of it.
  if (!/^[\x21-\x7e]+$/.test(token)) invalid('fetchUserInfo: accessToken', 'printable ASCII without spaces');
  // Cognito answers invalid_token for an ID token; say so before the network.
  if (peekTokenUse(token) === 'id') invalid('fetchUserInfo: accessToken', 'an access token, not an ID token');
  const { response, text } = await send(config, {
    source: 'userInfo',
    method: 'GET',
    url: endpointUrl(config.origin, 'userInfo'),
    headers: { authorization: `Bearer ${token}` },
    signal: options.signal,
  });
  const claims = parseBody(UserInfoSchema, text, 'userInfo', response) as UserInfo;
  const invalidResponse = (what: string, code: ErrorCode = 'INVALID_RESPONSE') => fail({ source: 'userInfo' }, code, what, { response });
  for (const name of ['email_verified', 'phone_number_verified'] as const) {
    if (claims[name] === undefined) continue;
    // Cognito sends "true"/"false" (and attributes set through the admin API may read "True").
    const text = String(claims[name]).trim().toLowerCase();
    if (text !== 'true' && text !== 'false') throw invalidResponse(`response has an invalid ${name}`);
    claims[name] = text === 'true';
  }
  if (claims.identities !== undefined) claims.identities = readIdentities(claims.identities);
  if (options.expectedSubject !== undefined && claims.sub !== options.expectedSubject) {
    throw invalidResponse('sub is not the expected subject', 'SUBJECT_MISMATCH');
  }
  return claims;
}

/**
 * userInfo attribute values are strings, so `identities` may arrive as a JSON string of an array.
 * Whatever else arrives is kept as its JSON text, so the value always has the documented type.
 */
function readIdentities(value: unknown): CognitoIdentity[] | string {
  if (typeof value !== 'string') return isIdentityList(value) ? value : JSON.stringify(value);
  try {
    const parsed: unknown = JSON.parse(value);
    return isIdentityList(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

function isIdentityList(value: unknown): value is CognitoIdentity[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
}
