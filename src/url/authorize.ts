// The authorize URL (code flow with PKCE, and the legacy implicit flow), for the class and for the
// standalone `cognito-oauth/authorize` entry. No network, no ky or zod.
import { invalid, nonEmptyString, object, oneOf } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkClientId, checkRedirectUri, checkScopes, endpointUrl, resolveDomain, resolveRedirectUri, webUrl } from '../config/uris.js';
import type { AuthorizationRequest, AuthorizeParams, ImplicitAuthorizationRequest, ImplicitAuthorizeParams } from '../types.js';

import { computeCodeChallenge, randomValues } from './pkce.js';

/** What building an authorize URL needs of the client's configuration. Internal. */
export type AuthorizeConfig = Pick<ResolvedConfig, 'origin' | 'clientId' | 'redirectUri' | 'scopes'>;

/**
 * Options of the standalone {@link buildAuthorizeUrl}: the user pool domain and app client, and the
 * same parameters as `CognitoOAuthClient.buildAuthorizeUrl`, with the redirect URI required.
 * @example
 * ```ts
 * import { buildAuthorizeUrl } from 'cognito-oauth/authorize';
 *
 * const request = await buildAuthorizeUrl({
 *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: 'https://app.example.com/callback',
 *   scopes: ['openid', 'email'],
 *   identityProvider: 'Google',
 *   lang: 'fr',
 * });
 * sessionStorage.setItem('signin', JSON.stringify({ state: request.state, nonce: request.nonce, codeVerifier: request.codeVerifier }));
 * location.assign(request.url);
 * ```
 * @group Authorize URL
 */
export interface AuthorizeUrlOptions extends AuthorizeParams {
  /** The user pool domain that serves `/oauth2/*`, as for `CognitoOAuthClient`'s `domain`. */
  domain: string;
  /** The app client ID. */
  clientId: string;
  /** The callback URL registered on the app client; the code exchange must use the same one. */
  redirectUri: string;
}

/**
 * Options of the standalone {@link buildImplicitAuthorizeUrl}: {@link AuthorizeUrlOptions} without `page`.
 * @group Authorize URL
 */
export type ImplicitAuthorizeUrlOptions = Omit<AuthorizeUrlOptions, 'page'>;

/** Authorize parameters that are passed through as non-empty strings, by option name (the wire name is the snake_case form). */
const OPTIONAL_PARAMS = ['identityProvider', 'idpIdentifier', 'lang', 'loginHint'] as const;

/**
 * Builds the PKCE (S256) authorization-code URL with fresh `state`, `nonce` and verifier, without a
 * client instance: a sign-in page that only redirects to managed login loads this function and
 * nothing else of the SDK (neither ky nor zod). The URL is the one
 * `CognitoOAuthClient.buildAuthorizeUrl` builds from the same options; the callback page then uses
 * a `CognitoOAuthClient` with the same `domain`, `clientId` and `redirectUri`. No network.
 *
 * @param options - the domain, app client, redirect URI, and any authorize parameter
 * @returns the URL and what to keep until the callback
 * @throws TypeError when an option is missing or malformed; the message names it
 * @example
 * ```ts
 * import { buildAuthorizeUrl } from 'cognito-oauth/authorize';
 *
 * const request = await buildAuthorizeUrl({
 *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: 'https://app.example.com/callback',
 *   scopes: ['openid', 'email'],
 * });
 * sessionStorage.setItem('signin', JSON.stringify(request));
 * location.assign(request.url);
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @group Authorize URL
 */
export async function buildAuthorizeUrl(options: AuthorizeUrlOptions): Promise<AuthorizationRequest> {
  return createAuthorizeRequest(standaloneConfig(options, 'buildAuthorizeUrl'), options);
}

/**
 * Builds the legacy implicit-flow URL (`response_type=token`) without a client instance; see
 * {@link buildAuthorizeUrl}. Prefer the code flow.
 *
 * @param options - the domain, app client, redirect URI, and any authorize parameter but `page`
 * @returns the URL, `state` and `nonce`
 * @throws TypeError when an option is missing or malformed
 * @example
 * ```ts
 * import { buildImplicitAuthorizeUrl } from 'cognito-oauth/authorize';
 *
 * const { url, state, nonce } = buildImplicitAuthorizeUrl({
 *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: 'https://app.example.com/callback',
 *   scopes: ['openid'],
 * });
 * ```
 * @group Authorize URL
 */
export function buildImplicitAuthorizeUrl(options: ImplicitAuthorizeUrlOptions): ImplicitAuthorizationRequest {
  return createImplicitAuthorizeRequest(standaloneConfig(options, 'buildImplicitAuthorizeUrl'), options);
}

