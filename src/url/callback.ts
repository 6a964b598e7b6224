// The callback URL: state first, then Cognito's error redirects, then the code (or the implicit
// flow's tokens). Nothing here touches the network: a forged or stale callback fails before the code
// is ever sent.
import { invalid, nonEmptyString } from '../assert.js';
import { clip, CognitoOAuthError, type ErrorCode, OAuthError } from '../errors.js';
import type { AuthorizationCallback, ImplicitCallback, ParseCallbackOptions } from '../types.js';

/**
 * Reads an authorization-code callback (`?code=…&state=…` or `?error=…`). Nothing here touches the
 * network: a forged or stale callback fails before the code is ever sent.
 */
export function parseCallback(input: string | URL, options: ParseCallbackOptions, domainOrigin?: string): AuthorizationCallback {
  const [params, state, url] = read(input, options, domainOrigin, 'parseCallback');
  const code = params.get('code');
  if (!code) {
    fail(
      'CODE_MISSING',
      params.has('access_token') || /[#&]access_token=/.test(url.hash)
        ? 'The callback carries tokens, not a code (an implicit-flow response: use parseImplicitCallback)'
        : 'The callback URL has neither a code nor an error',
    );
  }
  return { code, state };
}

/**
 * Reads a legacy implicit-flow callback: tokens in the fragment (`#access_token=…`), errors in the
 * query or the fragment.
 */
export function parseImplicitCallback(
  input: string | URL,
  options: ParseCallbackOptions,
  now: number,
  domainOrigin?: string,
): ImplicitCallback {
  const [params, state] = read(input, options, domainOrigin, 'parseImplicitCallback');
  const accessToken = params.get('access_token');
  const idToken = params.get('id_token');
  const expiresIn = params.get('expires_in') ?? '';
  const seconds = /^\d{1,9}$/.test(expiresIn) ? Number(expiresIn) : 0;
  // The fragment says `bearer` in lower case where the token endpoint says `Bearer`.
  if (!accessToken || params.get('token_type')?.toLowerCase() !== 'bearer' || !seconds) {
    fail('CALLBACK_INVALID', 'The implicit callback fragment lacks access_token, token_type=bearer or expires_in');
  }
  return { accessToken, ...(idToken ? { idToken } : {}), tokenType: 'Bearer', expiresIn: seconds, expiresAt: now + seconds * 1000, state };
}

function fail(code: ErrorCode, message: string, cause?: OAuthError): never {
  throw new CognitoOAuthError(code, message, { cause });
}

/**
 * The callback's parameters (the code flow's query; the implicit flow's fragment, or its query for
 * an authorize error, which Cognito redirects to the query even for `response_type=token`), with the
 * state checked first and an error redirect turned into an {@link OAuthError}.
 */
function read(
  input: string | URL,
  options: ParseCallbackOptions,
  domainOrigin: string | undefined,
  caller: string,
): [Map<string, string>, string, URL] {
  const expectedState = nonEmptyString(
    options?.expectedState,
    `${caller}: options.expectedState (the state from buildAuthorizeUrl, kept across the redirect)`,
  );
  let url: URL | undefined = input instanceof URL ? input : undefined;
  if (!url) {
    if (typeof input !== 'string') invalid(`${caller}: url`, 'a URL or a string', 'ERR_INVALID_ARG_TYPE');
    try {
      url = new URL(input);
    } catch {
      try {
        new URL(input, 'http://h');
      } catch {
        fail('CALLBACK_INVALID', 'The callback is not a URL');
      }
      // A path such as node:http's and Express's req.url is a coding mistake, not a bad callback.
      invalid(
        `${caller}: url`,
        'the absolute callback URL, e.g. new URL(req.url, origin) when req.url is a path such as "/callback?code=…"',
      );
    }
  }
  // When Cognito cannot trust the redirect URI (`error=redirect_mismatch`, a misconfigured client) it
  // does not redirect: the browser stays on `https://{domain}/error?error=…`. Such a URL is no callback.
  if (url.origin === domainOrigin && /^\/error\/?$/.test(url.pathname)) {
    const error = url.searchParams.get('error') || 'unknown';
    fail(
      'CALLBACK_INVALID',
      `The user landed on Cognito's own error page (error=${clip(error, 60)}), not on the callback: ${
        error === 'redirect_mismatch'
          ? 'the redirect URI is not an Allowed callback URL of the app client'
          : 'check the app client settings'
      }`,
      new OAuthError({ error, errorDescription: url.searchParams.get('error_description') || undefined, source: 'callback' }),
    );
  }
  let params = readParams(url.search);
  if (caller !== 'parseCallback') {
    const fragment = readParams(url.hash);
    if (fragment.has('error') || fragment.has('access_token') || !params.has('error')) params = fragment;
  }
  const state = params.get('state');
  const error = params.get('error');
  if (state !== undefined && !constantTimeEqual(state, expectedState)) {
    fail('STATE_MISMATCH', 'The callback state does not match the expected state (stale, replayed or forged callback)');
  }
  if (error !== undefined) {
    // Cognito's error redirects may omit state (only the prompt=none example shows it).
    throw new OAuthError({
      error,
      errorDescription: params.get('error_description') || undefined,
      source: 'callback',
      stateVerified: state !== undefined,
    });
  }
  return [params, state ?? fail('STATE_MISSING', 'The callback has no state parameter'), url];
}

/** Query or fragment parameters; a parameter given twice makes the whole callback ambiguous. */
function readParams(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(raw.slice(1))) {
    if (params.has(key)) fail('CALLBACK_INVALID', `The callback has the parameter "${clip(key, 40)}" more than once`);
    params.set(key, value);
  }
  return params;
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % b.length);
  return diff === 0;
}
