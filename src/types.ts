/**
 * Tokens from the token endpoint (or an implicit-flow fragment), with camelCase names.
 *
 * @example
 * ```ts
 * import type { TokenSet } from 'cognito-oauth';
 *
 * function isFresh(tokens: TokenSet, skewMs = 30_000): boolean {
 *   return Date.now() + skewMs < tokens.expiresAt;
 * }
 * ```
 * @group Tokens
 */
export interface TokenSet {
  /** The access token (a JWT signed by the user pool). */
  accessToken: string;
  /** The ID token; present when the `openid` scope was granted. */
  idToken?: string | undefined;
  /**
   * The refresh token. After {@link CognitoOAuthClient.refreshTokens} it is the new one when
   * Cognito rotated it, otherwise the one passed in. Absent for client credentials and implicit.
   */
  refreshToken?: string | undefined;
  /** Always `'Bearer'` (Cognito's implicit fragment says `bearer`; it is normalised). */
  tokenType: 'Bearer';
  /** Lifetime of the access token in seconds, as Cognito sent it. */
  expiresIn: number;
  /** When the access token expires, in epoch milliseconds, counted from when the request was sent. */
  expiresAt: number;
}

/**
 * What Cognito's `prompt` parameter takes (managed login only); several may be combined.
 * @group Authorize URL
 */
export type Prompt = 'none' | 'login' | 'select_account' | 'consent';

/**
 * Languages of managed login's `lang` parameter (other values are passed through).
 * @group Authorize URL
 */
export type ManagedLoginLanguage = 'de' | 'en' | 'es' | 'fr' | 'id' | 'it' | 'ja' | 'ko' | 'pt-BR' | 'zh-CN' | 'zh-TW';

/**
 * Parameters of the authorize URL. Every one is optional; `scopes` and `redirectUri` default to the
 * client's options.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @group Authorize URL
 */
export interface AuthorizeParams {
  /**
   * Scopes for this sign-in; overrides the client's default `scopes`.
   * @default the client's `scopes`; without any, no `scope` parameter (Cognito grants every scope of the app client)
   */
  scopes?: readonly string[] | undefined;
  /** Overrides the client's `redirectUri`; the code exchange must then use the same value. */
  redirectUri?: string | undefined;
  /**
   * Your own `state` (at least 128 bits of randomness if it is the CSRF defence).
   * @default a fresh random value (256 bits)
   */
  state?: string | undefined;
  /**
   * Your own `nonce`.
   * @default a fresh random value (256 bits)
   */
  nonce?: string | undefined;
  /**
   * Skip managed login and go straight to this IdP: `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`, `COGNITO` or a SAML/OIDC IdP name.
   * @default undefined (managed login shows its own sign-in page)
   */
  identityProvider?: string | undefined;
  /**
   * An identifier of a SAML or OIDC IdP (alternative to `identityProvider`).
   * @default undefined
   */
  idpIdentifier?: string | undefined;
  /**
   * Managed login language.
   * @default undefined (managed login chooses the language)
   */
  lang?: ManagedLoginLanguage | (string & {}) | undefined;
  /**
   * Pre-fills the user name in managed login; forwarded to OIDC IdPs and Google.
   * @default undefined
   */
  loginHint?: string | undefined;
  /**
   * `none`, `login`, `select_account`, `consent`, or several of them.
   * @default undefined (no `prompt` parameter: an existing managed-login session signs the user in)
   */
  prompt?: Prompt | readonly Prompt[] | undefined;
  /**
   * An RFC 8707 resource (becomes the access token's `aud`): `https://…`, `http://localhost…` or a custom scheme.
   * @default undefined (no resource indicator)
   */
  resource?: string | undefined;
  /**
   * Which managed-login page to start on. `'authorize'` (the default and best practice) or a direct
   * link to `'login'` or `'signup'`, which take the same parameters.
   * @default 'authorize'
   */
  page?: 'authorize' | 'login' | 'signup' | undefined;
}

