// The authorize URL (code flow with PKCE, and the legacy implicit flow), for the class and for the
// standalone `cognito-oauth/authorize` entry. No network, no ky or zod.
import { invalid, nonEmptyString, object, oneOf } from '../assert.js';
import type { ResolvedConfig } from '../config/options.js';
import { checkClientId, checkRedirectUri, checkScopes, parseUrl, resolveDomain, resolveRedirectUri } from '../config/uris.js';
import type { AuthorizationRequest, AuthorizeParams, ImplicitAuthorizationRequest, ImplicitAuthorizeParams, Prompt } from '../types.js';
import { endpointUrl } from './endpoints.js';
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

/** Authorize parameters that are passed through as non-empty strings: [wire name, option]. */
const OPTIONAL_PARAMS = [
  ['identity_provider', 'identityProvider'],
  ['idp_identifier', 'idpIdentifier'],
  ['lang', 'lang'],
  ['login_hint', 'loginHint'],
] as const;

const PROMPTS: ReadonlySet<string> = new Set<Prompt>(['none', 'login', 'select_account', 'consent']);

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
  object(options, `${caller}: options`);
  // scopes are read (and checked) as the call's parameters.
  return {
    origin: resolveDomain(options.domain, `${caller}: domain`),
    clientId: checkClientId(options.clientId, `${caller}: clientId`),
    redirectUri: checkRedirectUri(options.redirectUri, `${caller}: redirectUri`),
    scopes: undefined,
  };
}

/** Builds the PKCE (S256) authorization-code URL with fresh `state`, `nonce` and verifier. Internal. */
export async function createAuthorizeRequest(config: AuthorizeConfig, params: AuthorizeParams = {}): Promise<AuthorizationRequest> {
  const page = oneOf(params?.page, 'buildAuthorizeUrl: page', ['authorize', 'login', 'signup'], 'authorize');
  const { url, state, nonce, redirectUri, codeVerifier } = startUrl(config, params, 'code', page, 'buildAuthorizeUrl');
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', await computeCodeChallenge(codeVerifier));
  return { url: url.href, state, codeVerifier, nonce, redirectUri };
}

/** Builds the legacy implicit-flow URL (`response_type=token`, tokens come back in the fragment). Internal. */
export function createImplicitAuthorizeRequest(
  config: AuthorizeConfig,
  params: ImplicitAuthorizeParams = {},
): ImplicitAuthorizationRequest {
  const { url, state, nonce } = startUrl(config, params, 'token', 'authorize', 'buildImplicitAuthorizeUrl');
  return { url: url.href, state, nonce };
}

function startUrl(
  config: AuthorizeConfig,
  params: ImplicitAuthorizeParams,
  responseType: 'code' | 'token',
  page: 'authorize' | 'login' | 'signup',
  caller: string,
): { url: URL; state: string; nonce: string; redirectUri: string; codeVerifier: string } {
  object(params, `${caller}: params`);
  const redirectUri = resolveRedirectUri(config.redirectUri, params.redirectUri, caller);
  const ownState = params.state === undefined ? undefined : checkState(params.state, `${caller}: state`);
  const ownNonce = params.nonce === undefined ? undefined : nonEmptyString(params.nonce, `${caller}: nonce`);
  const scopes = params.scopes === undefined ? config.scopes : checkScopes(params.scopes, `${caller}: scopes`);
  const optional: [string, string][] = [];
  for (const [name, option] of OPTIONAL_PARAMS) {
    const value = params[option];
    if (value !== undefined) optional.push([name, nonEmptyString(value, `${caller}: ${option}`)]);
  }
  if (params.prompt !== undefined) optional.push(['prompt', checkPrompt(params.prompt, caller)]);
  if (params.resource !== undefined) optional.push(['resource', checkResource(params.resource, caller)]);

  // Every input is checked before any random value is drawn; then one CSPRNG call makes them all
  // (each call costs a few microseconds in Node, whatever its size).
  const fresh = randomValues((responseType === 'code' ? 1 : 0) + (ownState === undefined ? 1 : 0) + (ownNonce === undefined ? 1 : 0));
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

function checkState(value: unknown, name: string): string {
  const state = nonEmptyString(value, name);
  // Cognito rejects a state that is (URL-encoded) JSON; AWS's advice is to base64-encode it.
  if (/^\s*[[{]/.test(state)) invalid(name, 'an opaque string, not JSON (Cognito rejects JSON; base64url-encode it)');
  return state;
}

function checkPrompt(prompt: Prompt | readonly Prompt[], caller: string): string {
  const list: readonly unknown[] = typeof prompt === 'string' ? prompt.split(' ') : Array.isArray(prompt) ? prompt : [prompt];
  // 'none' cannot be combined with other values.
  if (!list.length || !list.every((p) => typeof p === 'string' && PROMPTS.has(p)) || (list.length > 1 && list.includes('none'))) {
    invalid(`${caller}: prompt`, "'none', or one or more of 'login', 'select_account', 'consent'");
  }
  return list.join(' ');
}

function checkResource(resource: unknown, caller: string): string {
  const name = `${caller}: resource`;
  const rule = 'an absolute URI starting with https://, http://localhost or a custom scheme, without a fragment';
  const value = nonEmptyString(resource, name);
  const url = parseUrl(value, name, rule);
  // Cognito: https://, http://localhost, or a custom scheme; no fragment (RFC 8707).
  if (value.includes('#') || (url.protocol === 'http:' && url.hostname !== 'localhost')) invalid(name, rule);
  return value;
}
