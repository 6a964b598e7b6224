// What the route handlers and the proxy share: the Cognito client, the session records, cookies
// and the Bearer guard. Web-standard Request and Response only, so it needs nothing from `next`.
//
// Configuration comes from the environment (.env.local in a Next.js project):
//   COGNITO_DOMAIN, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET   a confidential app client
//   COGNITO_USER_POOL_ID (or COGNITO_ISSUER)                  tokens are verified against it
//   APP_URL        e.g. https://app.example.com: APP_URL/callback is an Allowed callback URL and
//                  APP_URL/ an Allowed sign-out URL
//   COOKIE_SECRET  at least 32 random characters
//   API_CLIENT_IDS, API_SCOPES   who may call /api/orders with a Bearer token (comma-separated);
//                  default this app's client, no scope
import { CognitoOAuthClient, CognitoOAuthError, CognitoSession, type CognitoAccessTokenClaims, type SessionStorage } from 'cognito-oauth';
import { MemorySessionStore } from '../../server-hono/session-store.js';
import { importCookieKey } from '../../server-hono/signed-cookie.js';

/** CognitoSession's namespace in a record (its default), and where it keeps the pending sign-in. */
export const KEY = 'cognito-oauth';
export const PENDING_KEY = `${KEY}:pending`;
/** Cognito cancels a sign-in after five minutes; the sign-in cookie lives ten. */
export const SIGN_IN_COOKIE_SECONDS = 600;

export interface Auth {
  client: CognitoOAuthClient;
  /**
   * Session records in this process's memory. In production keep them in Redis or DynamoDB (see
   * docs/servers.md): serverless instances and `next dev` reloads do not share module state.
   */
  store: MemorySessionStore;
  origin: string;
  logoutUri: string;
  cookieKey: Promise<CryptoKey>;
  secure: boolean;
  names: { signIn: string; session: string };
  sessionTtlSeconds: number;
  api: { clientIds: string[]; requiredScopes: string[] };
}

let auth: Auth | undefined;

/** The app's one Auth, made from the environment on first use (not at import: `next build` imports route modules). */
export function getAuth(env: Record<string, string | undefined> = process.env): Auth {
  if (auth !== undefined) return auth;
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`Set ${name} (see examples/nextjs/lib/auth.ts)`);
    return value;
  };
  const appUrl = new URL(required('APP_URL'));
  const clientId = required('COGNITO_CLIENT_ID');
  const issuer = env['COGNITO_ISSUER'];
  const client = new CognitoOAuthClient({
    domain: required('COGNITO_DOMAIN'),
    clientId,
    clientSecret: required('COGNITO_CLIENT_SECRET'),
    ...(issuer ? { issuer } : { userPoolId: required('COGNITO_USER_POOL_ID') }),
    redirectUri: new URL('/callback', appUrl).href,
    scopes: ['openid', 'email', 'profile'],
  });
  const secure = appUrl.protocol === 'https:' || appUrl.hostname === 'localhost';
  const list = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  auth = {
    client,
    store: new MemorySessionStore(),
    origin: appUrl.origin,
    logoutUri: new URL('/', appUrl).href,
    cookieKey: importCookieKey(required('COOKIE_SECRET')),
    secure,
    // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
    names: secure ? { signIn: '__Host-signin', session: '__Host-sid' } : { signIn: 'signin', session: 'sid' },
    sessionTtlSeconds: 8 * 3600,
    api: { clientIds: list(env['API_CLIENT_IDS']).length ? list(env['API_CLIENT_IDS']) : [clientId], requiredScopes: list(env['API_SCOPES']) },
  };
  return auth;
}

/** One CognitoSession per request, over the storage of that user's record. */
export function sessionOf(storage: SessionStorage): CognitoSession {
  return new CognitoSession(getAuth().client, { storage, key: KEY });
}

/** The request's cookies by name. */
export function cookiesOf(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return cookies;
}

/**
 * A Set-Cookie value: httpOnly, SameSite=Lax (the callback is a top-level navigation from
 * Cognito's domain, which a Strict cookie would miss), Secure unless on plain-http localhost.
 * `maxAgeSeconds` 0 deletes the cookie.
 */
export function setCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${getAuth().secure ? '; Secure' : ''}`;
}

/** The live session record the request's cookie names, if any. */
export function currentRecord(request: Request): { id: string; storage: SessionStorage } | undefined {
  const id = cookiesOf(request)[getAuth().names.session];
  const storage = getAuth().store.storage(id);
  return id === undefined || storage === undefined ? undefined : { id, storage };
}

const VERIFICATION_ERRORS: readonly string[] = [
  'TOKEN_MALFORMED', 'ALG_NOT_ALLOWED', 'UNKNOWN_KEY', 'SIGNATURE_INVALID', 'ISSUER_MISMATCH', 'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID', 'TOKEN_USE_MISMATCH', 'CLIENT_MISMATCH', 'GROUP_MISSING', 'SCOPE_MISSING',
];

/**
 * The guard of an API route: the claims of an `Authorization: Bearer` access token that
 * `client.verifyAccessToken` accepts, or the 401 to return (RFC 6750, with the reason's code).
 */
export async function requireBearer(request: Request): Promise<CognitoAccessTokenClaims | Response> {
  const { client, api } = getAuth();
  const [scheme, accessToken] = (request.headers.get('authorization') ?? '').split(' ');
  try {
    if (scheme?.toLowerCase() !== 'bearer' || !accessToken) throw new CognitoOAuthError('TOKEN_MALFORMED', 'No bearer token');
    return await client.verifyAccessToken(accessToken, { clientId: api.clientIds, requiredScopes: api.requiredScopes, signal: request.signal });
  } catch (error) {
    if (!(error instanceof CognitoOAuthError && VERIFICATION_ERRORS.includes(error.code))) throw error;
    return Response.json(
      { error: error.code },
      { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${error.code}"` } },
    );
  }
}
