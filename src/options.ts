/** A `fetch`-compatible function: the global one, a polyfill, or a test double. */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** How a confidential client authenticates at the token endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/**
 * Options for {@link CognitoOAuthClient}.
 *
 * @example
 * ```ts
 * import type { CognitoOAuthClientOptions } from 'cognito-oauth';
 *
 * const options: CognitoOAuthClientOptions = {
 *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: 'https://app.example.com/callback',
 *   scopes: ['openid', 'email', 'profile'],
 * };
 * ```
 */
export interface CognitoOAuthClientOptions {
  /**
   * The user pool domain that serves `/oauth2/*`: a prefix domain
   * (`myapp.auth.us-east-1.amazoncognito.com`), a FIPS domain (`…auth-fips…`) or a custom domain
   * (`auth.example.com`), with or without `https://`. `http://` is accepted only for loopback hosts
   * (`localhost`, `127.0.0.1`, `[::1]`) so local servers and tests work. Not the issuer
   * (`cognito-idp.{region}.amazonaws.com/…`), which is another host.
   */
  domain: string;
  /** The app client ID. */
  clientId: string;
  /** The app client secret of a confidential client. Omit it for a public client (browser SPA, mobile). */
  clientSecret?: string | undefined;
  /**
   * How the secret is sent to the token endpoint. The revoke endpoint only takes HTTP Basic, so it
   * always uses Basic.
   * @default 'client_secret_basic'
   */
  clientAuthMethod?: ClientAuthMethod | undefined;
  /**
   * The callback URL registered on the app client (absolute, no fragment). Required for the
   * authorize URL and the code exchange; a machine-to-machine client can leave it out.
   */
  redirectUri?: string | undefined;
  /** Default scopes for the authorize URL, e.g. `['openid', 'email']`. Without them, Cognito grants every scope of the client. */
  scopes?: readonly string[] | undefined;
  /**
   * The `fetch` to use. Without it the global `fetch` is looked up on every request (never
   * captured at import), so polyfills and test interceptors installed later still apply.
   */
  fetch?: FetchLike | undefined;
  /**
   * Milliseconds to wait for each HTTP attempt before failing with `TIMEOUT`.
   * @default 10000
   */
  timeout?: number | undefined;
  /**
   * How many times a `GET /oauth2/userInfo` is retried after a network error, 429 or 5xx, with
   * exponential backoff. POSTs are never retried: a code is single-use and a rotated refresh token
   * may already be spent.
   * @default 2
   */
  retries?: number | undefined;
  /**
   * The largest response body, in bytes, the SDK reads before failing with `RESPONSE_TOO_LARGE`.
   * @default 1048576
   */
  maxResponseBytes?: number | undefined;
}

/** The checked, normalised configuration every module works from. Internal. */
export interface ResolvedConfig {
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly clientAuthMethod: ClientAuthMethod;
  readonly redirectUri: string | undefined;
  readonly scopes: readonly string[] | undefined;
  readonly fetch: FetchLike | undefined;
  readonly timeout: number;
  readonly retries: number;
  readonly maxResponseBytes: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for hosts where plain `http://` is acceptable: this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || hostname.endsWith('.localhost');
}

/** Checks and normalises the constructor options; bad input is a `TypeError` naming the option. */
export function resolveOptions(options: CognitoOAuthClientOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('CognitoOAuthClient: options must be an object');
  }
  const clientSecret = optionalString(options.clientSecret, 'clientSecret');
  const method = options.clientAuthMethod ?? 'client_secret_basic';
  if (method !== 'client_secret_basic' && method !== 'client_secret_post') {
    throw new TypeError("CognitoOAuthClient: clientAuthMethod must be 'client_secret_basic' or 'client_secret_post'");
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError('CognitoOAuthClient: fetch must be a function');
  }
  return Object.freeze({
    origin: resolveDomain(options.domain),
    clientId: requireClientId(options.clientId),
    clientSecret,
    clientAuthMethod: method,
    redirectUri: options.redirectUri === undefined ? undefined : checkRedirectUri(options.redirectUri, 'redirectUri'),
    scopes: options.scopes === undefined ? undefined : checkScopes(options.scopes, 'scopes'),
    fetch: options.fetch,
    timeout: positiveInteger(options.timeout, 'timeout', 10_000),
    retries: nonNegativeInteger(options.retries, 'retries', 2),
    maxResponseBytes: positiveInteger(options.maxResponseBytes, 'maxResponseBytes', 1_048_576),
  });
}

/** Turns `myapp.auth.us-east-1.amazoncognito.com` or `https://auth.example.com/` into an origin. */
function resolveDomain(domain: unknown): string {
  if (typeof domain !== 'string' || domain.trim() === '') {
    throw new TypeError('CognitoOAuthClient: domain must be a non-empty string such as "myapp.auth.us-east-1.amazoncognito.com"');
  }
  const text = domain.trim();
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`CognitoOAuthClient: domain is not a valid host name: ${JSON.stringify(domain)}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new TypeError('CognitoOAuthClient: domain must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('CognitoOAuthClient: domain must be an https:// host');
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new TypeError('CognitoOAuthClient: domain must be a bare host (no path, query, fragment or credentials), e.g. "auth.example.com"');
  }
  if (/^cognito-idp(-fips)?\.|^issuer-cognito-idp\./i.test(url.hostname)) {
    throw new TypeError(
      'CognitoOAuthClient: domain is the issuer host; pass the user pool domain that serves /oauth2/* (e.g. "myapp.auth.us-east-1.amazoncognito.com" or your custom domain)',
    );
  }
  return url.origin;
}

function requireClientId(clientId: unknown): string {
  // Cognito app client IDs match [\w+]+ (1-128 characters).
  if (typeof clientId !== 'string' || !/^[\w+]{1,128}$/.test(clientId)) {
    throw new TypeError('CognitoOAuthClient: clientId must be a Cognito app client ID (1-128 letters, digits, "_" or "+")');
  }
  return clientId;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`CognitoOAuthClient: ${name} must be a non-empty string when given`);
  }
  return value;
}

/** Checks a redirect or logout URI: absolute, no fragment, https unless loopback or a custom scheme. */
export function checkRedirectUri(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty absolute URL`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute URL, e.g. "https://app.example.com/callback"`);
  }
  if (value.includes('#')) {
    throw new TypeError(`${name} must not contain a fragment (#)`);
  }
  // Cognito requires HTTPS except for http://localhost; custom schemes (myapp://cb) are for native apps.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new TypeError(`${name} must use https:// (http:// only for localhost, 127.0.0.1 and [::1])`);
  }
  if (/^(javascript|data|file|blob|vbscript):$/i.test(url.protocol)) {
    throw new TypeError(`${name} must not use the ${url.protocol} scheme`);
  }
  return value;
}

/** Checks a list of scopes: non-empty strings without whitespace. */
export function checkScopes(value: unknown, name: string): readonly string[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${name} must be an array of scope strings, e.g. ['openid', 'email']`);
  }
  for (const scope of value) {
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) {
      throw new TypeError(`${name} must hold non-empty scope strings without spaces`);
    }
  }
  return Object.freeze([...value]);
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`CognitoOAuthClient: ${name} must be a positive whole number`);
  }
  return value;
}

function nonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 10) {
    throw new TypeError(`CognitoOAuthClient: ${name} must be a whole number from 0 to 10`);
  }
  return value;
}
