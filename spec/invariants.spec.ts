/**
 * I1, I2, I4-I7: what holds for every order, whatever its events and their order.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { historyArb } from './arbitraries.js';
import { allEffects, play } from './play.js';

const history = historyArb();

describe('invariants over any history', () => {
  test.prop([history])(
    'I1: for any history, stock is deducted at most once',
    ({ placement, events }) => {
      const deductions = allEffects(play(placement, events)).filter(
        (effect) => effect.type === 'deductStock',
      );
      expect(deductions.length).toBeLessThanOrEqual(1);
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
      expect(allEffects(steps).filter((effect) => effect.type === 'deductStock')).toEqual([]);
      expect(steps.some((step) => step.view.stockDeducted)).toBe(false);
    },
  );

  test.prop([history])(
    'I4: for any history, each order email is sent at most once, both in the confirming step and never before',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, index) => {
        const templates = step.decision.effects.flatMap((effect) =>
          effect.type === 'sendEmail' ? [effect.template] : [],
        );
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
        if (!step.view.confirmed) {
          expect(step.decision.effects).toEqual([]);
          expect(step.view.stockDeducted).toBe(false);
        }
      }
    },
  );

  test.prop([history])(
    'I6: for any history, an order is listed exactly when it is confirmed',
    ({ placement, events }) => {
      for (const step of play(placement, events))
        expect(step.view.listed).toBe(step.view.confirmed);
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
