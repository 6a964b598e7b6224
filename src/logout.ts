import { resolveRedirectUri } from './authorize.js';
import { endpointUrl } from './endpoints.js';
import { checkRedirectUri, checkScopes, type ResolvedConfig } from './options.js';
import type { LogoutParams } from './types.js';

/**
 * Builds Cognito's `/logout` URL. Cognito's logout is not OIDC RP-initiated logout: it takes
 * `client_id` + `logout_uri` (or `redirect_uri` + `response_type`), never
 * `post_logout_redirect_uri` or `id_token_hint`.
 */
export function buildLogoutUrl(config: ResolvedConfig, params: LogoutParams): string {
  if (typeof params !== 'object' || params === null) {
    throw new TypeError('buildLogoutUrl: pass { logoutUri } or { redirectUri?, responseType? }');
  }
  if ('post_logout_redirect_uri' in params || 'postLogoutRedirectUri' in params) {
    throw new TypeError('buildLogoutUrl: Cognito ignores post_logout_redirect_uri; pass logoutUri (an Allowed sign-out URL)');
  }
  const url = new URL(endpointUrl(config.origin, 'logout'));
  const query = url.searchParams;
  if ('logoutUri' in params && params.logoutUri !== undefined) {
    query.set('client_id', config.clientId);
    query.set('logout_uri', checkRedirectUri(params.logoutUri, 'buildLogoutUrl: logoutUri'));
    return url.href;
  }
  const signIn = params as Exclude<LogoutParams, { logoutUri: string }>;
  const responseType = signIn.responseType ?? 'code';
  if (responseType !== 'code' && responseType !== 'token') {
    throw new TypeError("buildLogoutUrl: responseType must be 'code' or 'token'");
  }
  query.set('response_type', responseType);
  query.set('client_id', config.clientId);
  query.set('redirect_uri', resolveRedirectUri(config, signIn.redirectUri, 'buildLogoutUrl'));
  if (signIn.state !== undefined) query.set('state', nonEmpty(signIn.state, 'state'));
  if (signIn.nonce !== undefined) query.set('nonce', nonEmpty(signIn.nonce, 'nonce'));
  const scopes = signIn.scopes === undefined ? config.scopes : checkScopes(signIn.scopes, 'buildLogoutUrl: scopes');
  if (scopes !== undefined && scopes.length > 0) query.set('scope', scopes.join(' '));
  return url.href;
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`buildLogoutUrl: ${name} must be a non-empty string`);
  return value;
}
