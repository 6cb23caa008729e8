import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    setupFiles: ['spec/setup.ts'],
    globalSetup: ['spec/store/global-setup.ts'],
    testTimeout: 60_000,
  },
});
