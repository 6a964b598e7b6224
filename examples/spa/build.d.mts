import type { Metafile } from 'esbuild';

/** Bundles the SPA (index.html + assets/) into `outdir`, resolving `cognito-oauth` to the repo's dist/. */
export function buildSpa(options?: { outdir?: string; minify?: boolean }): Promise<{ outdir: string; metafile: Metafile }>;
