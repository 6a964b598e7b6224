// The one error family: CognitoOAuthError (a stable `code`, the standard `cause`) and OAuthError
// (what Cognito said). Both are branded with a registry symbol, so an error thrown by the CommonJS
// build is `instanceof` the ESM classes and the other way round (an app can load both copies).

/**
 * Every {@link ErrorCode}, one member each, so that `ErrorCode.STATE_MISMATCH` reads
 * `'STATE_MISMATCH'`. Branch on these, never on messages.
 *
 * @group Errors
 */
export interface ErrorCodes {
  /** Cognito answered with an OAuth error (`error`, `error_description`); see {@link OAuthError}. */
  readonly OAUTH_ERROR: 'OAUTH_ERROR';
  /** The callback's `state` differs from the one stored before the redirect. */
  readonly STATE_MISMATCH: 'STATE_MISMATCH';
  /** The callback carries no `state` although the request had one. */
  readonly STATE_MISSING: 'STATE_MISSING';
  /** The callback carries neither a `code` nor an `error`. */
  readonly CODE_MISSING: 'CODE_MISSING';
  /**
   * The callback URL is malformed (not a URL, a parameter given twice, tokens missing from an
   * implicit fragment), or it is Cognito's own `/error` page (e.g. `redirect_mismatch`), with the
   * `OAuthError` as `cause`.
   */
  readonly CALLBACK_INVALID: 'CALLBACK_INVALID';
  /** A response body is not JSON or does not have the shape Cognito documents. */
  readonly INVALID_RESPONSE: 'INVALID_RESPONSE';
  /** A response body is larger than the SDK reads (`maxResponseBytes`). */
  readonly RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE';
  /** An HTTP error status without an OAuth error in it, e.g. an HTML page from a proxy. */
  readonly HTTP_ERROR: 'HTTP_ERROR';
  /** An endpoint answered with a redirect; the SDK never follows one with credentials. */
  readonly UNEXPECTED_REDIRECT: 'UNEXPECTED_REDIRECT';
  /** No answer within the configured `timeout`. */
  readonly TIMEOUT: 'TIMEOUT';
  /** The caller's `AbortSignal` aborted the request. */
  readonly ABORTED: 'ABORTED';
  /** The request never got an HTTP answer: DNS, TCP, TLS, CORS, or a failing custom `fetch`. */
  readonly NETWORK_ERROR: 'NETWORK_ERROR';
  /** userInfo's `sub` differs from the `expectedSubject` the caller passed. */
  readonly SUBJECT_MISMATCH: 'SUBJECT_MISMATCH';
  /** A token is not a compact JWT with JSON header and claims, or lacks a required claim (`sub`, `exp`, `iat`, `kid`). */
  readonly TOKEN_MALFORMED: 'TOKEN_MALFORMED';
  /** A token's `alg` is not `RS256` (Cognito's only algorithm): `none`, `HS256` and the rest are refused. */
  readonly ALG_NOT_ALLOWED: 'ALG_NOT_ALLOWED';
  /** A token's `kid` is not in the user pool's JWKS, even after a refetch (or within the refetch cooldown). */
  readonly UNKNOWN_KEY: 'UNKNOWN_KEY';
  /** The user pool's JWKS, or the key a token names, cannot be used to verify RS256 signatures. */
  readonly JWKS_INVALID: 'JWKS_INVALID';
  /** A token's signature does not verify with the user pool's key. */
  readonly SIGNATURE_INVALID: 'SIGNATURE_INVALID';
  /** A token's `iss` is not the configured user pool issuer. */
  readonly ISSUER_MISMATCH: 'ISSUER_MISMATCH';
  /** A token's `exp` is in the past, beyond the clock tolerance. */
  readonly TOKEN_EXPIRED: 'TOKEN_EXPIRED';
  /** A token's `nbf` or `iat` is in the future, beyond the clock tolerance. */
  readonly TOKEN_NOT_YET_VALID: 'TOKEN_NOT_YET_VALID';
  /** A token's `token_use` is not the expected one (`id` for ID tokens, `access` for access tokens). */
  readonly TOKEN_USE_MISMATCH: 'TOKEN_USE_MISMATCH';
  /** A token was issued to another app client (`aud` of an ID token, `client_id` of an access token), or an ID token's `aud` also names another audience. */
  readonly CLIENT_MISMATCH: 'CLIENT_MISMATCH';
  /** An ID token's `nonce` differs from the one sent in the authorize request. */
  readonly NONCE_MISMATCH: 'NONCE_MISMATCH';
  /** A token lacks a group listed in `requiredGroups` (`cognito:groups`). */
  readonly GROUP_MISSING: 'GROUP_MISSING';
  /** An access token lacks a scope listed in `requiredScopes`. */
  readonly SCOPE_MISSING: 'SCOPE_MISSING';
  /** A session has no tokens: nobody signed in, or the session was signed out (see `CognitoSession`). */
  readonly NOT_SIGNED_IN: 'NOT_SIGNED_IN';
}

