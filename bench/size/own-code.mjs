import { sizeConfig } from './esbuild-config.mjs';

// Our own code in the full code flow (issue 10): flow.js built from src/ with ky, zod and
// aws-jwt-verify external, the chunks the flow loads. From src/, not dist/: a dist/ that bundles
// zod/mini into its network chunk would count zod as ours.
export default sizeConfig('flow', ['network'], { ownCode: true });
