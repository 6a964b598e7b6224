/**
 * cognito-oauth: a typed, framework-agnostic client for Amazon Cognito user pools' OAuth 2.0 /
 * OpenID Connect endpoints (managed login, formerly the hosted UI).
 *
 * @packageDocumentation
 * @module cognito-oauth
 */
export { CognitoOAuthClient } from './client.js';
export { buildAuthorizeUrl, buildImplicitAuthorizeUrl } from './url/authorize.js';
export type { AuthorizeUrlOptions, ImplicitAuthorizeUrlOptions } from './url/authorize.js';
export { CognitoSession, memoryStorage, webStorage } from './session.js';
export type { CognitoSessionEvents, CognitoSessionOptions, SessionStorage, SignOutReason, SignOutResult } from './session.js';
export { CognitoOAuthError, ErrorCode, OAuthError } from './errors.js';
export type { CognitoOAuthErrorOptions, ErrorCodes, OAuthErrorSource } from './errors.js';
export type { ArgumentErrorCode } from './assert.js';
export type { ClientAuthMethod, CognitoOAuthClientOptions, FetchLike } from './config/options.js';
export type { TokenVerificationOptions } from './config/verification.js';
export { computeCodeChallenge, generateRandomValue } from './url/pkce.js';
export { decodeJwtUnverified } from './jwt.js';
export type { CognitoAccessTokenClaims, CognitoIdTokenClaims, CognitoJwtClaims, DecodedJwt, JwtHeader } from './jwt.js';
export { JwksCache } from './verify/jwks-cache.js';
export type { Jwk, JwksCacheOptions } from './verify/jwks-cache.js';
export type {
  AuthorizationCallback,
  AuthorizationRequest,
  AuthorizeParams,
  ClientCredentialsParams,
  CognitoIdentity,
  ExchangeCodeParams,
  FetchUserInfoOptions,
  ImplicitAuthorizationRequest,
  ImplicitAuthorizeParams,
  ImplicitCallback,
  LogoutParams,
  LogoutToSignInParams,
  LogoutToUriParams,
  ManagedLoginLanguage,
  ParseCallbackOptions,
  Prompt,
  RequestOptions,
  TokenSet,
  UserInfo,
  VerifyAccessTokenOptions,
  VerifyIdTokenOptions,
  VerifyTokenOptions,
} from './types.js';
// Not exported on purpose: the zod schemas, the ky instance and ResolvedConfig are internal.
