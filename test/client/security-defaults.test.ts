// The security defaults, each with a test that fails if the default is weakened: HTTPS everywhere
// but loopback, PKCE S256 only, state/nonce/verifier from the platform CSPRNG with 256 bits,
// redirect URIs checked, Cognito's own error page recognised, and credentials sent only where
// they belong.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError, type CognitoOAuthClientOptions } from '../../src/index.js';

const DOMAIN = 'auth.example.com';
const SECRET = 'security-defaults-client-secret';

afterEach(() => {
  vi.restoreAllMocks();
});

function client(options: Partial<CognitoOAuthClientOptions> = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({ domain: DOMAIN, clientId: 'abc123example', redirectUri: 'https://app.example.com/cb', ...options });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

describe('HTTPS for every endpoint, except loopback hosts', () => {
  it.each([
    'http://auth.example.com',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
    'http://10.0.0.1',
    'http://[::ffff:7f00:1]',
    'ftp://auth.example.com',
    'ws://auth.example.com',
    'http://cognito.localhost',
    'http://evil.localhost:8080',
    'myapp',
  ])('refuses the domain %s with a TypeError naming domain', (domain) => {
    const error = thrown(() => client({ domain }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/domain/);
  });

  it.each([
    ['auth.example.com', 'https://auth.example.com'],
    ['https://auth.example.com/', 'https://auth.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts %s (origin %s)', (domain, origin) => {
    expect(client({ domain }).domain).toBe(origin);
  });

  it('sends every request and builds every URL on the https origin of the domain', async () => {
    const urls: string[] = [];
    const c = client({
      clientSecret: SECRET,
      retries: 0,
      fetch: async (input) => {
        urls.push(input instanceof Request ? input.url : String(input));
        const body = urls.at(-1)!.endsWith('/userInfo') ? '{"sub":"s"}' : '{"access_token":"a","token_type":"Bearer","expires_in":60}';
        return new Response(body, { headers: { 'content-type': 'application/json' } });
      },
    });
    const { url, codeVerifier } = await c.buildAuthorizeUrl();
    urls.push(url, c.buildImplicitAuthorizeUrl().url, c.buildLogoutUrl({ logoutUri: 'https://app.example.com/bye' }), c.buildLogoutUrl({}));
    await c.exchangeCode({ code: 'c', codeVerifier });
    await c.refreshTokens('r');
    await c.clientCredentials();
    await c.fetchUserInfo('a');
    await c.revokeToken('r');
    expect(urls).toHaveLength(9);
    for (const u of urls) expect(new URL(u).origin).toBe('https://auth.example.com');
  });

  it.each([
    ['redirectUri', (uri: string) => client({ redirectUri: uri })],
    ['redirectUri', (uri: string) => client().buildImplicitAuthorizeUrl({ redirectUri: uri })],
    ['logoutUri', (uri: string) => client().buildLogoutUrl({ logoutUri: uri })],
  ])('refuses plain http for %s unless the host is loopback', (name, use) => {
    for (const uri of ['http://app.example.com/cb', 'http://localhost.evil.example/cb']) {
      const error = thrown(() => use(uri));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(name);
    }
    for (const uri of ['http://localhost:3000/cb', 'http://127.0.0.1/cb', 'https://app.example.com/cb', 'com.example.app://callback']) {
      expect(() => use(uri)).not.toThrow();
    }
  });

  it('refuses an http resource unless it is localhost', async () => {
    await expect(client().buildAuthorizeUrl({ resource: 'http://api.example.com' })).rejects.toThrow(/resource/);
    await expect(client().buildAuthorizeUrl({ resource: 'https://api.example.com' })).resolves.toBeDefined();
  });
});

describe('the redirect URI is validated', () => {
  it.each([
    'callback',
    '/callback',
    '//app.example.com/cb',
    'https://app.example.com/cb#fragment',
    'https://app.example.com/cb#',
    'javascript:alert(1)',
    'data:text/html,x',
    'file:///etc/passwd',
    '',
  ])('refuses %j (relative, with a fragment, or a dangerous scheme)', async (uri) => {
    const error = thrown(() => client({ redirectUri: uri }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/redirectUri/);
    await expect(client().buildAuthorizeUrl({ redirectUri: uri })).rejects.toThrow(TypeError);
    await expect(client().exchangeCode({ code: 'c', codeVerifier: 'v'.repeat(43), redirectUri: uri })).rejects.toThrow(TypeError);
  });
});

describe('PKCE is always S256', () => {
  it('puts S256 and the SHA-256 of the verifier in every authorize URL, and never plain', async () => {
    const c = client();
    // Parameters a caller might try in order to downgrade PKCE are not part of the API and change nothing.
    const attempts = [
      {},
      { page: 'login' as const },
      { page: 'signup' as const },
      { codeChallengeMethod: 'plain' },
      { code_challenge_method: 'plain' },
    ];
    for (const params of attempts) {
      const { url, codeVerifier } = await c.buildAuthorizeUrl(params);
      const query = new URL(url).searchParams;
      expect(query.getAll('code_challenge_method')).toEqual(['S256']);
      expect(query.get('code_challenge')).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
      expect(query.get('code_challenge')).not.toBe(codeVerifier);
      expect(codeVerifier).toMatch(/^[\w-]{43,128}$/);
      expect(url).not.toMatch(/plain/i);
      expect(url).not.toContain(codeVerifier);
    }
  });

  it('refuses to exchange a code with a verifier RFC 7636 does not allow, before any request', async () => {
    const fetch = vi.fn();
    const c = client({ fetch });
    for (const codeVerifier of ['', 'short', 'v'.repeat(42), 'v'.repeat(129), `${'v'.repeat(43)} `, `${'v'.repeat(43)}+`]) {
      await expect(c.exchangeCode({ code: 'c', codeVerifier })).rejects.toThrow(TypeError);
    }
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('state, nonce and verifier come from the platform CSPRNG', () => {
  it('are exactly base64url of the bytes crypto.getRandomValues produced, 256 bits each, with no Math.random', async () => {
    const filled: Uint8Array[] = [];
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const result = original(array as unknown as Uint8Array<ArrayBuffer>);
      filled.push(Uint8Array.from(result));
      return array;
    });
    const mathRandom = vi.spyOn(Math, 'random');
    const request = await client().buildAuthorizeUrl();
    const implicit = client().buildImplicitAuthorizeUrl();
    // One call per URL, 32 bytes per value: verifier, state and nonce, then state and nonce.
    expect(spy).toHaveBeenCalledTimes(2);
    expect(filled.map((bytes) => bytes.byteLength)).toEqual([96, 64]);
    const values = filled.flatMap((bytes) =>
      Array.from({ length: bytes.byteLength / 32 }, (_, i) => b64url(bytes.subarray(32 * i, 32 * i + 32))),
    );
    expect([request.codeVerifier, request.state, request.nonce, implicit.state, implicit.nonce]).toEqual(values);
    expect(mathRandom).not.toHaveBeenCalled();
  });

  it('are distinct over 10,000 authorize requests (30,000 values) and decode to 32 bytes each', async () => {
    const c = client();
    const values = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const { state, nonce, codeVerifier } = await c.buildAuthorizeUrl();
      values.add(state).add(nonce).add(codeVerifier);
    }
    expect(values.size).toBe(30_000);
    for (const value of values) expect(Buffer.from(value, 'base64url')).toHaveLength(32);
  });

  it('change when the generator changes: a constant generator gives constant values (the test would notice a fallback)', async () => {
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).fill(7);
      return array;
    });
    const { state, nonce, codeVerifier } = await client().buildAuthorizeUrl();
    const sevens = b64url(new Uint8Array(32).fill(7));
    expect([state, nonce, codeVerifier]).toEqual([sevens, sevens, sevens]);
  });
});

describe("Cognito's own error page", () => {
  const ERROR_PAGE = 'https://auth.example.com/error?error=redirect_mismatch&client_id=abc123example';

  it.each([
    ['parseCallback', (c: CognitoOAuthClient, url: string) => c.parseCallback(url, { expectedState: 'state-1' })],
    ['parseImplicitCallback', (c: CognitoOAuthClient, url: string) => c.parseImplicitCallback(url, { expectedState: 'state-1' })],
  ])('is recognised by %s as the place the user landed instead of the callback', (_name, parse) => {
    const error = thrown(() => parse(client(), ERROR_PAGE));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect(error).not.toBeInstanceOf(OAuthError);
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.CALLBACK_INVALID);
    expect((error as Error).message).toBe(
      "The user landed on Cognito's own error page (error=redirect_mismatch), not on the callback: the redirect URI is not an Allowed callback URL of the app client",
    );
    const cause = (error as Error).cause as OAuthError;
    expect(cause).toBeInstanceOf(OAuthError);
    expect(cause).toMatchObject({ error: 'redirect_mismatch', source: 'callback', status: undefined });
  });

  it('is recognised on a custom domain however the domain was written, and for other errors too', () => {
    const c = client({ domain: 'https://Auth.Example.com/' });
    const error = thrown(() => c.parseCallback('https://auth.example.com/error?error=invalid_request', { expectedState: 's' }));
    expect(error).toMatchObject({
      code: ErrorCode.CALLBACK_INVALID,
      message: expect.stringMatching(/Cognito's own error page.*error=invalid_request/) as string,
    });
  });

  it("is not confused with the app's own /error path or with an error redirect to the callback", () => {
    const onApp = thrown(() => client().parseCallback('https://app.example.com/error?error=redirect_mismatch', { expectedState: 's' }));
    expect(onApp).toBeInstanceOf(OAuthError);
    expect((onApp as OAuthError).error).toBe('redirect_mismatch');
    const redirect = thrown(() => client().parseCallback('https://app.example.com/cb?error=access_denied&state=s', { expectedState: 's' }));
    expect(redirect).toBeInstanceOf(OAuthError);
  });
});

describe('credentials go only where they belong', () => {
  it('sends the client secret to the token and revoke endpoints only, and the access token to userInfo only', async () => {
    const seen: { path: string; authorization: string | null; body: string }[] = [];
    const c = client({
      clientSecret: SECRET,
      retries: 0,
      fetch: async (input) => {
        const request = input as Request;
        seen.push({ path: new URL(request.url).pathname, authorization: request.headers.get('authorization'), body: await request.text() });
        const body = request.url.endsWith('/userInfo') ? '{"sub":"s"}' : '{"access_token":"a","token_type":"Bearer","expires_in":60}';
        return new Response(body, { headers: { 'content-type': 'application/json' } });
      },
    });
    const request = await c.buildAuthorizeUrl();
    expect(request.url).not.toContain(SECRET);
    expect(c.buildLogoutUrl({ logoutUri: 'https://app.example.com/bye' })).not.toContain(SECRET);
    await c.exchangeCode({ code: 'c', codeVerifier: request.codeVerifier });
    await c.fetchUserInfo('access-token-value');
    await c.revokeToken('refresh-token-value');
    const basic = `Basic ${btoa(`abc123example:${SECRET}`)}`;
    expect(seen.map((s) => [s.path, s.authorization])).toEqual([
      ['/oauth2/token', basic],
      ['/oauth2/userInfo', 'Bearer access-token-value'],
      ['/oauth2/revoke', basic],
    ]);
    for (const s of seen) expect(s.body).not.toContain(SECRET);
  });

  it('refuses to revoke an access or ID token before any request (Cognito revokes refresh tokens only)', async () => {
    const fetch = vi.fn();
    const jwt = (use: string): string =>
      `${btoa(JSON.stringify({ alg: 'RS256' }))}.${btoa(JSON.stringify({ token_use: use })).replace(/=+$/, '')}.sig`;
    for (const token of [jwt('access'), jwt('id')]) await expect(client({ fetch }).revokeToken(token)).rejects.toThrow(TypeError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'revokes with HTTP Basic only, the secret never in the form, when the token endpoint uses %s',
    async (clientAuthMethod) => {
      const sent: { path: string; authorization: string | null; form: Record<string, string> }[] = [];
      const fetch = async (input: Request | string | URL): Promise<Response> => {
        const request = input as Request;
        sent.push({
          path: new URL(request.url).pathname,
          authorization: request.headers.get('authorization'),
          form: Object.fromEntries(new URLSearchParams(await request.text())),
        });
        return new Response('', { status: 200 });
      };
      await client({ clientSecret: SECRET, clientAuthMethod, fetch, retries: 0 }).revokeToken('refresh-token-value');
      expect(sent).toEqual([
        { path: '/oauth2/revoke', authorization: `Basic ${btoa(`abc123example:${SECRET}`)}`, form: { token: 'refresh-token-value' } },
      ]);
    },
  );

  it.each([
    ['no nonce', undefined],
    ['an empty nonce', ''],
    ['a nonce that is not a string', 42],
  ])('with verification on, refuses a code exchange with %s before the single-use code is sent', async (_name, nonce) => {
    const fetch = vi.fn(async () => Response.json({ access_token: 'a', token_type: 'Bearer', expires_in: 60 }));
    const c = client({ fetch, userPoolId: 'us-east-1_AbC123' });
    const error = await c.exchangeCode({ code: 'single-use-code', codeVerifier: 'v'.repeat(43), nonce: nonce as string }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({
      code: 'ERR_MISSING_OPTION',
      message: expect.stringMatching(/^exchangeCode: nonce must be the nonce returned by buildAuthorizeUrl/) as string,
    });
    expect(fetch).not.toHaveBeenCalled();
    // Without verification there is nothing to check the nonce against, and the exchange goes out.
    await client({ fetch }).exchangeCode({ code: 'single-use-code', codeVerifier: 'v'.repeat(43) });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
