// Hardening of the claim checks (claims.ts) and of what verification messages may quote: one
// audience, exact time boundaries, the token type refused offline, and no token text in messages.
import { inspect } from 'node:util';
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthError, ErrorCode } from '../../src/index.js';
import { CLIENT_ID, accessToken, codeOf, idClaims, idKey, idToken, rejectionOf, serveJwks, sign, verifyingClient } from '../support/tokens.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ID token audience (OIDC Core 3.1.3.7: no audience the client does not trust)', () => {
  it.each([
    ['the client and another audience', [CLIENT_ID, 'evil']],
    ['another audience first', ['evil', CLIENT_ID]],
    ['an empty array', []],
    ['a non-string member', [CLIENT_ID, 42]],
  ])('regression: an aud array with %s is CLIENT_MISMATCH, before the JWKS is fetched', async (_name, aud) => {
    const token = idToken({ aud });
    expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(token)), token)).toBe(ErrorCode.CLIENT_MISMATCH);
  });

  it('accepts an aud array naming only trusted clients', async () => {
    serveJwks();
    await expect(verifyingClient().verifyIdToken(idToken({ aud: [CLIENT_ID] }))).resolves.toMatchObject({ aud: [CLIENT_ID] });
    serveJwks();
    const both = idToken({ aud: [CLIENT_ID, 'otherclient1'] });
    await expect(verifyingClient().verifyIdToken(both, { clientId: [CLIENT_ID, 'otherclient1'] })).resolves.toMatchObject({ token_use: 'id' });
  });
});

describe('time boundaries, to the millisecond', () => {
  /** Sets the clock to `seconds` since the epoch (fractions allowed); nock and ky keep real timers. */
  const at = (seconds: number): void => {
    vi.useFakeTimers({ toFake: ['Date'], now: seconds * 1000 });
  };
  const EXP = 2_000_000_000;

  it('accepts a token at exactly exp + clockTolerance and refuses it 1 ms later (TOKEN_EXPIRED)', async () => {
    const token = idToken({ exp: EXP, iat: EXP - 3600 });
    serveJwks();
    at(EXP + 30);
    await expect(verifyingClient().verifyIdToken(token)).resolves.toMatchObject({ exp: EXP });
    at(EXP + 30.001);
    expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(token)))).toBe(ErrorCode.TOKEN_EXPIRED);
  });

  it('accepts nbf and iat exactly clockTolerance ahead and refuses them 1 ms earlier (TOKEN_NOT_YET_VALID)', async () => {
    for (const claim of ['nbf', 'iat'] as const) {
      const token = idToken({ [claim]: EXP, exp: EXP + 3600, ...(claim === 'nbf' ? { iat: EXP - 60 } : {}) });
      serveJwks();
      at(EXP - 30);
      await expect(verifyingClient().verifyIdToken(token)).resolves.toMatchObject({ [claim]: EXP });
      at(EXP - 30.001);
      expect(codeOf(await rejectionOf(verifyingClient().verifyIdToken(token))), claim).toBe(ErrorCode.TOKEN_NOT_YET_VALID);
    }
  });
});

describe('the wrong token type is refused offline (issue: the JWKS was fetched first)', () => {
  it.each([
    ['an access token to verifyIdToken', 'verifyIdToken', () => accessToken()],
    ['an ID token to verifyAccessToken', 'verifyAccessToken', () => idToken()],
  ] as const)('refuses %s with TOKEN_USE_MISMATCH, with no interceptor and net connect disabled', async (_name, method, token) => {
    // test/setup.ts disables net connect; no JWKS interceptor exists, so any request would fail as NETWORK_ERROR.
    expect(nock.isActive()).toBe(true);
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const error = await rejectionOf(verifyingClient()[method](token()));
      expect(codeOf(error)).toBe(ErrorCode.TOKEN_USE_MISMATCH);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('verification messages quote no token text', () => {
  const CANARY = 'alice-7f3a@corp.example';

  it.each([
    ['a payload whose JSON breaks after a claim', `{"email":"${CANARY}","sub":`],
    ['a payload with a trailing comma', `{"email":"${CANARY}",}`],
    ['a payload that is a JSON string', JSON.stringify(CANARY)],
  ])('regression: %s fails with a generic TOKEN_MALFORMED, no claim in message, stack or cause', async (_name, json) => {
    const [header, , signature] = idToken().split('.');
    const token = `${header}.${Buffer.from(json).toString('base64url')}.${signature}`;
    const error = await rejectionOf(verifyingClient().verifyIdToken(token));
    expect(codeOf(error, token)).toBe(ErrorCode.TOKEN_MALFORMED);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(CANARY);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });

  it('quotes a hostile alg clipped to one line, and no other header text', async () => {
    const token = sign(idClaims(), idKey, { alg: `HS256\n\u001b[31mFORGED LOG LINE ${'x'.repeat(100)}`, kid: `kid-${CANARY}` });
    const error = (await rejectionOf(verifyingClient().verifyIdToken(token))) as CognitoOAuthError;
    expect(error.code).toBe(ErrorCode.ALG_NOT_ALLOWED);
    expect(error.message).not.toMatch(/[\n\u001b]/);
    expect(error.message).not.toContain(CANARY);
    expect(error.message.length).toBeLessThan(150);
  });
});
