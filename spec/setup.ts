/**
 * Settings every property test shares: how many runs (ORDER_RULES_NUM_RUNS, 1000 by default) and
 * failures that print their seed and path so a run can be replayed.
 */
import fc from 'fast-check';

const numRuns = Number(process.env.ORDER_RULES_NUM_RUNS ?? 1000);
if (!Number.isInteger(numRuns) || numRuns < 1) {
  throw new Error(
    `ORDER_RULES_NUM_RUNS must be a positive integer, got ${process.env.ORDER_RULES_NUM_RUNS}`,
  );
}

fc.configureGlobal({ numRuns, verbose: 1 });
