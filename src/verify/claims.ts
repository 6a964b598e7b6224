// Cognito's token rules: the only place a token's header and claims are checked. aws-jwt-verify
// checks the signature alone (its own time checks are turned off), so every claim failure comes
// from here, in one documented order, with one set of boundaries, and one message shape:
// "The token's {claim} {what is wrong}".
import type { ResolvedVerification } from '../config/verification.js';
import { clip, CognitoOAuthError, type ErrorCode } from '../errors.js';
import type { CognitoJwtClaims, JwtHeader } from '../jwt.js';

/** What one verification call expects of a token. Internal. */
export interface Expectations {
  readonly use: 'id' | 'access';
  readonly clientIds: readonly string[];
  readonly nonce?: string | undefined;
  readonly requiredGroups: readonly string[];
  readonly requiredScopes: readonly string[];
}

/**
 * The token's `kid`, when its header is one Cognito signs: `alg` exactly `RS256` (which rules out
 * `none`, HS256 with the public key as secret, and algorithm confusion, before any key is looked
 * up; `ALG_NOT_ALLOWED`) and a non-empty `kid` (`TOKEN_MALFORMED`). Internal.
 */
export function checkHeader(header: JwtHeader): string {
  if (header.alg !== 'RS256') fail('ALG_NOT_ALLOWED', 'alg', `${quote(header.alg)} is not RS256`);
  if (typeof header.kid !== 'string' || !header.kid) fail('TOKEN_MALFORMED', 'kid', 'is missing');
  return header.kid;
}

/**
 * Checks a token's claims against Cognito's rules and the call's expectations. A token that breaks
 * several rules reports the first, in this order:
 * 1. the claims every Cognito JWT has: finite numeric `exp` and `iat`, a non-empty `sub` (`TOKEN_MALFORMED`);
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
  const { exp, iat, nbf, sub } = payload;
  const use = expect.use;
  // Number.isFinite is false for anything but a finite number: a string or Infinity is malformed.
  const shapeless = !Number.isFinite(exp) ? 'exp' : !Number.isFinite(iat) ? 'iat' : typeof sub !== 'string' || !sub ? 'sub' : '';
  if (shapeless) fail('TOKEN_MALFORMED', shapeless, 'is missing or invalid');
  if (payload.iss !== verification.issuer) fail('ISSUER_MISMATCH', 'iss', `${quote(payload.iss)} is not ${verification.issuer}`);
  if (payload.token_use !== use) fail('TOKEN_USE_MISMATCH', 'token_use', `${quote(payload.token_use)} is not "${use}"`);
  // ID tokens name the client in aud; access tokens in client_id, where aud (when present) is a
  // resource server from the authorize request's resource parameter, never the client.
  const claim = use === 'id' ? 'aud' : 'client_id';
  const client = payload[claim];
  // Cognito issues one audience; an array naming anyone else is refused (OIDC Core 3.1.3.7).
  const issuedTo = typeof client === 'string' ? [client] : use === 'id' && Array.isArray(client) ? client : [];
  if (!issuedTo.length || !issuedTo.every((id) => expect.clientIds.includes(id as string))) {
    fail('CLIENT_MISMATCH', claim, `${quote(client)} is not an expected app client`);
  }
  const tolerance = verification.clockTolerance;
  if (exp + tolerance < now) fail('TOKEN_EXPIRED', 'exp', late(exp, 'past', tolerance));
  // A non-numeric nbf is never valid (`"5" - 30` would coerce).
  const early = nbf !== undefined && !(typeof nbf === 'number' && nbf - tolerance <= now) ? 'nbf' : iat - tolerance > now ? 'iat' : '';
  if (early) fail('TOKEN_NOT_YET_VALID', early, late(payload[early], 'in the future', tolerance));
  if (expect.nonce !== undefined && payload['nonce'] !== expect.nonce) {
    fail('NONCE_MISMATCH', 'nonce', payload['nonce'] === undefined ? 'is missing' : 'is not the one sent');
  }
  const groups = payload['cognito:groups'];
  const scope = payload['scope'];
  lacking('GROUP_MISSING', 'cognito:groups', expect.requiredGroups, Array.isArray(groups) ? groups : []);
  lacking('SCOPE_MISSING', 'scope', expect.requiredScopes, typeof scope === 'string' ? scope.split(' ') : []);
}

/** Fails with `code` when the token lacks any of `required`, naming the missing ones. */
function lacking(code: ErrorCode, claim: string, required: readonly string[], granted: readonly unknown[]): void {
  const missing = required.filter((item) => !granted.includes(item));
  if (missing.length) fail(code, claim, `lacks ${missing.join(', ')}`);
}

/** Throws the one shape of claim error: "The token's {claim} {detail}". */
export function fail(code: ErrorCode, claim: string, detail: string, cause?: unknown): never {
  throw new CognitoOAuthError(code, `The token's ${claim} ${detail}`, { cause });
}

/** "{time} is {state} (clock tolerance {tolerance} s)", the time in ISO 8601 when it is a date. */
function late(seconds: unknown, state: string, tolerance: number): string {
  let time;
  try {
    time = new Date((seconds as number) * 1000).toISOString();
  } catch {
    // Beyond the Date range, or not a number at all.
    time = quote(seconds);
  }
  return `${time} is ${state} (clock tolerance ${tolerance} s)`;
}

/** A claim value for a message: short, and JSON so that hostile strings stay on one line. */
function quote(value: unknown): string {
  return clip(JSON.stringify(value) ?? String(value), 100);
}
