export * from '../../testing/index.mjs';
