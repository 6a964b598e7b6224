import { sizeConfig } from './esbuild-config.mjs';

// The full code flow: the sign-in part plus the network half (ky + zod).
export default sizeConfig('flow', ['network']);
