// ESLint (flat config) with typescript-eslint's type-aware rules. Formatting is Prettier's job
// (.prettierrc.json): no rule here is about layout. `npm run lint` checks, `npm run lint:fix` and
// `npm run format` write.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const plainJs = ['**/*.js', '**/*.mjs', '**/*.cjs'];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      'dist/',
      'docs/api/',
      'coverage/',
      '.tmp/',
      'test/artifacts/',
      'bench/.snapshot/',
      // Written by the bench, not by hand.
      'bench/results.json',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        // Each .ts file is checked against the nearest tsconfig.json (the root one, examples/ and
        // examples/spa/ have their own).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_name` marks a parameter or binding that is there on purpose (a stub's signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // A promise returned (not awaited) from inside try/catch escapes the catch: the error
      // mapping in the transport depends on it being awaited.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Plain JavaScript (scripts, bench, demo, the look-alike server) is in no tsconfig: lint it
  // without type information.
  { files: plainJs, extends: [tseslint.configs.disableTypeChecked] },
  {
    files: ['src/**'],
    rules: {
      // The library runs unchanged in browsers, workers, Deno and Bun: web-platform APIs only.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(node:.*|${builtinModules.filter((name) => !name.startsWith('_')).join('|')})(/.*)?$`,
              message: 'src/ uses web-platform APIs only; Node-only code lives outside src/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'global', 'require', 'module', 'exports', '__dirname', '__filename', 'setImmediate', 'clearImmediate'].map(
          (name) => ({ name, message: 'src/ uses web-platform APIs only; Node-only code lives outside src/.' }),
        ),
      ],
      // A library does not write to the console (and so never logs a token or a secret).
      'no-console': 'error',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // `fetch: async () => new Response(...)` is how tests stub fetch.
      '@typescript-eslint/require-await': 'off',
      // expectTypeOf(client.method) and vi.spyOn(obj, 'method') read methods without calling them.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
