/**
 * `cognito-oauth/testing`: a local Amazon Cognito look-alike for your own tests.
 *
 * {@link startCognitoLike} starts [oidc-provider](https://github.com/panva/node-oidc-provider) (an
 * OpenID-certified server) on `127.0.0.1`, set up to answer like a Cognito user pool's domain:
 * Cognito's paths, PKCE, string booleans in userInfo, refresh without rotation (or Cognito's
 * rotation with a grace period), revoke for refresh tokens only, Cognito's `/logout` parameters,
 * and a public, a confidential and a machine app client. {@link driveSignIn} plays the user at its
 * login page with `fetch`, so no browser is needed.
 *
 * Node.js only, ESM only. It needs the optional peer dependency `oidc-provider` (version 9):
 * `npm install --save-dev oidc-provider@9`; without it, the import fails with that command.
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 * import { driveSignIn, startCognitoLike } from 'cognito-oauth/testing';
 *
 * const cognito = await startCognitoLike();
 * const client = new CognitoOAuthClient({
 *   domain: cognito.domain,
 *   clientId: cognito.publicClient.clientId,
 *   redirectUri: cognito.publicClient.redirectUri,
 *   scopes: ['openid', 'email'],
 *   issuer: cognito.issuer,
 * });
 * const request = await client.buildAuthorizeUrl();
 * const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, ...cognito.user });
 * const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
 * const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
 * await cognito.close();
 * ```
 * @module cognito-oauth/testing
 */

/**
 * A user of the look-alike's login page, besides the default one (`alice` / `Passw0rd!`).
 * @group Look-alike
 */
export interface CognitoLikeUser {
  /** The name typed on the login page; the `cognito:username` claim. */
  username: string;
  /** The password typed on the login page. */
  password: string;
  /**
   * The `sub` claim.
   * @default a random UUID
   */
  sub?: string;
  /**
   * The `email` claim (`email_verified` is always true).
   * @default `${username}@example.com`
   */
  email?: string;
  /**
   * The `cognito:groups` claim of the ID token.
   * @default []
   */
  groups?: string[];
}

/**
 * Options of {@link startCognitoLike}. Every one is optional.
 * @group Look-alike
 *
 * @example
 * ```ts
 * import { startCognitoLike } from 'cognito-oauth/testing';
 *
 * const cognito = await startCognitoLike({
 *   redirectUris: ['http://localhost:5173/callback'],
 *   users: [{ username: 'bob', password: 'Hunter2!', groups: ['readers'] }],
 *   refreshTokenRotation: { gracePeriodSeconds: 0 },
 *   accessTokenTtl: 5,
 * });
 * ```
 */
export interface CognitoLikeOptions {
  /**
   * Extra allowed callback URLs (e.g. a browser app's `http://localhost:PORT/callback`). The defaults,
   * `http://localhost:3000/callback` and `http://127.0.0.1:3000/callback`, are always registered.
   * @default []
   */
  redirectUris?: string[];
  /**
   * Extra allowed sign-out URLs. The defaults, `http://localhost:3000/` and `http://127.0.0.1:3000/`,
   * are always registered.
   * @default []
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
   * @default undefined (no rotation: a refresh returns no new refresh token)
   */
  refreshTokenRotation?: CognitoLikeRotation;
  /**
   * Lifetime of access and ID tokens, in seconds (Cognito allows 300 and more; tests may go lower).
   * @default 3600
   */
  accessTokenTtl?: number;
  /**
   * Lifetime of refresh tokens, in seconds.
   * @default 2592000 (30 days)
   */
  refreshTokenTtl?: number;
  /**
   * The `iss` of tokens and callbacks, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST`
   * to test the SDK's `userPoolId` handling. The server still answers only on `domain`, JWKS included
   * (`${domain}/.well-known/jwks.json`), so route the issuer's JWKS URL there with the SDK's `fetch`.
   * @default the domain, `http://127.0.0.1:PORT`
   */
  issuer?: string;
  /**
   * Users besides the default one (`alice` / `Passw0rd!`, group `admins`).
   * @default []
   */
  users?: CognitoLikeUser[];
}

/**
 * Cognito's refresh-token rotation, as the look-alike plays it.
 * @group Look-alike
 */
export interface CognitoLikeRotation {
  /** How long (0-60 seconds) a rotated refresh token still works after its first use. */
  gracePeriodSeconds: number;
}

/**
 * The endpoints {@link CognitoLikeServer.failNext} can script a fault for.
 * @group Faults
 */
export type CognitoLikeEndpoint = 'token' | 'userInfo' | 'revoke' | 'jwks';

/**
 * What the next request(s) to an endpoint get instead of the normal answer: exactly one of
 * `status`, `error`, `delayMs` or `drop`, and optionally `times`.
 *
 * @example
 * ```ts
 * import type { CognitoLikeFault } from 'cognito-oauth/testing';
 *
 * const outage: CognitoLikeFault = { status: 503, body: 'Service Unavailable', times: 3 };
 * const spent: CognitoLikeFault = { error: 'invalid_grant', errorDescription: 'Refresh Token has been revoked' };
 * const slow: CognitoLikeFault = { delayMs: 2_000 };
 * const reset: CognitoLikeFault = { drop: true };
 * ```
 * @group Faults
 */
