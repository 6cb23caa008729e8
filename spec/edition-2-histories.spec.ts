/**
 * The six histories where edition 1 went wrong, as edition 2 answers them: one gateway order of
 * 3990 EUR, with realtimeStock and a payment window of 30 minutes, "Ignore Incomplete Orders" on
 * (ON) or off (OFF).
 */
import { describe, expect, test } from 'vitest';
import type { Settings } from '../src/index.js';
import {
  allEffects,
  amounts,
  cancelOrder,
  count,
  expectedAlert,
  expectedConfirmation,
  expectedRefundDue,
  last,
  outcomeOf,
  paypalOrder,
  play,
  sale,
  setPending,
  setShipped,
  windowElapsed,
} from './play.js';

const ON: Settings = {
  ignoreIncompleteOrders: true,
  realtimeStock: true,
  paymentWindowMinutes: 30,
};
const OFF: Settings = {
  ignoreIncompleteOrders: false,
  realtimeStock: true,
  paymentWindowMinutes: 30,
};
const on = { order: paypalOrder, settings: ON };
const off = { order: paypalOrder, settings: OFF };

describe('the six histories of edition 1, as edition 2 answers them', () => {
  test('history 1 (B4, I10, G4): OFF, placed, shipped, the window elapses: unchanged, goodsShipped, no restock', () => {
    const steps = play(off, [setShipped, windowElapsed]);
    const elapsed = last(steps);
    expect(outcomeOf(elapsed)).toBe('unchanged: goodsShipped');
    expect(elapsed.decision.snapshot).toBe(steps[1]?.decision.snapshot);
    expect(elapsed.view).toMatchObject({
      paymentStatus: 'pending',
      shippingStatus: 'shipped',
      stockDeducted: true,
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 2, returned: 0, restored: 0 }],
    });
    expect(count(allEffects(steps), 'restoreStock')).toBe(0);
  });

  test('history 2 (B4, I10, D4): OFF, paid by T1, the merchant sets pending, the window elapses: unchanged, paymentReceived', () => {
    const steps = play(off, [sale('T1', 3990), setPending, windowElapsed]);
    const elapsed = last(steps);
    expect(outcomeOf(elapsed)).toBe('unchanged: paymentReceived');
    expect(elapsed.view).toMatchObject({
      paymentStatus: 'pending',
      listed: true,
      stockDeducted: true,
      amounts: amounts(3990, { captured: 3990 }),
    });
    expect(count(allEffects(steps), 'restoreStock')).toBe(0);
  });

  test('history 3 (M6, D4): ON, paid by T1, the merchant sets pending, paid by T2: paid, an overpayment alert for T2 of 3990', () => {
    const steps = play(on, [sale('T1', 3990), setPending, sale('T2', 3990)]);
    const second = last(steps);
    expect(second.decision).toMatchObject({ outcome: 'applied' });
    expect(second.decision.effects).toEqual([
      {
        type: 'sendEmail',
        template: 'merchantPaymentAlert',
        orderId: 'A-1001',
        cause: 'overpayment',
        transactionId: 'T2',
        amount: 3990,
        currency: 'EUR',
        idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:overpayment:T2',
      },
    ]);
    expect(second.view).toMatchObject({
      paymentStatus: 'paid',
      amounts: amounts(3990, { captured: 7980 }),
    });
  });

  test('history 4 (M6, B7): ON, paid by T1, then T2 of 5 EUR, then T3 in full: one overpayment alert each, of 500 and of 3990', () => {
    const steps = play(on, [sale('T1', 3990), sale('T2', 500), sale('T3', 3990)]);
    const [, paid, second, third] = steps;
    expect(paid?.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(second?.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'T2', 500),
    ]);
    expect(third?.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'T3', 3990),
    ]);
    expect(third?.view.amounts).toEqual(amounts(3990, { captured: 8480 }));
  });

  test('history 5 (M5, M2, S1d): 2000 then 1990 by another transaction: partiallyPaid with a partialPayment alert of 1990, then paid and the confirmation', () => {
    const [, part, rest] = play(on, [sale('T1', 2000), sale('T2', 1990)]);
    expect(part?.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'partialPayment', 'T1', 1990),
    ]);
    expect(part?.view).toMatchObject({
      paymentStatus: 'partiallyPaid',
      listed: true,
      confirmed: false,
      amounts: amounts(3990, { captured: 2000 }),
    });
    expect(rest?.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(rest?.view).toMatchObject({
      paymentStatus: 'paid',
      confirmed: true,
      amounts: amounts(3990, { captured: 3990 }),
    });
  });

  test('history 6 (I6, B1, B5, B6): an order holding the buyer money stays listed: partly paid then cancelled, cancelled then paid, USD then cancelled', () => {
    const partThenCancel = last(play(on, [sale('T1', 2000), cancelOrder]));
    expect(partThenCancel.decision.effects).toEqual([expectedRefundDue(paypalOrder, 2000)]);
    expect(partThenCancel.view).toMatchObject({
      paymentStatus: 'cancelled',
      listed: true,
      amounts: amounts(3990, { captured: 2000 }),
    });

    const cancelThenPaid = last(play(on, [cancelOrder, sale('T1', 3990)]));
    expect(cancelThenPaid.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'paymentAfterCancellation', 'T1', 3990),
    ]);
    expect(cancelThenPaid.view).toMatchObject({
      paymentStatus: 'cancelled',
      listed: true,
      amounts: amounts(3990, { captured: 3990 }),
    });

    const [, reviewed, dollarsThenCancel] = play(on, [sale('T1', 3990, 'USD'), cancelOrder]);
    expect(reviewed?.view).toMatchObject({ paymentStatus: 'review', listed: true });
    expect(dollarsThenCancel?.decision.effects).toEqual([]);
    expect(dollarsThenCancel?.view).toMatchObject({
      paymentStatus: 'cancelled',
      listed: true,
      amounts: amounts(3990),
    });
  });
});
