import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError } from '../../src/index.js';
import {
  AWS_BASIC,
  CLIENT_ID,
  CLIENT_SECRET,
  DOMAIN,
  FORM,
  REDIRECT_URI,
  TOKEN_BODY,
  VERIFIER,
  confidentialClient,
  exactForm,
  publicClient,
  rejectionOf,
} from '../support/nock.js';

afterEach(() => {
  vi.useRealTimers();
});

const NOW = 1_764_000_000_000;

describe('exchangeCode', () => {
  it('posts the whole authorization_code form with the PKCE verifier, no Authorization header, for a public client', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post(
        '/oauth2/token',
        exactForm({
          grant_type: 'authorization_code',
          client_id: CLIENT_ID,
          code: 'AUTHORIZATION_CODE',
          redirect_uri: REDIRECT_URI,
          code_verifier: VERIFIER,
        }),
      )
      .matchHeader('content-type', FORM)
      .matchHeader('accept', 'application/json')
      .reply(200, TOKEN_BODY, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });

    const tokens = await publicClient().exchangeCode({ code: 'AUTHORIZATION_CODE', codeVerifier: VERIFIER });

    expect(tokens).toStrictEqual({
      accessToken: 'eyJra1example',
      idToken: 'eyJra2example',
      refreshToken: 'eyJj3example',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: NOW + 3_600_000,
    });
  });

  it("sends AWS's documented Basic header for djc98u3jiedmi283eu928:abcdef01234567890 (client_secret_basic)", async () => {
    nock(DOMAIN)
      .post(
        '/oauth2/token',
        exactForm({
          grant_type: 'authorization_code',
          client_id: CLIENT_ID,
          code: 'AUTHORIZATION_CODE',
          redirect_uri: REDIRECT_URI,
          code_verifier: VERIFIER,
        }),
      )
      .matchHeader('authorization', AWS_BASIC)
      .matchHeader('content-type', FORM)
      .reply(200, TOKEN_BODY);

    const tokens = await confidentialClient().exchangeCode({ code: 'AUTHORIZATION_CODE', codeVerifier: VERIFIER });
    expect(tokens.accessToken).toBe('eyJra1example');
  });

  it('encodes the raw client_id:client_secret pair in Basic, not form-encoded first', async () => {
    const secret = 'p@ss:w+rd/%20é';
    const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`, 'utf8').toString('base64')}`;
    nock(DOMAIN).post('/oauth2/token').matchHeader('authorization', expected).reply(200, TOKEN_BODY);

    await confidentialClient({ clientSecret: secret }).exchangeCode({ code: 'c', codeVerifier: VERIFIER });
  });

  it('puts client_secret in the form and sends no Authorization header with client_secret_post', async () => {
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post(
        '/oauth2/token',
        exactForm({
          grant_type: 'authorization_code',
          client_id: CLIENT_ID,
          code: 'AUTHORIZATION_CODE',
          redirect_uri: REDIRECT_URI,
          code_verifier: VERIFIER,
          client_secret: CLIENT_SECRET,
        }),
      )
      .matchHeader('content-type', FORM)
      .reply(200, TOKEN_BODY);

    await confidentialClient({ clientAuthMethod: 'client_secret_post' }).exchangeCode({
      code: 'AUTHORIZATION_CODE',
      codeVerifier: VERIFIER,
    });
  });

  it('uses the per-call redirectUri when the authorize URL used another one', async () => {
    nock(DOMAIN)
      .post(
        '/oauth2/token',
        exactForm({
          grant_type: 'authorization_code',
          client_id: CLIENT_ID,
          code: 'c0de',
          redirect_uri: 'https://www.example.com/other',
          code_verifier: VERIFIER,
        }),
      )
      .reply(200, TOKEN_BODY);

    await publicClient().exchangeCode({ code: 'c0de', codeVerifier: VERIFIER, redirectUri: 'https://www.example.com/other' });
  });

  it('leaves idToken and refreshToken out when Cognito sends none', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300 });
    const tokens = await publicClient().exchangeCode({ code: 'c', codeVerifier: VERIFIER });
    expect(Object.keys(tokens).sort()).toEqual(['accessToken', 'expiresAt', 'expiresIn', 'tokenType']);
  });

  it('accepts token_type in any case and normalises it to Bearer', async () => {
    nock(DOMAIN)
      .post('/oauth2/token')
      .reply(200, { ...TOKEN_BODY, token_type: 'bearer' });
    const tokens = await publicClient().exchangeCode({ code: 'c', codeVerifier: VERIFIER });
    expect(tokens.tokenType).toBe('Bearer');
  });

  it('rejects bad arguments with TypeErrors before any request', async () => {
    const client = publicClient({ fetch: () => Promise.reject(new Error('must not be called')) });
    await expect(client.exchangeCode({ code: '', codeVerifier: VERIFIER })).rejects.toThrow(TypeError);
    await expect(client.exchangeCode({ code: 'c', codeVerifier: 'short' })).rejects.toThrow(/codeVerifier/);
    await expect(client.exchangeCode({ code: 'c', codeVerifier: `${VERIFIER}!` })).rejects.toThrow(/codeVerifier/);
    await expect(client.exchangeCode({ code: 'c', codeVerifier: 'a'.repeat(129) })).rejects.toThrow(/codeVerifier/);
    await expect(client.exchangeCode(null as never)).rejects.toThrow(TypeError);
    await expect(
      new CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID }).exchangeCode({ code: 'c', codeVerifier: VERIFIER }),
    ).rejects.toThrow(/redirectUri/);
  });

  it('is sent exactly once when Cognito answers 503, even with retries allowed', async () => {
    const fetch = vi.fn(async () => new Response('Service Unavailable', { status: 503, headers: { 'retry-after': '0' } }));
    const error = await rejectionOf(confidentialClient({ fetch, retries: 3 }).exchangeCode({ code: 'c', codeVerifier: VERIFIER }));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.HTTP_ERROR);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('is sent exactly once on a network error, even with retries allowed', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const error = await rejectionOf(publicClient({ fetch, retries: 3 }).exchangeCode({ code: 'c', codeVerifier: VERIFIER }));
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.NETWORK_ERROR);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('is sent exactly once through nock on 503 (one interceptor, no second attempt)', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(503, 'busy', { 'retry-after': '0', 'content-type': 'text/plain' });
    const error = await rejectionOf(publicClient({ retries: 5 }).exchangeCode({ code: 'c', codeVerifier: VERIFIER }));
    // A second attempt would find no interceptor and fail with NETWORK_ERROR instead.
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.HTTP_ERROR);
  });
});

