import { resolveVerification, type ResolvedVerification, type TokenVerificationOptions } from './verify-options.js';

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
export interface CognitoOAuthClientOptions extends TokenVerificationOptions {
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
   * exponential backoff; a `Retry-After` on 429 or 503 is honoured, and no retry is made when it
   * asks for a longer pause than `timeout`. POSTs are never retried: a code is single-use and a
   * rotated refresh token may already be spent.
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
  /** Token verification settings; `undefined` without `userPoolId` or `issuer`. */
  readonly verification: ResolvedVerification | undefined;
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])$|\.localhost$/;

/** True for hosts where plain `http://` is acceptable: this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Throws the `TypeError` every bad argument gets: `{where}: {what} must be {rule}`. */
export function invalid(what: string, rule: string): never {
  throw new TypeError(`${what} must be ${rule}`);
}

const P = 'CognitoOAuthClient: ';

/** Checks and normalises the constructor options; bad input is a `TypeError` naming the option. */
export function resolveOptions(options: CognitoOAuthClientOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null) invalid(`${P}options`, 'an object');
  const method = options.clientAuthMethod ?? 'client_secret_basic';
  if (method !== 'client_secret_basic' && method !== 'client_secret_post') {
    invalid(`${P}clientAuthMethod`, "'client_secret_basic' or 'client_secret_post'");
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') invalid(`${P}fetch`, 'a function');
  if (options.clientSecret !== undefined) nonEmptyString(options.clientSecret, `${P}clientSecret`);
  return Object.freeze({
    origin: resolveDomain(options.domain, `${P}domain`),
    clientId: checkClientId(options.clientId, `${P}clientId`),
    clientSecret: options.clientSecret,
    clientAuthMethod: method,
    redirectUri: options.redirectUri === undefined ? undefined : checkRedirectUri(options.redirectUri, `${P}redirectUri`),
    scopes: options.scopes === undefined ? undefined : checkScopes(options.scopes, `${P}scopes`),
    fetch: options.fetch,
    // setTimeout's ceiling (2^31 - 1 ms, about 24.8 days): ky refuses more on every request.
    timeout: wholeNumber(options.timeout, 'timeout', 10_000, 1, 2_147_483_647),
    retries: wholeNumber(options.retries, 'retries', 2, 0, 10),
    maxResponseBytes: wholeNumber(options.maxResponseBytes, 'maxResponseBytes', 1_048_576, 1),
    verification: resolveVerification(options),
  });
}

/** An app client ID, or the option's `TypeError`. */
export function checkClientId(value: unknown, what: string): string {
  // Cognito app client IDs match [\w+]+ (1-128 characters).
  if (typeof value !== 'string' || !/^[\w+]{1,128}$/.test(value)) invalid(what, 'a Cognito app client ID (1-128 letters, digits, _ or +)');
  return value;
}

/** Turns `myapp.auth.us-east-1.amazoncognito.com` or `https://auth.example.com/` into an origin. */
export function resolveDomain(domain: unknown, what: string): string {
  const text = nonEmptyString(domain, what).trim();
  const url = parseUrl(/^[a-z][\w+.-]*:\/\//i.test(text) ? text : `https://${text}`, what, 'a host name such as "auth.example.com"');
  checkScheme(url, what);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invalid(what, 'an https:// host');
  // The issuer host serves only discovery and JWKS; /oauth2/* lives on the user pool domain.
  if (/^(issuer-)?cognito-idp[.-]/i.test(url.hostname)) invalid(what, 'the user pool domain that serves /oauth2/*, not the issuer host');
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || text.endsWith('#') || text.endsWith('?')) {
    invalid(what, 'a bare host, without path, query, fragment or credentials');
  }
  return url.origin;
}

/** Checks a redirect or logout URI: absolute, no fragment, https unless loopback or a custom scheme. */
export function checkRedirectUri(value: unknown, what: string): string {
  const text = nonEmptyString(value, what);
  const url = parseUrl(text, what, 'an absolute URL such as "https://app.example.com/callback"');
  if (text.includes('#')) invalid(what, 'a URL without a fragment (#)');
  // Cognito requires HTTPS except for http://localhost; custom schemes (myapp://cb) are for native apps.
  checkScheme(url, what);
  if (/^(javascript|data|file|blob|vbscript):$/i.test(url.protocol)) invalid(what, `a URL whose scheme is not ${url.protocol}`);
  return text;
}

/** `http://` only for loopback hosts. */
export function checkScheme(url: URL, what: string): void {
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    invalid(what, 'https:// (http:// only for localhost, 127.0.0.1 and [::1])');
  }
}

/** Parses an absolute URL or throws the option's `TypeError`. */
export function parseUrl(text: string, what: string, rule: string): URL {
  try {
    return new URL(text);
  } catch {
    return invalid(what, rule);
  }
}

/** Checks a list of scopes: non-empty strings without whitespace. */
export function checkScopes(value: unknown, what: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((scope) => typeof scope === 'string' && /^\S+$/.test(scope))) {
    invalid(what, "an array of scope strings without spaces, e.g. ['openid', 'email']");
  }
  return Object.freeze([...(value as string[])]);
}

/** A non-empty string, or the option's `TypeError`. */
export function nonEmptyString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') invalid(what, 'a non-empty string');
  return value;
}

function wholeNumber(value: unknown, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    invalid(`${P}${name}`, `a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`);
  }
  return value;
}