/**
 * Stable error codes carried by {@link CognitoOAuthError.code}; see {@link ErrorCodes} for what each
 * one means. Branch on these, never on messages.
 *
 * @example
 * ```ts
 * import { CognitoOAuthError, ErrorCode } from 'cognito-oauth';
 *
 * function explain(error: unknown): string {
 *   if (error instanceof CognitoOAuthError && error.code === ErrorCode.STATE_MISMATCH) {
 *     return 'The sign-in link was stale or forged; start again.';
 *   }
 *   return 'Sign-in failed.';
 * }
 * ```
 * @group Errors
 */
export const ErrorCode: ErrorCodes = /* @__PURE__ */ (() =>
  // Written once: each code is its own name. Built inside a pure function so that a bundle that
  // never reads the table (the SDK itself writes codes as literals) leaves it out.
  Object.freeze(
    Object.fromEntries(
      'OAUTH_ERROR STATE_MISMATCH STATE_MISSING CODE_MISSING CALLBACK_INVALID INVALID_RESPONSE RESPONSE_TOO_LARGE HTTP_ERROR UNEXPECTED_REDIRECT TIMEOUT ABORTED NETWORK_ERROR SUBJECT_MISMATCH TOKEN_MALFORMED ALG_NOT_ALLOWED UNKNOWN_KEY JWKS_INVALID SIGNATURE_INVALID ISSUER_MISMATCH TOKEN_EXPIRED TOKEN_NOT_YET_VALID TOKEN_USE_MISMATCH CLIENT_MISMATCH NONCE_MISMATCH GROUP_MISSING SCOPE_MISSING NOT_SIGNED_IN'
        .split(' ')
        .map((code) => [code, code]),
    ) as unknown as ErrorCodes,
  ))();

/** The union of every {@link ErrorCode} value. @group Errors */
export type ErrorCode = ErrorCodes[keyof ErrorCodes];

// One registry symbol for every copy of the SDK in a process (ESM, CommonJS, two bundles).
const BRAND = Symbol.for('cognito-oauth.error');
type Branded = { [BRAND]?: string };

/** Names a class's prototype (`name`) and gives it the brand `instanceof` looks for. */
function brand(type: { prototype: object }, name: string): void {
  for (const key of ['name', BRAND]) Object.defineProperty(type.prototype, key, { value: name, writable: true, configurable: true });
}

/**
 * Options accepted by the {@link CognitoOAuthError} constructor.
 * @example
 * ```ts
 * import { CognitoOAuthError } from 'cognito-oauth';
 *
 * declare const response: Response;
 * throw new CognitoOAuthError('HTTP_ERROR', `The API answered ${response.status}`, { cause: new Error('upstream'), response });
 * ```
 * @group Errors
 */
export interface CognitoOAuthErrorOptions {
  /**
   * The underlying error, kept as the standard `cause`.
   * @default undefined (no `cause`)
   */
  cause?: unknown;
  /**
   * The HTTP response that led to the error; attached as a non-enumerable property.
   * @default undefined (no `response`)
   */
  response?: Response;
}

/**
 * Base class of every error the SDK throws, apart from `TypeError`s for bad arguments.
 *
 * Messages never contain a client secret, an authorization code, a PKCE verifier or a token.
 *
 * @example
 * ```ts
 * import { CognitoOAuthError } from 'cognito-oauth';
 *
 * try {
 *   await Promise.reject(new CognitoOAuthError('TIMEOUT', 'Cognito did not answer within 10000 ms'));
 * } catch (error) {
 *   if (error instanceof CognitoOAuthError) console.log(error.code); // 'TIMEOUT'
 * }
 * ```
 * @group Errors
 */
export class CognitoOAuthError extends Error {
  /** A stable, documented code; see {@link ErrorCode}. */
  readonly code: ErrorCode | (string & {});
  /** The HTTP response behind the error, when there was one (non-enumerable; its body is already read). */
  declare readonly response?: Response;