describe('refreshTokens', () => {
  const form = { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'eyJj3example' };

  it('keeps the refresh token passed in when Cognito does not rotate it', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    nock(DOMAIN)
      .post('/oauth2/token', exactForm(form))
      .matchHeader('authorization', AWS_BASIC)
      .matchHeader('content-type', FORM)
      .reply(200, { access_token: 'eyJra1example', id_token: 'eyJra2example', token_type: 'Bearer', expires_in: 3600 });

    const tokens = await confidentialClient().refreshTokens('eyJj3example');
    expect(tokens).toStrictEqual({
      accessToken: 'eyJra1example',
      idToken: 'eyJra2example',
      refreshToken: 'eyJj3example',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: NOW + 3_600_000,
    });
  });

  it('returns the new refresh token when Cognito rotates it', async () => {
    nock(DOMAIN)
      .post('/oauth2/token', exactForm(form))
      .matchHeader('authorization', AWS_BASIC)
      .reply(200, { ...TOKEN_BODY, refresh_token: 'eyJj4example' });

    const tokens = await confidentialClient().refreshTokens('eyJj3example');
    expect(tokens.refreshToken).toBe('eyJj4example');
  });

  it('sends a public client id in the form without Authorization', async () => {
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post('/oauth2/token', exactForm(form))
      .reply(200, TOKEN_BODY);
    await publicClient().refreshTokens('eyJj3example');
  });

  it('adds client_secret to the form with client_secret_post', async () => {
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post('/oauth2/token', exactForm({ ...form, client_secret: CLIENT_SECRET }))
      .reply(200, TOKEN_BODY);
    await confidentialClient({ clientAuthMethod: 'client_secret_post' }).refreshTokens('eyJj3example');
  });

  it('maps invalid_grant (revoked refresh token) to an OAuthError', async () => {
    nock(DOMAIN)
      .post('/oauth2/token', exactForm(form))
      .reply(400, { error: 'invalid_grant' }, { 'content-type': 'application/json;charset=UTF-8' });

    const error = await rejectionOf(publicClient().refreshTokens('eyJj3example'));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'OAUTH_ERROR', error: 'invalid_grant', errorDescription: undefined, status: 400, source: 'token' });
  });

  it('is sent exactly once when Cognito answers 503', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 503, headers: { 'retry-after': '0' } }));
    await rejectionOf(publicClient({ fetch, retries: 3 }).refreshTokens('rt'));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('rejects an empty refresh token with a TypeError', async () => {
    await expect(publicClient().refreshTokens('')).rejects.toThrow(/refreshToken/);
  });
});

