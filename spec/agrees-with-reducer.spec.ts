/**
 * The engine and the hand-written reducer (the benchmark's floor) agree on every step of any history.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { historyArb } from './arbitraries.js';
import { play } from './play.js';
import { place, type ReducerStep, reduce } from './reducer.js';

test.prop([historyArb()])(
  'for any order, settings and events, the reducer decides what the engine decides, and stores the same state',
  ({ placement, events }) => {
    const engine = play(placement, events);
    let step: ReducerStep = place(placement);
    const reducer = [step];
    for (const event of events) {
      step = reduce(step.order, event);
      reducer.push(step);
    }
    const answer = (
      outcome: string,
      reason: string | undefined,
      effects: unknown,
      state: unknown,
      ids: unknown,
    ) => ({
      outcome,
      reason,
      effects,
      state,
      ids,
    });
    expect(
      reducer.map((r) => answer(r.outcome, r.reason, r.effects, r.order.state, r.order.ids)),
    ).toEqual(
      engine.map(({ decision }) =>
        answer(
          decision.outcome,
          'reason' in decision ? decision.reason : undefined,
          decision.effects,
          decision.snapshot.state,
          decision.snapshot.gatewayTransactionIds,
        ),
      ),
    );
  },
);