  /**
   * Creates a run-time error with a stable `code`. The SDK throws these; create your own to give
   * your app's failures the same shape.
   *
   * @param code - one of {@link ErrorCode} (verification errors add their own codes)
   * @param message - a human-readable explanation, free of secrets
   * @param options - `cause` and `response`
   * @example
   * ```ts
   * import { CognitoOAuthError, ErrorCode } from 'cognito-oauth';
   *
   * const error = new CognitoOAuthError(ErrorCode.NOT_SIGNED_IN, 'Sign in first', { cause: new Error('no session') });
   * console.log(error.code, error.message, error.cause);
   * ```
   */
  constructor(code: ErrorCode | (string & {}), message: string, options?: CognitoOAuthErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.response !== undefined) {
      Object.defineProperty(this, 'response', { value: options.response, enumerable: false });
    }
  }

  /**
   * `instanceof` by brand, not by identity: the ESM and the CommonJS build each define this class,
   * and an app may load both (a CommonJS dependency next to ESM code). An error from either copy is
   * an instance of both. A subclass of your own keeps the ordinary check.
   *
   * @param value - the value on the left of `instanceof`
   * @returns whether `value` is an error of this class, from either build
   * @example
   * ```ts
   * import { CognitoOAuthError } from 'cognito-oauth';
   *
   * export function isSdkError(error: unknown): error is CognitoOAuthError {
   *   return error instanceof CognitoOAuthError; // true for errors of the ESM and the CommonJS build
   * }
   * ```
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!Object.hasOwn(this.prototype, BRAND)) return Function.prototype[Symbol.hasInstance].call(this, value);
    const brand: unknown = (this.prototype as Branded)[BRAND];
    for (let proto: unknown = value; typeof proto === 'object' && proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (Object.hasOwn(proto, BRAND) && (proto as Branded)[BRAND] === brand) return true;
    }
    return false;
  }

  static {
    brand(this, 'CognitoOAuthError');
  }
}

/**
 * Where an {@link OAuthError} came from.
 * @group Errors
 */
export type OAuthErrorSource = 'token' | 'revoke' | 'userInfo' | 'jwks' | 'callback';

/**
 * What Cognito said: an OAuth error from a token or revoke JSON body, from userInfo's
 * `WWW-Authenticate` header, or from an error redirect to the callback URL.
 *
 * @example
 * ```ts
 * import { OAuthError } from 'cognito-oauth';
 *
 * function needsSignIn(error: unknown): boolean {
 *   // A revoked or expired refresh token: send the user back through sign-in.
 *   return error instanceof OAuthError && error.error === 'invalid_grant';
 * }
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * @group Errors
 */
export class OAuthError extends CognitoOAuthError {
  declare readonly code: 'OAUTH_ERROR';
  /**
   * The OAuth error code, e.g. `invalid_grant`, `invalid_client`, `login_required`: control
   * characters become spaces and at most 200 characters are kept, as for `errorDescription`.
   */
  readonly error: string;
  /**
   * Cognito's `error_description`, when it sent one (`+` already decoded to spaces). Through a
   * callback URL anyone can write it, so it is cleaned like every untrusted text the SDK keeps:
   * control characters (line breaks, ESC, NUL, bidirectional overrides) become spaces and at most
   * 200 characters are kept. Show it to users only when {@link OAuthError.stateVerified} is true.
   */
  readonly errorDescription: string | undefined;
  /** The HTTP status; `undefined` for errors that arrived through the callback URL. */
  readonly status: number | undefined;
  /** The endpoint or redirect that carried the error. */
  readonly source: OAuthErrorSource;
  /**
   * Whether the error is known to answer this app's own request. `false` for an error redirect to
   * the callback URL that carries no `state` (Cognito may omit it, but so can anyone who sends the
   * user a forged link such as `?error=access_denied`), and for Cognito's own `/error` page; `true`
   * when the callback's `state` matched `expectedState`, and for errors Cognito's endpoints answered
   * the SDK directly (there is no `state` to check there). Show `errorDescription` to users, or
   * act on `error`, only when it is `true`.
   */
  readonly stateVerified: boolean;

  /**
   * Creates the error Cognito's answer stands for (the SDK does this; tests may too).
   *
   * @param init - the error fields; `stateVerified` defaults to `false` for the `callback` source
   *   and `true` for the others
   * @param options - `cause` and `response`
   * @example
   * ```ts
   * import { OAuthError } from 'cognito-oauth';
   *
   * const refused = new OAuthError({ error: 'invalid_grant', status: 400, source: 'token' });
   * console.log(refused.code, refused.error, refused.message); // 'OAUTH_ERROR', 'invalid_grant', 'Cognito token error invalid_grant'
   * ```
   */
  constructor(
    init: {
      error: string;
      errorDescription?: string | undefined;
      status?: number | undefined;
      source: OAuthErrorSource;
      stateVerified?: boolean | undefined;
    },
    options?: CognitoOAuthErrorOptions,
  ) {
    const error = clip(init.error);
    const description = init.errorDescription === undefined ? undefined : clip(init.errorDescription);
    super('OAUTH_ERROR', `Cognito ${init.source} error ${error}${description ? `: ${description}` : ''}`, options);
    this.error = error;
    this.errorDescription = description;
    this.status = init.status;
    this.source = init.source;
    this.stateVerified = init.stateVerified ?? init.source !== 'callback';
  }

  static {
    brand(this, 'OAuthError');
  }
}

/**
 * Untrusted text as the SDK quotes it in a message or an error field: control characters (line
 * breaks, ESC sequences, NUL, bidirectional overrides) become spaces, so a forged value cannot forge log lines or terminal
 * output, and at most `max` characters are kept. The one place that clips. Internal.
 */
export function clip(text: string, max = 200): string {
  // C0 and C1 controls, line and paragraph separators, and the bidirectional marks and overrides
  // that can make displayed text read differently from what it is.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they become spaces
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
