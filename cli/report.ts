// Turns any error into one or two lines on stderr and an exit code. The library's messages carry
// no secret, code or token; the CLI adds only names of flags, variables and error codes.
import { UsageError } from './usage.js';
import { CliFailure } from './failure.js';

export interface Report {
  exitCode: 1 | 2;
  message: string;
  hint?: string | undefined;
}

const VERIFICATION_CODES = new Set([
  'TOKEN_MALFORMED',
  'ALG_NOT_ALLOWED',
  'UNKNOWN_KEY',
  'JWKS_INVALID',
  'SIGNATURE_INVALID',
  'ISSUER_MISMATCH',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'TOKEN_USE_MISMATCH',
  'CLIENT_MISMATCH',
  'NONCE_MISMATCH',
  'GROUP_MISSING',
  'SCOPE_MISSING',
]);

export interface ReportContext {
  profile?: string | undefined;
  domain?: string | undefined;
}

/** What to print for `error`, and the exit code. */
export function report(error: unknown, context: ReportContext = {}): Report {
  if (error instanceof UsageError) return { exitCode: 2, message: error.message, hint: error.hint };
  if (error instanceof CliFailure) return { exitCode: 1, message: error.message, hint: error.hint };
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; message?: unknown; error?: unknown; source?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const login = `run: cognito-oauth login${context.profile === undefined || context.profile === 'default' ? '' : ` --profile ${context.profile}`}`;
  if (e.code === 'NOT_SIGNED_IN') {
    return { exitCode: 1, message: `not signed in${context.profile === undefined ? '' : ` (profile ${context.profile})`}`, hint: login };
  }
  if (e.name === 'OAuthError' && typeof e.error === 'string') {
    return { exitCode: 1, message, hint: oauthHint(e.error, e.source, login) };
  }
  if (typeof e.code === 'string' && VERIFICATION_CODES.has(e.code)) {
    return { exitCode: 1, message: withCode(message, e.code) };
  }
  if (e.code === 'NETWORK_ERROR' || e.code === 'TIMEOUT') {
    return {
      exitCode: 1,
      message: `${message}`,
      hint: `check --domain (or COGNITO_DOMAIN)${context.domain === undefined ? '' : `, now ${context.domain},`} and the network`,
    };
  }
  if (error instanceof TypeError && typeof e.code !== 'string' && / must be /.test(message)) {
    // A library argument check that the CLI did not map to a flag: still the caller's input.
    return { exitCode: 2, message };
  }
  return { exitCode: 1, message: typeof e.code === 'string' ? withCode(message, e.code) : message };
}

function withCode(message: string, code: string): string {
  return message.includes(code) ? message : `${message} (${code})`;
}

function oauthHint(error: string, source: unknown, login: string): string | undefined {
  switch (error) {
    case 'invalid_grant':
      return source === 'token' ? `the cached sign-in expired or was revoked; ${login}` : undefined;
    case 'invalid_client':
    case 'unauthorized_client':
      return 'check --client-id and --client-secret (COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET), and the grant types the app client allows';
    case 'invalid_scope':
      return 'check --scope against the scopes the app client allows';
    case 'redirect_mismatch':
      return 'register http://localhost:PORT/callback as an allowed callback URL of the app client (PORT from --port, default 8765)';
    case 'access_denied':
    case 'login_required':
      return login;
    default:
      return undefined;
  }
}
