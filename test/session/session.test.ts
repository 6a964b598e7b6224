// CognitoSession against a token endpoint in a fetch function, with fake timers: sign-in state,
// refresh timing, rotation order, failures, events, storage that cannot be read, clock skew.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CognitoOAuthError, CognitoSession, ErrorCode, memoryStorage, OAuthError, webStorage, type SessionStorage } from '../../src/index.js';
import { callbackFor, CLIENT_ID, fakeClient, fakeCognito, json, REDIRECT_URI, type FakeCognito } from '../support/fake-token-endpoint.js';
import { rejectionOf } from '../support/outcomes.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const KEY = 'cognito-oauth';

let cognito: FakeCognito;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
  cognito = fakeCognito({ rotate: true });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A storage that remembers every write, for assertions on what was stored and when. */
function recordingStorage(): SessionStorage & { values: Map<string, string>; log: string[] } {
  const values = new Map<string, string>();
  const log: string[] = [];
  return {
    values,
    log,
    get: (key) => values.get(key),
    set: (key, value) => {
      log.push(`set ${key}`);
      values.set(key, value);
    },
    remove: (key) => {
      log.push(`remove ${key}`);
      values.delete(key);
    },
  };
}

async function signedIn(storage: SessionStorage = memoryStorage(), options: { refreshMargin?: number } = {}) {
  const session = new CognitoSession(fakeClient(cognito), { storage, ...options });
  const { url } = await session.signIn();
  await session.handleCallback(callbackFor(url));
  return session;
}

describe('not signed in', () => {
  it('getAccessToken rejects with NOT_SIGNED_IN; getTokens and getUser resolve undefined; nothing is sent', async () => {
    const session = new CognitoSession(fakeClient(cognito));
    const error = await rejectionOf(session.getAccessToken());
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.NOT_SIGNED_IN);
    await expect(session.getTokens()).resolves.toBeUndefined();
    await expect(session.getUser()).resolves.toBeUndefined();
    expect(cognito.sent).toEqual([]);
  });

  it.each([
    ['not JSON', '{"v":1,"tokens":'],
    ['another version', JSON.stringify({ v: 2, tokens: { accessToken: 'a', expiresAt: T0 + 1e6, expiresIn: 3600 }, skew: 0 })],
    ['no access token', JSON.stringify({ v: 1, tokens: { expiresAt: T0 + 1e6, expiresIn: 3600 }, skew: 0 })],
    ['a string expiry', JSON.stringify({ v: 1, tokens: { accessToken: 'a', expiresAt: 'soon', expiresIn: 3600 }, skew: 0 })],
    ['a number', '42'],
    ['null', 'null'],
  ])('reads garbage (%s) as signed out, never as a SyntaxError', async (_name, stored) => {
    const storage = memoryStorage();
    storage.set(KEY, stored);
    const session = new CognitoSession(fakeClient(cognito), { storage });
    await expect(session.getTokens()).resolves.toBeUndefined();
    const error = await rejectionOf(session.getAccessToken());
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.NOT_SIGNED_IN);
    expect((error as Error).message).not.toContain(stored.slice(0, 12));
  });

  it('reads a storage that throws or rejects as signed out', async () => {
    const throwing: SessionStorage = {
      get: () => {
        throw new Error('SecurityError: storage is disabled');
      },
      set: () => {},
      remove: () => {},
    };
    const rejecting: SessionStorage = { get: () => Promise.reject(new Error('redis down')), set: async () => {}, remove: async () => {} };
    for (const storage of [throwing, rejecting]) {
      const session = new CognitoSession(fakeClient(cognito), { storage });
      await expect(session.getTokens()).resolves.toBeUndefined();
      expect((await rejectionOf(session.getAccessToken()) as CognitoOAuthError).code).toBe(ErrorCode.NOT_SIGNED_IN);
    }
  });
});

