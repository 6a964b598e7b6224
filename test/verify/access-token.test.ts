// verifyAccessToken: Cognito's access tokens have no client `aud` and no `typ: at+jwt`; the client
// is `client_id`, and `aud` (when present) is a resource server.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/index.js';
import {
  CLIENT_ID,
  accessClaims,
  accessKey,
  accessToken,
  codeOf,
  idKey,
  idToken,
  rejectionOf,
  serveJwks,
  sign,
  verifyingClient,
} from '../support/tokens.js';

describe('verifyAccessToken accepts', () => {
  it("AWS's documented access token, whose aud is a resource server, and returns every claim", async () => {
    serveJwks();
    const claims = await verifyingClient().verifyAccessToken(accessToken(), {
      requiredScopes: ['openid', 'resourceserver.1/appclient2'],
      requiredGroups: ['testgroup'],
    });
    expect(claims).toEqual(accessClaims({ exp: claims.exp, iat: claims.iat, auth_time: claims.auth_time }));
    expect(claims.client_id).toBe(CLIENT_ID);
    expect(claims.aud).toBe('https://api.example.com');
    expect(claims.username).toBe('my-test-user');
  });

  it('a token without aud (the default: no resource binding)', async () => {
    serveJwks();
    await expect(verifyingClient().verifyAccessToken(accessToken({ aud: undefined }))).resolves.toMatchObject({ token_use: 'access' });
  });

  it('a client-credentials token (sub is the client, no username or groups)', async () => {
    serveJwks();
    const m2m = accessToken({ sub: CLIENT_ID, username: undefined, 'cognito:groups': undefined, scope: 'orders/read orders/write' });
    await expect(verifyingClient().verifyAccessToken(m2m, { requiredScopes: ['orders/write'] })).resolves.toMatchObject({ sub: CLIENT_ID });
  });

  it('a token of another app client listed in clientId (a resource server accepting several clients)', async () => {
    serveJwks();
    const token = accessToken({ client_id: 'machineclient1' });
    await expect(verifyingClient().verifyAccessToken(token, { clientId: ['machineclient1'] })).resolves.toMatchObject({
      client_id: 'machineclient1',
    });
  });
});

describe('verifyAccessToken rejects', () => {
  // [what, token, code]; only the signature case gets as far as a JWKS request.
  const cases: Array<[string, () => string, string]> = [
    ['an ID token', () => idToken(), ErrorCode.TOKEN_USE_MISMATCH],
    ['another app client in client_id', () => accessToken({ client_id: 'otherclient1' }), ErrorCode.CLIENT_MISMATCH],
    ['no client_id, even when aud is the client', () => accessToken({ client_id: undefined, aud: CLIENT_ID }), ErrorCode.CLIENT_MISMATCH],
    ['an array client_id', () => accessToken({ client_id: [CLIENT_ID] }), ErrorCode.CLIENT_MISMATCH],
    ['an expired token', () => accessToken({ exp: 1676317451, iat: 1676313851 }), ErrorCode.TOKEN_EXPIRED],
    [
      'a signature from the ID key under the access kid',
      () => sign(accessClaims(), { ...accessKey, privateKey: idKey.privateKey }),
      ErrorCode.SIGNATURE_INVALID,
    ],
  ];

  it.each(cases)('%s', async (_what, make, code) => {
    if (code === ErrorCode.SIGNATURE_INVALID) serveJwks();
    const token = make();
    expect(codeOf(await rejectionOf(verifyingClient().verifyAccessToken(token)), token)).toBe(code);
  });

  it('a token missing a required scope, naming only the missing one', async () => {
    const error = await rejectionOf(verifyingClient().verifyAccessToken(accessToken(), { requiredScopes: ['email', 'orders/read'] }));
    expect(codeOf(error)).toBe(ErrorCode.SCOPE_MISSING);
    expect((error as Error).message).toMatch(/orders\/read$/);
  });

  it('a scope that is only a prefix of a granted one', async () => {
    const error = await rejectionOf(verifyingClient().verifyAccessToken(accessToken(), { requiredScopes: ['resourceserver.1'] }));
    expect(codeOf(error)).toBe(ErrorCode.SCOPE_MISSING);
  });

  it('a token without scope when a scope is required', async () => {
    const error = await rejectionOf(verifyingClient().verifyAccessToken(accessToken({ scope: undefined }), { requiredScopes: ['openid'] }));
    expect(codeOf(error)).toBe(ErrorCode.SCOPE_MISSING);
  });

  it('a user outside a required group', async () => {
    const error = await rejectionOf(verifyingClient().verifyAccessToken(accessToken(), { requiredGroups: ['admins'] }));
    expect(codeOf(error)).toBe(ErrorCode.GROUP_MISSING);
  });

  it('is a TypeError naming requiredScopes when it is not an array of strings', async () => {
    await expect(verifyingClient().verifyAccessToken(accessToken(), { requiredScopes: 'openid' as never })).rejects.toThrow(
      /requiredScopes/,
    );
  });
});