/**
 * The authorize URL and what the app must keep (e.g. in `sessionStorage` or an httpOnly cookie)
 * until the callback.
 * @group Authorize URL
 */
export interface AuthorizationRequest {
  /** Where to send the browser. */
  url: string;
  /** Compare it with the callback's `state` through `parseCallback({ expectedState })`. */
  state: string;
  /** The PKCE verifier for `exchangeCode`. Keep it secret; never put it in a URL. */
  codeVerifier: string;
  /** The nonce Cognito will put in the ID token; pass it to `exchangeCode` to have it checked. */
  nonce: string;
  /** The redirect URI the URL carries; the code exchange must use the same one. */
  redirectUri: string;
}

/**
 * Parameters of the legacy implicit flow's authorize URL: the code flow's, without PKCE.
 * @group Authorize URL
 */
export type ImplicitAuthorizeParams = Omit<AuthorizeParams, 'page'>;

/**
 * The implicit flow's authorize URL and what to keep until the callback.
 * @group Authorize URL
 */
export interface ImplicitAuthorizationRequest {
  /** Where to send the browser. */
  url: string;
  /** Compare it with the callback's `state`. */
  state: string;
  /** The nonce Cognito will put in the ID token. */
  nonce: string;
}

/**
 * A successful authorization-code callback.
 * @group Callback and logout
 */
export interface AuthorizationCallback {
  /** The one-time authorization code (valid for five minutes). */
  code: string;
  /** The `state` that came back (equal to the expected one). */
  state: string;
}

/**
 * A successful implicit-flow callback: tokens from the URL fragment.
 * @group Callback and logout
 */
export interface ImplicitCallback extends TokenSet {
  /** The `state` that came back (equal to the expected one). */
  state: string;
}

/**
 * Options of `parseCallback` and `parseImplicitCallback`.
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: '1example23456789', redirectUri: 'https://app.example.com/callback' });
 * declare const kept: { state: string };
 * const { code } = client.parseCallback(location.href, { expectedState: kept.state });
 * ```
 * @group Callback and logout
 */
export interface ParseCallbackOptions {
  /** The `state` returned by `buildAuthorizeUrl` and kept across the redirect. Required. */
  expectedState: string;
}

/**
 * Per-call options of every method that talks to Cognito.
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: '1example23456789' });
 * // Give up on the refresh when the user leaves the page.
 * const leaving = new AbortController();
 * addEventListener('pagehide', () => leaving.abort(), { once: true });
 * const tokens = await client.refreshTokens('stored-refresh-token', { signal: leaving.signal });
 * ```
 * @group Client
 */
export interface RequestOptions {
  /**
   * Aborts the request; the error is a `CognitoOAuthError` with code `ABORTED`.
   * @default undefined (only the client's `timeout` ends the request)
   */
  signal?: AbortSignal | undefined;
}

/**
 * Arguments of `exchangeCode`.
 * @group Tokens
 */
export interface ExchangeCodeParams extends RequestOptions {
  /** The code from `parseCallback`. */
  code: string;
  /** The `codeVerifier` from `buildAuthorizeUrl`. */
  codeVerifier: string;
  /** The redirect URI of the authorize request, if it was not the client's default. */
  redirectUri?: string | undefined;
  /**
   * The `nonce` from `buildAuthorizeUrl`. Required when the client verifies ID tokens
   * (`userPoolId` or `issuer` set): the ID token's `nonce` must equal it, else `NONCE_MISMATCH`.
   * Ignored otherwise.
   */
  nonce?: string | undefined;
}

/**
 * Arguments of `clientCredentials`.
 * @group Tokens
 */
export interface ClientCredentialsParams extends RequestOptions {
  /** Custom (resource server) scopes, e.g. `['orders/read']`. Without them Cognito grants all of the client's. */
  scopes?: readonly string[] | undefined;
  /** Passed to the pre token generation Lambda trigger as `aws_client_metadata`. */
  clientMetadata?: Readonly<Record<string, string>> | undefined;
}

