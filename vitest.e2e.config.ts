import { defineConfig } from 'vitest/config';

// Playwright (playwright-core) drives Debian's Chromium against browser mode. Needs `npm run build` first.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    environment: 'node',
    // One temp folder per run, removed at the end (tests/helpers/tempRoot.ts).
    globalSetup: ['tests/helpers/tempRoot.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/e2e.json' }]],
  },
});
