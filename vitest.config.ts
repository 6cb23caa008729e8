/**
 * The test run: the engine's specs ("rules"), the store's on SQLite and PostgreSQL ("store", which
 * starts a throwaway PostgreSQL server first), then, once both are done, the explorer in a real
 * browser ("browser"), which reads the results the others just wrote. Every file's results go to
 * reports/spec-results.json as it ends (spec/results-reporter.ts), for the explorer's rule book.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './spec/results-reporter.ts'],
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'rules',
          include: ['spec/**/*.spec.ts'],
          exclude: ['spec/store/**', 'spec/explorer/browser.spec.ts', 'node_modules/**'],
          setupFiles: ['spec/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'store',
          include: ['spec/store/**/*.spec.ts'],
          setupFiles: ['spec/setup.ts'],
          globalSetup: ['spec/store/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['spec/explorer/browser.spec.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
