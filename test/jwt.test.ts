// decodeJwtUnverified: decoding for display, with no network and no verification.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthError, ErrorCode, decodeJwtUnverified, type CognitoAccessTokenClaims } from '../src/index.js';
import { peekTokenUse } from '../src/jwt.js';
import { ACCESS_KID, accessToken, attackerKey, idToken } from './support/tokens.js';

describe('decodeJwtUnverified', () => {
  it('returns the header and claims of a Cognito access token', () => {
    const { header, payload } = decodeJwtUnverified<CognitoAccessTokenClaims>(accessToken());
    expect(header).toEqual({ kid: ACCESS_KID, alg: 'RS256' });
    expect(payload.token_use).toBe('access');
    expect(payload.scope).toContain('openid');
  });

  it('decodes UTF-8 claims', () => {
    expect(decodeJwtUnverified(idToken({ name: 'Zoë 山田' })).payload['name']).toBe('Zoë 山田');
  });

  it('does not verify: a forged token decodes all the same', () => {
    expect(decodeJwtUnverified(idToken({ sub: 'attacker' }, attackerKey)).payload.sub).toBe('attacker');
  });

  it('regression: a truncated payload does not leak its claims through the JSON SyntaxError cause', () => {
    const claims = Buffer.from('{"email":"leak-canary-7f3a@example.com","sub":').toString('base64url');
    let caught: unknown;
    try {
      decodeJwtUnverified(`eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`);
    } catch (error) {
      caught = error;
    }
    expect((caught as CognitoOAuthError).code).toBe(ErrorCode.TOKEN_MALFORMED);
    expect((caught as CognitoOAuthError).cause).toBeUndefined();
    expect(inspect(caught, { depth: 10, showHidden: true })).not.toContain('leak-canary');
  });

  it.each([
    ['two parts', 'a.b'],
    ['four parts', 'a.b.c.d'],
    ['standard base64 characters', 'eyJhbGciOiJSUzI1NiJ9+.eyJzdWIiOiJhIn0.c2ln'],
    ['a header that is not JSON', 'bm90IGpzb24.eyJzdWIiOiJhIn0.c2ln'],
    ['a payload that is a string', `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('"x"').toString('base64url')}.c2ln`],
    ['invalid UTF-8', `eyJhbGciOiJSUzI1NiJ9.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.c2ln`],
    ['a non-string', 42],
  ])('throws TOKEN_MALFORMED for %s', (_what, token) => {
    let caught: unknown;
    try {
      decodeJwtUnverified(token as string);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CognitoOAuthError);
    expect((caught as CognitoOAuthError).code).toBe(ErrorCode.TOKEN_MALFORMED);
  });
});

describe('the 64 KiB token-length guard', () => {
  // A header and payload that decode; the signature part (never decoded) sets the exact length.
  const head = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${Buffer.from('{"sub":"a","token_use":"access"}').toString('base64url')}.`;
  const ofLength = (length: number): string => head + 'A'.repeat(length - head.length);

  it('decodes a well-formed token of exactly 65,536 characters', () => {
    expect(decodeJwtUnverified(ofLength(65_536)).payload).toEqual({ sub: 'a', token_use: 'access' });
    expect(peekTokenUse(ofLength(65_536))).toBe('access');
  });

  it('regression: refuses a well-formed token of 65,537 characters before decoding it', () => {
    let caught: unknown;
    try {
      decodeJwtUnverified(ofLength(65_537));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: ErrorCode.TOKEN_MALFORMED, message: 'The token is not a compact JWT (three base64url parts)' });
    expect(peekTokenUse(ofLength(65_537))).toBeUndefined();
  });
});

describe('decodeJwtUnverified and unsecured JWTs', () => {
  it('decodes one with an empty signature part (RFC 7519 section 6); verification then refuses its alg', () => {
    const unsecured = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"a"}').toString('base64url')}.`;
    expect(decodeJwtUnverified(unsecured)).toEqual({ header: { alg: 'none' }, payload: { sub: 'a' } });
  });
});

describe('peekTokenUse (the pre-network token-type check)', () => {
  it('reads id or access from a three-part JWT, and nothing from anything else', () => {
    expect(peekTokenUse(idToken())).toBe('id');
    expect(peekTokenUse(accessToken())).toBe('access');
    expect(peekTokenUse('eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.a.b.c.d')).toBeUndefined();
    expect(peekTokenUse('opaque-refresh-token')).toBeUndefined();
    expect(peekTokenUse(`eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"token_use":"refresh"}').toString('base64url')}.c2ln`)).toBeUndefined();
  });
});
