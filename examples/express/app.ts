// Server-side sign-in with Cognito managed login, a confidential app client and Express 5, with one
// CognitoSession per request over the user's server-side session record.
//
//   GET  /login       CognitoSession.signIn(): its pending sign-in goes into a signed, httpOnly,
//                     10-minute cookie; redirects to Cognito
//   GET  /callback    a new session record, handleCallback() with the absolute request URL
//   GET  /me          behind requireUser: the session's verified ID-token claims, and userInfo
//   GET  /api/orders  behind requireBearer: an `Authorization: Bearer` access token, verified with
//                     client.verifyAccessToken (for other app clients that call this API)
//   POST /logout      signOut(): clears the record, revokes the refresh token, redirects to Cognito's /logout
//
// Express runs on node:http, where req.url is a path ('/callback?code=…'): the SDK needs the
// absolute URL, new URL(req.originalUrl, origin), with the origin from configuration, never from
// the Host header (the client chooses that one).
import {
  CognitoOAuthClient,
  CognitoOAuthError,
  CognitoSession,
  OAuthError,
  memoryStorage,
  type CognitoAccessTokenClaims,
  type CognitoIdTokenClaims,
  type CognitoOAuthClientOptions,
  type SessionStorage,
} from 'cognito-oauth';
import express, { type CookieOptions, type NextFunction, type Request, type Response } from 'express';
import { MemorySessionStore } from '../server-hono/session-store.js';
import { importCookieKey, seal, unseal } from '../server-hono/signed-cookie.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The confidential app client, with `userPoolId` (or `issuer`) so that tokens are verified. */
  cognito: CognitoOAuthClientOptions;
  /**
   * Who may call `/api/*` with a Bearer access token: the app clients whose tokens are accepted
   * (their `client_id` claim), and the scopes each call needs (custom scopes of a resource server).
   * @default this app's own client ID, no scope required
   */
  api?: { clientIds?: readonly string[]; requiredScopes?: readonly string[] };
  /** This app's public origin, e.g. `https://app.example.com`: request URLs are made absolute with it. */
  origin: string;
  /** Where Cognito sends the browser after sign-out: one of the app client's Allowed sign-out URLs. */
  logoutUri: string;
  /** A random secret of at least 32 characters that signs the sign-in cookie. */
  cookieSecret: string;
  /** Mark cookies `Secure` and give them the `__Host-` prefix. Turn off only for plain-http local development. @default true */
  secureCookies?: boolean;
  /** How long a session lasts, in seconds, however often its tokens are refreshed. @default 28800 (8 hours) */
  sessionTtlSeconds?: number;
  /** Where session records are kept. @default a new MemorySessionStore */
  store?: MemorySessionStore;
}

/** What {@link createApp}'s requireUser guard leaves in `res.locals`. */
export interface UserLocals {
  /** The ID token's claims, verified: signature, issuer, audience, expiry. */
  user: CognitoIdTokenClaims;
  /** The session's access token, refreshed when it was due (for userInfo or your own API). */
  accessToken: string;
}

/** What {@link createApp}'s requireBearer guard leaves in `res.locals`. */
export interface BearerLocals {
  /** The access token's claims, verified: signature, issuer, expiry, `token_use`, `client_id`, scopes. */
  claims: CognitoAccessTokenClaims;
}

const SIGN_IN_COOKIE_SECONDS = 600;
const KEY = 'cognito-oauth';
const PENDING_KEY = `${KEY}:pending`;

