/**
 * `cognito-oauth/authorize`: the authorize URL alone, for a sign-in page that only sends the user
 * to managed login. It loads nothing else of the SDK; the callback page uses `CognitoOAuthClient`
 * from `cognito-oauth`. The same functions are exported from `cognito-oauth` too.
 *
 * @packageDocumentation
 * @module cognito-oauth/authorize
 */
export { buildAuthorizeUrl, buildImplicitAuthorizeUrl } from './url/authorize.js';
export type { AuthorizeUrlOptions, ImplicitAuthorizeUrlOptions } from './url/authorize.js';
export type { AuthorizationRequest, AuthorizeParams, ImplicitAuthorizationRequest, ManagedLoginLanguage, Prompt } from './types.js';
