import { sizeConfig } from './esbuild-config.mjs';

// flow.js's job through CognitoSession: the class chunk with the session, plus the network half.
export default sizeConfig('session', ['network']);
