// The constructor's options: what a client is configured with, checked once and frozen into the
// ResolvedConfig that every module works from.
import { object, oneOf, wholeNumber, nonEmptyString, invalid } from '../assert.js';
import { checkClientId, checkRedirectUri, checkScopes, resolveDomain } from './uris.js';
import { resolveVerification, type ResolvedVerification, type TokenVerificationOptions } from './verification.js';

/**
 * A `fetch`-compatible function: the global one, a polyfill, or a test double.
 * @group Client
 */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * How a confidential client authenticates at the token endpoint.
 * @group Client
 */
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
 * @group Client
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
  /**
   * The app client secret of a confidential client. Omit it for a public client (browser SPA, mobile).
   * @default undefined (a public client)
   */
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
   * @default undefined (only machine-to-machine calls and verification work without it)
   */
  redirectUri?: string | undefined;
  /**
   * Default scopes for the authorize URL, e.g. `['openid', 'email']`. Without them, Cognito grants every scope of the client.
   * @default undefined (no `scope` parameter: Cognito grants every scope of the app client)
   */
  scopes?: readonly string[] | undefined;
  /**
   * The `fetch` to use. Without it the global `fetch` is looked up on every request (never
   * captured at import), so polyfills and test interceptors installed later still apply.
   * @default the global `fetch`, looked up on every request
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

/** Checks and normalises the constructor options; bad input is a `TypeError` naming the option. */
export function resolveOptions(options: CognitoOAuthClientOptions): ResolvedConfig {
  const P = 'CognitoOAuthClient: ';
  object(options, `${P}options`);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') invalid(`${P}fetch`, 'a function', 'ERR_INVALID_ARG_TYPE');
  if (options.clientSecret !== undefined) nonEmptyString(options.clientSecret, `${P}clientSecret`);
  return Object.freeze({
    origin: resolveDomain(options.domain, `${P}domain`),
    clientId: checkClientId(options.clientId, `${P}clientId`),
    clientSecret: options.clientSecret,
    clientAuthMethod: oneOf(
      options.clientAuthMethod,
      `${P}clientAuthMethod`,
      ['client_secret_basic', 'client_secret_post'],
      'client_secret_basic',
    ),
    redirectUri: options.redirectUri === undefined ? undefined : checkRedirectUri(options.redirectUri, `${P}redirectUri`),
    scopes: options.scopes === undefined ? undefined : checkScopes(options.scopes, `${P}scopes`),
    fetch: options.fetch,
    // setTimeout's ceiling (2^31 - 1 ms, about 24.8 days): ky refuses more on every request.
    timeout: wholeNumber(options.timeout, `${P}timeout`, 10_000, 1, 2_147_483_647),
    retries: wholeNumber(options.retries, `${P}retries`, 2, 0, 10),
    maxResponseBytes: wholeNumber(options.maxResponseBytes, `${P}maxResponseBytes`, 1_048_576, 1, 2_147_483_647),
    verification: resolveVerification(options, P),
  });
}
