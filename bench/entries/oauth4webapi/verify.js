import * as oauth from 'oauth4webapi';
import { as, handleCallback as handle } from './flow.js';

export { refresh, signIn } from './flow.js';
// oauth4webapi's own ID-token signature check on the token response (JWKS from jwks_uri, cached).
export const handleCallback = (href) => handle(href, (response) => oauth.validateApplicationLevelSignature(as, response));
