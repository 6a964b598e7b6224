// Cross-tab behaviour in Node: BroadcastChannel is real here (Node 20 has it), Web Locks are stood
// in for. Each "tab" is a CognitoSession with `crossTab: true`. The Chromium
// two-tab tests cover a real browser.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoSession, memoryStorage, type CognitoSessionEvents, type SessionStorage } from '../../src/index.js';
import { callbackFor, fakeClient, fakeCognito, idToken } from '../support/fake-token-endpoint.js';

const KEY = 'cognito-oauth';
const sessions: CognitoSession[] = [];

afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
  vi.unstubAllGlobals();
});

function tab(storage: SessionStorage, cognito = fakeCognito({ rotate: true }), key = KEY): CognitoSession {
  const session = new CognitoSession(fakeClient(cognito), { storage, crossTab: true, key });
  sessions.push(session);
  return session;
}

function nextEvent<T extends keyof CognitoSessionEvents>(session: CognitoSession, type: T): Promise<CognitoSessionEvents[T]> {
  return new Promise((resolve) => {
    const off = session.on(type, (event) => {
      off();
      resolve(event);
    });
  });
}

/** Tokens that are due now (issued an hour ago), to make the next call refresh. */
function dueRecord(refreshToken: string): string {
  const issued = Date.now() - 3600_000;
  return JSON.stringify({
    v: 1,
    tokens: { accessToken: 'old', idToken: idToken(issued, 3600), refreshToken, tokenType: 'Bearer', expiresIn: 3600, expiresAt: issued + 3600_000 },
    skew: 0,
  });
}

describe('BroadcastChannel', () => {
  it('sign-in, refresh and sign-out reach the other tab within a second', async () => {
    const storage = memoryStorage(); // stands in for localStorage: shared by both tabs
    const cognito = fakeCognito({ rotate: true });
    const one = tab(storage, cognito);
    const two = tab(storage, cognito);

    const signedIn = nextEvent(two, 'signedIn');
    const started = Date.now();
    const { url } = await one.signIn();
    const { tokens } = await one.handleCallback(callbackFor(url));
    await expect(signedIn).resolves.toEqual({ tokens, fromOtherTab: true });

    storage.set(KEY, dueRecord(tokens.refreshToken ?? ''));
    const refreshed = nextEvent(two, 'tokensRefreshed');
    const fresh = await one.getTokens();
    await expect(refreshed).resolves.toEqual({ tokens: fresh, fromOtherTab: true });

    const signedOut = nextEvent(two, 'signedOut');
    await one.signOut();
    await expect(signedOut).resolves.toEqual({ reason: 'otherTab' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('sign-out reaches tabs that keep their own storage (memory, sessionStorage) and clears it', async () => {
    const cognito = fakeCognito({ rotate: true });
    const own = memoryStorage();
    const one = tab(memoryStorage(), cognito);
    const two = tab(own, cognito);
    const { url } = await two.signIn();
    await two.handleCallback(callbackFor(url));
    const signedOut = nextEvent(two, 'signedOut');
    await one.signOut();
    await expect(signedOut).resolves.toEqual({ reason: 'otherTab' });
    await expect(two.getTokens()).resolves.toBeUndefined();
  });

  it('keeps keys apart: another key on the same origin hears nothing', async () => {
    const storage = memoryStorage();
    const one = tab(storage, undefined, 'app-a');
    const other = tab(storage, undefined, 'app-b');
    const heard = vi.fn();
    other.on('signedOut', heard);
    const same = tab(storage, undefined, 'app-a');
    const signedOut = nextEvent(same, 'signedOut');
    await one.signOut();
    await signedOut;
    expect(heard).not.toHaveBeenCalled();
  });

  it('dispose() closes the channel: a disposed tab hears nothing more', async () => {
    const storage = memoryStorage();
    const one = tab(storage);
    const two = tab(storage);
    const three = tab(storage);
    const heard = vi.fn();
    two.on('signedOut', heard);
    two.dispose();
    const signedOut = nextEvent(three, 'signedOut');
    await one.signOut();
    await signedOut;
    expect(heard).not.toHaveBeenCalled();
  });

  it('is off by default outside browsers (no channel between per-request server sessions)', async () => {
    const storage = memoryStorage();
    const one = new CognitoSession(fakeClient(fakeCognito()), { storage });
    const two = new CognitoSession(fakeClient(fakeCognito()), { storage });
    const heard = vi.fn();
    two.on('signedOut', heard);
    await one.signOut();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).not.toHaveBeenCalled();
  });
});

describe('without BroadcastChannel', () => {
  it('tabs are not told, but a tab sharing the storage picks up the other tab\'s refresh on its next call', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const storage = memoryStorage();
    const cognito = fakeCognito({ rotate: true });
    const one = tab(storage, cognito);
    const two = tab(storage, cognito);
    const heard = vi.fn();
    two.on('signedIn', heard);
    const { url } = await one.signIn();
    const { tokens } = await one.handleCallback(callbackFor(url));
    await expect(two.getTokens()).resolves.toEqual(tokens);
    storage.set(KEY, dueRecord(tokens.refreshToken ?? ''));
    const fresh = await one.getTokens();
    await expect(two.getTokens()).resolves.toEqual(fresh);
    expect(cognito.refreshes()).toHaveLength(1);
    expect(heard).not.toHaveBeenCalled();
  });
});

describe('Web Locks', () => {
  /** A LockManager stand-in shared by the "tabs": one holder per name, FIFO. */
  function fakeLocks() {
    const queues = new Map<string, Promise<unknown>>();
    const names: string[] = [];
    return {
      names,
      request<T>(name: string, callback: () => Promise<T>): Promise<T> {
        names.push(name);
        const previous = queues.get(name) ?? Promise.resolve();
        const run = previous.then(callback, callback);
        queues.set(name, run.catch(() => {}));
        return run;
      },
    };
  }

  it('refreshes inside the lock named after the key, and reads the storage again inside it', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks });
    const storage = memoryStorage();
    const cognito = fakeCognito({ rotate: true });
    const one = tab(storage, cognito, 'app');
    storage.set('app', dueRecord('r1'));

    // Another tab holds the lock and rotates the token meanwhile: this tab must not POST the spent one.
    let release: () => void = () => {};
    const held = locks.request('cognito-oauth:app', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      storage.set('app', dueRecord('r2').replace('"old"', '"rotated-elsewhere"').replace(/"expiresAt":\d+/, `"expiresAt":${Date.now() + 3600_000}`));
    });
    const waiting = one.getAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cognito.refreshes()).toHaveLength(0);
    release();
    await held;
    await expect(waiting).resolves.toBe('rotated-elsewhere');
    expect(cognito.refreshes()).toHaveLength(0);
    expect(locks.names).toEqual(['cognito-oauth:app', 'cognito-oauth:app']);

    // With nobody else refreshing, the tab refreshes inside the lock.
    storage.set('app', dueRecord('r2'));
    await expect(one.getAccessToken()).resolves.toMatch(/^access-/);
    expect(cognito.refreshes().map((form) => form.get('refresh_token'))).toEqual(['r2']);
    expect(locks.names).toHaveLength(3);
  });
});