describe('clientCredentials', () => {
  it('posts grant_type, client_id and scope with Basic auth and returns only an access token', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    nock(DOMAIN)
      .post(
        '/oauth2/token',
        exactForm({
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          scope: 'my_resource_server_identifier/my_custom_scope orders/read',
        }),
      )
      .matchHeader('authorization', AWS_BASIC)
      .matchHeader('content-type', FORM)
      .reply(200, { access_token: 'eyJra12345EXAMPLE', expires_in: 3600, token_type: 'Bearer' });

    const tokens = await confidentialClient().clientCredentials({
      scopes: ['my_resource_server_identifier/my_custom_scope', 'orders/read'],
    });
    expect(tokens).toStrictEqual({ accessToken: 'eyJra12345EXAMPLE', tokenType: 'Bearer', expiresIn: 3600, expiresAt: NOW + 3_600_000 });
  });

  it("matches AWS's client_secret_post example, aws_client_metadata as JSON", async () => {
    const metadata = { onBehalfOfToken: 'eyJra789ghiEXAMPLE', ClientIpAddress: '192.0.2.252' };
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post(
        '/oauth2/token',
        exactForm({
          grant_type: 'client_credentials',
          client_id: '1example23456789',
          scope: 'my_resource_server_identifier/my_custom_scope',
          aws_client_metadata: JSON.stringify(metadata),
          client_secret: '9example87654321',
        }),
      )
      .matchHeader('content-type', FORM)
      .reply(200, { access_token: 'eyJra12345EXAMPLE', expires_in: 3600, token_type: 'Bearer' });

    const client = new CognitoOAuthClient({
      domain: DOMAIN,
      clientId: '1example23456789',
      clientSecret: '9example87654321',
      clientAuthMethod: 'client_secret_post',
      retries: 0,
    });
    const tokens = await client.clientCredentials({ scopes: ['my_resource_server_identifier/my_custom_scope'], clientMetadata: metadata });
    expect(tokens.accessToken).toBe('eyJra12345EXAMPLE');
  });

  it('sends no scope when none is given (Cognito then grants all of the client scopes)', async () => {
    nock(DOMAIN)
      .post('/oauth2/token', exactForm({ grant_type: 'client_credentials', client_id: CLIENT_ID }))
      .reply(200, TOKEN_BODY);
    await confidentialClient().clientCredentials();
  });

  it('needs a client secret and bad metadata is a TypeError', async () => {
    await expect(publicClient().clientCredentials()).rejects.toThrow(/clientSecret/);
    await expect(confidentialClient().clientCredentials({ clientMetadata: { n: 1 } as never })).rejects.toThrow(/clientMetadata/);
    await expect(confidentialClient().clientCredentials({ scopes: ['has space'] })).rejects.toThrow(/scopes/);
  });

  it('maps invalid_client to an OAuthError with the status Cognito sent', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(401, { error: 'invalid_client' }, { 'content-type': 'application/json;charset=UTF-8' });
    const error = await rejectionOf(confidentialClient().clientCredentials());
    expect(error).toMatchObject({ name: 'OAuthError', error: 'invalid_client', status: 401, source: 'token' });
  });
});

