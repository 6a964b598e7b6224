import { sizeConfig } from './esbuild-config.mjs';

// A sign-in page through CognitoSession: the class chunk with the session, no lazy chunk.
export default sizeConfig('session-signin', []);
