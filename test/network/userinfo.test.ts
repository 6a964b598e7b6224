import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { CognitoOAuthError, ErrorCode, OAuthError } from '../../src/index.js';
import { DOMAIN, publicClient, rejectionOf } from '../support/nock.js';

const TOKEN = 'eyJra12345EXAMPLE';

/** The body of AWS's "Example - positive response", placeholders filled in. */
const AWS_USERINFO = {
  sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  email_verified: 'true',
  'custom:mycustom1': 'CustomValue',
  phone_number_verified: 'true',
  phone_number: '+12065551212',
  email: 'bob@example.com',
  username: 'bob',
};

function userInfo(status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' }) {
  return nock(DOMAIN, { badheaders: ['content-type'] })
    .get('/oauth2/userInfo')
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .matchHeader('accept', 'application/json')
    .reply(status, body as nock.Body, headers);
}

describe('fetchUserInfo', () => {
  it('GETs /oauth2/userInfo (capital I) with the Bearer token, no body, and keeps every claim', async () => {
    nock(DOMAIN, { badheaders: ['content-type'] })
      .get('/oauth2/userInfo', (body) => body === '' || body === undefined)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .matchHeader('accept', 'application/json')
      .reply(200, AWS_USERINFO, { 'content-type': 'application/json;charset=UTF-8', 'x-amz-cognito-request-id': 'a1b2' });

    const user = await publicClient().fetchUserInfo(TOKEN);

    expect(user).toStrictEqual({
      sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      email_verified: true,
      'custom:mycustom1': 'CustomValue',
      phone_number_verified: true,
      phone_number: '+12065551212',
      email: 'bob@example.com',
      username: 'bob',
    });
  });

  it.each([
    ['"true"', 'true', true],
    ['"false"', 'false', false],
    ['"True" (set through the admin API)', 'True', true],
    ['"FALSE"', 'FALSE', false],
    ['a JSON true', true, true],
    ['a JSON false', false, false],
  ])('gives email_verified and phone_number_verified as booleans when Cognito sends %s', async (_name, wire, expected) => {
    userInfo(200, { sub: 's', email_verified: wire, phone_number_verified: wire });
    const user = await publicClient().fetchUserInfo(TOKEN);
    expect(user.email_verified).toBe(expected);
    expect(user.phone_number_verified).toBe(expected);
  });

  it('leaves absent verified flags absent', async () => {
    userInfo(200, { sub: 's' });
    expect(await publicClient().fetchUserInfo(TOKEN)).toStrictEqual({ sub: 's' });
  });

  it('rejects a verified flag that is neither true nor false as INVALID_RESPONSE', async () => {
    userInfo(200, { sub: 's', email_verified: 'yes' });
    expect(await rejectionOf(publicClient().fetchUserInfo(TOKEN))).toMatchObject({ code: ErrorCode.INVALID_RESPONSE });
  });

  it('keeps unknown, custom:* and structured claims as sent', async () => {
    const claims = {
      sub: 's',
      'custom:plan': 'pro',
      'custom:tenant_id': '42',
      name: 'Jane Doe',
      address: { formatted: '1 Main St' },
      updated_at: 1701125599,
      brand_new_claim: ['a', 'b'],
    };
    userInfo(200, claims);
    expect(await publicClient().fetchUserInfo(TOKEN)).toStrictEqual(claims);
  });

  it('parses identities sent as a JSON string and keeps an unparseable one as the string', async () => {
    const identities = [
      {
        userId: 'u',
        providerName: 'SignInWithApple',
        providerType: 'SignInWithApple',
        issuer: null,
        primary: false,
        dateCreated: 1701125599632,
      },
    ];
    userInfo(200, { sub: 's', identities: JSON.stringify(identities) });
    expect((await publicClient().fetchUserInfo(TOKEN)).identities).toStrictEqual(identities);

    userInfo(200, { sub: 's', identities: 'not json' });
    expect((await publicClient().fetchUserInfo(TOKEN)).identities).toBe('not json');
  });

  it('checks expectedSubject', async () => {
    userInfo(200, { sub: 'abc' });
    expect((await publicClient().fetchUserInfo(TOKEN, { expectedSubject: 'abc' })).sub).toBe('abc');

    userInfo(200, { sub: 'abc' });
    const error = await rejectionOf(publicClient().fetchUserInfo(TOKEN, { expectedSubject: 'xyz' }));
    expect(error).toMatchObject({ name: 'CognitoOAuthError', code: ErrorCode.SUBJECT_MISMATCH });
  });

  it.each([
    ['no sub', { email: 'a@example.com' }],
    ['an empty sub', { sub: '' }],
    ['a numeric sub', { sub: 7 }],
    ['a numeric email_verified', { sub: 's', email_verified: 1 }],
    ['an array', [{ sub: 's' }]],
  ])('turns a body with %s into INVALID_RESPONSE', async (_name, body) => {
    userInfo(200, JSON.stringify(body));
    expect(await rejectionOf(publicClient().fetchUserInfo(TOKEN))).toMatchObject({ code: ErrorCode.INVALID_RESPONSE });
  });

  it('rejects an empty access token with a TypeError', async () => {
    await expect(publicClient().fetchUserInfo('')).rejects.toThrow(TypeError);
  });
});

