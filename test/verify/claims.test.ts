// The one claim checker, called directly: its documented order (the first failure wins when a token
// breaks several rules) and its time boundaries, which are aws-jwt-verify's.
import { describe, expect, it } from 'vitest';
import type { ResolvedVerification } from '../../src/config/verification.js';
import { CognitoOAuthError, ErrorCode, JwksCache, type CognitoJwtClaims } from '../../src/index.js';
import { checkClaims, type Expectations } from '../../src/verify/claims.js';
import { thrownBy } from '../support/outcomes.js';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123';
const NOW = 1_700_000_000;
const verification: ResolvedVerification = {
  issuer: ISSUER,
  jwksUri: `${ISSUER}/.well-known/jwks.json`,
  clockTolerance: 30,
  jwksCache: new JwksCache(),
  jwksEntries: new Map(),
  verifyTokenResponses: true,
};
const expectId: Expectations = { use: 'id', clientIds: ['client1'], nonce: 'n0nce', requiredGroups: ['admins'], requiredScopes: [] };
const expectAccess: Expectations = { use: 'access', clientIds: ['client1'], requiredGroups: [], requiredScopes: ['orders/read'] };

function idClaims(overrides: Record<string, unknown> = {}): CognitoJwtClaims {
  return {
    iss: ISSUER,
    sub: 'user-1',
    token_use: 'id',
    aud: 'client1',
    exp: NOW + 3600,
    iat: NOW - 10,
    nonce: 'n0nce',
    'cognito:groups': ['admins'],
    ...overrides,
  };
}

function codeOf(claims: CognitoJwtClaims, expect: Expectations = expectId, now = NOW): string | undefined {
  try {
    checkClaims(claims, verification, expect, now);
    return undefined;
  } catch (error) {
    if (!(error instanceof CognitoOAuthError)) throw error;
    return error.code;
  }
}

describe('checkClaims: the first failure in the documented order wins', () => {
  // Each row breaks two rules; the one earlier in the order is reported.
  it.each([
    ['no sub, and another issuer', { sub: undefined, iss: 'https://evil.example.com' }, ErrorCode.TOKEN_MALFORMED],
    [
      'another issuer, and expired',
      { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other', exp: NOW - 3600 },
      ErrorCode.ISSUER_MISMATCH,
    ],
    ['an access token, and expired', { token_use: 'access', exp: NOW - 3600 }, ErrorCode.TOKEN_USE_MISMATCH],
    ['another client, and expired', { aud: 'client2', exp: NOW - 3600 }, ErrorCode.CLIENT_MISMATCH],
    ['expired, and another nonce', { exp: NOW - 3600, nonce: 'other' }, ErrorCode.TOKEN_EXPIRED],
    ['issued in the future, and another nonce', { iat: NOW + 3600 }, ErrorCode.TOKEN_NOT_YET_VALID],
    ['another nonce, and not in the group', { nonce: 'other', 'cognito:groups': [] }, ErrorCode.NONCE_MISMATCH],
  ])('%s', (_what, overrides, code) => {
    expect(codeOf(idClaims(overrides))).toBe(code);
  });

  it('reports a missing group before a missing scope', () => {
    const claims = {
      ...idClaims({ token_use: 'access', client_id: 'client1', 'cognito:groups': [] }),
      scope: 'openid',
    } as CognitoJwtClaims;
    expect(codeOf(claims, { ...expectAccess, requiredGroups: ['admins'] })).toBe(ErrorCode.GROUP_MISSING);
    expect(codeOf(claims, expectAccess)).toBe(ErrorCode.SCOPE_MISSING);
  });
});

describe('checkClaims: time boundaries agree with aws-jwt-verify', () => {
  // aws-jwt-verify: expired when exp + grace < now; not yet valid when nbf - grace > now.
  it('accepts a token at exactly exp + clockTolerance and refuses it just after', () => {
    const claims = idClaims({ exp: NOW - 30 });
    expect(codeOf(claims, expectId, NOW)).toBeUndefined();
    expect(codeOf(claims, expectId, NOW + 0.001)).toBe(ErrorCode.TOKEN_EXPIRED);
  });

  it('accepts nbf and iat at exactly now + clockTolerance and refuses them just after', () => {
    expect(codeOf(idClaims({ nbf: NOW + 30 }))).toBeUndefined();
    expect(codeOf(idClaims({ nbf: NOW + 30.001 }))).toBe(ErrorCode.TOKEN_NOT_YET_VALID);
    expect(codeOf(idClaims({ iat: NOW + 30 }))).toBeUndefined();
    expect(codeOf(idClaims({ iat: NOW + 30.001 }))).toBe(ErrorCode.TOKEN_NOT_YET_VALID);
  });

  it('treats a non-finite exp as malformed, not as a token that never expires', () => {
    expect(codeOf(idClaims({ exp: Number.POSITIVE_INFINITY }))).toBe(ErrorCode.TOKEN_MALFORMED);
    expect(codeOf(idClaims({ exp: Number.NaN }))).toBe(ErrorCode.TOKEN_MALFORMED);
  });

  it('quotes a hostile claim on one line, clipped', () => {
    const error = thrownBy(() => checkClaims(idClaims({ iss: `evil\n${'x'.repeat(500)}` }), verification, expectId, NOW));
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message.length).toBeLessThan(300);
  });

  it('regression: quotes a non-numeric nbf on one line, clipped (it was printed raw)', () => {
    const error = thrownBy(() => checkClaims(idClaims({ nbf: `evil\n${'x'.repeat(500)}` }), verification, expectId, NOW));
    expect(error).toMatchObject({ code: ErrorCode.TOKEN_NOT_YET_VALID });
    expect((error as Error).message).toMatch(/^The token's nbf "evil.*… is in the future \(clock tolerance 30 s\)$/);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message.length).toBeLessThan(200);
  });
});
