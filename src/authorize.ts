import { endpointUrl } from './endpoints.js';
import { checkRedirectUri, checkScopes, invalid, nonEmptyString, parseUrl, type ResolvedConfig } from './options.js';
import { computeCodeChallenge, generateRandomValue } from './pkce.js';
import type {
  AuthorizationRequest,
  AuthorizeParams,
  ImplicitAuthorizationRequest,
  ImplicitAuthorizeParams,
  Prompt,
} from './types.js';

const PROMPTS: ReadonlySet<string> = new Set<Prompt>(['none', 'login', 'select_account', 'consent']);

/** Builds the PKCE (S256) authorization-code URL with fresh `state`, `nonce` and verifier. */
export async function buildAuthorizeUrl(config: ResolvedConfig, params: AuthorizeParams = {}): Promise<AuthorizationRequest> {
  const page = params.page ?? 'authorize';
  if (page !== 'authorize' && page !== 'login' && page !== 'signup') invalid('buildAuthorizeUrl: page', "'authorize', 'login' or 'signup'");
  const { url, state, nonce, redirectUri } = startUrl(config, params, 'code', page, 'buildAuthorizeUrl');
  const codeVerifier = generateRandomValue();
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', await computeCodeChallenge(codeVerifier));
  return { url: url.href, state, codeVerifier, nonce, redirectUri };
}

/** Builds the legacy implicit-flow URL (`response_type=token`, tokens come back in the fragment). */
export function buildImplicitAuthorizeUrl(config: ResolvedConfig, params: ImplicitAuthorizeParams = {}): ImplicitAuthorizationRequest {
  const { url, state, nonce } = startUrl(config, params, 'token', 'authorize', 'buildImplicitAuthorizeUrl');
  return { url: url.href, state, nonce };
}

function startUrl(
  config: ResolvedConfig,
  params: ImplicitAuthorizeParams,
  responseType: 'code' | 'token',
  page: 'authorize' | 'login' | 'signup',
  caller: string,
): { url: URL; state: string; nonce: string; redirectUri: string } {
  if (typeof params !== 'object' || params === null) invalid(`${caller}: params`, 'an object');
  const redirectUri = resolveRedirectUri(config, params.redirectUri, caller);
  const state = params.state === undefined ? generateRandomValue() : checkState(params.state, `${caller}: state`);
  const nonce = params.nonce === undefined ? generateRandomValue() : nonEmptyString(params.nonce, `${caller}: nonce`);
  const scopes = params.scopes === undefined ? config.scopes : checkScopes(params.scopes, `${caller}: scopes`);

  const url = new URL(endpointUrl(config.origin, page));
  const query = url.searchParams;
  query.set('response_type', responseType);
  query.set('client_id', config.clientId);
  query.set('redirect_uri', redirectUri);
  if (scopes !== undefined && scopes.length > 0) query.set('scope', scopes.join(' '));
  query.set('state', state);
  query.set('nonce', nonce);
  const optional = [
    ['identity_provider', params.identityProvider, 'identityProvider'],
    ['idp_identifier', params.idpIdentifier, 'idpIdentifier'],
    ['lang', params.lang, 'lang'],
    ['login_hint', params.loginHint, 'loginHint'],
  ] as const;
  for (const [name, value, option] of optional) {
    if (value !== undefined) query.set(name, nonEmptyString(value, `${caller}: ${option}`));
  }
  if (params.prompt !== undefined) query.set('prompt', checkPrompt(params.prompt, caller));
  if (params.resource !== undefined) query.set('resource', checkResource(params.resource, caller));
  return { url, state, nonce, redirectUri };
}

/** The redirect URI for one request: the per-call one, else the client's; required either way. */
export function resolveRedirectUri(config: ResolvedConfig, override: string | undefined, caller: string): string {
  if (override !== undefined) return checkRedirectUri(override, `${caller}: redirectUri`);
  return config.redirectUri ?? invalid(`${caller}: redirectUri`, 'set in the client options or passed to this call');
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
