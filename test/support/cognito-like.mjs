// The repository's tests, demo and examples use the look-alike that ships as cognito-oauth/testing.
export * from '../../testing/index.mjs';
