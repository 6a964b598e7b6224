// CognitoSession: keeps a user signed in on top of CognitoOAuthClient. Cognito's pages refuse to
// load in iframes, so renewal is by refresh token only; with refresh-token rotation every refresh
// spends the old token, so refreshes are serialised (one per storage and key in a process, a Web
// Lock across tabs) and the storage is read again before and after each one.
import type { CognitoOAuthClient } from '../client.js';
import { CognitoOAuthError } from '../errors.js';
import type { CognitoIdTokenClaims } from '../jwt.js';
import { invalid, nonEmptyString, wholeNumber } from '../assert.js';
import type { AuthorizeParams, TokenSet } from '../types.js';
import { memoryStorage, type SessionStorage } from './storage.js';

/**
 * Options of {@link CognitoSession}.
 *
 * @example
 * ```ts
 * import type { CognitoSessionOptions } from 'cognito-oauth';
 *
 * const options: CognitoSessionOptions = { key: 'my-app', refreshMargin: 120 };
 * ```
 * @group Sessions
 */
export interface CognitoSessionOptions {
  /**
   * Where tokens and the pending sign-in are kept: {@link memoryStorage} (this page or process
   * only), {@link webStorage} over `localStorage` (shared by the tabs of the origin) or
   * `sessionStorage` (one tab), or your own async {@link SessionStorage} on a server.
   * @default memoryStorage()
   */
  storage?: SessionStorage | undefined;
  /**
   * The namespace inside the storage: tokens are kept under `key`, the pending sign-in under
   * `${key}:pending`. Two apps on one origin, or two users in one server-side record, use two keys.
   * @default 'cognito-oauth'
   */
  key?: string | undefined;
  /**
   * Seconds before the access token expires at which it is due for a refresh. Capped at half the
   * token's lifetime, so short-lived tokens are not refreshed on every call.
   * @default 60
   */
  refreshMargin?: number | undefined;
  /**
   * Refresh on a timer when the tokens come due, at start-up when they came due while the page was
   * closed, and when the tab becomes visible again. The timer never keeps a Node process alive.
   * @default true where `document` exists (a browser page), false elsewhere
   */
  autoRefresh?: boolean | undefined;
  /**
   * Tell the other tabs of the origin about sign-in, refresh and sign-out (`BroadcastChannel`), and
   * take a Web Lock (`navigator.locks`) around each refresh. Without `BroadcastChannel` (browsers
   * before 2022) tabs are not told, but tabs sharing `localStorage` still read it on every call, so
   * each picks up the others' tokens. Keep it off on servers: there, sessions of different users
   * share the process.
   * @default true where `document` exists (a browser page), false elsewhere
   */
  crossTab?: boolean | undefined;
}

/**
 * Why a session ended; see {@link CognitoSessionEvents.signedOut}.
 * @group Sessions
 */
export type SignOutReason = 'signOut' | 'refreshRejected' | 'expired' | 'otherTab';

/**
 * The events of {@link CognitoSession.on} and what their listeners receive.
 *
 * @example
 * ```ts
 * import type { CognitoSessionEvents } from 'cognito-oauth';
 *
 * function onSignedOut(event: CognitoSessionEvents['signedOut']): void {
 *   if (event.reason === 'refreshRejected') console.log('Your session ended; please sign in again.');
 * }
 * ```
 * @group Sessions
 */
