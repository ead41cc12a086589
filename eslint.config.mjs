// Lint: typescript-eslint, react-hooks, and the layer rule from ARCHITECTURE.md (who may import what).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', 'tests/**', '*.config.ts', '*.config.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      ...layer(['**/main/**', '**/preload/index', 'electron', 'node:*', 'better-sqlite3'], 'The renderer talks to main only through the contract (api/client.ts).'),
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: layer(['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'node:*', 'react', 'react-dom', 'd3', 'd3-*', 'better-sqlite3'], 'common/ is pure TypeScript: it runs in Node, Chromium and tests alike.'),
  },
  {
    files: ['common/domain/**/*.ts'],
    rules: layer(
      ['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'node:*', 'react', 'react-dom', 'd3', 'd3-*', 'better-sqlite3', '**/contract', '**/contract/**'],
      'common/domain is plain data in, plain data out: it never imports the contract (the contract imports the domain).',
    ),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/index.ts'],
    rules: layer(['electron', '**/renderer/**'], 'Only main/electron and main/index.ts may import electron.'),
  },
  {
    files: ['main/services/**/*.ts', 'main/db/**/*.ts', 'main/importers/**/*.ts', 'main/reports/**/*.ts', 'main/sources/**/*.ts'],
    rules: layer(
      ['electron', '**/renderer/**', '**/host/**', '**/cli/**', '**/electron/**', '../host', '../cli', '../electron'],
      'Services, the store, importers and reports never import a transport (main/host, main/cli, main/electron): transports call them.',
    ),
  },
  {
    files: ['preload/**/*.ts'],
    rules: layer(['**/main/**', '**/renderer/**', 'node:*'], 'The preload exposes invoke/on only.'),
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.cjs', 'tests/**/*.ts', '*.config.*'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