describe('signIn and handleCallback', () => {
  it('signIn keeps state, nonce and verifier under `${key}:pending` and sends nothing', async () => {
    const storage = recordingStorage();
    const session = new CognitoSession(fakeClient(cognito), { storage, key: 'app' });
    const { url } = await session.signIn({ lang: 'fr' });
    const authorize = new URL(url);
    expect(authorize.searchParams.get('lang')).toBe('fr');
    const pending = JSON.parse(storage.values.get('app:pending') ?? '');
    expect(pending).toEqual({
      v: 1,
      state: authorize.searchParams.get('state'),
      nonce: authorize.searchParams.get('nonce'),
      codeVerifier: expect.stringMatching(/^[\w-]{43,128}$/),
      redirectUri: REDIRECT_URI,
    });
    expect(storage.values.has('app')).toBe(false);
    expect(cognito.sent).toEqual([]);
  });

  it('handleCallback exchanges the code with the stored verifier, stores the tokens, removes the pending sign-in', async () => {
    const storage = recordingStorage();
    const session = new CognitoSession(fakeClient(cognito), { storage });
    const signedInEvents: unknown[] = [];
    session.on('signedIn', (event) => signedInEvents.push(event));
    const { url } = await session.signIn();
    const pending = JSON.parse(storage.values.get(`${KEY}:pending`) ?? '');

    const { tokens, user } = await session.handleCallback(callbackFor(url, 'the-code'));

    expect(cognito.sent).toHaveLength(1);
    const [exchange] = cognito.sent;
    expect(exchange?.method).toBe('POST');
    expect(exchange?.path).toBe('/oauth2/token');
    expect(Object.fromEntries(exchange?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'the-code',
      redirect_uri: REDIRECT_URI,
      code_verifier: pending.codeVerifier,
    });
    expect(tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', tokenType: 'Bearer', expiresIn: 3600, expiresAt: T0 + 3600_000 });
    // The client verifies nothing (no userPoolId): no claims are handed out as the user.
    expect(user).toBeUndefined();
    expect(storage.values.has(`${KEY}:pending`)).toBe(false);
    expect(JSON.parse(storage.values.get(KEY) ?? '')).toMatchObject({ v: 1, tokens: { accessToken: 'access-1', refreshToken: 'refresh-1' }, skew: 0 });
    expect(signedInEvents).toEqual([{ tokens, fromOtherTab: false }]);
    await expect(session.getAccessToken()).resolves.toBe('access-1');
    expect(cognito.sent).toHaveLength(1);
  });

  it('refuses a replayed callback URL without a token request', async () => {
    const session = new CognitoSession(fakeClient(cognito));
    const { url } = await session.signIn();
    await session.handleCallback(callbackFor(url));
    const error = await rejectionOf(session.handleCallback(callbackFor(url)));
    expect((error as CognitoOAuthError).code).toBe(ErrorCode.STATE_MISMATCH);
    expect(cognito.sent).toHaveLength(1);
  });

  it('removes the pending sign-in when the callback fails too (error redirect, wrong state, refused code)', async () => {
    const storage = recordingStorage();
    const session = new CognitoSession(fakeClient(cognito), { storage });

    const first = new URL((await session.signIn()).url).searchParams.get('state') ?? '';
    const denied = await rejectionOf(session.handleCallback(`${REDIRECT_URI}?error=access_denied&state=${first}`));
    expect(denied).toBeInstanceOf(OAuthError);
    expect(storage.values.has(`${KEY}:pending`)).toBe(false);

    await session.signIn();
    const forged = await rejectionOf(session.handleCallback(`${REDIRECT_URI}?code=c&state=forged`));
    expect((forged as CognitoOAuthError).code).toBe(ErrorCode.STATE_MISMATCH);
    expect(storage.values.has(`${KEY}:pending`)).toBe(false);

    const { url } = await session.signIn();
    cognito.queue(json({ error: 'invalid_grant' }, 400));
    const refused = await rejectionOf(session.handleCallback(callbackFor(url)));
    expect((refused as OAuthError).error).toBe('invalid_grant');
    expect(storage.values.has(`${KEY}:pending`)).toBe(false);
    expect(storage.values.has(KEY)).toBe(false);
    expect(cognito.sent).toHaveLength(1);
  });

  it('turns a relative callback URL (a server passing req.url) into a helpful TypeError, keeping the pending sign-in', async () => {
    const storage = recordingStorage();
    const session = new CognitoSession(fakeClient(cognito), { storage });
    await session.signIn();
    const error = await rejectionOf(session.handleCallback('/callback?code=c&state=s'));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/handleCallback: url must be an absolute URL.*new URL\(req\.url/);
    expect(storage.values.has(`${KEY}:pending`)).toBe(true);
    expect(cognito.sent).toEqual([]);
  });
});

describe('refresh', () => {
  it('refreshes when the token is due (refreshMargin before expiry), not before', async () => {
    const session = await signedIn(memoryStorage(), { refreshMargin: 120 });
    vi.setSystemTime(T0 + 3600_000 - 121_000);
    await expect(session.getAccessToken()).resolves.toBe('access-1');
    expect(cognito.refreshes()).toHaveLength(0);

    vi.setSystemTime(T0 + 3600_000 - 120_000);
    await expect(session.getAccessToken()).resolves.toBe('access-2');
    expect(cognito.refreshes().map((form) => Object.fromEntries(form))).toEqual([
      { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'refresh-1' },
    ]);
    const tokens = await session.getTokens();
    expect(tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: T0 + 3600_000 - 120_000 + 3600_000 });
  });

  it('caps the margin at half the lifetime, so short-lived tokens are not refreshed on every call', async () => {
    cognito.lifetime = 60;
    const session = await signedIn();
    vi.setSystemTime(T0 + 29_000);
    await session.getAccessToken();
    expect(cognito.refreshes()).toHaveLength(0);
    vi.setSystemTime(T0 + 30_000);
    await session.getAccessToken();
    await session.getAccessToken();
    expect(cognito.refreshes()).toHaveLength(1);
  });

  it('keeps the refresh token when Cognito rotates none (rotation off)', async () => {
    cognito.rotate = false;
    const session = await signedIn();
    vi.setSystemTime(T0 + 3590_000);
    await session.getAccessToken();
    vi.setSystemTime(T0 + 2 * 3590_000);
    await session.getAccessToken();
    expect(cognito.refreshes().map((form) => form.get('refresh_token'))).toEqual(['refresh-1', 'refresh-1']);
  });

  it('stores the rotated refresh token before anyone gets the new tokens', async () => {
    const storage = recordingStorage();
    const session = await signedIn(storage);
    const seen: (string | undefined)[] = [];
    session.on('tokensRefreshed', ({ tokens }) => {
      seen.push(JSON.parse(storage.values.get(KEY) ?? '{}').tokens?.refreshToken, tokens.refreshToken);
    });
    vi.setSystemTime(T0 + 3590_000);
    storage.log.length = 0;
    const pending = session.getTokens();
    const tokens = await pending;
    expect(storage.log).toEqual([`set ${KEY}`]);
    expect(seen).toEqual(['refresh-2', 'refresh-2']);
    expect(tokens?.refreshToken).toBe('refresh-2');
  });

  it('20 callers in one context produce one refresh POST', async () => {
    const session = await signedIn();
    vi.setSystemTime(T0 + 3590_000);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set(['access-2']));
    expect(cognito.refreshes()).toHaveLength(1);
  });

  it('two instances over one storage share the refresh', async () => {
    const storage = memoryStorage();
    const first = await signedIn(storage);
    const second = new CognitoSession(fakeClient(cognito), { storage });
    vi.setSystemTime(T0 + 3590_000);
    const [a, b] = await Promise.all([first.getAccessToken(), second.getAccessToken()]);
    expect(a).toBe(b);
    expect(cognito.refreshes()).toHaveLength(1);
  });

  describe('Cognito refuses the refresh token (invalid_grant)', () => {
    it('clears the tokens, emits signedOut with the reason, and rejects with the OAuthError', async () => {
      const storage = recordingStorage();
      const session = await signedIn(storage);
      const events: unknown[] = [];
      session.on('signedOut', (event) => events.push(event));
      const failed = vi.fn();
      session.on('refreshFailed', failed);
      vi.setSystemTime(T0 + 3590_000);
      cognito.queue(json({ error: 'invalid_grant', error_description: 'Refresh Token has been revoked' }, 400));

      const error = await rejectionOf(session.getAccessToken());
      expect(error).toBeInstanceOf(OAuthError);
      expect((error as OAuthError).error).toBe('invalid_grant');
      expect(storage.values.has(KEY)).toBe(false);
      expect(events).toEqual([{ reason: 'refreshRejected', error }]);
      expect(failed).not.toHaveBeenCalled();
      await expect(session.getTokens()).resolves.toBeUndefined();
      expect(cognito.refreshes()).toHaveLength(1);
    });

    it('reads the storage again first and keeps a refresh token another instance stored meanwhile', async () => {
      const storage = recordingStorage();
      const session = await signedIn(storage);
      const stored = JSON.parse(storage.values.get(KEY) ?? '');
      vi.setSystemTime(T0 + 3590_000);
      // While this refresh is out, another instance rotates and stores fresh tokens.
      cognito.queue(() => {
        storage.values.set(
          KEY,
          JSON.stringify({ ...stored, tokens: { ...stored.tokens, accessToken: 'from-elsewhere', refreshToken: 'refresh-9', expiresAt: T0 + 7200_000 } }),
        );
        return json({ error: 'invalid_grant' }, 400);
      });
      const signedOut = vi.fn();
      session.on('signedOut', signedOut);
      await expect(session.getAccessToken()).resolves.toBe('from-elsewhere');
      expect(signedOut).not.toHaveBeenCalled();
      expect(cognito.refreshes()).toHaveLength(1);
    });
  });

  describe('transient failures clear nothing', () => {
    it.each([
      ['a network error', () => new TypeError('fetch failed'), ErrorCode.NETWORK_ERROR],
      ['a 503 with an HTML page', () => new Response('<html>Service Unavailable</html>', { status: 503, headers: { 'content-type': 'text/html' } }), ErrorCode.HTTP_ERROR],
      ['a proxy page with status 200', () => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200, headers: { 'content-type': 'text/html' } }), ErrorCode.INVALID_RESPONSE],
      ['a 500 OAuth error', () => json({ error: 'internal_error' }, 500), ErrorCode.OAUTH_ERROR],
    ])('%s: the unexpired token is returned; once expired, the typed error', async (_name, reply, code) => {
      const storage = recordingStorage();
      const session = await signedIn(storage);
      const before = storage.values.get(KEY);
      const failures: unknown[] = [];
      session.on('refreshFailed', ({ error }) => failures.push(error));
      const signedOut = vi.fn();
      session.on('signedOut', signedOut);

      vi.setSystemTime(T0 + 3590_000);
      cognito.queue(reply());
      await expect(session.getAccessToken()).resolves.toBe('access-1');
      expect(failures).toHaveLength(1);
      expect((failures[0] as CognitoOAuthError).code).toBe(code);

      vi.setSystemTime(T0 + 3600_000);
      cognito.queue(reply());
      const error = await rejectionOf(session.getAccessToken());
      expect((error as CognitoOAuthError).code).toBe(code);
      expect(storage.values.get(KEY)).toBe(before);
      expect(signedOut).not.toHaveBeenCalled();
      expect(cognito.refreshes()).toHaveLength(2);
    });
  });

  it('any other failure rejects even while the token is valid, and stores nothing from the response', async () => {
    const storage = recordingStorage();
    const session = await signedIn(storage);
    const before = storage.values.get(KEY);
    vi.setSystemTime(T0 + 3590_000);
    cognito.queue(json({ error: 'invalid_client' }, 400));
    const error = await rejectionOf(session.getAccessToken());
    expect((error as OAuthError).error).toBe('invalid_client');
    cognito.queue(json({ error: 'unauthorized_client' }, 400));
    expect((await rejectionOf(session.getAccessToken()) as OAuthError).error).toBe('unauthorized_client');
    expect(storage.values.get(KEY)).toBe(before);
  });

  it('puts no stored value in any error', async () => {
    const storage = recordingStorage();
    const session = await signedIn(storage);
    vi.setSystemTime(T0 + 3600_000);
    for (const reply of [json({ error: 'invalid_client' }, 400), new TypeError('fetch failed'), json({ error: 'invalid_grant' }, 400)]) {
      cognito.queue(reply);
      const error = await rejectionOf(session.getAccessToken());
      const text = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
      expect(text).not.toMatch(/refresh-1|access-1|eyJ/);
    }
  });
});

