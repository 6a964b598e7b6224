import { invalid, nonEmptyString, object, oneOf } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkRedirectUri, checkScopes, resolveRedirectUri } from '../config/uris.js';
import type { LogoutParams } from '../types.js';
import { endpointUrl } from './endpoints.js';

/**
 * Builds Cognito's `/logout` URL. Cognito's logout is not OIDC RP-initiated logout: it takes
 * `client_id` + `logout_uri` (or `redirect_uri` + `response_type`), never
 * `post_logout_redirect_uri` or `id_token_hint`.
 */
export function buildLogoutUrl(config: ResolvedConfig, params: LogoutParams): string {
  object(params, 'buildLogoutUrl: params', '{ logoutUri } or { redirectUri?, responseType? }');
  // Cognito's /logout is not OIDC RP-initiated logout: post_logout_redirect_uri ends on its error page.
  if ('post_logout_redirect_uri' in params || 'postLogoutRedirectUri' in params) {
    invalid('buildLogoutUrl: params', "Cognito's logoutUri (an Allowed sign-out URL), not post_logout_redirect_uri");
  }
  const url = new URL(endpointUrl(config.origin, 'logout'));
  const query = url.searchParams;
  if ('logoutUri' in params && params.logoutUri !== undefined) {
    query.set('client_id', config.clientId);
    query.set('logout_uri', checkRedirectUri(params.logoutUri, 'buildLogoutUrl: logoutUri'));
    return url.href;
  }
  const signIn = params as Exclude<LogoutParams, { logoutUri: string }>;
  query.set('response_type', oneOf(signIn.responseType, 'buildLogoutUrl: responseType', ['code', 'token'], 'code'));
  query.set('client_id', config.clientId);
  query.set('redirect_uri', resolveRedirectUri(config.redirectUri, signIn.redirectUri, 'buildLogoutUrl'));
  if (signIn.state !== undefined) query.set('state', nonEmptyString(signIn.state, 'buildLogoutUrl: state'));
  if (signIn.nonce !== undefined) query.set('nonce', nonEmptyString(signIn.nonce, 'buildLogoutUrl: nonce'));
  const scopes = signIn.scopes === undefined ? config.scopes : checkScopes(signIn.scopes, 'buildLogoutUrl: scopes');
  if (scopes !== undefined && scopes.length > 0) query.set('scope', scopes.join(' '));
  return url.href;
}
