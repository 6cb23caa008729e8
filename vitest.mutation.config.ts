/**
 * The test run that mutation testing uses: the behavioural specs of the engine only. The
 * generated-docs checks are left out (any change to the machine makes them fail, which would kill
 * every mutant of it for a reason that says nothing of the rules), and so are the tests of the
 * command, the explorer and the store (none of them is mutated: the store is held to the engine by
 * its suite on two real databases and by the fault test, too slow to run once per mutant).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    setupFiles: ['spec/setup.ts'],
    testTimeout: 60_000,
    exclude: [
      'spec/docs-are-current.spec.ts',
      'spec/cli.spec.ts',
      'spec/inspector.spec.ts',
      'spec/explorer/**',
      'spec/store/**',
      'node_modules/**',
    ],
  },
});