describe('clock skew', () => {
  it('measures the skew from the tokens\' iat and keeps expiry on the server\'s clock', async () => {
    cognito.skewMs = 10 * 60_000; // Cognito's clock is 10 minutes ahead of this machine's.
    const storage = recordingStorage();
    const session = await signedIn(storage);
    const saved = JSON.parse(storage.values.get(KEY) ?? '');
    expect(Math.abs(saved.skew - 600_000)).toBeLessThanOrEqual(1000);
    expect(saved.tokens.expiresAt).toBe(T0 + 3600_000 + saved.skew);
    // Handed out on this machine's clock, and refreshed on time: not 10 minutes late or early.
    expect((await session.getTokens())?.expiresAt).toBe(T0 + 3600_000);
    vi.setSystemTime(T0 + 3600_000 - 61_000);
    await session.getAccessToken();
    expect(cognito.refreshes()).toHaveLength(0);
    vi.setSystemTime(T0 + 3600_000 - 60_000);
    await session.getAccessToken();
    expect(cognito.refreshes()).toHaveLength(1);
  });

  it('counts under 2 s of difference as none', async () => {
    cognito.skewMs = 1500;
    const storage = recordingStorage();
    await signedIn(storage);
    expect(JSON.parse(storage.values.get(KEY) ?? '').skew).toBe(0);
  });

  it('another machine uses the skew stored with the tokens until it has measured its own', async () => {
    // Machine A (whose clock is 10 minutes behind Cognito's) signs in and stores the tokens.
    cognito.skewMs = 10 * 60_000;
    const storage = memoryStorage();
    await signedIn(storage);
    // Machine B shares the storage through another client: it has measured nothing yet.
    const b = new CognitoSession(fakeClient(cognito), { storage });
    expect((await b.getTokens())?.expiresAt).toBe(T0 + 3600_000);
    vi.setSystemTime(T0 + 3600_000 - 61_000);
    await b.getAccessToken();
    expect(cognito.refreshes()).toHaveLength(0);
  });
});

