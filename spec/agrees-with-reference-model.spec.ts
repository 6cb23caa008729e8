/**
 * The engine and the reference model, written without the machine, agree on every step of any
 * history: outcome, reason, effects (in order) and view, amounts and lines included.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { historyArb } from './arbitraries.js';
import { play } from './play.js';
import { expectedSteps } from './reference-model.js';

test.prop([historyArb()])(
  'for any order, settings and events (money, goods and status changes), every decision and view is the one the reference model derives from the rule book',
  (history) => {
    const actual = play(history.placement, history.events).map(({ decision, view }) => ({
      outcome: decision.outcome,
      reason: 'reason' in decision ? decision.reason : undefined,
      effects: decision.effects,
      view,
    }));
    expect(actual).toEqual(expectedSteps(history));
  },
);
