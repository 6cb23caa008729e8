/**
 * The engine's fast path (the compiled machine) and the machine run by XState's `transition()` give
 * the same snapshots, outcomes, reasons and effects on any history: the machine stays the one
 * definition.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decide, place, toStored } from '../src/decide.js';
import { applyEvent, startOrder } from '../src/index.js';
import { historyArb } from './arbitraries.js';

describe('the compiled machine is the machine', () => {
  test.prop([historyArb()])(
    'for any history of money, goods and status events, every decision of applyEvent is what transition(orderMachine, ...) decides',
    ({ placement, events }) => {
      const placed = place(placement);
      let machine = placed.next;
      let decision = startOrder(placement);
      expect(decision.snapshot).toEqual(toStored(machine));
      expect(decision.effects).toEqual(placed.effects);
      for (const event of events) {
        const verdict = decide(machine, event);
        const previous = decision.snapshot;
        decision = applyEvent(previous, event);
        if (verdict.outcome === 'applied') {
          machine = verdict.next;
          expect(decision).toEqual({
            outcome: 'applied',
            snapshot: toStored(machine),
            effects: verdict.effects,
          });
        } else {
          expect(decision).toEqual({
            outcome: verdict.outcome,
            reason: verdict.reason,
            snapshot: previous,
            effects: [],
          });
        }
      }
    },
  );
});