describe('signOut', () => {
  it('clears the tokens and the pending sign-in, revokes the refresh token, emits signedOut, returns the logout URL', async () => {
    const storage = recordingStorage();
    const session = await signedIn(storage);
    await session.signIn();
    const events: unknown[] = [];
    session.on('signedOut', (event) => events.push(event));
    const result = await session.signOut({ logoutUri: 'https://app.example.com/' });
    expect(result).toEqual({
      logoutUrl: `https://auth.example.com/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent('https://app.example.com/')}`,
    });
    const revoke = cognito.sent.at(-1);
    expect(revoke?.path).toBe('/oauth2/revoke');
    expect(Object.fromEntries(revoke?.form ?? [])).toEqual({ token: 'refresh-1', client_id: CLIENT_ID });
    expect([...storage.values.keys()]).toEqual([]);
    expect(events).toEqual([{ reason: 'signOut' }]);
    await expect(session.getTokens()).resolves.toBeUndefined();
  });

  it('a failed revoke neither keeps the user signed in nor loses the logout URL', async () => {
    const storage = recordingStorage();
    const client = fakeClient(cognito);
    const session = new CognitoSession(client, { storage });
    const { url } = await session.signIn();
    await session.handleCallback(callbackFor(url));
    vi.spyOn(client, 'revokeToken').mockRejectedValueOnce(new CognitoOAuthError(ErrorCode.NETWORK_ERROR, 'offline'));
    const events: { reason: string; error?: unknown }[] = [];
    session.on('signedOut', (event) => events.push(event));
    const result = await session.signOut({ logoutUri: 'https://app.example.com/' });
    expect(result.logoutUrl).toMatch(/\/logout\?/);
    expect((result.revokeError as CognitoOAuthError).code).toBe(ErrorCode.NETWORK_ERROR);
    expect(events).toEqual([{ reason: 'signOut', error: result.revokeError }]);
    expect(storage.values.has(KEY)).toBe(false);
  });

  it('checks logoutUri before clearing anything', async () => {
    const storage = recordingStorage();
    const session = await signedIn(storage);
    await expect(session.signOut({ logoutUri: 'not a url' })).rejects.toBeInstanceOf(TypeError);
    expect(storage.values.has(KEY)).toBe(true);
  });

  it('a refresh that was in flight does not sign the user back in', async () => {
    const storage = recordingStorage();
    const session = await signedIn(storage);
    vi.setSystemTime(T0 + 3590_000);
    let release: () => void = () => {};
    cognito.queue(async (form) => {
      await new Promise<void>((resolve) => (release = resolve));
      return cognito.fetch('https://auth.example.com/oauth2/token', { method: 'POST', body: form });
    });
    const refreshing = session.getTokens();
    await vi.waitFor(() => expect(cognito.refreshes()).toHaveLength(1));
    await session.signOut();
    release();
    await expect(refreshing).resolves.toBeUndefined();
    expect(storage.values.has(KEY)).toBe(false);
  });
});

