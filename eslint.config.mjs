// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
      // Generated from the API's OpenAPI document by `npm run build`.
      'apps/console/src/api/schema.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // NestJS reads constructor and parameter types from decorator metadata (DTO validation, injection):
    // with these two options consistent-type-imports keeps such imports as values instead of demanding
    // `import type`, which would silently switch the metadata off.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    // The domain is pure: it runs inside Temporal's deterministic sandbox, in the API and in tests.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'],
              message: 'libs/domain does no I/O: no Node built-ins.',
            },
            {
              group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/*', 'express', 'rxjs'],
              message: 'libs/domain imports no framework.',
            },
            {
              group: ['@netral/*', '../../*'],
              message: 'libs/domain imports nothing of ours outside itself.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Take time from the decision context, never from a clock.' },
        'process',
        'setTimeout',
        'setInterval',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'The domain is deterministic.' },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox. client.ts is the callers' side (the API's
    // helpers around @temporalio/client); the workflow bundle never imports it.
    files: ['libs/workflows/**/*.ts'],
    ignores: [
      'libs/workflows/**/*.spec.ts',
      'libs/workflows/**/*.test.ts',
      'libs/workflows/src/client.ts',
      'libs/workflows/src/payload-codec.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'],
              message: 'No Node built-ins in workflow code.',
            },
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                '@temporalio/worker',
                '@temporalio/client',
                '@netral/event-store',
                '@netral/embedded-*',
              ],
              message: 'Workflow code imports only @temporalio/workflow and @netral/domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // An independent, publishable server: nothing of ours but the embedded PostgreSQL launcher.
    files: ['libs/embedded-temporal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@netral/*', '!@netral/embedded-postgres'],
              message: 'libs/embedded-temporal depends on nothing of ours.',
            },
          ],
        },
      ],
    },
  },
);