describe('token endpoint errors', () => {
  const exchange = (options = {}) => publicClient(options).exchangeCode({ code: 'AUTHORIZATION_CODE', codeVerifier: VERIFIER });

  it('maps unauthorized_client with error_description invalid_redirect', async () => {
    nock(DOMAIN)
      .post('/oauth2/token')
      .reply(
        400,
        { error: 'unauthorized_client', error_description: 'invalid_redirect' },
        { 'content-type': 'application/json;charset=UTF-8' },
      );
    const error = await rejectionOf(exchange());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).toMatchObject({ error: 'unauthorized_client', errorDescription: 'invalid_redirect', status: 400, source: 'token' });
    expect((error as OAuthError).response?.status).toBe(400);
  });

  it('reads an OAuth error body even without a JSON content type', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(400, '{"error":"invalid_request"}', { 'content-type': 'text/plain' });
    expect(await rejectionOf(exchange())).toMatchObject({ error: 'invalid_request', status: 400 });
  });

  it('turns an HTML 502 page into HTTP_ERROR, not a SyntaxError', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    const error = await rejectionOf(exchange());
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).not.toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ name: 'CognitoOAuthError', code: ErrorCode.HTTP_ERROR });
    expect((error as CognitoOAuthError).message).toMatch(/502/);
    expect((error as CognitoOAuthError).response?.status).toBe(502);
  });

  it('turns a 200 that is not JSON into INVALID_RESPONSE', async () => {
    nock(DOMAIN).post('/oauth2/token').reply(200, '<html>Sign in</html>', { 'content-type': 'text/html' });
    const error = await rejectionOf(exchange());
    expect(error).toMatchObject({ code: ErrorCode.INVALID_RESPONSE });
    // No SyntaxError as cause: V8 quotes the body around the fault, which may hold a token.
    expect((error as Error).cause).toBeUndefined();
  });

  it.each([
    ['no access_token', { token_type: 'Bearer', expires_in: 3600 }, 'access_token'],
    ['an empty access_token', { access_token: '', token_type: 'Bearer', expires_in: 3600 }, 'access_token'],
    ['a non-Bearer token_type', { access_token: 'at', token_type: 'mac', expires_in: 3600 }, 'token_type'],
    ['expires_in as a string', { access_token: 'at', token_type: 'Bearer', expires_in: '3600' }, 'expires_in'],
    ['expires_in of 0', { access_token: 'at', token_type: 'Bearer', expires_in: 0 }, 'expires_in'],
    ['a fractional expires_in', { access_token: 'at', token_type: 'Bearer', expires_in: 1.5 }, 'expires_in'],
    ['a numeric id_token', { access_token: 'at', id_token: 7, token_type: 'Bearer', expires_in: 60 }, 'id_token'],
    ['an array body', [], '(body)'],
    ['a JSON null body', null, '(body)'],
  ])('turns a 200 with %s into INVALID_RESPONSE naming the field', async (_name, body, field) => {
    nock(DOMAIN).post('/oauth2/token').reply(200, JSON.stringify(body), { 'content-type': 'application/json' });
    const error = await rejectionOf(exchange());
    expect(error).toMatchObject({ code: ErrorCode.INVALID_RESPONSE });
    expect((error as Error).message).toContain(field);
    // The field is named, its value is not.
    expect((error as Error).message).not.toMatch(/"at"|3600/);
  });

  it('keeps unknown fields from breaking the parse (Cognito adds fields over time)', async () => {
    nock(DOMAIN)
      .post('/oauth2/token')
      .reply(200, { ...TOKEN_BODY, scope: 'openid', something_new: { a: 1 } });
    expect((await exchange()).accessToken).toBe('eyJra1example');
  });
});