function standaloneConfig(options: ImplicitAuthorizeUrlOptions, caller: string): AuthorizeConfig {
  const P = `${caller}: `;
  object(options, `${P}options`);
  // scopes are read (and checked) as the call's parameters.
  return {
    origin: resolveDomain(options.domain, `${P}domain`),
    clientId: checkClientId(options.clientId, `${P}clientId`),
    redirectUri: checkRedirectUri(options.redirectUri, `${P}redirectUri`),
    scopes: undefined,
  };
}

/** Builds the PKCE (S256) authorization-code URL with fresh `state`, `nonce` and verifier. Internal. */
export async function createAuthorizeRequest(config: AuthorizeConfig, params: AuthorizeParams = {}): Promise<AuthorizationRequest> {
  const { url, state, nonce, redirectUri, codeVerifier } = startUrl(config, params, 'code');
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', await computeCodeChallenge(codeVerifier));
  return { url: url.href, state, codeVerifier, nonce, redirectUri };
}

/** Builds the legacy implicit-flow URL (`response_type=token`, tokens come back in the fragment). Internal. */
export function createImplicitAuthorizeRequest(
  config: AuthorizeConfig,
  params: ImplicitAuthorizeParams = {},
): ImplicitAuthorizationRequest {
  const { url, state, nonce } = startUrl(config, params, 'token');
  return { url: url.href, state, nonce };
}

function startUrl(
  config: AuthorizeConfig,
  params: AuthorizeParams,
  responseType: 'code' | 'token',
): { url: URL; state: string; nonce: string; redirectUri: string; codeVerifier: string } {
  const caller = responseType === 'code' ? 'buildAuthorizeUrl' : 'buildImplicitAuthorizeUrl';
  const P = `${caller}: `;
  object(params, `${P}params`);
  const page = responseType === 'code' ? oneOf(params.page, `${P}page`, ['authorize', 'login', 'signup'], 'authorize') : 'authorize';
  const redirectUri = resolveRedirectUri(config.redirectUri, params.redirectUri, caller);
  const { state: ownState, nonce: ownNonce, prompt, resource } = params;
  // Cognito rejects a state that is (URL-encoded) JSON; AWS's advice is to base64-encode it.
  if (ownState !== undefined && /^\s*[[{]/.test(nonEmptyString(ownState, `${P}state`))) {
    invalid(`${P}state`, 'an opaque string, not JSON (Cognito rejects JSON; base64url-encode it)');
  }
  if (ownNonce !== undefined) nonEmptyString(ownNonce, `${P}nonce`);
  const scopes = params.scopes === undefined ? config.scopes : checkScopes(params.scopes, `${P}scopes`);
  const optional: [string, string][] = [];
  for (const option of OPTIONAL_PARAMS) {
    const value = params[option];
    if (value !== undefined) optional.push([option.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), nonEmptyString(value, P + option)]);
  }
  if (prompt !== undefined) {
    // 'none' alone, or any of the others; an array is the same list.
    const list: unknown = Array.isArray(prompt) && prompt.every((p) => typeof p === 'string') ? prompt.join(' ') : prompt;
    if (typeof list !== 'string' || !/^(none|(login|select_account|consent)( (login|select_account|consent))*)$/.test(list)) {
      invalid(`${P}prompt`, "'none', or one or more of 'login', 'select_account', 'consent'");
    }
    optional.push(['prompt', list]);
  }
  if (resource !== undefined) {
    // RFC 8707 and Cognito: an absolute URI (https://, http://localhost or a custom scheme), no fragment.
    const name = `${P}resource`;
    if (webUrl(nonEmptyString(resource, name), name) && resource.includes('#')) invalid(name, 'an absolute URI without a fragment');
    optional.push(['resource', resource]);
  }

  // Every input is checked before any random value is drawn; then one CSPRNG call makes them all
  // (each call costs a few microseconds in Node, whatever its size).
  const fresh = randomValues(+(responseType === 'code') + +(ownState === undefined) + +(ownNonce === undefined));
  const codeVerifier = responseType === 'code' ? fresh.shift()! : '';
  const state = ownState ?? fresh.shift()!;
  const nonce = ownNonce ?? fresh.shift()!;

  const url = new URL(endpointUrl(config.origin, page));
  const query = url.searchParams;
  query.set('response_type', responseType);
  query.set('client_id', config.clientId);
  query.set('redirect_uri', redirectUri);
  if (scopes !== undefined && scopes.length > 0) query.set('scope', scopes.join(' '));
  query.set('state', state);
  query.set('nonce', nonce);
  for (const [name, value] of optional) query.set(name, value);
  return { url, state, nonce, redirectUri, codeVerifier };
}