export interface CognitoSessionEvents {
  /** A callback was handled, here or in another tab. */
  signedIn: {
    /** The tokens, as {@link CognitoSession.getTokens} returns them. */
    tokens: TokenSet;
    /** The verified ID-token claims, as `handleCallback` returns them; absent for another tab's sign-in. */
    user?: CognitoIdTokenClaims | undefined;
    /** True when another tab signed in (this one read the tokens from the shared storage). */
    fromOtherTab: boolean;
  };
  /** New tokens are stored, refreshed here or in another tab. */
  tokensRefreshed: {
    /** The new tokens. */
    tokens: TokenSet;
    /** True when another tab refreshed. */
    fromOtherTab: boolean;
  };
  /** The session ended; the tokens are gone from the storage. */
  signedOut: {
    /**
     * `signOut` (here), `otherTab`, `refreshRejected` (Cognito refused the refresh token) or
     * `expired` (the tokens expired with no refresh token to renew them).
     */
    reason: SignOutReason;
    /** For `refreshRejected`, Cognito's `OAuthError`; for `signOut`, the revoke error, if revoking failed. */
    error?: unknown;
  };
  /** A refresh failed without ending the session (network, timeout, 5xx, a token that fails verification). */
  refreshFailed: {
    /** The refresh's error: a `CognitoOAuthError` (or `OAuthError`) with its code. */
    error: unknown;
  };
}

/**
 * What {@link CognitoSession.signOut} returns.
 * @group Sessions
 */
export interface SignOutResult {
  /** Cognito's `/logout` URL, when `logoutUri` was given: send the browser there to end the managed-login session too. */
  logoutUrl?: string;
  /** Why revoking the refresh token failed, when it did; the local session is cleared anyway. */
  revokeError?: unknown;
}

/** What a session keeps under its key: the tokens, with `expiresAt` on the server's clock. */
interface Saved {
  v: 1;
  tokens: TokenSet;
  /** The server's clock minus ours, in ms, when the tokens arrived. */
  skew: number;
}

interface Pending {
  v: 1;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

const EVENTS = ['signedIn', 'tokensRefreshed', 'signedOut', 'refreshFailed'];
// Failures that say nothing about the refresh token: the current tokens stay.
const TRANSIENT = ['NETWORK_ERROR', 'TIMEOUT', 'HTTP_ERROR', 'INVALID_RESPONSE', 'RESPONSE_TOO_LARGE', 'UNEXPECTED_REDIRECT'];
const RETRY_MS = 30_000;

// One refresh at a time per storage and key in this JavaScript context, whichever instance asks.
const flights = /* @__PURE__ */ new WeakMap<SessionStorage, Map<string, Promise<Saved | undefined>>>();
// The server's clock minus this machine's, last measured through each client. A record written on
// another machine carries that machine's skew, used only until this one has measured its own.
const skews = /* @__PURE__ */ new WeakMap<CognitoOAuthClient, number>();

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isOptionalText = (value: unknown): boolean => value === undefined || isText(value);
const isSaved = ({ tokens: t, skew }: Saved): boolean =>
  isText(t?.accessToken) &&
  isOptionalText(t.idToken) &&
  isOptionalText(t.refreshToken) &&
  Number.isFinite(t.expiresAt + t.expiresIn + skew);
const isPending = (p: Pending): boolean => isText(p.state) && isText(p.nonce) && isText(p.codeVerifier) && isText(p.redirectUri);

// Duck-typed rather than `instanceof`: the CommonJS build of this entry may hold its own copy of the error classes.
const isInvalidGrant = (error: unknown): boolean =>
  (error as CognitoOAuthError)?.code === 'OAUTH_ERROR' && (error as { error?: string }).error === 'invalid_grant';
const isTransient = (error: unknown): boolean => {
  const { code, status = 0 } = (error ?? {}) as { code?: string; status?: number };
  return TRANSIENT.includes(code as string) || (code === 'OAUTH_ERROR' && (status >= 500 || status === 429));
};

/**
 * Keeps a user signed in: the code flow with its state kept in a {@link SessionStorage}, tokens
 * refreshed when they come due (one refresh at a time, even across tabs, with refresh-token
 * rotation in mind), and sign-in, refresh and sign-out shared with the other tabs.
 *
 * In a browser, create one per page over {@link webStorage}. On a server, create one per request
 * over an async storage bound to that user's server-side session record.
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient, CognitoSession, webStorage } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({
 *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: 'https://app.example.com/callback',
 *   scopes: ['openid', 'email'],
 *   userPoolId: 'us-east-1_Example',
 * });
 * const session = new CognitoSession(client, { storage: webStorage(localStorage) });
 *
 * if (location.pathname === '/callback') {
 *   await session.handleCallback(location.href);
 *   history.replaceState(null, '', '/');
 * }
 * const accessToken = await session.getAccessToken().catch(() => undefined);
 * if (accessToken === undefined) location.assign((await session.signIn()).url);
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
 * @group Sessions
 */
export class CognitoSession {
  readonly #client: CognitoOAuthClient;
  readonly #storage: SessionStorage;
  readonly #key: string;
  readonly #pendingKey: string;
  readonly #margin: number;
  readonly #auto: boolean;
  readonly #sync: boolean;
  readonly #listeners = new Map<string, Set<(event: never) => void>>();
  #channel: BroadcastChannel | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #user: [idToken: string, claims: CognitoIdTokenClaims] | undefined;
  #disposed = false;

