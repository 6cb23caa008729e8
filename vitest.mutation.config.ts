/**
 * The test run that mutation testing uses: the behavioural specs only. The generated-docs checks
 * are left out (any change to the machine makes them fail, which would kill every mutant of it for
 * a reason that says nothing of the rules), and so are the command's tests (the command is not
 * mutated).
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'spec/docs-are-current.spec.ts',
        'spec/cli.spec.ts',
        'spec/inspector.spec.ts',
        'node_modules/**',
      ],
    },
  }),
);