/**
 * Options of `fetchUserInfo`.
 * @example
 * ```ts
 * import { CognitoOAuthClient, type FetchUserInfoOptions } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: '1example23456789' });
 * declare const tokens: { accessToken: string };
 * declare const idTokenSub: string;
 * const options: FetchUserInfoOptions = { expectedSubject: idTokenSub, signal: AbortSignal.timeout(5_000) };
 * const user = await client.fetchUserInfo(tokens.accessToken, options); // SUBJECT_MISMATCH if another user's
 * ```
 * @group Tokens
 */
export interface FetchUserInfoOptions extends RequestOptions {
  /**
   * When given, the returned `sub` must equal it (e.g. the ID token's `sub`), else `SUBJECT_MISMATCH`.
   * @default undefined (the `sub` is not compared)
   */
  expectedSubject?: string | undefined;
}

/**
 * One linked identity provider entry of a federated user.
 * @group Tokens
 */
export interface CognitoIdentity {
  /** The user's ID at the identity provider. */
  userId?: string;
  /** The IdP name as configured in the user pool, e.g. `Google` or a SAML provider name. */
  providerName?: string;
  /** The IdP type, e.g. `Google`, `SAML`, `OIDC`, `SignInWithApple`. */
  providerType?: string;
  /** The IdP issuer, when Cognito knows one; often `null`. */
  issuer?: string | null;
  /** Whether this is the primary linked identity: `"true"`/`"false"` in tokens, a boolean in the API form. */
  primary?: string | boolean;
  /** When the link was created, in epoch milliseconds (a string in tokens, a number in the API form). */
  dateCreated?: string | number;
  /** Any other field Cognito adds. */
  [key: string]: unknown;
}

/**
 * Claims from `GET /oauth2/userInfo`, with Cognito's names. Every claim Cognito sends is kept,
 * including `custom:*` attributes; `email_verified` and `phone_number_verified` are booleans
 * even though Cognito sends the strings `"true"`/`"false"`.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 * @group Tokens
 */
export interface UserInfo {
  /** The user's unique, stable identifier. */
  sub: string;
  /** Cognito's user name (a non-OIDC claim Cognito adds). */
  username?: string;
  /** Email address (scope `email`). */
  email?: string;
  /** A boolean, whatever Cognito sent. */
  email_verified?: boolean;
  /** Phone number in E.164 form, e.g. `+12065551212` (scope `phone`). */
  phone_number?: string;
  /** A boolean, whatever Cognito sent. */
  phone_number_verified?: boolean;
  /** Full name (scope `profile`). */
  name?: string;
  /** Given (first) name (scope `profile`). */
  given_name?: string;
  /** Family (last) name (scope `profile`). */
  family_name?: string;
  /** Middle name (scope `profile`). */
  middle_name?: string;
  /** Casual name (scope `profile`). */
  nickname?: string;
  /** The preferred user name, which may differ from `username` (scope `profile`). */
  preferred_username?: string;
  /** URL of the profile page (scope `profile`). */
  profile?: string;
  /** URL of the profile picture (scope `profile`). */
  picture?: string;
  /** URL of a web page or blog (scope `profile`). */
  website?: string;
  /** Gender, as free text (scope `profile`). */
  gender?: string;
  /** Birth date, `YYYY-MM-DD` (scope `profile`). */
  birthdate?: string;
  /** Time zone, e.g. `Europe/Paris` (scope `profile`). */
  zoneinfo?: string;
  /** Locale, e.g. `en-US` (scope `profile`). */
  locale?: string;
  /** Postal address: Cognito's plain string, or an OIDC address object. */
  address?: string | Record<string, unknown>;
  /** When the profile was last updated, in epoch seconds (Cognito may send it as a string). */
  updated_at?: string | number;
  /** Linked IdPs: an array, or the JSON string form when it cannot be parsed. */
  identities?: CognitoIdentity[] | string;
  /** Any other claim, including `custom:*` attributes (always strings in Cognito). */
  [claim: string]: unknown;
}

