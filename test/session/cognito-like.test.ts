// CognitoSession against the Cognito look-alike (oidc-provider on 127.0.0.1), with short token
// lifetimes and with refresh-token rotation, grace 0 and grace > 0. One describe block tests the test
// server, not the SDK: "the Cognito look-alike (test server) …" checks the look-alike's own rotation
// (through the client, against the same servers), since the session tests rely on it behaving like
// Cognito's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoSession, ErrorCode, memoryStorage, OAuthError, type CognitoOAuthError, type SessionStorage } from '../../src/index.js';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from '../support/cognito-like.mjs';
import { rejectionOf } from '../support/outcomes.js';

// Starting a server generates an RSA key: generous on a busy CI machine (a bound, not a measurement).
const START_TIMEOUT = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let plain: CognitoLikeServer;
let grace0: CognitoLikeServer;
let grace2: CognitoLikeServer;

beforeAll(async () => {
  [plain, grace0, grace2] = await Promise.all([
    startCognitoLike({ accessTokenTtl: 2 }),
    startCognitoLike({ accessTokenTtl: 2, refreshTokenRotation: { gracePeriodSeconds: 0 } }),
    startCognitoLike({ accessTokenTtl: 2, refreshTokenRotation: { gracePeriodSeconds: 2 }, refreshTokenTtl: 5 }),
  ]);
}, START_TIMEOUT);

afterAll(async () => {
  await Promise.all([plain?.close(), grace0?.close(), grace2?.close()]);
});