  /**
   * Creates a session over `client`; it reads what `storage` already holds (a user signed in
   * before a reload stays signed in).
   *
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession, webStorage } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({
   *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
   *   clientId: '1example23456789',
   *   redirectUri: 'https://app.example.com/callback',
   *   scopes: ['openid', 'email'],
   *   userPoolId: 'us-east-1_AbC123',
   * });
   * const session = new CognitoSession(client, { storage: webStorage(sessionStorage) });
   * ```
   * @param client - the app client to sign in with
   * @param options - storage, key, refresh margin, auto refresh, cross-tab sync
   * @throws TypeError when an option is malformed
   */
  constructor(client: CognitoOAuthClient, options: CognitoSessionOptions = {}) {
    const P = 'CognitoSession: ';
    if (typeof client?.refreshTokens !== 'function') invalid(`${P}client`, 'a CognitoOAuthClient', 'ERR_INVALID_ARG_TYPE');
    const browser = typeof document !== 'undefined';
    const { storage = memoryStorage(), key = 'cognito-oauth', refreshMargin, autoRefresh = browser, crossTab = browser } = options ?? {};
    if (['get', 'set', 'remove'].some((name) => typeof (storage as unknown as Record<string, unknown>)?.[name] !== 'function')) {
      invalid(`${P}storage`, 'a SessionStorage (get, set and remove)', 'ERR_INVALID_ARG_TYPE');
    }
    nonEmptyString(key, `${P}key`);
    for (const [name, value] of Object.entries({ autoRefresh, crossTab }))
      if (typeof value !== 'boolean') invalid(P + name, 'a boolean', 'ERR_INVALID_ARG_TYPE');
    this.#client = client;
    this.#storage = storage;
    this.#key = key;
    this.#pendingKey = `${key}:pending`;
    this.#margin = wholeNumber(refreshMargin, `${P}refreshMargin`, 60, 0, 86_400) * 1000;
    this.#auto = autoRefresh;
    this.#sync = crossTab;
    if (crossTab && typeof BroadcastChannel === 'function') {
      const channel = (this.#channel = new BroadcastChannel(`cognito-oauth:${key}`));
      channel.onmessage = (event) => void this.#remote(event.data);
      // Node's channel would keep the process alive.
      (channel as { unref?: () => void }).unref?.();
    }
    if (autoRefresh) {
      if (browser) document.addEventListener('visibilitychange', this.#onVisible);
      void this.#tick();
    }
  }

  /**
   * Builds the authorize URL (PKCE, `state`, `nonce`) and keeps what the callback needs in the
   * storage under `${key}:pending`. Loads no network code: a sign-in page ships neither ky nor zod.
   *
   * @param params - as for {@link CognitoOAuthClient.buildAuthorizeUrl}
   * @returns the URL to send the browser to
   * @throws TypeError when a parameter is malformed, or the client has no redirect URI
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession, webStorage } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const session = new CognitoSession(client, { storage: webStorage(localStorage) });
   * location.assign((await session.signIn({ lang: 'fr' })).url);
   * ```
   */
  async signIn(params?: AuthorizeParams): Promise<{
    /** The authorize URL to send the browser to. */
    url: string;
  }> {
    const { url, state, nonce, codeVerifier, redirectUri } = await this.#client.buildAuthorizeUrl(params);
    const pending: Pending = { v: 1, state, nonce, codeVerifier, redirectUri };
    await this.#storage.set(this.#pendingKey, JSON.stringify(pending));
    return { url };
  }

  /**
   * Finishes the sign-in: checks the callback's `state` against the pending sign-in, exchanges the
   * code with its verifier and nonce, stores the tokens and tells the other tabs. The pending
   * sign-in is removed whatever the outcome, so a replayed callback URL is refused without a token
   * request.
   *
   * @param url - the callback URL, absolute: `location.href`, or on a server `new URL(req.url, 'https://your.host')`
   * @returns the tokens, and `user`: the ID token's claims, verified, when the client has
   *   `userPoolId` or `issuer` (absent otherwise: claims that were not verified are never returned)
   * @throws TypeError when `url` is not absolute
   * @throws {@link CognitoOAuthError} `STATE_MISMATCH` also when no sign-in is pending (already handled,
   *   or signed in through another storage or key), and every error of `parseCallback` and `exchangeCode`
   * @throws {@link OAuthError} for Cognito's error redirects and token errors
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession, webStorage } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const session = new CognitoSession(client, { storage: webStorage(localStorage) });
   * const { tokens } = await session.handleCallback(location.href);
   * console.log(new Date(tokens.expiresAt));
   * ```
   */
  async handleCallback(url: string | URL): Promise<{
    /** The tokens, as {@link getTokens} returns them. */
    tokens: TokenSet;
    /** The ID token's claims, verified; absent when the client does not verify (no `userPoolId` or `issuer`). */
    user?: CognitoIdTokenClaims | undefined;
  }> {
    if (!(url instanceof URL) && !/^[a-z][\w+.-]*:/i.test(String(url))) {
      invalid('handleCallback: url', "an absolute URL; on a server pass new URL(req.url, 'https://your.host')");
    }
    const pending = await this.#load<Pending>(this.#pendingKey, isPending);
    await this.#storage.remove(this.#pendingKey);
    if (!pending) {
      throw new CognitoOAuthError(
        'STATE_MISMATCH',
        'No sign-in is pending: the callback was handled already, or signIn() used another storage or key',
      );
    }
    const { code } = this.#client.parseCallback(url, { expectedState: pending.state });
    const { nonce, codeVerifier, redirectUri } = pending;
    const tokens = await this.#client.exchangeCode({ code, codeVerifier, nonce, redirectUri });
    const user = await this.#claims(tokens.idToken, nonce);
    const saved = await this.#store(tokens);
    const result = { tokens: this.#out(saved), user };
    this.#tell('signedIn');
    this.#emit('signedIn', { ...result, fromOtherTab: false });
    return result;
  }

  /**
   * The access token, refreshed first when it is due (see `refreshMargin`).
   *
   * When the refresh fails for a transient reason (network, timeout, 5xx, a proxy's HTML page),
   * the current token is returned while it has not expired. When Cognito refuses the refresh token
   * (`invalid_grant`) and no newer one is in the storage, the session is cleared, `signedOut` is
   * emitted and the `OAuthError` is thrown.
   *
   * @returns the access token
   * @throws {@link CognitoOAuthError} `NOT_SIGNED_IN`; or the refresh's error (see {@link CognitoOAuthClient.refreshTokens})
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });
   * const session = new CognitoSession(client);
   * const response = await fetch('https://api.example.com/orders', {
   *   headers: { authorization: `Bearer ${await session.getAccessToken()}` },
   * });
   * ```
   */
  async getAccessToken(): Promise<string> {
    const tokens = await this.getTokens();
    if (!tokens) throw new CognitoOAuthError('NOT_SIGNED_IN', 'No user is signed in to this session');
    return tokens.accessToken;
  }

  /**
   * The tokens, refreshed first when they are due, or `undefined` when no user is signed in.
   * `expiresAt` is on this machine's clock.
   *
   * @returns the tokens, or `undefined`
   * @throws the refresh's error, as for {@link getAccessToken}
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession } from 'cognito-oauth';
   *
   * const session = new CognitoSession(new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' }));
   * const tokens = await session.getTokens();
   * console.log(tokens ? `signed in until ${new Date(tokens.expiresAt).toISOString()}` : 'signed out');
   * ```
   */
  async getTokens(): Promise<TokenSet | undefined> {
    const saved = await this.#current();
    return saved && this.#out(saved);
  }

  /**
   * The claims of the ID token, verified (signature, issuer, expiry, audience), or `undefined` when
   * no user is signed in, the tokens have no ID token, or the client cannot verify (neither
   * `userPoolId` nor `issuer` set). A stored token is verified once per session instance, with
   * {@link CognitoOAuthClient.verifyIdToken}: also when `dangerouslySkipIdTokenVerification` is set.
   *
   * @returns the verified claims, or `undefined`
   * @throws the refresh's error, as for {@link getAccessToken}, or a verification error (see {@link CognitoOAuthClient.verifyIdToken})
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', userPoolId: 'us-east-1_AbC123' });
   * const user = await new CognitoSession(client).getUser();
   * console.log(user?.email ?? 'signed out');
   * ```
   */
  async getUser(): Promise<CognitoIdTokenClaims | undefined> {
    return this.#claims((await this.#current())?.tokens.idToken);
  }

  /**
   * Signs out: clears the tokens and the pending sign-in, tells the other tabs, revokes the refresh
   * token at Cognito, and emits `signedOut`. A failed revoke does not keep the user signed in: it
   * is returned as `revokeError` (and in the event).
   *
   * @param options - `logoutUri`: an Allowed sign-out URL, to get Cognito's `/logout` URL back
   * @returns `logoutUrl` when `logoutUri` was given, and `revokeError` when revoking failed
   * @throws TypeError when `logoutUri` is malformed (checked before anything is cleared)
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession, webStorage } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });
   * const session = new CognitoSession(client, { storage: webStorage(localStorage) });
   * const { logoutUrl } = await session.signOut({ logoutUri: 'https://app.example.com/' });
   * if (logoutUrl) location.assign(logoutUrl);
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
   */
  async signOut(options: { logoutUri?: string | undefined } = {}): Promise<SignOutResult> {
    const logoutUri = options?.logoutUri;
    const result: SignOutResult = {};
    if (logoutUri !== undefined) result.logoutUrl = this.#client.buildLogoutUrl({ logoutUri });
    const refreshToken = (await this.#read())?.tokens.refreshToken;
    await this.#clear();
    await this.#storage.remove(this.#pendingKey);
    this.#tell('signedOut');
    if (refreshToken) {
      await this.#client.revokeToken(refreshToken).catch((error: unknown) => {
        result.revokeError = error;
      });
    }
    this.#emit('signedOut', { reason: 'signOut', error: result.revokeError });
    return result;
  }

  /**
   * Listens to an event of this session (and, with `crossTab`, of the other tabs).
   *
   * @param type - `signedIn`, `tokensRefreshed`, `signedOut` or `refreshFailed`
   * @param listener - called with the event; an error it throws is rethrown asynchronously
   * @returns a function that removes the listener
   * @throws TypeError for an unknown event or a listener that is not a function
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession } from 'cognito-oauth';
   *
   * const session = new CognitoSession(new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' }));
   * const stop = session.on('signedOut', ({ reason }) => console.log('signed out:', reason));
   * stop();
   * ```
   */
  on<T extends keyof CognitoSessionEvents>(type: T, listener: (event: CognitoSessionEvents[T]) => void): () => void {
    if (!EVENTS.includes(type)) invalid('on: type', EVENTS.join(', '));
    if (typeof listener !== 'function') invalid('on: listener', 'a function', 'ERR_INVALID_ARG_TYPE');
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  /**
   * Stops the refresh timer and the cross-tab listeners. The session still answers calls; it just
   * no longer acts on its own. Call it when a page component that made the session goes away.
   *
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoSession } from 'cognito-oauth';
   *
   * const session = new CognitoSession(new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' }));
   * session.dispose();
   * ```
   */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#channel?.close();
    this.#channel = undefined;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisible);
  }

  /** The stored tokens, refreshed when due; `undefined` when signed out. */
  async #current(): Promise<Saved | undefined> {
    const saved = await this.#read();
    return saved && Date.now() >= this.#dueAt(saved) ? this.#refresh() : saved;
  }

  #refresh(): Promise<Saved | undefined> {
    let byKey = flights.get(this.#storage);
    if (!byKey) flights.set(this.#storage, (byKey = new Map<string, Promise<Saved | undefined>>()));
    let flight = byKey.get(this.#key);
    if (!flight) {
      const locks = this.#sync ? (globalThis as { navigator?: Navigator }).navigator?.locks : undefined;
      const renew = (): Promise<Saved | undefined> => this.#renew(true);
      const map = byKey;
      flight = (locks ? locks.request(`cognito-oauth:${this.#key}`, renew) : renew()).finally(() => map.delete(this.#key));
      byKey.set(this.#key, flight);
    }
    return flight;
  }

  async #renew(retry: boolean): Promise<Saved | undefined> {
    // Read again: another tab or instance may have refreshed while this one waited for the lock.
    const saved = await this.#read();
    if (!saved || Date.now() < this.#dueAt(saved)) return saved;
    const refreshToken = saved.tokens.refreshToken;
    const expired = Date.now() >= saved.tokens.expiresAt - this.#skew(saved);
    if (!refreshToken) return expired ? this.#end('expired') : saved;
    let tokens: TokenSet;
    try {
      tokens = await this.#client.refreshTokens(refreshToken);
    } catch (error) {
      if (isInvalidGrant(error)) {
        // Another tab or instance may have rotated the refresh token since it was read.
        const latest = await this.#read();
        if (latest && latest.tokens.refreshToken !== refreshToken) return retry ? this.#renew(false) : latest;
        await this.#end('refreshRejected', error);
        throw error;
      }
      this.#emit('refreshFailed', { error });
      if (isTransient(error) && !expired) return saved;
      throw error;
    }
    // Signed out, or rotated by another instance, while the request was out: keep what is there.
    const latest = await this.#read();
    if (latest?.tokens.refreshToken !== refreshToken) return latest;
    // The rotated refresh token is stored before anyone gets the new tokens.
    const next = await this.#store(tokens);
    this.#tell('tokensRefreshed');
    this.#emit('tokensRefreshed', { tokens: this.#out(next), fromOtherTab: false });
    return next;
  }

  /**
   * Keeps the tokens with `expiresAt` moved to the server's clock. The skew comes from the tokens'
   * `iat`: the token endpoint's `Date` header is not readable cross-origin (Cognito exposes no
   * headers to CORS). `iat` counts whole seconds and the token was issued between sending and now,
   * so a difference under 2 s is noise and counts as none. Without a JWT to read, the last skew
   * measured through this client is kept.
   */
  async #store(tokens: TokenSet): Promise<Saved> {
    let skew = skews.get(this.#client) ?? 0;
    try {
      // Only `iat` is read, and a token that cannot be read means no measurement, never an error:
      // jwt.ts's decoder (checks, UTF-8, typed errors) would add 0.35 KB gzip to every session page.
      const { iat } = JSON.parse(atob((tokens.idToken ?? tokens.accessToken).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
        iat?: unknown;
      };
      if (typeof iat === 'number') {
        const measured = Math.round(iat * 1000 + 500 - (tokens.expiresAt - tokens.expiresIn * 1000 + Date.now()) / 2);
        skews.set(this.#client, (skew = Math.abs(measured) > 2000 ? measured : 0));
      }
    } catch {
      // An opaque access token and no ID token: nothing to measure.
    }
    const saved: Saved = { v: 1, tokens: { ...tokens, expiresAt: tokens.expiresAt + skew }, skew };
    await this.#storage.set(this.#key, JSON.stringify(saved));
    this.#arm(saved);
    return saved;
  }

  async #end(reason: SignOutReason, error?: unknown): Promise<undefined> {
    await this.#clear().catch(() => {});
    this.#tell('signedOut');
    this.#emit('signedOut', { reason, error });
    return undefined;
  }

  async #clear(): Promise<void> {
    this.#user = undefined;
    clearTimeout(this.#timer);
    await this.#storage.remove(this.#key);
  }

  /** Local time at which the tokens are due: `refreshMargin` (at most half their lifetime) before expiry. */
  #dueAt(saved: Saved): number {
    return saved.tokens.expiresAt - this.#skew(saved) - Math.min(this.#margin, saved.tokens.expiresIn * 500);
  }

  #skew(saved: Saved): number {
    return skews.get(this.#client) ?? saved.skew;
  }

  #out(saved: Saved): TokenSet {
    return { ...saved.tokens, expiresAt: saved.tokens.expiresAt - this.#skew(saved) };
  }

  #read(): Promise<Saved | undefined> {
    return this.#load<Saved>(this.#key, isSaved);
  }

  /** Reads versioned JSON; anything unreadable (a failing storage, garbage, another version) is `undefined`. */
  async #load<T extends { v: 1 }>(key: string, check: (value: T) => boolean): Promise<T | undefined> {
    try {
      const value = JSON.parse((await this.#storage.get(key)) ?? 'null') as T | null;
      return value?.v === 1 && check(value) ? value : undefined;
    } catch {
      // No cause, no rethrow: JSON.parse's SyntaxError quotes the stored text.
      return undefined;
    }
  }

  async #claims(idToken: string | undefined, nonce?: string): Promise<CognitoIdTokenClaims | undefined> {
    if (idToken === undefined || this.#client.issuer === undefined) return undefined;
    if (this.#user?.[0] !== idToken)
      this.#user = [idToken, await this.#client.verifyIdToken(idToken, nonce === undefined ? {} : { nonce })];
    return this.#user[1];
  }

  #emit<T extends keyof CognitoSessionEvents>(type: T, event: CognitoSessionEvents[T]): void {
    for (const listener of this.#listeners.get(type) ?? []) {
      try {
        (listener as (event: CognitoSessionEvents[T]) => void)(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #tell(type: 'signedIn' | 'tokensRefreshed' | 'signedOut'): void {
    this.#channel?.postMessage(type);
  }

  /** Another tab signed in, refreshed or signed out: follow it. */
  async #remote(type: unknown): Promise<void> {
    if (type === 'signedOut') {
      await this.#clear().catch(() => {});
      this.#emit('signedOut', { reason: 'otherTab' });
    } else if (type === 'signedIn' || type === 'tokensRefreshed') {
      const saved = await this.#read();
      // A tab with its own storage (memory, sessionStorage) has nothing new to read.
      if (saved) {
        this.#arm(saved);
        this.#emit(type, { tokens: this.#out(saved), fromOtherTab: true });
      }
    }
  }

  readonly #onVisible = (): void => {
    if (document.visibilityState === 'visible') void this.#tick();
  };

  /** Refreshes when due and sets the timer for the next time; after a failed refresh, tries again in 30 s. */
  async #tick(): Promise<void> {
    let saved: Saved | undefined;
    try {
      saved = await this.#current();
    } catch {
      saved = await this.#read();
    }
    this.#arm(saved, saved !== undefined && Date.now() >= this.#dueAt(saved));
  }

  #arm(saved: Saved | undefined, failed = false): void {
    clearTimeout(this.#timer);
    if (!this.#auto || this.#disposed || !saved?.tokens.refreshToken) return;
    const delay = failed ? RETRY_MS : this.#dueAt(saved) - Date.now();
    this.#timer = setTimeout(() => void this.#tick(), Math.min(Math.max(delay, 0), 2 ** 31 - 1));
    (this.#timer as { unref?: () => void }).unref?.();
  }
}
