import { endpointUrl } from './endpoints.js';
import { checkRedirectUri, checkScopes, type ResolvedConfig } from './options.js';
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
  if (page !== 'authorize' && page !== 'login' && page !== 'signup') {
    throw new TypeError("buildAuthorizeUrl: page must be 'authorize', 'login' or 'signup'");
  }
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
  if (typeof params !== 'object' || params === null) {
    throw new TypeError(`${caller}: params must be an object`);
  }
  const redirectUri = resolveRedirectUri(config, params.redirectUri, caller);
  const state = params.state === undefined ? generateRandomValue() : checkState(params.state, `${caller}: state`);
  const nonce = params.nonce === undefined ? generateRandomValue() : checkValue(params.nonce, `${caller}: nonce`);
  const scopes = params.scopes === undefined ? config.scopes : checkScopes(params.scopes, `${caller}: scopes`);

  const url = new URL(endpointUrl(config.origin, page));
  const query = url.searchParams;
  query.set('response_type', responseType);
  query.set('client_id', config.clientId);
  query.set('redirect_uri', redirectUri);
  if (scopes !== undefined && scopes.length > 0) query.set('scope', scopes.join(' '));
  query.set('state', state);
  query.set('nonce', nonce);
  if (params.identityProvider !== undefined) {
    query.set('identity_provider', checkValue(params.identityProvider, `${caller}: identityProvider`));
  }
  if (params.idpIdentifier !== undefined) {
    query.set('idp_identifier', checkValue(params.idpIdentifier, `${caller}: idpIdentifier`));
  }
  if (params.lang !== undefined) query.set('lang', checkValue(params.lang, `${caller}: lang`));
  if (params.loginHint !== undefined) query.set('login_hint', checkValue(params.loginHint, `${caller}: loginHint`));
  if (params.prompt !== undefined) query.set('prompt', checkPrompt(params.prompt, caller));
  if (params.resource !== undefined) query.set('resource', checkResource(params.resource, caller));
  return { url, state, nonce, redirectUri };
}

/** The redirect URI for one request: the per-call one, else the client's; required either way. */
export function resolveRedirectUri(config: ResolvedConfig, override: string | undefined, caller: string): string {
  if (override !== undefined) return checkRedirectUri(override, `${caller}: redirectUri`);
  if (config.redirectUri === undefined) {
    throw new TypeError(`${caller}: redirectUri is required (set it in the client options or pass it to this call)`);
  }
  return config.redirectUri;
}

function checkValue(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

function checkState(value: unknown, name: string): string {
  const state = checkValue(value, name);
  // Cognito rejects a state that is (URL-encoded) JSON; AWS's advice is to base64-encode it.
  if (/^\s*[[{]/.test(state)) {
    throw new TypeError(`${name} must not be a JSON string (Cognito rejects it); base64url-encode structured state`);
  }
  return state;
}

function checkPrompt(prompt: Prompt | readonly Prompt[], caller: string): string {
  const list: readonly unknown[] = typeof prompt === 'string' ? prompt.split(' ') : Array.isArray(prompt) ? prompt : [prompt];
  if (list.length === 0 || !list.every((p) => typeof p === 'string' && PROMPTS.has(p))) {
    throw new TypeError(`${caller}: prompt must be 'none', 'login', 'select_account', 'consent' or a list of them`);
  }
  if (list.includes('none') && list.length > 1) {
    throw new TypeError(`${caller}: prompt 'none' cannot be combined with other values`);
  }
  return list.join(' ');
}

function checkResource(resource: unknown, caller: string): string {
  const name = `${caller}: resource`;
  const value = checkValue(resource, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute URI such as "https://api.example.com"`);
  }
  // Cognito: https://, http://localhost, or a custom scheme; no fragment (RFC 8707).
  if (value.includes('#') || (url.protocol === 'http:' && url.hostname !== 'localhost')) {
    throw new TypeError(`${name} must start with https://, http://localhost or a custom scheme, without a fragment`);
  }
  return value;
}