function clientFor(server: CognitoLikeServer, options: { verify?: boolean; fetch?: typeof fetch } = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: server.domain,
    clientId: server.publicClient.clientId,
    redirectUri: server.publicClient.redirectUri,
    scopes: ['openid', 'email'],
    ...(options.verify ? { issuer: server.issuer } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Signs the default user in through the session: signIn, the login page, handleCallback. */
async function signInThrough(session: CognitoSession, server: CognitoLikeServer) {
  const { url } = await session.signIn();
  const { callbackUrl } = await driveSignIn(url, { redirectUri: server.publicClient.redirectUri, ...server.user });
  return session.handleCallback(callbackUrl);
}

const refreshPosts = (server: CognitoLikeServer) => server.tokenRequests.filter((r) => r.grantType === 'refresh_token');

/** A Redis-style store: one Map, reached through a new adapter per "request". */
function sharedStore() {
  const values = new Map<string, string>();
  return {
    values,
    adapter(onGet?: (n: number, value: string | undefined) => Promise<void>): SessionStorage {
      let gets = 0;
      return {
        get: async (key) => {
          const value = values.get(key);
          await onGet?.((gets += 1), value);
          return value;
        },
        set: async (key, value) => void values.set(key, value),
        remove: async (key) => void values.delete(key),
      };
    },
  };
}

describe('the Cognito look-alike (test server) rotates refresh tokens like Cognito', () => {
  async function tokensFrom(server: CognitoLikeServer) {
    const client = clientFor(server);
    const request = await client.buildAuthorizeUrl();
    const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, ...server.user });
    const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
    return { client, tokens: await client.exchangeCode({ code, codeVerifier: request.codeVerifier }) };
  }

  it('grace 0: a spent refresh token is refused at once, its successor works', async () => {
    const { client, tokens } = await tokensFrom(grace0);
    const first = tokens.refreshToken ?? '';
    const next = await client.refreshTokens(first);
    expect(next.refreshToken).toEqual(expect.any(String));
    expect(next.refreshToken).not.toBe(first);
    const error = await rejectionOf(client.refreshTokens(first));
    expect((error as OAuthError).error).toBe('invalid_grant');
    await expect(client.refreshTokens(next.refreshToken ?? '')).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('grace 2 s: a spent refresh token works again within the grace period, not after; expiry is absolute', async () => {
    const { client, tokens } = await tokensFrom(grace2);
    const first = tokens.refreshToken ?? '';
    const second = (await client.refreshTokens(first)).refreshToken ?? '';
    const again = await client.refreshTokens(first);
    expect(again.refreshToken).not.toBe(first);
    await sleep(2100);
    expect(((await rejectionOf(client.refreshTokens(first))) as OAuthError).error).toBe('invalid_grant');
    await expect(client.refreshTokens(second)).resolves.toMatchObject({ accessToken: expect.any(String) });
    // refreshTokenTtl is 5 s from sign-in: the rotated tokens die with the original.
    await sleep(3000);
    expect(((await rejectionOf(client.refreshTokens(again.refreshToken ?? ''))) as OAuthError).error).toBe('invalid_grant');
  }, 15_000);

  it('without rotation, refreshes return no refresh token and the first one keeps working', async () => {
    const { client, tokens } = await tokensFrom(plain);
    const next = await client.refreshTokens(tokens.refreshToken ?? '');
    expect(next.refreshToken).toBe(tokens.refreshToken);
    expect(plain.tokenRequests.at(-1)).toEqual({ grantType: 'refresh_token', status: 200, error: undefined });
  });
});

describe('a session against the look-alike', () => {
  it('signs in with verified claims, refreshes short-lived tokens, and signs out with a revoke', async () => {
    const session = new CognitoSession(clientFor(grace0, { verify: true }));
    const { tokens, user } = await signInThrough(session, grace0);
    expect(user).toMatchObject({ sub: grace0.user.sub, email: grace0.user.email, token_use: 'id', aud: grace0.publicClient.clientId });
    await expect(session.getUser()).resolves.toEqual(user);
    await expect(session.getAccessToken()).resolves.toBe(tokens.accessToken);

    // The access token lives 2 s; the margin is capped at half of that.
    const before = refreshPosts(grace0).length;
    await sleep(1100);
    const refreshed = await session.getTokens();
    expect(refreshed?.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed?.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshPosts(grace0).length).toBe(before + 1);
    const refreshedUser = await session.getUser();
    expect(refreshedUser?.sub).toBe(grace0.user.sub);
    expect(refreshedUser?.iat).toBeGreaterThanOrEqual(user?.iat ?? Infinity);

    await expect(session.signOut()).resolves.toEqual({});
    await expect(session.getTokens()).resolves.toBeUndefined();
    // The revoked refresh token is dead at the server too.
    const client = clientFor(grace0);
    expect(((await rejectionOf(client.refreshTokens(refreshed?.refreshToken ?? ''))) as OAuthError).error).toBe('invalid_grant');
  });

  it('without verification, handleCallback and getUser return no claims', async () => {
    const session = new CognitoSession(clientFor(plain));
    const { user } = await signInThrough(session, plain);
    expect(user).toBeUndefined();
    await expect(session.getUser()).resolves.toBeUndefined();
  });

  it('a refreshed ID token that fails verification is refused and nothing from that response is stored', async () => {
    let tamper = false;
    const tampering = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      const response = await fetch(input, init);
      if (!tamper || !url.endsWith('/oauth2/token')) return response;
      const body = (await response.json()) as { id_token: string };
      const [header, payload] = body.id_token.split('.');
      return Response.json({ ...body, id_token: `${header}.${payload}.${'A'.repeat(342)}` }, { status: response.status });
    }) as typeof fetch;
    const storage = memoryStorage();
    const session = new CognitoSession(clientFor(plain, { verify: true, fetch: tampering }), { storage });
    const { tokens } = await signInThrough(session, plain);
    const before = storage.get('cognito-oauth');
    const failures: unknown[] = [];
    session.on('refreshFailed', ({ error }) => failures.push(error));
    await sleep(1100);
    tamper = true;
    const error = await rejectionOf(session.getAccessToken());
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.SIGNATURE_INVALID);
    expect(failures).toEqual([error]);
    expect(storage.get('cognito-oauth')).toBe(before);
    tamper = false;
    await expect(session.getAccessToken()).resolves.not.toBe(tokens.accessToken);
  });

  it('a refresh token revoked elsewhere signs the session out with the reason', async () => {
    const session = new CognitoSession(clientFor(plain));
    const { tokens } = await signInThrough(session, plain);
    await clientFor(plain).revokeToken(tokens.refreshToken ?? '');
    const reasons: string[] = [];
    session.on('signedOut', ({ reason }) => reasons.push(reason));
    await sleep(1100);
    const error = await rejectionOf(session.getAccessToken());
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).error).toBe('invalid_grant');
    expect(reasons).toEqual(['refreshRejected']);
    expect(((await rejectionOf(session.getAccessToken())) as CognitoOAuthError).code).toBe(ErrorCode.NOT_SIGNED_IN);
  });
});