describe('events and options', () => {
  it('on() returns an unsubscribe function; a throwing listener does not break the session', async () => {
    const session = new CognitoSession(fakeClient(cognito));
    const listener = vi.fn();
    const off = session.on('signedIn', listener);
    off();
    const thrower = vi.fn(() => {
      throw new Error('listener bug');
    });
    session.on('signedIn', thrower);
    const uncaught = vi.fn();
    process.on('uncaughtException', uncaught);
    try {
      const { url } = await session.signIn();
      await expect(session.handleCallback(callbackFor(url))).resolves.toBeDefined();
      await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    } finally {
      process.off('uncaughtException', uncaught);
    }
    expect(listener).not.toHaveBeenCalled();
    expect(thrower).toHaveBeenCalledTimes(1);
  });

  it('refuses malformed options and unknown events with TypeErrors that name them', () => {
    const client = fakeClient(cognito);
    expect(() => new CognitoSession(client, { storage: {} as SessionStorage })).toThrow(/CognitoSession: storage must be a SessionStorage/);
    expect(() => new CognitoSession(client, { key: '' })).toThrow(/CognitoSession: key must be a non-empty string/);
    expect(() => new CognitoSession(client, { refreshMargin: -1 })).toThrow(/CognitoSession: refreshMargin must be/);
    expect(() => new CognitoSession(client, { autoRefresh: 'yes' as unknown as boolean })).toThrow(/CognitoSession: autoRefresh must be a boolean/);
    expect(() => new CognitoSession({} as never)).toThrow(/CognitoSession: client must be a CognitoOAuthClient/);
    const session = new CognitoSession(client);
    expect(() => session.on('expired' as never, () => {})).toThrow(/on: type must be/);
    expect(() => webStorage({} as Storage)).toThrow(/webStorage: area must be localStorage or sessionStorage/);
  });

  it('webStorage reads and writes a Web Storage area', async () => {
    const area = new Map<string, string>();
    const fake = {
      getItem: (k: string) => area.get(k) ?? null,
      setItem: (k: string, v: string) => void area.set(k, v),
      removeItem: (k: string) => void area.delete(k),
    } as unknown as Storage;
    const session = await signedIn(webStorage(fake));
    expect(JSON.parse(area.get(KEY) ?? '').tokens.accessToken).toBe('access-1');
    await session.signOut();
    expect(area.size).toBe(0);
  });
});

