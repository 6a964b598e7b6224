// The network chunk: what CognitoOAuthClient loads with import() on first use, so that a page which
// only builds the authorize URL never loads ky or zod. Each function takes the client's config.
export { clientCredentials, exchangeCode, refreshTokens } from './token.js';
export { fetchUserInfo } from './userinfo.js';
export { revokeToken } from './revoke.js';
