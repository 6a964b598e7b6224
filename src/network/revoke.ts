import { invalid, nonEmptyString } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { peekTokenUse } from '../jwt.js';
import type { RequestOptions } from '../types.js';
import { endpointUrl } from '../config/uris.js';
import { basicAuthorization, send } from './transport.js';

/**
 * `POST /oauth2/revoke`. Cognito revokes refresh tokens only (and with them the access and ID
 * tokens issued from them); an access or ID token is refused here, before the network.
 */
export async function revokeToken(config: ResolvedConfig, refreshToken: string, options: RequestOptions = {}): Promise<void> {
  const token = nonEmptyString(refreshToken, 'revokeToken: refreshToken');
  const use = peekTokenUse(token);
  // Cognito answers unsupported_token_type; say so before the network.
  // (Revoking the refresh token also ends the access and ID tokens issued with it.)
  if (use) invalid('revokeToken: refreshToken', `a refresh token, not an ${use === 'id' ? 'ID' : 'access'} token`);
  const form = new URLSearchParams({ token });
  const headers: Record<string, string> = {};
  // The revoke endpoint documents HTTP Basic only for confidential clients, whatever the token endpoint uses.
  if (config.clientSecret === undefined) form.set('client_id', config.clientId);
  else headers['authorization'] = basicAuthorization(config.clientId, config.clientSecret);
  // The body is read (and discarded) so browsers do not log the request as aborted.
  await send(config, {
    source: 'revoke',
    method: 'POST',
    url: endpointUrl(config.origin, 'revoke'),
    form,
    headers,
    signal: options.signal,
  });
}
