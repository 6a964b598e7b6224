// Server-side sign-in with Cognito managed login, a confidential app client and Hono, with one
// CognitoSession per request over the user's server-side session record.
//
//   GET  /login     CognitoSession.signIn(): keeps its pending sign-in (state, nonce, PKCE verifier)
//                   in a signed, httpOnly, 10-minute cookie; redirects to Cognito
//   GET  /callback  a new session record, handleCallback(): checks state, exchanges the code (with
//                   the client secret), verifies the ID token and its nonce, stores the tokens
//   GET  /me        the user's claims from userInfo; the session refreshes the access token when due
//   POST /logout    signOut(): clears the record, revokes the refresh token, redirects to Cognito's /logout
//
// Tokens stay on the server; the browser only holds a random session ID.
import {
  CognitoOAuthClient,
  CognitoOAuthError,
  CognitoSession,
  OAuthError,
  memoryStorage,
  type CognitoOAuthClientOptions,
  type SessionStorage,
} from 'cognito-oauth';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { MemorySessionStore } from './session-store.js';
import { importCookieKey, seal, unseal } from './signed-cookie.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /**
   * The Cognito app client: `domain`, `clientId`, `clientSecret`, `redirectUri` (this app's
   * `/callback`), `scopes` (with `openid`), and `userPoolId` (or `issuer`) so that every sign-in's
   * ID token is verified.
   */
  cognito: CognitoOAuthClientOptions;
  /** Where Cognito sends the browser after sign-out: one of the app client's Allowed sign-out URLs. */
  logoutUri: string;
  /** A random secret of at least 32 characters that signs the sign-in cookie. */
  cookieSecret: string;
  /** Mark cookies `Secure` and give them the `__Host-` prefix. Turn off only for plain-http local development. @default true */
  secureCookies?: boolean;
  /** How long a session lasts, in seconds, however often its tokens are refreshed. @default 28800 (8 hours) */
  sessionTtlSeconds?: number;
  /** Where session records are kept. @default a new {@link MemorySessionStore} */
  store?: MemorySessionStore;
}

// Cognito cancels a sign-in that is not finished within five minutes, and a code lives five minutes.
const SIGN_IN_COOKIE_SECONDS = 600;
// CognitoSession's namespace in a record (its default), and where it keeps the pending sign-in.
const KEY = 'cognito-oauth';
const PENDING_KEY = `${KEY}:pending`;

