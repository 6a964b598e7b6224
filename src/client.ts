// CognitoOAuthClient: a thin class in front of the modules. The synchronous, network-free half
// (config/, url/) is imported here; the network half (network/: ky, zod) and token verification
// (verify/: aws-jwt-verify) are loaded with import() on first use.
import { invalid } from './assert.js';
import { resolveOptions, type CognitoOAuthClientOptions, type ResolvedConfig } from './config/options.js';
import { requireVerification } from './config/verification.js';
import { CognitoOAuthError } from './errors.js';
import type { CognitoAccessTokenClaims, CognitoIdTokenClaims } from './jwt.js';
import type {
  AuthorizationCallback,
  AuthorizationRequest,
  AuthorizeParams,
  ClientCredentialsParams,
  ExchangeCodeParams,
  FetchUserInfoOptions,
  ImplicitAuthorizationRequest,
  ImplicitAuthorizeParams,
  ImplicitCallback,
  LogoutParams,
  ParseCallbackOptions,
  RequestOptions,
  TokenSet,
  UserInfo,
  VerifyAccessTokenOptions,
  VerifyIdTokenOptions,
} from './types.js';
import { createAuthorizeRequest, createImplicitAuthorizeRequest } from './url/authorize.js';
import { parseCallback, parseImplicitCallback } from './url/callback.js';
import { buildLogoutUrl } from './url/logout.js';

type Network = typeof import('./network/index.js');
type Verifier = typeof import('./verify/index.js');

/**
 * Loads a lazy half of the SDK on first use and keeps it, so bundlers put it in a chunk of its own
 * and an app that never calls into it never ships it: the network half (ky, zod) and token
 * verification (aws-jwt-verify, the JWKS code). A chunk that fails to load is tried again next time.
 */
function lazy<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((cause: unknown) => {
      loaded = undefined;
      throw new CognitoOAuthError('NETWORK_ERROR', `cognito-oauth could not load its ${what} chunk`, { cause });
    }));
}

const loadNetwork = /* @__PURE__ */ lazy<Network>(() => import('./network/index.js'), 'network');
const loadVerifier = /* @__PURE__ */ lazy<Verifier>(() => import('./verify/index.js'), 'verification');

/**
 * A client for one Cognito app client on one user pool domain: authorize URL, callback, code
 * exchange, refresh, userInfo, revoke, logout and client credentials.
 *
 * The instance holds no per-user state; keep `state`, `nonce` and `codeVerifier` across the
 * redirect yourself (e.g. `sessionStorage` in a SPA, an httpOnly cookie on a server).
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({
 *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: 'https://app.example.com/callback',
 *   scopes: ['openid', 'email'],
 * });
 *
 * // 1. Before the redirect
 * const request = await client.buildAuthorizeUrl();
 * sessionStorage.setItem('signin', JSON.stringify(request));
 * location.assign(request.url);
 *
 * // 2. On the callback page
 * const saved = JSON.parse(sessionStorage.getItem('signin') ?? '{}');
 * const { code } = client.parseCallback(location.href, { expectedState: saved.state });
 * const tokens = await client.exchangeCode({ code, codeVerifier: saved.codeVerifier });
 * ```
 * @group Client
 */
export class CognitoOAuthClient {
  readonly #config: ResolvedConfig;

  /**
   * Checks the options once and keeps them; nothing is fetched. One instance serves every user.
   *
   * @param options - the domain, app client and defaults; see {@link CognitoOAuthClientOptions}
   * @throws TypeError when an option is missing or malformed; the message names the option
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * // A browser app (public client) that verifies the ID token of every sign-in.
   * const spa = new CognitoOAuthClient({
   *   domain: 'myapp.auth.us-east-1.amazoncognito.com',
   *   clientId: '1example23456789',
   *   redirectUri: 'https://app.example.com/callback',
   *   scopes: ['openid', 'email', 'profile'],
   *   userPoolId: 'us-east-1_AbC123',
   * });
   *
   * // A server (confidential client) with a custom domain and a shorter timeout.
   * const server = new CognitoOAuthClient({
   *   domain: 'auth.example.com',
   *   clientId: 'webclient1example',
   *   clientSecret: 'client-secret-from-your-secret-store',
   *   redirectUri: 'https://app.example.com/callback',
   *   userPoolId: 'us-east-1_AbC123',
   *   timeout: 5_000,
   * });
   * ```
   */
  constructor(options: CognitoOAuthClientOptions) {
    this.#config = resolveOptions(options);
  }