/**
 * Logout that lands on a registered "Allowed sign-out URL".
 * @group Callback and logout
 */
export interface LogoutToUriParams {
  /** An Allowed sign-out URL of the app client. */
  logoutUri: string;
}

/**
 * Logout that sends the user straight back through sign-in (`/logout` with `redirect_uri` + `response_type`).
 * @group Callback and logout
 */
export interface LogoutToSignInParams {
  /** An Allowed callback URL; defaults to the client's `redirectUri`. */
  redirectUri?: string | undefined;
  /** @default 'code' */
  responseType?: 'code' | 'token' | undefined;
  /** The `state` for the sign-in that follows; keep it to check the callback. */
  state?: string | undefined;
  /** The `nonce` for the ID token of the sign-in that follows. */
  nonce?: string | undefined;
  /** Scopes for the sign-in that follows; defaults to the client's `scopes`. */
  scopes?: readonly string[] | undefined;
}

/**
 * Arguments of `buildLogoutUrl`: either a sign-out URL or a return through sign-in.
 * @group Callback and logout
 */
export type LogoutParams = LogoutToUriParams | LogoutToSignInParams;

/**
 * Per-call options of `verifyIdToken` and `verifyAccessToken`.
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 *
 * // A resource server that accepts the tokens of two app clients, for members of `staff` only.
 * const api = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'webclient1example', userPoolId: 'us-east-1_AbC123' });
 * declare const bearerToken: string;
 * const claims = await api.verifyAccessToken(bearerToken, { clientId: ['webclient1example', 'mobileclient1example'], requiredGroups: ['staff'] });
 * ```
 * @group Verification
 */
export interface VerifyTokenOptions {
  /**
   * The app client (or clients) the token must have been issued to. Default: the client's own
   * `clientId`. A resource server that accepts tokens of several app clients lists them here.
   * @default the client's own `clientId`
   */
  clientId?: string | readonly string[] | undefined;
  /**
   * Groups the user must belong to, every one of them (`cognito:groups`); else `GROUP_MISSING`.
   * @default [] (no group is required)
   */
  requiredGroups?: readonly string[] | undefined;
  /**
   * Stops waiting for the JWKS; the error is a `CognitoOAuthError` with code `ABORTED`.
   * @default undefined (only the client's `timeout` ends the JWKS request)
   */
  signal?: AbortSignal | undefined;
}

/**
 * Options of `verifyIdToken`.
 * @example
 * ```ts
 * import { CognitoOAuthClient } from 'cognito-oauth';
 *
 * const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: '1example23456789', userPoolId: 'us-east-1_AbC123' });
 * declare const idToken: string;
 * declare const kept: { nonce: string };
 * const claims = await client.verifyIdToken(idToken, { nonce: kept.nonce, requiredGroups: ['admins'] });
 * console.log(claims.email, claims['cognito:groups']);
 * ```
 * @group Verification
 */
export interface VerifyIdTokenOptions extends VerifyTokenOptions {
  /**
   * The `nonce` of the authorize request; when given, the token's `nonce` must equal it, else `NONCE_MISMATCH`.
   * @default undefined (the `nonce` claim is not compared)
   */
  nonce?: string | undefined;
}

/**
 * Options of `verifyAccessToken`.
 *
 * @example
 * ```ts
 * import type { VerifyAccessTokenOptions } from 'cognito-oauth';
 *
 * // An API that serves the web app and a machine client, for admins with the orders/read scope.
 * const options: VerifyAccessTokenOptions = {
 *   clientId: ['webclient1', 'machineclient1'],
 *   requiredScopes: ['orders/read'],
 *   requiredGroups: ['admins'],
 * };
 * ```
 * @group Verification
 */
export interface VerifyAccessTokenOptions extends VerifyTokenOptions {
  /**
   * Scopes the token must carry, every one of them (e.g. `['orders/read']`); else `SCOPE_MISSING`.
   * @default [] (no scope is required)
   */
  requiredScopes?: readonly string[] | undefined;
}
