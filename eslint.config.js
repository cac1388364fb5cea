import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/', 'bench/.corpus/', 'out/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Pure core: no I/O, no environment, no clock (DESIGN.md).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:fs*',
            'node:child_process',
            'node:http*',
            'node:net',
            'fs',
            '@aws-sdk/*',
            '@octokit/*',
            '@actions/*',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core is clock-free: pass time in.',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'core is clock-free: pass time in.',
        },
      ],
    },
  },
);
