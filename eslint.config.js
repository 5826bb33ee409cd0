// Lint rules live here, not in prose (STYLE.md): floating promises are errors because an
// unawaited authorization write is a silent security bug.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'coverage/**',
      '.tmp/**',
      '**/*.js',
      '!packages/app/public/js/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/test return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app/**', '@batterydb/app'], message: 'authz never imports the app' }] },
      ],
    },
  },
  {
    files: ['packages/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The browser's scripts: checked JavaScript (JSDoc types) under their own tsconfig (DOM, uPlot global).
    files: ['packages/app/public/js/*.js'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['packages/app/tsconfig.client.json'] },
    },
    // tsc checks every name against the DOM's types; eslint's own check knows no browser globals.
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['packages/authz/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@batterydb/app', '**/app/src/**'], message: 'authz never imports the app' },
            { group: ['fastify', 'fastify/*', '@fastify/*'], message: 'authz knows no HTTP framework' },
          ],
        },
      ],
    },
  },
  {
    // The harvester runs on a cycler PC with Node alone: its program imports nothing of the
    // workspace and no package. Its tests drive a real BatteryDB server, so they may.
    files: ['packages/harvester/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/authz/**', '@batterydb/*'], message: 'the harvester stands alone' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/harvester/test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
