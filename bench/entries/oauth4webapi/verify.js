import * as oauth from 'oauth4webapi';
import { as, handleCallback as handle } from './flow.js';

export { refresh, signIn } from './flow.js';
// oauth4webapi's own ID-token signature check on the processed token response (JWKS from jwks_uri,
// kept in a cache object across calls).
const cache = {};
export const handleCallback = (href) =>
  handle(href, (response) => oauth.validateApplicationLevelSignature(as, response, { [oauth.jwksCache]: cache }));