export type CognitoLikeFault = (
  | {
      /** Answer with this HTTP status (200-599), e.g. 500 or 503. */
      status: number;
      /** The body: a string as `text/plain`, an object as JSON. @default '' */
      body?: string | Record<string, unknown>;
      /** Extra response headers. @default {} */
      headers?: Record<string, string>;
    }
  | {
      /**
       * Answer with this OAuth error, the way Cognito does on that endpoint: `400` with
       * `{"error": …}` on token, revoke and JWKS; `401` with `WWW-Authenticate: Bearer error="…"` on
       * userInfo.
       */
      error: string;
      /** The `error_description`. @default undefined (none, as Cognito usually sends) */
      errorDescription?: string;
      /** The HTTP status. @default 400, or 401 on userInfo */
      errorStatus?: number;
    }
  | {
      /** Hold the request this many milliseconds (0-60000), then answer it normally (unless the client hung up meanwhile): a slow Cognito. */
      delayMs: number;
    }
  | {
      /** Close the connection without an answer: the client sees a network error. */
      drop: true;
    }
) & {
  /**
   * How many of the next requests get the fault (1-1000).
   * @default 1
   */
  times?: number;
};

/**
 * A token request as the look-alike saw it (see {@link CognitoLikeServer.tokenRequests}).
 * @group Look-alike
 */
export interface CognitoLikeTokenRequest {
  /** The form's `grant_type`: `authorization_code`, `refresh_token` or `client_credentials`. */
  grantType: string | undefined;
  /** The HTTP status of the answer (0 for a `drop` fault). */
  status: number;
  /** The OAuth `error` of the answer, if any. */
  error: string | undefined;
}

/**
 * An app client of the look-alike without a secret (PKCE only), as a browser app has.
 * @group Look-alike
 */
export interface CognitoLikePublicClient {
  /** The client ID: the SDK's `clientId`. */
  clientId: string;
  /** Its first allowed callback URL: the SDK's `redirectUri`. */
  redirectUri: string;
  /** Its first allowed sign-out URL: `buildLogoutUrl`'s `logoutUri`. */
  logoutUri: string;
}

/**
 * An app client of the look-alike with a secret, as a server has.
 * @group Look-alike
 */
export interface CognitoLikeConfidentialClient extends CognitoLikePublicClient {
  /** The client secret: the SDK's `clientSecret` (client_secret_basic and client_secret_post both work). */
  clientSecret: string;
}

/**
 * The look-alike's app client for the client credentials grant.
 * @group Look-alike
 */
export interface CognitoLikeMachineClient {
  /** The client ID. */
  clientId: string;
  /** The client secret. */
  clientSecret: string;
  /** Its custom scopes: `api/read` and `api/write`. */
  scopes: string[];
}

/**
 * The look-alike's default user.
 * @group Look-alike
 */
export interface CognitoLikeDefaultUser {
  /** `alice` */
  username: string;
  /** `Passw0rd!` */
  password: string;
  /** Its `sub` claim. */
  sub: string;
  /** `alice@example.com` */
  email: string;
}

/**
 * A running look-alike, from {@link startCognitoLike}.
 * @group Look-alike
 */
