import { defineConfig } from 'vitest/config';

// Unit (beside the code), db and integration tests. End-to-end tests have their own config.
export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'main/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/src/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // One temp folder per run, removed at the end (tests/helpers/tempRoot.ts).
    globalSetup: ['tests/helpers/tempRoot.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
