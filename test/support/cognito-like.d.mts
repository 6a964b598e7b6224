/** A user of the look-alike's login page. */
export interface CognitoLikeUser {
  username: string;
  password: string;
  /** @default a random UUID */
  sub?: string;
  /** @default `${username}@example.com` */
  email?: string;
  /** The `cognito:groups` claim of the ID token. @default [] */
  groups?: string[];
}

export interface CognitoLikeOptions {
  /**
   * Extra allowed callback URLs (e.g. a browser app's `http://localhost:PORT/callback`). The defaults,
   * `http://localhost:3000/callback` and `http://127.0.0.1:3000/callback`, are always registered.
   */
  redirectUris?: string[];
  /**
   * Extra allowed sign-out URLs. The defaults, `http://localhost:3000/` and `http://127.0.0.1:3000/`,
   * are always registered.
   */
  logoutUris?: string[];
  /**
   * Return a new refresh token on every refresh, as oidc-provider does: reusing a spent one gets
   * `invalid_grant` and revokes the whole grant. For Cognito's rotation use `refreshTokenRotation`.
   * @default false (Cognito's default)
   */
  rotateRefreshTokens?: boolean;
  /**
   * Cognito's refresh-token rotation (`RefreshTokenRotation`): every refresh returns a new refresh
   * token; the old one still works (and rotates again) for `gracePeriodSeconds` (0-60) after it was
   * first used, then gets `invalid_grant`. The new token expires when the original would have.
   * @default off
   */
  refreshTokenRotation?: { gracePeriodSeconds: number };
  /** Lifetime of access and ID tokens, in seconds (Cognito allows 300 and more; tests may go lower). @default 3600 */
  accessTokenTtl?: number;
  /** Lifetime of refresh tokens, in seconds. @default 2592000 (30 days) */
  refreshTokenTtl?: number;
  /**
   * The `iss` of tokens and callbacks, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST`
   * to test the SDK's `userPoolId` handling. The server still answers only on `domain`, JWKS included
   * (`${domain}/.well-known/jwks.json`), so route the issuer's JWKS URL there with the SDK's `fetch`.
   * @default the domain, `http://127.0.0.1:PORT`
   */
  issuer?: string;
  /** Users besides the default one (alice / Passw0rd!, group `admins`). */
  users?: CognitoLikeUser[];
}

export interface CognitoLikeServer {
  /** `http://127.0.0.1:PORT`: pass it as the SDK's `domain`. */
  domain: string;
  /**
   * The `iss` of its tokens. Unless the `issuer` option is set it equals `domain`, and the JWKS is at
   * `${issuer}/.well-known/jwks.json`.
   */
  issuer: string;
  /** An app client without a secret (PKCE only). */
  publicClient: { clientId: string; redirectUri: string; logoutUri: string };
  /** An app client with a secret; accepts client_secret_basic and client_secret_post. */
  confidentialClient: { clientId: string; clientSecret: string; redirectUri: string; logoutUri: string };
  /** An app client for the client credentials grant; `scopes` are its custom scopes (`api/read`, `api/write`). */
  machineClient: { clientId: string; clientSecret: string; scopes: string[] };
  /** The default user: alice / Passw0rd!. */
  user: { username: string; password: string; sub: string; email: string };
  /** Every POST to `/oauth2/token` so far, in order: its `grant_type`, HTTP status and OAuth `error`. */
  tokenRequests: { grantType: string | undefined; status: number; error: string | undefined }[];
  /** Closes every connection and stops the server. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a Cognito look-alike (oidc-provider) on 127.0.0.1 at a free port: `/oauth2/authorize`,
 * `/oauth2/token`, `/oauth2/userInfo`, `/oauth2/revoke`, `/logout`, `/login`, `/.well-known/jwks.json`.
 */
export function startCognitoLike(options?: CognitoLikeOptions): Promise<CognitoLikeServer>;

/**
 * Plays the user with fetch only: follows `authorizeUrl`, fills the login form (consent is granted
 * automatically) and stops at `redirectUri` without fetching it. Throws when sign-in fails or the
 * flow ends anywhere else (e.g. an error page).
 */
export function driveSignIn(
  authorizeUrl: string,
  opts: { redirectUri: string; username: string; password: string; cookieJar?: Map<string, string> },
): Promise<{ callbackUrl: string; cookieJar: Map<string, string> }>;

/**
 * Follows a `/logout` URL with the cookies of an earlier `driveSignIn`, submits the logout
 * confirmation and stops at `stopAt` (same origin and path; the query may differ) without fetching it.
 */
export function driveLogout(
  logoutUrl: string,
  opts: { cookieJar: Map<string, string>; stopAt: string },
): Promise<{ finalUrl: string }>;