describe('concurrency under rotation', () => {
  it('20 callers produce one refresh POST', async () => {
    const session = new CognitoSession(clientFor(grace0));
    await signInThrough(session, grace0);
    await sleep(1100);
    const before = refreshPosts(grace0).length;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(refreshPosts(grace0).length).toBe(before + 1);
  });

  it('two instances sharing one storage both stay signed in (grace 0)', async () => {
    const storage = memoryStorage();
    const a = new CognitoSession(clientFor(grace0), { storage });
    const b = new CognitoSession(clientFor(grace0), { storage });
    await signInThrough(a, grace0);
    const signedOut: string[] = [];
    a.on('signedOut', ({ reason }) => signedOut.push(`a ${reason}`));
    b.on('signedOut', ({ reason }) => signedOut.push(`b ${reason}`));
    const before = refreshPosts(grace0).length;
    for (let round = 0; round < 2; round += 1) {
      await sleep(1100);
      const [fromA, fromB] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
      expect(fromA).toBe(fromB);
      // One after the other too: the second finds the first's rotated token in the storage.
      await sleep(1100);
      const first = await b.getAccessToken();
      await expect(a.getAccessToken()).resolves.toBe(first);
    }
    const posts = refreshPosts(grace0).slice(before);
    expect(posts).toHaveLength(4);
    expect(posts.every((post) => post.status === 200)).toBe(true);
    expect(signedOut).toEqual([]);
  }, 15_000);

  it('an instance that read the storage just before another rotated it gets invalid_grant, reads again, and stays signed in', async () => {
    const store = sharedStore();
    const a = new CognitoSession(clientFor(grace0), { storage: store.adapter() });
    await signInThrough(a, grace0);
    await sleep(1100);
    // Request B reads the stored record (inside its refresh), then request A rotates and stores.
    let fromA: string | undefined;
    const b = new CognitoSession(clientFor(grace0), {
      storage: store.adapter(async (n) => {
        if (n === 2) fromA = await a.getAccessToken();
      }),
    });
    const signedOut: string[] = [];
    b.on('signedOut', ({ reason }) => signedOut.push(reason));
    const before = refreshPosts(grace0).length;

    const fromB = await b.getAccessToken();

    expect(fromB).toBe(fromA);
    expect(refreshPosts(grace0).slice(before)).toEqual([
      { grantType: 'refresh_token', status: 200, error: undefined },
      { grantType: 'refresh_token', status: 400, error: 'invalid_grant' },
    ]);
    expect(signedOut).toEqual([]);
    expect(JSON.parse(store.values.get('cognito-oauth') ?? '').tokens.accessToken).toBe(fromA);
  });

  it('grace > 0: two requests over separate adapters refresh at once and both stay signed in', async () => {
    const store = sharedStore();
    const first = new CognitoSession(clientFor(grace2), { storage: store.adapter() });
    await signInThrough(first, grace2);
    await sleep(1100);
    const before = refreshPosts(grace2).length;
    const a = new CognitoSession(clientFor(grace2), { storage: store.adapter() });
    const b = new CognitoSession(clientFor(grace2), { storage: store.adapter() });
    const [fromA, fromB] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    expect(fromA).toEqual(expect.any(String));
    expect(fromB).toEqual(expect.any(String));
    expect(refreshPosts(grace2).slice(before).map((post) => post.status)).toEqual([200, 200]);
    // Whichever pair of tokens was kept, its refresh token still works.
    await sleep(1100);
    const next = new CognitoSession(clientFor(grace2), { storage: store.adapter() });
    await expect(next.getAccessToken()).resolves.toEqual(expect.any(String));
    expect(refreshPosts(grace2).at(-1)?.status).toBe(200);
  });
});
