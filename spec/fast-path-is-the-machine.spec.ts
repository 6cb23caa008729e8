/**
 * The engine's fast path (the compiled machine) and the machine run by XState's `transition()` give
 * the same snapshots, outcomes, reasons and effects on any history: the machine stays the one
 * definition. The machine form the engine works out again from each stored snapshot (the regions
 * the stored form leaves out, the ledgers in full) is the machine's own, read back from JSON too.
 */
import { test } from '@fast-check/vitest';
import { describe, test as example, expect } from 'vitest';
import { decide, type MachineSnapshot, place, stateOf, toStored } from '../src/decide.js';
import { applyEvent, type OrderEvent, startOrder } from '../src/index.js';
import { machineFormOf, type OrderSnapshot, type OrderState } from '../src/snapshot.js';
import { historyArb } from './arbitraries.js';
import { ignoringIncomplete, paypalOrder } from './play.js';

/** The machine form of `snapshot`, kept by the engine and worked out from its JSON, is the machine's. */
function expectSameForm(snapshot: OrderSnapshot, machine: MachineSnapshot) {
  const expected = { state: stateOf(machine.value as OrderState), context: machine.context };
  expect(machineFormOf(snapshot)).toEqual(expected);
  expect(machineFormOf(JSON.parse(JSON.stringify(snapshot)))).toEqual(expected);
}

describe('the compiled machine is the machine', () => {
  test.prop([historyArb()])(
    'for any history of money, goods and status events, every decision of applyEvent is what transition(orderMachine, ...) decides',
    ({ placement, events }) => {
      const placed = place(placement);
      let machine = placed.next;
      let decision = startOrder(placement);
      expect(decision.snapshot).toEqual(toStored(machine));
      expect(decision.effects).toEqual(placed.effects);
      expectSameForm(decision.snapshot, machine);
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
          expectSameForm(decision.snapshot, machine);
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

  example(
    'an event object changed between two runs of the machine is decided as a fresh one would be',
    () => {
      const placed = place({ order: paypalOrder, settings: ignoringIncomplete }).next;
      const event = {
        type: 'gateway.paymentConfirmed',
        transactionId: 'PAY-1',
        amount: 100,
        currency: 'EUR',
      };
      decide(placed, event as OrderEvent);
      event.amount = paypalOrder.total.amount;
      const again = decide(placed, event as OrderEvent);
      const fresh = decide(placed, { ...event } as OrderEvent);
      expect(again.outcome === 'applied' && again.next.value).toEqual(
        fresh.outcome === 'applied' && fresh.next.value,
      );
      expect(again.outcome === 'applied' && again.next.value.payment).toBe('paid');
    },
  );
});
