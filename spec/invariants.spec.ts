/**
 * I1-I7: what holds for every order, whatever its events and their order.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { historyArb } from './arbitraries.js';
import { allEffects, count, emailsIn, play } from './play.js';

const history = historyArb();

/** The net deduction after each step: deductions less restorations so far. */
const netDeductions = (steps: ReturnType<typeof play>) => {
  let net = 0;
  return steps.map((step) => {
    net +=
      count(step.decision.effects, 'deductStock') - count(step.decision.effects, 'restoreStock');
    return net;
  });
};

describe('invariants over any history', () => {
  test.prop([history])(
    'I1: for any history, stock is deducted at most once, restored at most once and only after it, so the net deduction is 0 or 1',
    ({ placement, events }) => {
      const steps = play(placement, events);
      const effects = allEffects(steps);
      expect(count(effects, 'deductStock')).toBeLessThanOrEqual(1);
      expect(count(effects, 'restoreStock')).toBeLessThanOrEqual(1);
      const nets = netDeductions(steps);
      for (const [at, step] of steps.entries()) {
        expect([0, 1]).toContain(nets[at]);
        expect(step.view.stockDeducted).toBe(nets[at] === 1);
      }
    },
  );

  const withoutRealtimeStock = history.map(({ placement, events }) => ({
    placement: { ...placement, settings: { ...placement.settings, realtimeStock: false } },
    events,
  }));

  test.prop([withoutRealtimeStock])(
    'I2: for any history whose settings had realtimeStock off at placement, no stock effect ever',
    ({ placement, events }) => {
      const steps = play(placement, events);
      const effects = allEffects(steps);
      expect(count(effects, 'deductStock') + count(effects, 'restoreStock')).toBe(0);
      expect(steps.some((step) => step.view.stockDeducted)).toBe(false);
    },
  );

  test.prop([history])(
    'I3: for any history, a paid order with realtimeStock has a net deduction of 1: a deduction is never lost',
    ({ placement, events }) => {
      const steps = play(placement, events);
      const nets = netDeductions(steps);
      steps.forEach((step, at) => {
        if (placement.settings.realtimeStock && step.view.paymentStatus === 'paid')
          expect(nets[at]).toBe(1);
      });
    },
  );

  test.prop([history])(
    'I4: for any history, each order email is sent at most once, both in the confirming step and never before',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, index) => {
        const templates = emailsIn(step.decision.effects).map((email) => email.template);
        const confirmsHere =
          step.view.confirmed && (index === 0 || !steps[index - 1]?.view.confirmed);
        expect(templates).toEqual(
          confirmsHere ? ['merchantOrderNotification', 'customerOrderConfirmation'] : [],
        );
      });
    },
  );

  test.prop([history])(
    'I5: for any history, an order that is not confirmed has had no stock effect and no order email',
    ({ placement, events }) => {
      for (const step of play(placement, events)) {
        if (step.view.confirmed) continue;
        const { effects } = step.decision;
        expect(count(effects, 'deductStock') + count(effects, 'restoreStock')).toBe(0);
        expect(emailsIn(effects)).toEqual([]);
        expect(step.view.stockDeducted).toBe(false);
      }
    },
  );

  test.prop([history])(
    'I6: for any history, an order is listed exactly when it is confirmed or in review',
    ({ placement, events }) => {
      for (const step of play(placement, events)) {
        expect(step.view.listed).toBe(step.view.confirmed || step.view.paymentStatus === 'review');
      }
    },
  );

  test.prop([history])(
    'I7: for any history, a refused or unchanged event gives back the same snapshot and no effect; an applied one changes the snapshot',
    ({ placement, events }) => {
      const steps = play(placement, events);
      for (const [index, step] of steps.entries()) {
        if (index === 0) continue;
        const before = steps[index - 1]?.decision.snapshot;
        if (step.decision.outcome === 'applied') {
          expect(step.decision.snapshot).not.toEqual(before);
        } else {
          expect(step.decision.snapshot).toBe(before);
          expect(step.decision.effects).toEqual([]);
          expect(step.decision.reason).toMatch(/^[a-z][A-Za-z]+$/);
        }
      }
    },
  );
});
