import { invalid, nonEmptyString, object, oneOf } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkRedirectUri, checkScopes, endpointUrl, resolveRedirectUri } from '../config/uris.js';
import type { LogoutParams, LogoutToSignInParams, LogoutToUriParams } from '../types.js';

/**
 * Builds Cognito's `/logout` URL. Cognito's logout is not OIDC RP-initiated logout: it takes
 * `client_id` + `logout_uri` (or `redirect_uri` + `response_type`), never
 * `post_logout_redirect_uri` or `id_token_hint`.
 */
export function buildLogoutUrl(config: ResolvedConfig, params: LogoutParams): string {
  const P = 'buildLogoutUrl: ';
  object(params, `${P}params`, '{ logoutUri } or { redirectUri?, responseType? }');
  // Cognito's /logout is not OIDC RP-initiated logout: post_logout_redirect_uri ends on its error page.
  if ('post_logout_redirect_uri' in params || 'postLogoutRedirectUri' in params) {
    invalid(`${P}params`, "Cognito's logoutUri (an Allowed sign-out URL), not post_logout_redirect_uri");
  }
  const signIn = params as LogoutToSignInParams;
  const { logoutUri } = params as LogoutToUriParams;
  const url = new URL(endpointUrl(config.origin, 'logout'));
  const query = url.searchParams;
  if (logoutUri === undefined) query.set('response_type', oneOf(signIn.responseType, `${P}responseType`, ['code', 'token'], 'code'));
  query.set('client_id', config.clientId);
  if (logoutUri !== undefined) {
    query.set('logout_uri', checkRedirectUri(logoutUri, `${P}logoutUri`));
    return url.href;
  }
  query.set('redirect_uri', resolveRedirectUri(config.redirectUri, signIn.redirectUri, 'buildLogoutUrl'));
  for (const key of ['state', 'nonce'] as const) if (signIn[key] !== undefined) query.set(key, nonEmptyString(signIn[key], P + key));
  const scopes = signIn.scopes === undefined ? config.scopes : checkScopes(signIn.scopes, `${P}scopes`);
  if (scopes?.length) query.set('scope', scopes.join(' '));
  return url.href;
}
