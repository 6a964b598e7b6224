import { sizeConfig } from './esbuild-config.mjs';

// The full flow with userPoolId set: the network half and token verification.
export default sizeConfig('verify', ['network', 'verify']);
