import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, ErrorCode, type CognitoOAuthClientOptions } from '../../src/index.js';

const base: CognitoOAuthClientOptions = { domain: 'mydomain.auth.us-east-1.amazoncognito.com', clientId: '1example23456789' };

function make(options: Partial<Record<keyof CognitoOAuthClientOptions, unknown>>): CognitoOAuthClient {
  return new CognitoOAuthClient({ ...base, ...options } as CognitoOAuthClientOptions);
}

describe('domain', () => {
  it.each([
    ['a prefix domain', 'mydomain.auth.us-east-1.amazoncognito.com', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['a prefix domain with https://', 'https://mydomain.auth.us-east-1.amazoncognito.com', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['a trailing slash', 'https://mydomain.auth.us-east-1.amazoncognito.com/', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['upper case and spaces', '  MyDomain.Auth.US-East-1.AmazonCognito.com ', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['a FIPS domain', 'myapp.auth-fips.us-gov-west-1.amazoncognito.com', 'https://myapp.auth-fips.us-gov-west-1.amazoncognito.com'],
    ['a custom domain', 'auth.example.com', 'https://auth.example.com'],
    ['a custom domain with https:// and a port', 'https://auth.example.com:8443', 'https://auth.example.com:8443'],
    ['http://localhost', 'http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://[::1]', 'http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts %s', (_name, domain, origin) => {
    expect(make({ domain }).domain).toBe(origin);
  });

  it.each([
    ['http:// on a public host', 'http://auth.example.com'],
    ['http:// on a LAN address', 'http://192.168.1.10'],
    ['a path', 'https://auth.example.com/oauth2'],
    ['a query', 'https://auth.example.com/?a=1'],
    ['a fragment', 'https://auth.example.com/#x'],
    ['credentials', 'https://user:pw@auth.example.com'],
    ['another scheme', 'ftp://auth.example.com'],
    ['the issuer host', 'https://cognito-idp.us-east-1.amazonaws.com'],
    ['the updated issuer host', 'issuer-cognito-idp.us-east-1.amazonaws.com'],
    ['an empty string', ''],
    ['blanks', '   '],
    ['not a host', 'https://exa mple.com'],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s with a TypeError naming domain', (_name, domain) => {
    expect(() => make({ domain })).toThrow(TypeError);
    expect(() => make({ domain })).toThrow(/domain/);
  });
});

describe('other options', () => {
  describe('a full set of valid options, each seen at work', () => {
    // What the custom fetch saw, one entry per request; `answer` says how it replies.
    const sent: Request[] = [];
    let answer: (request: Request) => Promise<Response> | Response = () => new Response(null, { status: 500 });
    const fullOptions = {
      domain: 'https://Auth.Example.com/',
      clientId: '1example23456789',
      clientSecret: 'client-secret-example',
      clientAuthMethod: 'client_secret_post',
      redirectUri: 'myapp://callback',
      scopes: ['openid', 'api/read'],
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        sent.push(request);
        return answer(request);
      },
      timeout: 1_000,
      retries: 1,
      maxResponseBytes: 512,
      userPoolId: 'us-east-1_AbC123example',
    } as const;
    const client = make(fullOptions);
    const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    /** A userInfo body of exactly `bytes` bytes. */
    const userInfoOf = (bytes: number): Response => {
      const empty = JSON.stringify({ sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', pad: '' });
      return json({ sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', pad: 'x'.repeat(bytes - empty.length) });
    };

    beforeEach(() => {
      sent.length = 0;
    });

    it('domain, clientId and userPoolId: the getters (the issuer is the user pool\'s)', () => {
      expect([client.domain, client.clientId, client.issuer]).toEqual([
        'https://auth.example.com',
        '1example23456789',
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123example',
      ]);
    });

    it('domain, clientId, redirectUri and scopes: the authorize URL', async () => {
      const { url } = await client.buildAuthorizeUrl();
      const parsed = new URL(url);
      expect(parsed.origin + parsed.pathname).toBe('https://auth.example.com/oauth2/authorize');
      expect([parsed.searchParams.get('client_id'), parsed.searchParams.get('redirect_uri'), parsed.searchParams.get('scope')]).toEqual([
        '1example23456789',
        'myapp://callback',
        'openid api/read',
      ]);
    });

    it('fetch, clientSecret and clientAuthMethod: the token request goes through the custom fetch with the secret in the form, no Basic header', async () => {
      answer = () => json({ access_token: 'eyJra12345EXAMPLE', token_type: 'Bearer', expires_in: 3600 });
      await expect(client.clientCredentials()).resolves.toMatchObject({ accessToken: 'eyJra12345EXAMPLE' });
      expect(sent).toHaveLength(1);
      const [request] = sent as [Request];
      expect([request.method, request.url, request.headers.get('authorization')]).toEqual(['POST', 'https://auth.example.com/oauth2/token', null]);
      expect(Object.fromEntries(new URLSearchParams(await request.text()))).toStrictEqual({
        grant_type: 'client_credentials',
        client_id: '1example23456789',
        client_secret: 'client-secret-example',
      });
    });

    it('retries: userInfo is sent once more after a 503, not twice more (the default)', async () => {
      answer = () => json({ error: 'server_error' }, 503);
      await expect(client.fetchUserInfo('eyJra12345EXAMPLE')).rejects.toMatchObject({ code: ErrorCode.OAUTH_ERROR, status: 503 });
      expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(Array(2).fill('GET https://auth.example.com/oauth2/userInfo'));
    });

    it('maxResponseBytes: a 512-byte body is read, a 513-byte body is refused', async () => {
      answer = () => userInfoOf(512);
      await expect(client.fetchUserInfo('eyJra12345EXAMPLE')).resolves.toMatchObject({ sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
      answer = () => userInfoOf(513);
      await expect(client.fetchUserInfo('eyJra12345EXAMPLE')).rejects.toMatchObject({ code: ErrorCode.RESPONSE_TOO_LARGE });
    });

    it('timeout: an answer that never comes fails with TIMEOUT after 1000 ms, not 10 s', async () => {
      answer = (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason as Error), { once: true });
        });
      const started = Date.now();
      // A POST, so no retry adds to the wait.
      const error = await client.clientCredentials().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.TIMEOUT, message: expect.stringContaining('within 1000 ms') });
      // A lower bound only (a loaded machine may be late, never early); the message names the setting.
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });
  });

  it.each([
    ['clientId', { clientId: '' }],
    ['clientId', { clientId: 'has space' }],
    ['clientId', { clientId: 'a'.repeat(129) }],
    ['clientId', { clientId: 123 }],
    ['clientSecret', { clientSecret: '' }],
    ['clientSecret', { clientSecret: 5 }],
    ['clientAuthMethod', { clientAuthMethod: 'private_key_jwt' }],
    ['redirectUri', { redirectUri: 'callback' }],
    ['redirectUri', { redirectUri: 'http://app.example.com/cb' }],
    ['redirectUri', { redirectUri: 'https://app.example.com/cb#frag' }],
    ['redirectUri', { redirectUri: 'data:text/html,hi' }],
    ['redirectUri', { redirectUri: '' }],
    ['scopes', { scopes: 'openid email' }],
    ['scopes', { scopes: ['openid', ''] }],
    ['scopes', { scopes: ['openid\temail'] }],
    ['fetch', { fetch: 'fetch' }],
    ['timeout', { timeout: 0 }],
    ['timeout', { timeout: -1 }],
    ['timeout', { timeout: 1.5 }],
    ['timeout', { timeout: '100' }],
    ['timeout', { timeout: Number.POSITIVE_INFINITY }],
    ['retries', { retries: -1 }],
    ['retries', { retries: 11 }],
    ['retries', { retries: 0.5 }],
    ['maxResponseBytes', { maxResponseBytes: 0 }],
    ['maxResponseBytes', { maxResponseBytes: Number.NaN }],
  ])('rejects a bad %s with a TypeError naming it (%j)', (name, options) => {
    const error = (() => {
      try {
        make(options);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(name);
  });

  it('rejects missing options', () => {
    expect(() => new CognitoOAuthClient(undefined as never)).toThrow(TypeError);
    expect(() => new CognitoOAuthClient(null as never)).toThrow(TypeError);
  });

  it('does not echo the client secret in any message', () => {
    for (const options of [{ clientSecret: 'S3CRET', clientAuthMethod: 'nope' }, { clientSecret: 'S3CRET', domain: 'http://x.example' }]) {
      expect(() => make(options)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('S3CRET') }));
    }
  });
});
