/**
 * `cognito-oauth/session`: {@link CognitoSession}, which keeps a user signed in (code flow, tokens
 * refreshed when due with refresh-token rotation in mind, sign-in and sign-out shared across tabs),
 * and its storages. The same exports are in `cognito-oauth` too.
 *
 * @packageDocumentation
 * @module cognito-oauth/session
 */
export { CognitoSession } from './session/session.js';
export type { CognitoSessionEvents, CognitoSessionOptions, SignOutReason, SignOutResult } from './session/session.js';
export { memoryStorage, webStorage } from './session/storage.js';
export type { SessionStorage } from './session/storage.js';