/** Builds the Hono app; serve it with `@hono/node-server`, Bun, Deno or a Worker. */
export function createApp(options: AppOptions): Hono {
  if (options.cognito.clientSecret === undefined) {
    throw new TypeError('createApp: cognito.clientSecret is required (this example is for a confidential app client)');
  }
  const client = new CognitoOAuthClient(options.cognito);
  if (client.issuer === undefined) {
    throw new TypeError('createApp: set cognito.userPoolId (or cognito.issuer) so that the ID token of every sign-in is verified');
  }
  const store = options.store ?? new MemorySessionStore();
  const secure = options.secureCookies ?? true;
  const sessionTtlMs = (options.sessionTtlSeconds ?? 8 * 3600) * 1000;
  // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
  const names = secure ? { signIn: '__Host-signin', session: '__Host-sid' } : { signIn: 'signin', session: 'sid' };
  // SameSite=Lax, not Strict: the callback is a top-level navigation from Cognito's domain, and
  // Strict cookies would not be sent on it.
  const cookie = { httpOnly: true, secure, sameSite: 'Lax', path: '/' } as const;
  const keyPromise = importCookieKey(options.cookieSecret);

  const app = new Hono();

  app.get('/', (c) => {
    const signedIn = store.storage(getCookie(c, names.session)) !== undefined;
    return c.html(
      signedIn
        ? '<p>Signed in. <a href="/me">Who am I?</a></p><form method="post" action="/logout"><button>Sign out</button></form>'
        : '<p><a href="/login">Sign in</a></p>',
    );
  });

  /** One CognitoSession per request, over the storage of that user's record. */
  const sessionOf = (storage: SessionStorage): CognitoSession => new CognitoSession(client, { storage, key: KEY });

  app.get('/login', async (c) => {
    // No record yet: the pending sign-in goes into the signed cookie, not into the store, so
    // visitors who never come back leave nothing on the server.
    const pending = memoryStorage();
    const { url } = await sessionOf(pending).signIn();
    const cookieValue = await seal(await keyPromise, await pending.get(PENDING_KEY), SIGN_IN_COOKIE_SECONDS);
    setCookie(c, names.signIn, cookieValue, { ...cookie, maxAge: SIGN_IN_COOKIE_SECONDS });
    return c.redirect(url, 302);
  });

  app.get('/callback', async (c) => {
    const pending = await unseal(await keyPromise, getCookie(c, names.signIn));
    // One sign-in cookie, one callback, whatever the outcome: a replayed callback URL finds nothing to complete.
    deleteCookie(c, names.signIn, cookie);
    if (typeof pending !== 'string') {
      return c.text('This sign-in expired or was started in another browser. Please sign in again.', 400);
    }
    // A new record, with a new ID: never one the browser brought along (session fixation).
    const id = store.create(sessionTtlMs / 1000);
    const storage = store.storage(id) as SessionStorage;
    await storage.set(PENDING_KEY, pending);
    try {
      // Checks state before anything is sent to Cognito, then exchanges the code. With userPoolId
      // set, the ID token is verified: signature, issuer, audience, expiry, and this sign-in's nonce.
      // Hono's c.req.url is absolute; with node:http, pass new URL(req.url, origin).
      await sessionOf(storage).handleCallback(c.req.url);
    } catch (error) {
      store.delete(id);
      return signInFailed(c, error);
    }
    setCookie(c, names.session, id, { ...cookie, maxAge: Math.floor(sessionTtlMs / 1000) });
    return c.redirect('/', 302);
  });

  app.get('/me', async (c) => {
    const id = getCookie(c, names.session);
    const storage = store.storage(id);
    const signedOut = (): Response => {
      if (id !== undefined) store.delete(id);
      deleteCookie(c, names.session, cookie);
      return c.json({ error: 'signed_out' }, 401);
    };
    if (storage === undefined) return signedOut();
    const session = sessionOf(storage);
    try {
      // Refreshed first when due; one refresh per record however many requests ask at once.
      const tokens = await session.getTokens();
      if (tokens === undefined) return signedOut();
      // The verified ID token's sub: every userInfo answer must be about the same user.
      const user = await session.getUser();
      const claims = await client.fetchUserInfo(tokens.accessToken, user === undefined ? {} : { expectedSubject: user.sub });
      return c.json(claims);
    } catch (error) {
      // invalid_grant: Cognito refused the refresh token (the session already cleared the record's
      // tokens). invalid_token: the access token was revoked.
      if (error instanceof OAuthError && (error.error === 'invalid_grant' || error.error === 'invalid_token')) return signedOut();
      throw error;
    }
  });

  // POST, so that a link or an image on another site cannot sign the user out (SameSite=Lax keeps
  // the session cookie off cross-site POSTs).
  app.post('/logout', async (c) => {
    const id = getCookie(c, names.session);
    const storage = store.storage(id);
    deleteCookie(c, names.session, cookie);
    if (id !== undefined && storage !== undefined) {
      // Clears the record's tokens, then revokes the refresh token: that ends it and the access and
      // ID tokens issued from it (for Cognito's endpoints; issued JWTs still verify offline until
      // they expire). A failed revoke does not keep the user signed in.
      const { revokeError } = await sessionOf(storage).signOut();
      store.delete(id);
      if (revokeError !== undefined) console.warn('Revoking the refresh token failed:', revokeError instanceof CognitoOAuthError ? revokeError.code : revokeError);
    }
    // Cognito's /logout clears its own session cookie, then redirects to the Allowed sign-out URL.
    return c.redirect(client.buildLogoutUrl({ logoutUri: options.logoutUri }), 303);
  });

  return app;
}

/** A failed callback: what Cognito said (the user cancelled, an IdP failed), or a forged/stale callback. */
function signInFailed(c: Context, error: unknown): Response {
  if (error instanceof OAuthError) {
    // `error` is one of OAuth's codes; never echo errorDescription into HTML unescaped.
    return c.text(`Sign-in failed (${error.error}). Please try again.`, error.source === 'callback' ? 400 : 502);
  }
  if (error instanceof CognitoOAuthError) {
    return c.text(`Sign-in failed (${error.code}). Please try again.`, 400);
  }
  throw error;
}
