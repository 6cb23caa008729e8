/**
 * The engine's fast path (the compiled rules) and the machine run by XState's `transition()` give
 * the same snapshots, outcomes and effects on any history: the machine stays the one definition.
 */
import { test } from '@fast-check/vitest';
import { describe, test as example, expect } from 'vitest';
import { decide, place, toStored } from '../src/decide.js';
import { guards } from '../src/guards.js';
import { applyEvent, startOrder } from '../src/index.js';
import { historyArb } from './arbitraries.js';

describe('the compiled rules are the machine', () => {
  test.prop([historyArb()])(
    'for any history, every decision of applyEvent is what transition(orderMachine, ...) decides',
    ({ placement, events }) => {
      const placed = place(placement);
      let machine = placed.next;
      let decision = startOrder(placement);
      expect(decision.snapshot).toEqual(toStored(machine));
      expect(decision.effects).toEqual(placed.effects);
      for (const event of events) {
        const verdict = decide(machine, event);
        decision = applyEvent(decision.snapshot, event);
        if (verdict.outcome === 'applied') {
          machine = verdict.next;
          expect(decision).toEqual({
            outcome: 'applied',
            snapshot: toStored(machine),
            effects: verdict.effects,
          });
        } else {
          expect(decision).toMatchObject({
            outcome: verdict.outcome,
            reason: verdict.reason,
            effects: [],
          });
        }
      }
    },
  );

  example(
    'the compiled table is keyed by what every guard reads: a new guard must be added to its key',
    () => {
      expect(Object.keys(guards).sort()).toEqual(
        [
          'asksNotShipped',
          'asksPaid',
          'asksPending',
          'hasGatewayReport',
          'hasPaymentWindow',
          'ignoresIncompleteOrders',
          'isAmountMismatch',
          'isCancelled',
          'isConfirmed',
          'isKnownTransaction',
          'isManualPayment',
          'isPaid',
          'isPending',
          'managesStock',
        ].sort(),
      );
    },
  );
});