export interface CognitoLikeServer {
  /** `http://127.0.0.1:PORT`: pass it as the SDK's `domain`. */
  domain: string;
  /**
   * The `iss` of its tokens: pass it as the SDK's `issuer` to verify them. Unless the `issuer` option
   * is set it equals `domain`, and the JWKS is at `${issuer}/.well-known/jwks.json`.
   */
  issuer: string;
  /** An app client without a secret (PKCE only), as a browser app has. */
  publicClient: CognitoLikePublicClient;
  /** An app client with a secret; accepts client_secret_basic and client_secret_post. */
  confidentialClient: CognitoLikeConfidentialClient;
  /** An app client for the client credentials grant; `scopes` are its custom scopes (`api/read`, `api/write`). */
  machineClient: CognitoLikeMachineClient;
  /** The default user: alice / Passw0rd!, group `admins`. */
  user: CognitoLikeDefaultUser;
  /** Every POST to `/oauth2/token` so far, in order (faulted ones included). */
  tokenRequests: CognitoLikeTokenRequest[];
  /**
   * Scripts a fault for the next request(s) to `endpoint`; faults queue up and are used in order.
   * Throws a `TypeError` for a fault that is not one of the documented shapes.
   *
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   * import { startCognitoLike } from 'cognito-oauth/testing';
   *
   * const cognito = await startCognitoLike();
   * const client = new CognitoOAuthClient({ domain: cognito.domain, clientId: cognito.publicClient.clientId });
   * cognito.failNext('token', { error: 'invalid_grant' });
   * await client.refreshTokens('any').catch((error: unknown) => console.log(error)); // OAuthError invalid_grant
   * cognito.failNext('token', { status: 503 });
   * await client.refreshTokens('any').catch((error: unknown) => console.log(error)); // HTTP_ERROR 503
   * await cognito.close();
   * ```
   */
  failNext(endpoint: CognitoLikeEndpoint, fault: CognitoLikeFault): void;
  /** Drops every fault not used yet. */
  clearFaults(): void;
  /** Closes every connection and stops the server. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a Cognito look-alike (oidc-provider) on 127.0.0.1 at a free port: `/oauth2/authorize`,
 * `/oauth2/token`, `/oauth2/userInfo`, `/oauth2/revoke`, `/logout`, `/login`, `/.well-known/jwks.json`.
 * Each server has its own keys, clients, users, codes and sessions. Stop it with `close()`.
 *
 * @example
 * ```ts
 * import { startCognitoLike } from 'cognito-oauth/testing';
 *
 * const cognito = await startCognitoLike({ redirectUris: ['http://localhost:5173/callback'] });
 * console.log(cognito.domain, cognito.publicClient.clientId, cognito.user.username);
 * await cognito.close();
 * ```
 * @group Look-alike
 */
export function startCognitoLike(options?: CognitoLikeOptions): Promise<CognitoLikeServer>;

/**
 * Plays the user with fetch only: follows `authorizeUrl`, fills the login form (consent is granted
 * automatically, as Cognito has none) and stops at `redirectUri` without fetching it. Throws when
 * sign-in fails or the flow ends anywhere else (e.g. an error page). Pass the same `cookieJar` again
 * to find the managed-login session (a second sign-in without the form).
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 * import { driveSignIn, startCognitoLike } from 'cognito-oauth/testing';
 *
 * const cognito = await startCognitoLike();
 * const { clientId, redirectUri } = cognito.publicClient;
 * const client = new CognitoOAuthClient({ domain: cognito.domain, clientId, redirectUri, scopes: ['openid'] });
 * const request = await client.buildAuthorizeUrl();
 * const { callbackUrl } = await driveSignIn(request.url, { redirectUri: request.redirectUri, username: 'alice', password: 'Passw0rd!' });
 * console.log(client.parseCallback(callbackUrl, { expectedState: request.state }).code);
 * await cognito.close();
 * ```
 * @group Drivers
 */
export function driveSignIn(authorizeUrl: string, opts: DriveSignInParams): Promise<DriveSignInResult>;

/**
 * What {@link driveSignIn} needs: where to stop, and who signs in.
 * @group Drivers
 */
export interface DriveSignInParams {
  /** The app's callback URL: the walk stops there, without fetching it. */
  redirectUri: string;
  /** The name typed on the login page. */
  username: string;
  /** The password typed on the login page. */
  password: string;
  /** The cookies of an earlier walk, to find its managed-login session. @default a new, empty jar */
  cookieJar?: Map<string, string>;
}

/**
 * Where {@link driveSignIn} stopped.
 * @group Drivers
 */
export interface DriveSignInResult {
  /** The callback URL with `code` and `state` (or `error`): give it to `parseCallback`. */
  callbackUrl: string;
  /** The look-alike's session cookies, for a later {@link driveSignIn} or {@link driveLogout}. */
  cookieJar: Map<string, string>;
}

/**
 * Follows a `/logout` URL with the cookies of an earlier {@link driveSignIn}, submits the logout
 * confirmation and stops at `stopAt` (same origin and path; the query may differ) without fetching it.
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 * import { driveLogout, driveSignIn, startCognitoLike } from 'cognito-oauth/testing';
 *
 * const cognito = await startCognitoLike();
 * const { clientId, redirectUri, logoutUri } = cognito.publicClient;
 * const client = new CognitoOAuthClient({ domain: cognito.domain, clientId, redirectUri, scopes: ['openid'] });
 * const request = await client.buildAuthorizeUrl();
 * const { cookieJar } = await driveSignIn(request.url, { redirectUri, ...cognito.user });
 * const { finalUrl } = await driveLogout(client.buildLogoutUrl({ logoutUri }), { cookieJar, stopAt: logoutUri });
 * console.log(finalUrl); // http://localhost:3000/
 * await cognito.close();
 * ```
 * @group Drivers
 */
export function driveLogout(logoutUrl: string, opts: DriveLogoutParams): Promise<DriveLogoutResult>;

/**
 * What {@link driveLogout} needs.
 * @group Drivers
 */
export interface DriveLogoutParams {
  /** The cookies of the {@link driveSignIn} that signed in. */
  cookieJar: Map<string, string>;
  /** Where the walk stops, without fetching it: a logout URI, or `${domain}/login`. */
  stopAt: string;
}

/**
 * Where {@link driveLogout} stopped.
 * @group Drivers
 */
export interface DriveLogoutResult {
  /** The URL the look-alike sent the browser to last. */
  finalUrl: string;
}
