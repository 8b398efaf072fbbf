// Lint: type-aware TypeScript rules, and Nx module boundaries that keep the domain pure and services apart.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

const io = [
  '@nestjs/*',
  'pg',
  'pg-*',
  '@electric-sql/*',
  '@nats-io/*',
  'nodemailer',
  'argon2',
  'mongodb',
  '@kurrent/*',
  '@eventstore/*',
  'express',
  'fs',
  'node:*',
  'net',
  'http',
  'crypto',
];

export default tseslint.config(
  { ignores: ['**/node_modules', '**/dist', '**/coverage', '.data', '.nx', 'tmp', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The browser tests (apps/web/browser) start the system with the end-to-end suite's harness.
          allow: ['^(\\.\\./)+e2e/src/harness/'],
          depConstraints: [
            // The decider and the contracts are pure: no framework, no I/O, no services.
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: io,
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'],
              bannedExternalImports: io,
            },
            // The API's typed client: contracts only, and nothing Node- or browser-only (web and mobile use it).
            {
              sourceTag: 'type:client',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: io,
            },
            // The web front end: the API through its typed client.
            {
              sourceTag: 'type:web',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:client'],
              bannedExternalImports: io,
            },
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:adapter', 'type:testing'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:domain',
                'type:adapter',
                'type:testing',
                'type:client',
              ],
            },
            // Services talk over the bus only: they import libs, never one another.
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:adapter', 'type:testing'],
            },
            // The web app runs in the browser: the pure contracts only; no Node, no services.
            {
              sourceTag: 'type:web',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: io,
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:domain',
                'type:adapter',
                'type:testing',
                'type:service',
                'type:client',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Node built-ins are no npm packages, so the boundary rule above cannot see them.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...io, 'os', 'path', 'child_process'], message: 'The web app runs in a browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/bench/**/*.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  prettier,
);
