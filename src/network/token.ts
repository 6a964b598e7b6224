// The token endpoint's three grants: authorization code (with the PKCE verifier), refresh token and
// client credentials. One request function, one response schema.
import { invalid, nonEmptyString, object } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkScopes, endpointUrl, resolveRedirectUri } from '../config/uris.js';
import type { ClientCredentialsParams, ExchangeCodeParams, RequestOptions, TokenSet } from '../types.js';
import { TokenResponseSchema } from './schemas.js';
import { basicAuthorization, parseBody, send } from './transport.js';

// RFC 7636: 43-128 characters of [A-Z a-z 0-9 - . _ ~].
const VERIFIER = /^[\w.~-]{43,128}$/;

/** `grant_type=authorization_code` with the PKCE verifier. Sent exactly once: a code is single-use. */
export function exchangeCode(config: ResolvedConfig, params: ExchangeCodeParams): Promise<TokenSet> {
  object(params, 'exchangeCode: params', '{ code, codeVerifier }');
  const code = nonEmptyString(params.code, 'exchangeCode: code');
  if (typeof params.codeVerifier !== 'string' || !VERIFIER.test(params.codeVerifier)) {
    invalid('exchangeCode: codeVerifier', 'a PKCE verifier (43-128 URL-safe characters)');
  }
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: resolveRedirectUri(config.redirectUri, params.redirectUri, 'exchangeCode'),
    code_verifier: params.codeVerifier,
  });
  return requestTokens(config, form, params.signal);
}

/**
 * `grant_type=refresh_token`. Cognito returns a new refresh token only when rotation is on; the
 * result then carries the new one, otherwise the one passed in.
 */
export async function refreshTokens(config: ResolvedConfig, refreshToken: string, options: RequestOptions = {}): Promise<TokenSet> {
  const token = nonEmptyString(refreshToken, 'refreshTokens: refreshToken');
  const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: token });
  const tokens = await requestTokens(config, form, options.signal);
  return { ...tokens, refreshToken: tokens.refreshToken ?? token };
}

/** `grant_type=client_credentials` (machine to machine); needs a client secret. */
export function clientCredentials(config: ResolvedConfig, params: ClientCredentialsParams = {}): Promise<TokenSet> {
  // Cognito issues client-credentials tokens only to confidential clients.
  if (config.clientSecret === undefined) invalid('clientCredentials: clientSecret', 'set (a confidential client)', 'ERR_MISSING_OPTION');
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId });
  if (params.scopes !== undefined) {
    const scopes = checkScopes(params.scopes, 'clientCredentials: scopes');
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
  }
  if (params.clientMetadata !== undefined) {
    const metadata = params.clientMetadata;
    if (typeof metadata !== 'object' || metadata === null || Object.values(metadata).some((v) => typeof v !== 'string')) {
      invalid('clientCredentials: clientMetadata', 'an object of strings');
    }
    form.set('aws_client_metadata', JSON.stringify(metadata));
  }
  return requestTokens(config, form, params.signal);
}

async function requestTokens(config: ResolvedConfig, form: URLSearchParams, signal: AbortSignal | undefined): Promise<TokenSet> {
  const headers: Record<string, string> = {};
  if (config.clientSecret !== undefined) {
    if (config.clientAuthMethod === 'client_secret_post') form.set('client_secret', config.clientSecret);
    else headers['authorization'] = basicAuthorization(config.clientId, config.clientSecret);
  }
  const sentAt = Date.now();
  const { response, text } = await send(config, {
    source: 'token',
    method: 'POST',
    url: endpointUrl(config.origin, 'token'),
    form,
    headers,
    signal,
  });
  const body = parseBody(TokenResponseSchema, text, 'token', response);
  return {
    accessToken: body.access_token,
    ...(body.id_token === undefined ? {} : { idToken: body.id_token }),
    ...(body.refresh_token === undefined ? {} : { refreshToken: body.refresh_token }),
    tokenType: 'Bearer',
    expiresIn: body.expires_in,
    expiresAt: sentAt + body.expires_in * 1000,
  };
}
