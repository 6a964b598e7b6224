// Where a CognitoSession keeps its tokens and its pending sign-in: a three-method interface that a
// Map, Web Storage, a cookie session, Redis or DynamoDB can all implement, sync or async.
import { invalid } from '../assert.js';

/**
 * A string key-value store for {@link CognitoSession}: synchronous (`localStorage`, a `Map`) or
 * asynchronous (a server-side session record, Redis, DynamoDB). Values are versioned JSON written
 * by the session; a value it cannot read counts as signed out.
 *
 * @example
 * ```ts
 * import type { SessionStorage } from 'cognito-oauth';
 *
 * // Over any async key-value client, e.g. a Redis-style one, bound to one user's session ID.
 * interface KeyValue {
 *   get(key: string): Promise<string | null>;
 *   set(key: string, value: string): Promise<unknown>;
 *   del(key: string): Promise<unknown>;
 * }
 * function kvStorage(kv: KeyValue, sessionId: string): SessionStorage {
 *   return {
 *     get: (key) => kv.get(`${sessionId}:${key}`),
 *     set: async (key, value) => void (await kv.set(`${sessionId}:${key}`, value)),
 *     remove: async (key) => void (await kv.del(`${sessionId}:${key}`)),
 *   };
 * }
 * ```
 * @group Sessions
 */
export interface SessionStorage {
  /** The value under `key`, or `null`/`undefined` when there is none. */
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  /** Stores `value` under `key`. */
  set(key: string, value: string): void | Promise<void>;
  /** Deletes `key`; deleting a missing key is not an error. */
  remove(key: string): void | Promise<void>;
}

/**
 * A {@link SessionStorage} in a `Map` of this JavaScript context: gone when the page or process
 * ends, and not shared with other tabs. The default of {@link CognitoSession}.
 *
 * @returns a new, empty storage
 * @example
 * ```ts
 * import { CognitoOAuthClient, CognitoSession, memoryStorage } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
 * const session = new CognitoSession(client, { storage: memoryStorage() });
 * ```
 * @group Sessions
 */
export function memoryStorage(): SessionStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
  };
}

/**
 * A {@link SessionStorage} over a Web Storage area. `localStorage` keeps the user signed in across
 * tabs and restarts (and lets every tab share one refresh token); `sessionStorage` keeps one session
 * per tab. Any script of the origin can read either, so guard the page against XSS.
 *
 * @param area - `localStorage` or `sessionStorage`
 * @returns the adapter
 * @throws TypeError when `area` is not a Web Storage object
 * @example
 * ```ts
 * import { CognitoOAuthClient, CognitoSession, webStorage } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
 * const session = new CognitoSession(client, { storage: webStorage(localStorage) });
 * ```
 * @group Sessions
 */
export function webStorage(area: Storage): SessionStorage {
  if (typeof area?.getItem !== 'function' || typeof area.setItem !== 'function' || typeof area.removeItem !== 'function') {
    invalid('webStorage: area', 'localStorage or sessionStorage', 'ERR_INVALID_ARG_TYPE');
  }
  return {
    get: (key) => area.getItem(key),
    set: (key, value) => area.setItem(key, value),
    remove: (key) => area.removeItem(key),
  };
}
