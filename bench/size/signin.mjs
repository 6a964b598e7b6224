import { sizeConfig } from './esbuild-config.mjs';

// A sign-in page: the entry chunk and what it imports statically; no lazy chunk.
export default sizeConfig('signin', []);
