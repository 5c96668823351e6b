// ESLint flat config, run by `npm run lint` (with `prettier --check .`). Formatting is Prettier's job, so
// eslint-config-prettier comes last and turns off every rule that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Host globals for the plain-JS files, listed here rather than adding the `globals` package. Browsers and Node.js 20+ both have these:
const sharedGlobals = Object.fromEntries(
  [
    'AbortController',
    'Blob',
    'FormData',
    'Headers',
    'Request',
    'Response',
    'TextDecoder',
    'TextEncoder',
    'URL',
    'URLSearchParams',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'queueMicrotask',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);
const browserGlobals = {
  ...sharedGlobals,
  ...Object.fromEntries(['document', 'localStorage', 'location', 'navigator', 'sessionStorage', 'window'].map((name) => [name, 'readonly'])),
};
const nodeGlobals = { ...sharedGlobals, Buffer: 'readonly', process: 'readonly' };

// A leading underscore marks a name that is deliberately unused: an overridable hook's parameters, a field split off with `...rest`.
const unusedVarsOptions = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' };

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/.data/',
    '**/coverage/',
    '**/test-artifacts/',
    'apps/api/src/generated/',
    // Type-checked beside the client types generated at test time (test/openapi-client.e2e-spec.ts), not in the project.
    'test/openapi-client/',
  ]),

  {
    name: 'kelisim/typescript',
    files: ['apps/**/*.ts', 'test/**/*.ts', 'prisma/**/*.ts', '*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Underscore-prefixed names are deliberately unused (see unusedVarsOptions).
      '@typescript-eslint/no-unused-vars': ['error', unusedVarsOptions],
    },
  },

  {
    name: 'kelisim/typescript-tests',
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.test-helpers.ts', 'test/**/*.ts'],
    rules: {
      // Tests read supertest's `response.body` and jest's `expect.any()`/`expect.objectContaining()`, all typed `any`; calls, arguments and returns stay checked.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Same reason: `response.body.data[0].id` is the tests' everyday reading of an untyped body.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // `expect(service.method).toHaveBeenCalled()` hands jest a method without its `this` on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    name: 'kelisim/admin-components',
    files: ['apps/api/src/admin/components/**/*.{js,jsx}'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: browserGlobals,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: {
      // AdminJS bundles them with Babel's classic JSX runtime (JSX becomes React.createElement), so each imports React unnamed.
      'no-unused-vars': ['error', { ...unusedVarsOptions, varsIgnorePattern: '^(_|React$)' }],
    },
  },

  {
    name: 'kelisim/node-modules',
    files: ['test/**/*.mjs', '*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
    rules: {
      // Underscore-prefixed names are deliberately unused (see unusedVarsOptions).
      'no-unused-vars': ['error', unusedVarsOptions],
    },
  },

  {
    // ESLint lints *.cjs by default: Prisma's generator and the preload script for `prisma migrate deploy`.
    name: 'kelisim/node-commonjs',
    files: ['**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: {
      // Underscore-prefixed names are deliberately unused (see unusedVarsOptions).
      'no-unused-vars': ['error', unusedVarsOptions],
    },
  },

  prettier,
);
