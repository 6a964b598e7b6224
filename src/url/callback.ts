// The callback URL: state first, then Cognito's error redirects, then the code (or the implicit
// flow's tokens). Nothing here touches the network: a forged or stale callback fails before the code
// is ever sent.
import { invalid, nonEmptyString } from '../assert.js';
import { clip, CognitoOAuthError, ErrorCode, OAuthError } from '../errors.js';
import type { AuthorizationCallback, ImplicitCallback, ParseCallbackOptions } from '../types.js';

/**
 * Reads an authorization-code callback (`?code=…&state=…` or `?error=…`). Nothing here touches the
 * network: a forged or stale callback fails before the code is ever sent.
 */
export function parseCallback(input: string | URL, options: ParseCallbackOptions, domainOrigin?: string): AuthorizationCallback {
  const expectedState = checkOptions(options, 'parseCallback');
  const url = toUrl(input, 'parseCallback');
  checkNotErrorPage(url, domainOrigin);
  const params = readParams(url.search);
  const state = checkStateAndError(params, expectedState);
  const code = params.get('code');
  if (code === undefined || code === '') {
    throw new CognitoOAuthError(
      ErrorCode.CODE_MISSING,
      params.has('access_token') || /[#&]access_token=/.test(url.hash)
        ? 'The callback carries tokens, not a code: this is an implicit-flow response; use parseImplicitCallback'
        : 'The callback URL has neither a code nor an error',
    );
  }
  return { code, state };
}

/**
 * Reads a legacy implicit-flow callback: tokens in the fragment (`#access_token=…`), errors in the
 * query or the fragment.
 */
export function parseImplicitCallback(input: string | URL, options: ParseCallbackOptions, now: number, domainOrigin?: string): ImplicitCallback {
  const expectedState = checkOptions(options, 'parseImplicitCallback');
  const url = toUrl(input, 'parseImplicitCallback');
  checkNotErrorPage(url, domainOrigin);
  const fragment = readParams(url.hash);
  const query = readParams(url.search);
  // Cognito redirects authorize errors to the query even for response_type=token.
  const params = fragment.has('error') || fragment.has('access_token') || !query.has('error') ? fragment : query;
  const state = checkStateAndError(params, expectedState);
  const accessToken = params.get('access_token');
  const tokenType = params.get('token_type');
  const expiresIn = params.get('expires_in');
  const seconds = expiresIn !== undefined && /^\d{1,9}$/.test(expiresIn) ? Number(expiresIn) : 0;
  // The fragment says `bearer` in lower case where the token endpoint says `Bearer`.
  if (!accessToken || tokenType?.toLowerCase() !== 'bearer' || seconds <= 0) {
    throw new CognitoOAuthError(ErrorCode.CALLBACK_INVALID, 'The implicit callback fragment lacks access_token, token_type=bearer or expires_in');
  }
  const idToken = params.get('id_token');
  return {
    accessToken,
    ...(idToken ? { idToken } : {}),
    tokenType: 'Bearer',
    expiresIn: seconds,
    expiresAt: now + seconds * 1000,
    state,
  };
}

function checkOptions(options: ParseCallbackOptions, caller: string): string {
  return nonEmptyString(options?.expectedState, `${caller}: options.expectedState (the state from buildAuthorizeUrl, kept across the redirect)`);
}

function toUrl(input: string | URL, caller: string): URL {
  if (input instanceof URL) return input;
  if (typeof input !== 'string') invalid(`${caller}: url`, 'a URL or a string', 'ERR_INVALID_ARG_TYPE');
  try {
    return new URL(input);
  } catch {
    try {
      new URL(input, 'http://h');
    } catch {
      throw new CognitoOAuthError(ErrorCode.CALLBACK_INVALID, 'The callback is not a URL');
    }
  }
  // A path such as node:http's and Express's req.url is a coding mistake, not a bad callback.
  return invalid(`${caller}: url`, 'the absolute callback URL, e.g. new URL(req.url, origin) when req.url is a path such as "/callback?code=…"');
}

/**
 * When Cognito cannot trust the redirect URI (`error=redirect_mismatch`, a misconfigured client) it
 * does not redirect: the browser stays on `https://{domain}/error?error=…`. Such a URL is no callback.
 */
function checkNotErrorPage(url: URL, domainOrigin: string | undefined): void {
  if (domainOrigin === undefined || url.origin !== domainOrigin || !/^\/error\/?$/.test(url.pathname)) return;
  const error = url.searchParams.get('error') || 'unknown';
  const description = url.searchParams.get('error_description') || undefined;
  const hint =
    error === 'redirect_mismatch'
      ? ': the redirect URI is not an Allowed callback URL of the app client'
      : ': check the app client settings (callback URLs, OAuth flows, scopes, identity providers)';
  throw new CognitoOAuthError(
    ErrorCode.CALLBACK_INVALID,
    `The user landed on Cognito's own error page (${domainOrigin}/error, error=${clip(error, 60)}), not on the app's callback; Cognito did not redirect back${hint}`,
    { cause: new OAuthError({ error, errorDescription: description, source: 'callback' }) },
  );
}

/** Query or fragment parameters; a parameter given twice makes the whole callback ambiguous. */
function readParams(raw: string): Map<string, string> {
  const text = raw.startsWith('?') || raw.startsWith('#') ? raw.slice(1) : raw;
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (params.has(key)) {
      throw new CognitoOAuthError(ErrorCode.CALLBACK_INVALID, `The callback has the parameter "${clip(key, 40)}" more than once`);
    }
    params.set(key, value);
  }
  return params;
}

/** Checks `state`, then turns an `error` redirect into an {@link OAuthError}; returns the state. */
function checkStateAndError(params: Map<string, string>, expectedState: string): string {
  const state = params.get('state');
  const error = params.get('error');
  if (state !== undefined && !constantTimeEqual(state, expectedState)) {
    throw new CognitoOAuthError(ErrorCode.STATE_MISMATCH, 'The callback state does not match the expected state (stale, replayed or forged callback)');
  }
  if (error !== undefined) {
    // Cognito's error redirects may omit state (only the prompt=none example shows it).
    const description = params.get('error_description');
    throw new OAuthError({ error, errorDescription: description || undefined, source: 'callback', stateVerified: state !== undefined });
  }
  if (state === undefined) {
    throw new CognitoOAuthError(ErrorCode.STATE_MISSING, 'The callback has no state parameter');
  }
  return state;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
