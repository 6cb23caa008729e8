/**
 * D4, D5, D9 and D11 as properties: they hold at any point of any history, not only in the examples.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { historyArb } from './arbitraries.js';
import { count, emailsIn, play } from './play.js';

const history = historyArb();

describe('decisions over any history', () => {
  test.prop([history])(
    'D4: for any history, once the order is confirmed, no payment status change or report moves stock or sends an order email',
    ({ placement, events }) => {
      const steps = play(placement, events);
      for (const [index, step] of steps.entries()) {
        const wasConfirmed = steps[index - 1]?.view.confirmed === true;
        const type = step.event?.type;
        if (
          wasConfirmed &&
          (type === 'merchant.paymentStatusChanged' || type === 'gateway.paymentConfirmed')
        ) {
          const { effects } = step.decision;
          expect(count(effects, 'deductStock') + count(effects, 'restoreStock')).toBe(0);
          expect(emailsIn(effects)).toEqual([]);
        }
      }
    },
  );

  test.prop([history])(
    'D5: for any history, a shipping change has no effect, and shipping an unconfirmed order is refused',
    ({ placement, events }) => {
      const steps = play(placement, events);
      for (const [index, step] of steps.entries()) {
        if (step.event?.type !== 'merchant.shippingStatusChanged') continue;
        expect(step.decision.effects).toEqual([]);
        const before = steps[index - 1]?.view;
        const shipsUnconfirmed =
          step.event.status === 'shipped' &&
          before?.shippingStatus === 'notShipped' &&
          !before.confirmed;
        if (shipsUnconfirmed) expect(step.decision.outcome).toBe('refused');
        expect(step.view.shippingStatus === 'shipped' && !step.view.confirmed).toBe(false);
      }
    },
  );

  test.prop([history])(
    'D9: for any history, a gateway report whose transaction id was already accepted changes nothing',
    ({ placement, events }) => {
      const accepted = new Set<string>();
      for (const step of play(placement, events).slice(1)) {
        if (step.event?.type !== 'gateway.paymentConfirmed') continue;
        if (accepted.has(step.event.transactionId)) {
          expect(step.decision).toMatchObject({
            outcome: 'unchanged',
            reason: 'duplicateGatewayReport',
          });
        }
        if (step.decision.outcome === 'applied') accepted.add(step.event.transactionId);
      }
    },
  );

  test.prop([history])(
    'D11: for any history, setting a status the order already has changes nothing (refused once cancelled, B5)',
    ({ placement, events }) => {
      const steps = play(placement, events);
      for (const [index, step] of steps.entries()) {
        const before = steps[index - 1]?.view;
        const event = step.event;
        if (before === undefined || event === undefined) continue;
        const alreadySet =
          (event.type === 'merchant.paymentStatusChanged' &&
            event.status === before.paymentStatus) ||
          (event.type === 'merchant.shippingStatusChanged' &&
            event.status === before.shippingStatus) ||
          (event.type === 'merchant.orderCancelled' && before.paymentStatus === 'cancelled');
        if (!alreadySet) continue;
        const cancelledBefore =
          before.paymentStatus === 'cancelled' && event.type !== 'merchant.orderCancelled';
        expect(step.decision).toMatchObject(
          cancelledBefore
            ? { outcome: 'refused', reason: 'orderCancelled' }
            : { outcome: 'unchanged', reason: 'statusAlreadySet' },
        );
      }
    },
  );
});
