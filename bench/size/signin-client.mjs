import { sizeConfig } from './esbuild-config.mjs';

// The same sign-in page through CognitoOAuthClient: the class chunk, no lazy chunk.
export default sizeConfig('signin-client', []);