describe('autoRefresh', () => {
  it('refreshes on a timer when the tokens come due, and again for the next ones', async () => {
    const storage = memoryStorage();
    const session = new CognitoSession(fakeClient(cognito), { storage, autoRefresh: true });
    const refreshed = vi.fn();
    session.on('tokensRefreshed', refreshed);
    const { url } = await session.signIn();
    await session.handleCallback(callbackFor(url));
    await vi.advanceTimersByTimeAsync(3540_000 - 1);
    expect(cognito.refreshes()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(refreshed).toHaveBeenCalledTimes(1));
    await vi.advanceTimersByTimeAsync(3540_000);
    await vi.waitFor(() => expect(refreshed).toHaveBeenCalledTimes(2));
    expect(cognito.refreshes()).toHaveLength(2);
    session.dispose();
    await vi.advanceTimersByTimeAsync(4 * 3600_000);
    expect(cognito.refreshes()).toHaveLength(2);
  });

  it('refreshes at start-up tokens that came due while the page was closed', async () => {
    const storage = memoryStorage();
    await signedIn(storage);
    vi.setSystemTime(T0 + 5 * 3600_000);
    const session = new CognitoSession(fakeClient(cognito), { storage, autoRefresh: true });
    await vi.waitFor(() => expect(cognito.refreshes()).toHaveLength(1));
    session.dispose();
  });

  it('after a failed refresh, tries again 30 s later', async () => {
    const storage = memoryStorage();
    await signedIn(storage);
    vi.setSystemTime(T0 + 3590_000);
    cognito.queue(new TypeError('fetch failed'));
    const session = new CognitoSession(fakeClient(cognito), { storage, autoRefresh: true });
    await vi.waitFor(() => expect(cognito.refreshes()).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(cognito.refreshes()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(cognito.refreshes()).toHaveLength(2));
    session.dispose();
  });

  it('is off by default outside browsers: no timer is set', async () => {
    const session = await signedIn();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * 3600_000);
    expect(cognito.refreshes()).toHaveLength(0);
    session.dispose();
  });
});
