// Cognito's claim rules: the only place a token's claims are checked. aws-jwt-verify checks the
// signature alone (its own time checks are turned off), so every claim failure comes from here, in
// one documented order, with one set of boundaries.
import type { ResolvedVerification } from '../config/verification.js';
import { clip, CognitoOAuthError, ErrorCode } from '../errors.js';
import type { CognitoJwtClaims } from '../jwt.js';

/** What one verification call expects of a token. Internal. */
export interface Expectations {
  readonly use: 'id' | 'access';
  readonly clientIds: readonly string[];
  readonly nonce?: string | undefined;
  readonly requiredGroups: readonly string[];
  readonly requiredScopes: readonly string[];
}

/**
 * Checks a token's claims against Cognito's rules and the call's expectations. A token that breaks
 * several rules reports the first, in this order:
 * 1. the claims every Cognito JWT has: numeric `exp` and `iat`, a non-empty `sub` (`TOKEN_MALFORMED`);
 * 2. who issued it: `iss` (`ISSUER_MISMATCH`);
 * 3. what it is: `token_use` (`TOKEN_USE_MISMATCH`);
 * 4. whom it was issued to: `aud` of an ID token (a string, or an array whose every member is an
 *    expected client), `client_id` of an access token (`CLIENT_MISMATCH`);
 * 5. when: `exp` (`TOKEN_EXPIRED`), then `nbf` and `iat` (`TOKEN_NOT_YET_VALID`), each within the
 *    clock tolerance, with aws-jwt-verify's boundaries: expired once `now > exp + tolerance`, not yet
 *    valid while `now < nbf - tolerance` (likewise `iat`);
 * 6. what the call asked for: `nonce` (`NONCE_MISMATCH`), `requiredGroups` (`GROUP_MISSING`),
 *    `requiredScopes` (`SCOPE_MISSING`).
 *
 * `now` is in seconds. Internal.
 */
export function checkClaims(payload: CognitoJwtClaims, verification: ResolvedVerification, expect: Expectations, now: number): void {
  for (const claim of ['exp', 'iat'] as const) {
    if (typeof payload[claim] !== 'number' || !Number.isFinite(payload[claim])) fail(ErrorCode.TOKEN_MALFORMED, `The token has no numeric ${claim} claim`);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') fail(ErrorCode.TOKEN_MALFORMED, 'The token has no sub claim');
  if (payload.iss !== verification.issuer) {
    fail(ErrorCode.ISSUER_MISMATCH, `The token's issuer ${quote(payload.iss)} is not ${verification.issuer}`);
  }
  if (payload.token_use !== expect.use) {
    fail(ErrorCode.TOKEN_USE_MISMATCH, `The token's token_use is ${quote(payload.token_use)}, expected "${expect.use}"`);
  }
  // ID tokens name the client in aud; access tokens in client_id, where aud (when present) is a
  // resource server from the authorize request's resource parameter, never the client.
  const claim = expect.use === 'id' ? 'aud' : 'client_id';
  const client = payload[claim];
  // Cognito issues one audience; an array naming anyone else is refused (OIDC Core 3.1.3.7).
  const issuedTo = typeof client === 'string' ? [client] : expect.use === 'id' && Array.isArray(client) ? client : [];
  if (!issuedTo.length || !issuedTo.every((id) => expect.clientIds.includes(id as string))) {
    fail(ErrorCode.CLIENT_MISMATCH, `The token's ${claim} ${quote(client)} is not the expected app client`);
  }
  const tolerance = verification.clockTolerance;
  if (payload.exp + tolerance < now) fail(ErrorCode.TOKEN_EXPIRED, `The token expired at ${isoTime(payload.exp)} (clock tolerance ${tolerance} s)`);
  if (payload.nbf !== undefined && !(typeof payload.nbf === 'number' && payload.nbf - tolerance <= now)) {
    fail(ErrorCode.TOKEN_NOT_YET_VALID, `The token is not valid before ${isoTime(payload.nbf)} (clock tolerance ${tolerance} s)`);
  }
  if (payload.iat - tolerance > now) {
    fail(ErrorCode.TOKEN_NOT_YET_VALID, `The token was issued in the future, at ${isoTime(payload.iat)} (clock tolerance ${tolerance} s)`);
  }
  if (expect.nonce !== undefined && payload['nonce'] !== expect.nonce) {
    fail(ErrorCode.NONCE_MISMATCH, `The ID token's nonce is ${payload['nonce'] === undefined ? 'missing' : 'not the one sent'}`);
  }
  const groups = payload['cognito:groups'];
  const missingGroups = expect.requiredGroups.filter((group) => !(Array.isArray(groups) && groups.includes(group)));
  if (missingGroups.length > 0) fail(ErrorCode.GROUP_MISSING, `The user is not in the group(s) ${missingGroups.join(', ')}`);
  const scope = payload['scope'];
  const granted = typeof scope === 'string' ? scope.split(' ') : [];
  const missingScopes = expect.requiredScopes.filter((required) => !granted.includes(required));
  if (missingScopes.length > 0) fail(ErrorCode.SCOPE_MISSING, `The token lacks the scope(s) ${missingScopes.join(', ')}`);
}

function fail(code: ErrorCode, message: string): never {
  throw new CognitoOAuthError(code, message);
}

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/** A claim value for a message: short, and JSON so that hostile strings stay on one line. */
function quote(value: unknown): string {
  return clip(JSON.stringify(value) ?? String(value), 100);
}
