/**
 * Stable error codes carried by {@link CognitoOAuthError.code}. Branch on these, never on messages.
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
 */
export const ErrorCode = {
  /** Cognito answered with an OAuth error (`error`, `error_description`); see {@link OAuthError}. */
  OAUTH_ERROR: 'OAUTH_ERROR',
  /** The callback's `state` differs from the one stored before the redirect. */
  STATE_MISMATCH: 'STATE_MISMATCH',
  /** The callback carries no `state` although the request had one. */
  STATE_MISSING: 'STATE_MISSING',
  /** The callback carries neither a `code` nor an `error`. */
  CODE_MISSING: 'CODE_MISSING',
  /**
   * The callback URL is malformed (not a URL, a parameter given twice, tokens missing from an
   * implicit fragment), or it is Cognito's own `/error` page (e.g. `redirect_mismatch`), with the
   * `OAuthError` as `cause`.
   */
  CALLBACK_INVALID: 'CALLBACK_INVALID',
  /** A response body is not JSON or does not have the shape Cognito documents. */
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  /** A response body is larger than the SDK reads (`maxResponseBytes`). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** An HTTP error status without an OAuth error in it, e.g. an HTML page from a proxy. */
  HTTP_ERROR: 'HTTP_ERROR',
  /** An endpoint answered with a redirect; the SDK never follows one with credentials. */
  UNEXPECTED_REDIRECT: 'UNEXPECTED_REDIRECT',
  /** No answer within the configured `timeout`. */
  TIMEOUT: 'TIMEOUT',
  /** The caller's `AbortSignal` aborted the request. */
  ABORTED: 'ABORTED',
  /** The request never got an HTTP answer: DNS, TCP, TLS, CORS, or a failing custom `fetch`. */
  NETWORK_ERROR: 'NETWORK_ERROR',
  /** userInfo's `sub` differs from the `expectedSubject` the caller passed. */
  SUBJECT_MISMATCH: 'SUBJECT_MISMATCH',
  /** A token is not a compact JWT with JSON header and claims, or lacks a required claim (`sub`, `exp`, `iat`, `kid`). */
  TOKEN_MALFORMED: 'TOKEN_MALFORMED',
  /** A token's `alg` is not `RS256` (Cognito's only algorithm): `none`, `HS256` and the rest are refused. */
  ALG_NOT_ALLOWED: 'ALG_NOT_ALLOWED',
  /** A token's `kid` is not in the user pool's JWKS, even after a refetch (or within the refetch cooldown). */
  UNKNOWN_KEY: 'UNKNOWN_KEY',
  /** The user pool's JWKS, or the key a token names, cannot be used to verify RS256 signatures. */
  JWKS_INVALID: 'JWKS_INVALID',
  /** A token's signature does not verify with the user pool's key. */
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** A token's `iss` is not the configured user pool issuer. */
  ISSUER_MISMATCH: 'ISSUER_MISMATCH',
  /** A token's `exp` is in the past, beyond the clock tolerance. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** A token's `nbf` or `iat` is in the future, beyond the clock tolerance. */
  TOKEN_NOT_YET_VALID: 'TOKEN_NOT_YET_VALID',
  /** A token's `token_use` is not the expected one (`id` for ID tokens, `access` for access tokens). */
  TOKEN_USE_MISMATCH: 'TOKEN_USE_MISMATCH',
  /** A token was issued to another app client (`aud` of an ID token, `client_id` of an access token). */
  CLIENT_MISMATCH: 'CLIENT_MISMATCH',
  /** An ID token's `nonce` differs from the one sent in the authorize request. */
  NONCE_MISMATCH: 'NONCE_MISMATCH',
  /** A token lacks a group listed in `requiredGroups` (`cognito:groups`). */
  GROUP_MISSING: 'GROUP_MISSING',
  /** An access token lacks a scope listed in `requiredScopes`. */
  SCOPE_MISSING: 'SCOPE_MISSING',
  /** `CognitoSession.getAccessToken()` found no signed-in user: never signed in, signed out, or the refresh token was refused. */
  NOT_SIGNED_IN: 'NOT_SIGNED_IN',
} as const;

/** The union of every {@link ErrorCode} value. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options accepted by the {@link CognitoOAuthError} constructor. */
export interface CognitoOAuthErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
  /** The HTTP response that led to the error; attached as a non-enumerable property. */
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
 */
export class CognitoOAuthError extends Error {
  /** A stable, documented code; see {@link ErrorCode}. */
  readonly code: ErrorCode | (string & {});
  /** The HTTP response behind the error, when there was one (non-enumerable; its body is already read). */
  declare readonly response?: Response;

  /**
   * @param code - one of {@link ErrorCode} (verification errors add their own codes)
   * @param message - a human-readable explanation, free of secrets
   * @param options - `cause` and `response`
   */
  constructor(code: ErrorCode | (string & {}), message: string, options?: CognitoOAuthErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.response !== undefined) {
      Object.defineProperty(this, 'response', { value: options.response, enumerable: false });
    }
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CognitoOAuthError', writable: true, configurable: true });
  }
}

/** Where an {@link OAuthError} came from. */
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
 */
export class OAuthError extends CognitoOAuthError {
  declare readonly code: 'OAUTH_ERROR';
  /** The OAuth error code verbatim, e.g. `invalid_grant`, `invalid_client`, `login_required`. */
  readonly error: string;
  /** Cognito's `error_description`, when it sent one (`+` already decoded to spaces). */
  readonly errorDescription: string | undefined;
  /** The HTTP status; `undefined` for errors that arrived through the callback URL. */
  readonly status: number | undefined;
  /** The endpoint or redirect that carried the error. */
  readonly source: OAuthErrorSource;

  /**
   * @param init - the error fields
   * @param options - `cause` and `response`
   */
  constructor(
    init: { error: string; errorDescription?: string | undefined; status?: number | undefined; source: OAuthErrorSource },
    options?: CognitoOAuthErrorOptions,
  ) {
    const described = init.errorDescription ? `: ${clip(init.errorDescription)}` : '';
    super(ErrorCode.OAUTH_ERROR, `Cognito ${init.source} error ${clip(init.error)}${described}`, options);
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.status = init.status;
    this.source = init.source;
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'OAuthError', writable: true, configurable: true });
  }
}

/** Keeps hostile or huge values (a callback URL is attacker-controlled) from flooding logs. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