describe('fetchUserInfo errors from WWW-Authenticate', () => {
  it("reads AWS's bare form (no Bearer scheme) on 401 invalid_token", async () => {
    userInfo(401, '', {
      'www-authenticate':
        'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
    });
    const error = await rejectionOf(publicClient().fetchUserInfo(TOKEN));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      code: 'OAUTH_ERROR',
      error: 'invalid_token',
      errorDescription: 'Access token is expired, disabled, or deleted, or the user has globally signed out.',
      status: 401,
      source: 'userInfo',
    });
  });

  it('reads the RFC 6750 form with the Bearer scheme and a realm', async () => {
    userInfo(401, '', {
      'www-authenticate': 'Bearer realm="cognito", error="invalid_token", error_description="The access token expired"',
    });
    expect(await rejectionOf(publicClient().fetchUserInfo(TOKEN))).toMatchObject({
      error: 'invalid_token',
      errorDescription: 'The access token expired',
      status: 401,
    });
  });

  it('reads 400 invalid_request', async () => {
    userInfo(400, '', { 'www-authenticate': 'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"' });
    expect(await rejectionOf(publicClient().fetchUserInfo(TOKEN))).toMatchObject({
      error: 'invalid_request',
      errorDescription: 'Bad OAuth2 request at UserInfo Endpoint',
      status: 400,
      source: 'userInfo',
    });
  });

  it('reads an unquoted error and escaped quotes', async () => {
    userInfo(401, '', { 'www-authenticate': 'Bearer error=invalid_token, error_description="say \\"hi\\""' });
    expect(await rejectionOf(publicClient().fetchUserInfo(TOKEN))).toMatchObject({ error: 'invalid_token', errorDescription: 'say "hi"' });
  });

  it('falls back to a JSON error body when WWW-Authenticate has no error', async () => {
    userInfo(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer realm="x"', 'content-type': 'application/json' });
    expect(await rejectionOf(publicClient().fetchUserInfo(TOKEN))).toMatchObject({ error: 'invalid_token', status: 401 });
  });

  it('is HTTP_ERROR when a 401 carries no OAuth error at all', async () => {
    userInfo(401, '', { 'www-authenticate': 'Bearer realm="x"' });
    const error = await rejectionOf(publicClient().fetchUserInfo(TOKEN));
    expect(error).not.toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: ErrorCode.HTTP_ERROR });
  });

  it('does not retry a 401', async () => {
    userInfo(401, '', { 'www-authenticate': 'error="invalid_token"' });
    expect(await rejectionOf(publicClient({ retries: 2 }).fetchUserInfo(TOKEN))).toMatchObject({ error: 'invalid_token' });
  });
});

describe('fetchUserInfo retries (GET only)', () => {
  it('retries a 503 and then succeeds (retry-after: 0)', async () => {
    nock(DOMAIN)
      .get('/oauth2/userInfo')
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(503, 'busy', { 'retry-after': '0' })
      .get('/oauth2/userInfo')
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(200, { sub: 's' });

    expect(await publicClient({ retries: 2 }).fetchUserInfo(TOKEN)).toStrictEqual({ sub: 's' });
  });

  it('retries a 429 with retry-after: 0', async () => {
    nock(DOMAIN).get('/oauth2/userInfo').reply(429, '', { 'retry-after': '0' }).get('/oauth2/userInfo').reply(200, { sub: 's' });
    expect((await publicClient({ retries: 1 }).fetchUserInfo(TOKEN)).sub).toBe('s');
  });

  it('retries a network error, then succeeds', async () => {
    let calls = 0;
    const fetch = vi.fn(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed');
      return Response.json({ sub: 's' });
    });
    expect((await publicClient({ fetch, retries: 1 }).fetchUserInfo(TOKEN)).sub).toBe('s');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('gives up after `retries` attempts with HTTP_ERROR', async () => {
    const fetch = vi.fn(async () => new Response('busy', { status: 503, headers: { 'retry-after': '0' } }));
    const error = await rejectionOf(publicClient({ fetch, retries: 2 }).fetchUserInfo(TOKEN));
    expect(error).toMatchObject({ code: ErrorCode.HTTP_ERROR });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('does not retry with retries: 0', async () => {
    const fetch = vi.fn(async () => new Response('busy', { status: 503, headers: { 'retry-after': '0' } }));
    await rejectionOf(publicClient({ fetch, retries: 0 }).fetchUserInfo(TOKEN));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('surfaces the last error as a CognitoOAuthError', async () => {
    nock(DOMAIN).get('/oauth2/userInfo').reply(500, '<html>oops</html>', { 'content-type': 'text/html' });
    const error = await rejectionOf(publicClient({ retries: 0 }).fetchUserInfo(TOKEN));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect((error as CognitoOAuthError).response?.status).toBe(500);
  });
});
