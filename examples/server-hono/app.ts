// Server-side sign-in with Cognito managed login, a confidential app client and Hono.
//
//   GET  /login     builds the authorize URL; keeps state, nonce and the PKCE verifier in a signed,
//                   httpOnly, 10-minute cookie; redirects to Cognito
//   GET  /callback  checks state, exchanges the code (with the client secret), starts a session
//   GET  /me        the user's claims from userInfo, refreshing the access token when it is due
//   POST /logout    revokes the refresh token, ends the session, redirects to Cognito's /logout
//
// Tokens stay on the server; the browser only holds a random session ID.
import {
  CognitoOAuthClient,
  CognitoOAuthError,
  OAuthError,
  decodeJwtUnverified,
  type CognitoOAuthClientOptions,
  type TokenSet,
} from 'cognito-oauth';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { MemorySessionStore, type Session } from './session-store.js';
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
  /** Where sessions are kept. @default a new {@link MemorySessionStore} */
  store?: MemorySessionStore;
}

/** What /login keeps in the signed cookie until /callback. */
interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

// Cognito cancels a sign-in that is not finished within five minutes, and a code lives five minutes.
const SIGN_IN_COOKIE_SECONDS = 600;
// Refresh a little before the access token expires, so a request never carries a token that dies on the way.
const REFRESH_MARGIN_MS = 60_000;

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
    const signedIn = store.get(getCookie(c, names.session)) !== undefined;
    return c.html(
      signedIn
        ? '<p>Signed in. <a href="/me">Who am I?</a></p><form method="post" action="/logout"><button>Sign out</button></form>'
        : '<p><a href="/login">Sign in</a></p>',
    );
  });

  app.get('/login', async (c) => {
    const request = await client.buildAuthorizeUrl();
    const pending: PendingSignIn = { state: request.state, nonce: request.nonce, codeVerifier: request.codeVerifier };
    setCookie(c, names.signIn, await seal(await keyPromise, pending, SIGN_IN_COOKIE_SECONDS), {
      ...cookie,
      maxAge: SIGN_IN_COOKIE_SECONDS,
    });
    return c.redirect(request.url, 302);
  });

  app.get('/callback', async (c) => {
    const pending = parsePending(await unseal(await keyPromise, getCookie(c, names.signIn)));
    // One sign-in cookie, one callback: a replayed callback URL finds nothing to complete.
    deleteCookie(c, names.signIn, cookie);
    if (pending === undefined) {
      return c.text('This sign-in expired or was started in another browser. Please sign in again.', 400);
    }
    let tokens: TokenSet;
    try {
      // parseCallback checks state before anything is sent to Cognito.
      const { code } = client.parseCallback(c.req.url, { expectedState: pending.state });
      // With userPoolId set, exchangeCode verifies the ID token: signature, issuer, audience,
      // expiry, and that its nonce is the one of this sign-in.
      tokens = await client.exchangeCode({ code, codeVerifier: pending.codeVerifier, nonce: pending.nonce });
    } catch (error) {
      return signInFailed(c, error);
    }
    if (tokens.idToken === undefined) return c.text('Sign-in needs the openid scope.', 500);
    // Verified above, so its claims can be read. The sub pins the session: every later userInfo
    // answer must be about the same user.
    const { sub } = decodeJwtUnverified(tokens.idToken).payload;
    const id = store.create({ tokens, sub, expiresAt: Date.now() + sessionTtlMs });
    setCookie(c, names.session, id, { ...cookie, maxAge: Math.floor(sessionTtlMs / 1000) });
    return c.redirect('/', 302);
  });

  app.get('/me', async (c) => {
    const id = getCookie(c, names.session);
    const session = store.get(id);
    if (id === undefined || session === undefined) return c.json({ error: 'signed_out' }, 401);
    try {
      const tokens = await freshTokens(session);
      const claims = await client.fetchUserInfo(tokens.accessToken, { expectedSubject: session.sub });
      return c.json(claims);
    } catch (error) {
      // invalid_grant: the refresh token was revoked or expired. invalid_token: the access token was.
      if (error instanceof OAuthError && (error.error === 'invalid_grant' || error.error === 'invalid_token')) {
        store.delete(id);
        deleteCookie(c, names.session, cookie);
        return c.json({ error: 'signed_out' }, 401);
      }
      throw error;
    }
  });

  // POST, so that a link or an image on another site cannot sign the user out (SameSite=Lax keeps
  // the session cookie off cross-site POSTs).
  app.post('/logout', async (c) => {
    const id = getCookie(c, names.session);
    const session = store.get(id);
    if (id !== undefined) store.delete(id);
    deleteCookie(c, names.session, cookie);
    const refreshToken = session?.tokens.refreshToken;
    if (refreshToken !== undefined) {
      try {
        // Ends the refresh token and the access and ID tokens issued from it (for Cognito's
        // endpoints; already-issued JWTs still verify offline until they expire).
        await client.revokeToken(refreshToken);
      } catch (error) {
        // Sign-out must not fail because Cognito is unreachable: the session is already gone here.
        console.warn('Revoking the refresh token failed:', error instanceof CognitoOAuthError ? error.code : error);
      }
    }
    // Cognito's /logout clears its own session cookie, then redirects to the Allowed sign-out URL.
    return c.redirect(client.buildLogoutUrl({ logoutUri: options.logoutUri }), 303);
  });

  /** The session's tokens, refreshed first when the access token is (nearly) expired. */
  function freshTokens(session: Session): Promise<TokenSet> {
    if (Date.now() + REFRESH_MARGIN_MS < session.tokens.expiresAt) return Promise.resolve(session.tokens);
    const refreshToken = session.tokens.refreshToken;
    if (refreshToken === undefined) return Promise.resolve(session.tokens);
    // Concurrent requests share one refresh: with refresh-token rotation a second refresh with the
    // same token would fail once its grace period is over.
    session.refreshing ??= client
      .refreshTokens(refreshToken)
      .then((tokens) => {
        session.tokens = tokens;
        return tokens;
      })
      .finally(() => {
        session.refreshing = undefined;
      });
    return session.refreshing;
  }

  return app;
}

function parsePending(value: unknown): PendingSignIn | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { state, nonce, codeVerifier } = value as Record<string, unknown>;
  return typeof state === 'string' && typeof nonce === 'string' && typeof codeVerifier === 'string'
    ? { state, nonce, codeVerifier }
    : undefined;
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
