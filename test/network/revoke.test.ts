import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, OAuthError } from '../../src/index.js';
import { AWS_BASIC, CLIENT_ID, DOMAIN, FORM, confidentialClient, exactForm, publicClient, rejectionOf } from '../support/nock.js';

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ kid: '1234example=', alg: 'RS256' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('revokeToken', () => {
  it("sends AWS's public-client request: token and client_id in the form, no Authorization", async () => {
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post('/oauth2/revoke', exactForm({ token: '2YotnFZFEjr1zCsicMWpAA', client_id: CLIENT_ID }))
      .matchHeader('content-type', FORM)
      .matchHeader('accept', 'application/json')
      .reply(200, '', { 'access-control-allow-origin': '*' });

    await expect(publicClient().revokeToken('2YotnFZFEjr1zCsicMWpAA')).resolves.toBeUndefined();
  });

  it('uses HTTP Basic for a confidential client, with only the token in the form', async () => {
    nock(DOMAIN)
      .post('/oauth2/revoke', exactForm({ token: '2YotnFZFEjr1zCsicMWpAA' }))
      .matchHeader('authorization', AWS_BASIC)
      .matchHeader('content-type', FORM)
      .reply(200);

    await confidentialClient().revokeToken('2YotnFZFEjr1zCsicMWpAA');
  });

  it('uses HTTP Basic even when the token endpoint is set to client_secret_post (revoke documents Basic only)', async () => {
    nock(DOMAIN)
      .post('/oauth2/revoke', exactForm({ token: 'rt' }))
      .matchHeader('authorization', AWS_BASIC)
      .reply(200);

    await confidentialClient({ clientAuthMethod: 'client_secret_post' }).revokeToken('rt');
  });

  it('accepts a five-part encrypted refresh token', async () => {
    const refresh = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.a.b.c.d';
    nock(DOMAIN)
      .post('/oauth2/revoke', exactForm({ token: refresh, client_id: CLIENT_ID }))
      .reply(200);
    await publicClient().revokeToken(refresh);
  });

  it.each([
    ['access', 'access'],
    ['ID', 'id'],
  ])('refuses an %s token with a TypeError before any request', async (_name, use) => {
    const fetch = vi.fn(async () => new Response(''));
    const error = await rejectionOf(publicClient({ fetch }).revokeToken(jwt({ sub: 's', token_use: use })));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/refresh token/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('maps unsupported_token_type to an OAuthError', async () => {
    nock(DOMAIN)
      .post('/oauth2/revoke')
      .reply(400, { error: 'unsupported_token_type' }, { 'content-type': 'application/json;charset=UTF-8' });
    const error = await rejectionOf(publicClient().revokeToken('opaque'));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'unsupported_token_type', status: 400, source: 'revoke' });
  });

  it('maps 401 invalid_client to an OAuthError', async () => {
    nock(DOMAIN).post('/oauth2/revoke').reply(401, { error: 'invalid_client' }, { 'content-type': 'application/json' });
    expect(await rejectionOf(confidentialClient().revokeToken('rt'))).toMatchObject({
      error: 'invalid_client',
      status: 401,
      source: 'revoke',
    });
  });

  it('maps invalid_request with a description', async () => {
    nock(DOMAIN)
      .post('/oauth2/revoke')
      .reply(400, { error: 'invalid_request', error_description: 'Token revocation is disabled' }, { 'content-type': 'application/json' });
    expect(await rejectionOf(publicClient().revokeToken('rt'))).toMatchObject({
      error: 'invalid_request',
      errorDescription: 'Token revocation is disabled',
    });
  });

  it('is sent exactly once on 503', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 503, headers: { 'retry-after': '0' } }));
    expect(await rejectionOf(publicClient({ fetch, retries: 3 }).revokeToken('rt'))).toMatchObject({ code: ErrorCode.HTTP_ERROR });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('rejects an empty token with a TypeError', async () => {
    await expect(publicClient().revokeToken('')).rejects.toThrow(/refreshToken/);
  });
});
