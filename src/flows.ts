// The network half of the SDK, loaded by CognitoOAuthClient with import() on first use so that a
// page which only builds the authorize URL never loads ky or zod.
export { clientCredentials, exchangeCode, refreshTokens } from './token.js';
export { fetchUserInfo } from './userinfo.js';
export { revokeToken } from './revoke.js';