/** Builds the Express app; `app.listen(port, '127.0.0.1')` or any node:http server runs it. */
export function createApp(options: AppOptions): express.Express {
  if (options.cognito.clientSecret === undefined) throw new TypeError('createApp: cognito.clientSecret is required (a confidential app client)');
  const client = new CognitoOAuthClient(options.cognito);
  if (client.issuer === undefined) throw new TypeError('createApp: set cognito.userPoolId (or cognito.issuer): the guards verify tokens');
  const origin = new URL(options.origin).origin;
  const store = options.store ?? new MemorySessionStore();
  const secure = options.secureCookies ?? true;
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 8 * 3600;
  const names = secure ? { signIn: '__Host-signin', session: '__Host-sid' } : { signIn: 'signin', session: 'sid' };
  // SameSite=Lax: the callback is a top-level navigation from Cognito's domain; Strict cookies would not come along.
  const cookie: CookieOptions = { httpOnly: true, secure, sameSite: 'lax', path: '/' };
  const keyPromise = importCookieKey(options.cookieSecret);
  const sessionOf = (storage: SessionStorage): CognitoSession => new CognitoSession(client, { storage, key: KEY });

  const app = express();
  app.disable('x-powered-by');

  app.get('/login', async (_req, res) => {
    const pending = memoryStorage();
    const { url } = await sessionOf(pending).signIn();
    const sealed = await seal(await keyPromise, await pending.get(PENDING_KEY), SIGN_IN_COOKIE_SECONDS);
    res.cookie(names.signIn, sealed, { ...cookie, maxAge: SIGN_IN_COOKIE_SECONDS * 1000 });
    res.redirect(302, url);
  });

  app.get('/callback', async (req, res) => {
    const pending = await unseal(await keyPromise, cookiesOf(req)[names.signIn]);
    // Whatever the outcome: one sign-in cookie, one callback.
    res.clearCookie(names.signIn, cookie);
    if (typeof pending !== 'string') {
      res.status(400).type('text').send('This sign-in expired or was started in another browser. Please sign in again.');
      return;
    }
    const id = store.create(sessionTtlSeconds);
    const storage = store.storage(id) as SessionStorage;
    await storage.set(PENDING_KEY, pending);
    try {
      await sessionOf(storage).handleCallback(new URL(req.originalUrl, origin));
    } catch (error) {
      store.delete(id);
      // What Cognito said (access_denied…) or a forged, stale or replayed callback: the user's 400.
      // Anything else (a TypeError is a coding mistake) goes to Express's error handler: a 500.
      if (error instanceof OAuthError || error instanceof CognitoOAuthError) {
        res.status(400).type('text').send(`Sign-in failed (${error instanceof OAuthError ? error.error : error.code}). Please try again.`);
        return;
      }
      throw error;
    }
    res.cookie(names.session, id, { ...cookie, maxAge: sessionTtlSeconds * 1000 });
    res.redirect(302, '/');
  });

  /**
   * The route guard for pages: the user's session must hold tokens (refreshed first when due) and
   * an ID token that verifies. Else 401, and the session record and cookie go.
   */
  async function requireUser(req: Request, res: Response<unknown, UserLocals>, next: NextFunction): Promise<void> {
    const id = cookiesOf(req)[names.session];
    const storage = store.storage(id);
    if (storage !== undefined) {
      const session = sessionOf(storage);
      try {
        const tokens = await session.getTokens();
        const user = await session.getUser();
        if (tokens !== undefined && user !== undefined) {
          res.locals.user = user;
          res.locals.accessToken = tokens.accessToken;
          next();
          return;
        }
      } catch (error) {
        // invalid_grant: Cognito refused the refresh token (the session cleared it). A network
        // error or a 5xx is no sign-out: it goes on to Express's error handler (a 500).
        if (!(error instanceof OAuthError && error.error === 'invalid_grant')) throw error;
      }
    }
    if (id !== undefined) store.delete(id);
    res.clearCookie(names.session, cookie);
    res.status(401).json({ error: 'signed_out' });
  }

  /**
   * The route guard for APIs: an `Authorization: Bearer` access token that
   * `client.verifyAccessToken` accepts (signature against the pool's JWKS, issuer, expiry,
   * `token_use`, `client_id`, scopes). Else 401 with the reason's code.
   */
  async function requireBearer(req: Request, res: Response<unknown, BearerLocals>, next: NextFunction): Promise<void> {
    const [scheme, accessToken] = (req.headers.authorization ?? '').split(' ');
    try {
      if (scheme?.toLowerCase() !== 'bearer' || !accessToken) throw new CognitoOAuthError('TOKEN_MALFORMED', 'No bearer token');
      res.locals.claims = await client.verifyAccessToken(accessToken, {
        clientId: options.api?.clientIds ?? options.cognito.clientId,
        requiredScopes: options.api?.requiredScopes ?? [],
      });
    } catch (error) {
      if (!isVerificationError(error)) throw error;
      // RFC 6750: say why, by code only (never echo the token).
      res.status(401).set('www-authenticate', `Bearer error="invalid_token", error_description="${error.code}"`).json({ error: error.code });
      return;
    }
    next();
  }

  app.get('/me', requireUser, async (_req, res: Response<unknown, UserLocals>) => {
    const { user, accessToken } = res.locals;
    // expectedSubject: userInfo must be about the user the ID token names.
    const profile = await client.fetchUserInfo(accessToken, { expectedSubject: user.sub });
    res.json({ sub: user.sub, username: user['cognito:username'], groups: user['cognito:groups'] ?? [], email: profile.email });
  });

  app.get('/api/orders', requireBearer, (_req, res: Response<unknown, BearerLocals>) => {
    res.json({ orders: [], for: res.locals.claims.sub });
  });

  // POST: another site's link or image cannot sign the user out (SameSite=Lax keeps the cookie off cross-site POSTs).
  app.post('/logout', async (req, res) => {
    const id = cookiesOf(req)[names.session];
    const storage = store.storage(id);
    res.clearCookie(names.session, cookie);
    if (id !== undefined && storage !== undefined) {
      const { revokeError } = await sessionOf(storage).signOut();
      store.delete(id);
      if (revokeError !== undefined) console.warn('Revoking the refresh token failed:', revokeError instanceof CognitoOAuthError ? revokeError.code : revokeError);
    }
    res.redirect(303, client.buildLogoutUrl({ logoutUri: options.logoutUri }));
  });

  return app;
}

/** A token that is not a valid access token of this app client: the caller's 401, not our 500. */
function isVerificationError(error: unknown): error is CognitoOAuthError {
  const codes: readonly string[] = [
    'TOKEN_MALFORMED', 'ALG_NOT_ALLOWED', 'UNKNOWN_KEY', 'SIGNATURE_INVALID', 'ISSUER_MISMATCH', 'TOKEN_EXPIRED',
    'TOKEN_NOT_YET_VALID', 'TOKEN_USE_MISMATCH', 'CLIENT_MISMATCH', 'GROUP_MISSING', 'SCOPE_MISSING',
  ];
  return error instanceof CognitoOAuthError && codes.includes(error.code);
}

/** The request's cookies by name (Express reads none without cookie-parser). */
function cookiesOf(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      cookies[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed %-escape: not one of ours.
    }
  }
  return cookies;
}