  /** The user pool domain as an origin, e.g. `https://myapp.auth.us-east-1.amazoncognito.com`. */
  get domain(): string {
    return this.#config.origin;
  }

  /** The app client ID. */
  get clientId(): string {
    return this.#config.clientId;
  }

  /** The issuer tokens are verified against (from `userPoolId` or `issuer`), or `undefined` when verification is off. */
  get issuer(): string | undefined {
    return this.#config.verification?.issuer;
  }

  /**
   * Builds the authorization-code URL with PKCE (S256) and fresh random `state`, `nonce` and
   * verifier (WebCrypto, 256 bits each). No network.
   *
   * @param params - scopes, IdP, language, prompt, resource, your own state or nonce
   * @returns the URL and what to keep until the callback
   * @throws TypeError when a parameter is malformed, or no redirect URI is set
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const { url, state, codeVerifier, nonce } = await client.buildAuthorizeUrl({ identityProvider: 'Google', lang: 'fr' });
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
   */
  buildAuthorizeUrl(params?: AuthorizeParams): Promise<AuthorizationRequest> {
    return createAuthorizeRequest(this.#config, params);
  }

  /**
   * Builds the legacy implicit-flow URL (`response_type=token`): tokens come back in the URL
   * fragment, with no refresh token and no PKCE. Prefer {@link buildAuthorizeUrl}.
   *
   * @param params - as for the code flow
   * @returns the URL, `state` and `nonce`
   * @throws TypeError when a parameter is malformed
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const { url, state } = client.buildImplicitAuthorizeUrl({ scopes: ['openid'] });
   * ```
   */
  buildImplicitAuthorizeUrl(params?: ImplicitAuthorizeParams): ImplicitAuthorizationRequest {
    return createImplicitAuthorizeRequest(this.#config, params);
  }

  /**
   * Reads the authorization-code callback and checks `state`, before anything touches the network.
   *
   * @param url - the absolute callback URL: `location.href`, or on a server the request URL made
   *   absolute (`new URL(req.url, origin)`: node:http and Express give a path)
   * @param options - `expectedState`: the state from {@link buildAuthorizeUrl}
   * @returns the code and state
   * @throws TypeError `ERR_INVALID_ARG_VALUE` for a relative URL such as `/callback?code=…`
   * @throws {@link OAuthError} for Cognito's error redirects (`?error=login_required`, …); its
   *   `stateVerified` is `false` when the redirect carried no `state`, so anyone could have made it
   * @throws {@link CognitoOAuthError} `STATE_MISMATCH`, `STATE_MISSING`, `CODE_MISSING` or `CALLBACK_INVALID`
   *   (also for Cognito's own `https://{domain}/error` page, e.g. `error=redirect_mismatch`; its `cause` is the {@link OAuthError})
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const { code } = client.parseCallback('https://app.example.com/cb?code=a1b2&state=xyz', { expectedState: 'xyz' });
   * ```
   */
  parseCallback(url: string | URL, options: ParseCallbackOptions): AuthorizationCallback {
    return parseCallback(url, options, this.#config.origin);
  }

  /**
   * Reads an implicit-flow callback: tokens from the URL fragment, errors from the query or fragment.
   *
   * The tokens are returned as they arrived, unverified: this method is synchronous and loads no
   * verification code. Anyone can put tokens in a URL fragment, so before trusting the ID token
   * verify it with {@link verifyIdToken}, passing the `nonce` from
   * {@link buildImplicitAuthorizeUrl}: the nonce ties it to this sign-in.
   *
   * @param url - the callback URL including its `#fragment`
   * @param options - `expectedState`
   * @returns the tokens and state
   * @throws {@link OAuthError} for error redirects
   * @throws {@link CognitoOAuthError} `STATE_MISMATCH`, `STATE_MISSING` or `CALLBACK_INVALID`
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const tokens = client.parseImplicitCallback(
   *   'https://app.example.com/cb#access_token=eyJ…&token_type=bearer&expires_in=3600&state=xyz',
   *   { expectedState: 'xyz' },
   * );
   * ```
   */
  parseImplicitCallback(url: string | URL, options: ParseCallbackOptions): ImplicitCallback {
    return parseImplicitCallback(url, options, Date.now(), this.#config.origin);
  }

  /**
   * Exchanges an authorization code for tokens (`grant_type=authorization_code` with the PKCE
   * verifier). Never retried: a code is single-use.
   *
   * When the client has a `userPoolId` or `issuer`, the ID token in the response is verified like
   * {@link verifyIdToken} does, including its `nonce`: pass the `nonce` from
   * {@link buildAuthorizeUrl}. Without a `nonce` the call fails with a `TypeError` before the code
   * is sent (so the code is not spent); `dangerouslySkipIdTokenVerification` turns the whole check
   * off. Without `userPoolId` and `issuer` nothing is verified and `nonce` is ignored.
   *
   * @param params - `code`, `codeVerifier`, `nonce`, and `redirectUri` if the authorize URL used another one
   * @returns the tokens
   * @throws TypeError when a parameter is malformed, or `nonce` is missing while ID tokens are verified
   * @throws {@link OAuthError} e.g. `invalid_grant` (code used or expired), `unauthorized_client` (redirect URI mismatch)
   * @throws {@link CognitoOAuthError} `TIMEOUT`, `NETWORK_ERROR`, `INVALID_RESPONSE`, `HTTP_ERROR`, …; and
   * when the ID token fails verification, `NONCE_MISMATCH`, `SIGNATURE_INVALID`, `TOKEN_EXPIRED`, … (see {@link verifyIdToken})
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'https://app.example.com/cb' });
   * const tokens = await client.exchangeCode({ code: 'a1b2', codeVerifier: 'kept-from-buildAuthorizeUrl-43-characters-long-x' });
   * console.log(tokens.expiresAt);
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
   */
  async exchangeCode(params: ExchangeCodeParams): Promise<TokenSet> {
    // A missing nonce is almost always a lost sign-in request; fail before the single-use code is spent.
    if (this.#config.verification?.verifyTokenResponses && (typeof params?.nonce !== 'string' || !params.nonce)) {
      invalid('exchangeCode: nonce', 'the nonce returned by buildAuthorizeUrl (ID tokens are verified)', 'ERR_MISSING_OPTION');
    }
    return this.#tokens((network) => network.exchangeCode(this.#config, params), params?.nonce, params?.signal);
  }

  /** A token request, then (when the client verifies ID tokens) the verification of its ID token. */
  async #tokens(request: (network: Network) => Promise<TokenSet>, nonce?: string, signal?: AbortSignal): Promise<TokenSet> {
    // One import() after the other: Jest's ESM runtime (--experimental-vm-modules) fails the second of
    // two concurrent imports that share a chunk ("request for './chunk-….js' is not in cache").
    const network = await loadNetwork();
    const verifier = this.#config.verification?.verifyTokenResponses ? await loadVerifier() : undefined;
    const tokens = await request(network);
    return verifier ? verifier.verifyTokenResponse(this.#config, tokens, nonce, signal) : tokens;
  }

  /**
   * Gets new tokens with a refresh token. When Cognito sends no new refresh token (rotation off),
   * the result carries the one passed in; when it rotates, the new one.
   *
   * When the client has a `userPoolId` or `issuer`, the new ID token is verified (signature,
   * issuer, expiry, `token_use`, `aud`; no nonce) unless `dangerouslySkipIdTokenVerification` is set.
   *
   * @param refreshToken - the refresh token
   * @param options - `signal`
   * @returns the new tokens
   * @throws {@link OAuthError} `invalid_grant` when the refresh token is revoked or expired
   * @throws {@link CognitoOAuthError} transport codes, or a verification code (see {@link verifyIdToken})
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });
   * const next = await client.refreshTokens('stored-refresh-token');
   * ```
   */
  async refreshTokens(refreshToken: string, options?: RequestOptions): Promise<TokenSet> {
    return this.#tokens((network) => network.refreshTokens(this.#config, refreshToken, options), undefined, options?.signal);
  }

  /**
   * Verifies a Cognito ID token and returns its claims: RS256 signature against the user pool's
   * JWKS (fetched once and cached, see {@link JwksCache}), `iss`, `exp`/`nbf`/`iat` within
   * `clockTolerance`, `token_use` = `id`, `aud` = this app client (or `options.clientId`; an array of audiences may name no
   * other), and,
   * when given, the `nonce` and `requiredGroups`. Needs `userPoolId` or `issuer` on the client.
   *
   * @param idToken - the ID token
   * @param options - `nonce`, `requiredGroups`, `clientId`, `signal`
   * @returns the verified claims, every claim kept
   * @throws TypeError when the client has no `userPoolId` or `issuer`, or an option is malformed
   * @throws {@link CognitoOAuthError} `TOKEN_MALFORMED`, `ALG_NOT_ALLOWED`, `UNKNOWN_KEY`, `JWKS_INVALID`,
   * `SIGNATURE_INVALID`, `ISSUER_MISMATCH`, `TOKEN_EXPIRED`, `TOKEN_NOT_YET_VALID`, `TOKEN_USE_MISMATCH`,
   * `CLIENT_MISMATCH`, `NONCE_MISMATCH`, `GROUP_MISSING`; or `TIMEOUT`, `NETWORK_ERROR`, `HTTP_ERROR`,
   * `INVALID_RESPONSE`, `ABORTED` while fetching the JWKS
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', userPoolId: 'us-east-1_AbC123' });
   * const claims = await client.verifyIdToken('id-token', { requiredGroups: ['admins'] });
   * console.log(claims.sub, claims.email, claims['cognito:groups']);
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
   */
  async verifyIdToken(idToken: string, options?: VerifyIdTokenOptions): Promise<CognitoIdTokenClaims> {
    requireVerification(this.#config.verification, 'verifyIdToken');
    return (await loadVerifier()).verifyIdToken(this.#config, idToken, options);
  }

  /**
   * Verifies a Cognito access token and returns its claims: RS256 signature against the user
   * pool's JWKS, `iss`, `exp`/`nbf`/`iat` within `clockTolerance`, `token_use` = `access`,
   * `client_id` = this app client (or `options.clientId`; an access token's `aud`, when present,
   * is a resource server and is not checked), and, when given, `requiredScopes` and
   * `requiredGroups`. Cognito access tokens have no `aud` and no `typ: at+jwt`, so generic RFC 9068
   * validators reject them; this one follows Cognito's rules. A revoked token still verifies until
   * it expires (verification is offline).
   *
   * @param accessToken - the access token
   * @param options - `requiredScopes`, `requiredGroups`, `clientId`, `signal`
   * @returns the verified claims, every claim kept
   * @throws TypeError when the client has no `userPoolId` or `issuer`, or an option is malformed
   * @throws {@link CognitoOAuthError} `TOKEN_MALFORMED`, `ALG_NOT_ALLOWED`, `UNKNOWN_KEY`, `JWKS_INVALID`,
   * `SIGNATURE_INVALID`, `ISSUER_MISMATCH`, `TOKEN_EXPIRED`, `TOKEN_NOT_YET_VALID`, `TOKEN_USE_MISMATCH`,
   * `CLIENT_MISMATCH`, `SCOPE_MISSING`, `GROUP_MISSING`; or a JWKS transport code
   * @example
   * ```ts
   * import { CognitoOAuthClient, CognitoOAuthError } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', userPoolId: 'us-east-1_AbC123' });
   * try {
   *   const claims = await client.verifyAccessToken('access-token', { requiredScopes: ['orders/read'] });
   *   console.log(claims.sub, claims.scope);
   * } catch (error) {
   *   if (error instanceof CognitoOAuthError) console.log(error.code); // e.g. 'TOKEN_EXPIRED' → HTTP 401
   * }
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
   */
  async verifyAccessToken(accessToken: string, options?: VerifyAccessTokenOptions): Promise<CognitoAccessTokenClaims> {
    requireVerification(this.#config.verification, 'verifyAccessToken');
    return (await loadVerifier()).verifyAccessToken(this.#config, accessToken, options);
  }

  /**
   * Fetches the user's claims from `GET /oauth2/userInfo`. Keeps Cognito's claim names and every
   * `custom:*` or unknown claim; `email_verified` and `phone_number_verified` become booleans.
   * Retried on network errors, 429 and 5xx (see `retries`).
   *
   * @param accessToken - an access token with the `openid` scope
   * @param options - `expectedSubject` (e.g. the ID token's `sub`) and `signal`
   * @returns the claims
   * @throws TypeError `ERR_INVALID_ARG_VALUE` for an ID token, before any request (userInfo takes the access token)
   * @throws {@link OAuthError} `invalid_token` (from `WWW-Authenticate`) when the token is expired or revoked
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });
   * const user = await client.fetchUserInfo('access-token');
   * if (user.email_verified) console.log(user.email, user['custom:plan']);
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
   */
  async fetchUserInfo(accessToken: string, options?: FetchUserInfoOptions): Promise<UserInfo> {
    return (await loadNetwork()).fetchUserInfo(this.#config, accessToken, options);
  }

  /**
   * Revokes a refresh token (and the access and ID tokens issued from it) at `/oauth2/revoke`.
   * Cognito revokes refresh tokens only; passing an access or ID token is a `TypeError`. Already
   * issued JWTs still pass offline signature checks until they expire.
   *
   * @param refreshToken - the refresh token
   * @param options - `signal`
   * @throws {@link OAuthError} e.g. `unsupported_token_type`, `invalid_client`
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });
   * await client.revokeToken('stored-refresh-token');
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
   */
  async revokeToken(refreshToken: string, options?: RequestOptions): Promise<void> {
    return (await loadNetwork()).revokeToken(this.#config, refreshToken, options);
  }

  /**
   * Builds Cognito's `/logout` URL: `client_id` + `logout_uri` (an Allowed sign-out URL), or
   * `redirect_uri` + `response_type` to send the user back through sign-in. Never the OIDC
   * `post_logout_redirect_uri`, which Cognito rejects.
   *
   * @param params - `{ logoutUri }` or `{ redirectUri?, responseType?, state?, nonce?, scopes? }`
   * @returns the URL to send the browser to
   * @throws TypeError when a parameter is malformed
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });
   * const url = client.buildLogoutUrl({ logoutUri: 'https://app.example.com/signed-out' });
   * ```
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
   */
  buildLogoutUrl(params: LogoutParams): string {
    return buildLogoutUrl(this.#config, params);
  }

  /**
   * Gets an access token for the client itself (machine to machine, `grant_type=client_credentials`).
   * Needs a `clientSecret`; no ID or refresh token comes back.
   *
   * @param params - custom `scopes` (e.g. `['orders/read']`), `clientMetadata`, `signal`
   * @returns the tokens
   * @throws TypeError when the client has no secret
   * @throws {@link OAuthError} e.g. `invalid_client`, `invalid_scope`
   * @example
   * ```ts
   * import { CognitoOAuthClient } from 'cognito-oauth';
   *
   * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', clientSecret: 'secret' });
   * const { accessToken } = await client.clientCredentials({ scopes: ['orders/read'] });
   * ```
   */
  async clientCredentials(params?: ClientCredentialsParams): Promise<TokenSet> {
    return (await loadNetwork()).clientCredentials(this.#config, params);
  }
}
