/**
 * The test run that mutation testing uses: the behavioural specs of the engine only. The
 * generated-docs checks are left out (any change to the machine makes them fail, which would kill
 * every mutant of it for a reason that says nothing of the rules), and so are the command's tests
 * and the store's (neither the command nor the store is mutated: the store is held to the engine
 * by its suite on two real databases and by the fault test, too slow to run once per mutant).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    include: base.test?.include ?? [],
    setupFiles: base.test?.setupFiles ?? [],
    testTimeout: base.test?.testTimeout ?? 60_000,
    exclude: [
      'spec/docs-are-current.spec.ts',
      'spec/cli.spec.ts',
      'spec/inspector.spec.ts',
      'spec/store/**',
      'node_modules/**',
    ],
  },
});
