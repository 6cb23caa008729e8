/**
 * B1-B7: what the best shop platforms also handle: mismatched, double and late payments, failures,
 * the payment window, cancellation, and alerts sent once per cause.
 */
import { test } from '@fast-check/vitest';
import { describe, test as example, expect } from 'vitest';
import type { OrderEvent, Settings } from '../src/index.js';
import { historyArb } from './arbitraries.js';
import {
  alertsIn,
  allEffects,
  cancelOrder,
  chequeOrder,
  count,
  emailsIn,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  paymentFailed,
  paymentReport,
  paypalOrder,
  play,
  setPaid,
  setPending,
  setShipped,
  windowElapsed,
} from './play.js';

const incomplete = { order: paypalOrder, settings: ignoringIncomplete };
const withWindow = (settings: Settings): Settings => ({ ...settings, paymentWindowMinutes: 30 });
const short: OrderEvent = { ...paymentReport(paypalOrder, 'PAY-SHORT'), amount: 399 } as OrderEvent;
const inDollars: OrderEvent = {
  ...paymentReport(paypalOrder, 'PAY-USD'),
  currency: 'USD',
} as OrderEvent;

describe('B1: a gateway report whose amount or currency is not the total', () => {
  example.each([
    ['amount', short],
    ['currency', inDollars],
  ])(
    'B1: a report with another %s is not a payment: review, listed, unconfirmed, one alert',
    (_, report) => {
      const reviewed = last(play(incomplete, [report]));
      expect(reviewed.view).toMatchObject({
        paymentStatus: 'review',
        listed: true,
        confirmed: false,
        stockDeducted: false,
      });
      expect(reviewed.decision.effects).toEqual([
        {
          type: 'sendEmail',
          template: 'merchantPaymentAlert',
          orderId: 'A-1001',
          cause: 'amountMismatch',
          idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:amountMismatch',
        },
      ]);
    },
  );

  example('B1: the merchant resolves it by setting paid: the confirmation, as S1d', () => {
    const resolved = last(play(incomplete, [short, setPaid]));
    expect(resolved.decision.effects.map((effect) => effect.type)).toEqual([
      'deductStock',
      'sendEmail',
      'sendEmail',
    ]);
    expect(emailsIn(resolved.decision.effects).map((email) => email.paymentStatus)).toEqual([
      'paid',
      'paid',
    ]);
    expect(resolved.view).toMatchObject({ paymentStatus: 'paid', listed: true, confirmed: true });
  });

  example('B1: the merchant resolves it by cancelling: no stock ever moved, hidden again', () => {
    const steps = play(incomplete, [short, cancelOrder]);
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'cancelled',
      listed: false,
      confirmed: false,
    });
    expect(count(allEffects(steps), 'deductStock') + count(allEffects(steps), 'restoreStock')).toBe(
      0,
    );
  });

  example('B1: a matching report after a mismatched one is the payment', () => {
    const paid = last(play(incomplete, [short, paymentReport(paypalOrder, 'PAY-OK')]));
    expect(paid.view.paymentStatus).toBe('paid');
    expect(count(paid.decision.effects, 'deductStock')).toBe(1);
  });
});

describe('B2: a second gateway report on a paid order', () => {
  example(
    'B2: another transaction id alerts the merchant to a possible double payment; no stock change',
    () => {
      const steps = play(incomplete, [
        paymentReport(paypalOrder, 'PAY-1'),
        paymentReport(paypalOrder, 'PAY-2'),
      ]);
      expect(last(steps).decision).toMatchObject({ outcome: 'applied' });
      expect(last(steps).decision.effects.map((effect) => effect.type)).toEqual(['sendEmail']);
      expect(alertsIn(last(steps).decision.effects)).toEqual(['possibleDoublePayment']);
    },
  );

  example('B2: the first report on an order the merchant set paid is no double payment', () => {
    const reported = last(play(incomplete, [setPaid, paymentReport(paypalOrder, 'PAY-1')]));
    expect(reported.decision).toMatchObject({ outcome: 'applied', effects: [] });
  });
});

describe('B3: the gateway reports a failed payment', () => {
  example(
    'B3: an unconfirmed order stays incomplete and hidden, with no effect: the buyer may retry',
    () => {
      const [placed, failed] = play(incomplete, [paymentFailed]);
      expect(failed?.decision).toMatchObject({
        outcome: 'unchanged',
        reason: 'buyerMayRetry',
        effects: [],
      });
      expect(failed?.decision.snapshot).toBe(placed?.decision.snapshot);
    },
  );

  example('B3: a confirmed, unpaid order becomes failed, still listed, stock untouched', () => {
    const failed = last(play({ order: paypalOrder, settings: keepingIncomplete }, [paymentFailed]));
    expect(failed.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(failed.view).toMatchObject({
      paymentStatus: 'failed',
      listed: true,
      stockDeducted: true,
    });
  });

  example('B3: on a paid order the failure report is refused', () => {
    const refused = last(play(incomplete, [paymentReport(paypalOrder), paymentFailed]));
    expect(refused.decision).toMatchObject({ outcome: 'refused', reason: 'orderAlreadyPaid' });
  });
});

describe('B1, B3, B4: failures and the window on orders already failed, expired or in review', () => {
  const windowed = { order: paypalOrder, settings: withWindow(ignoringIncomplete) };
  const offWindowed = { order: paypalOrder, settings: withWindow(keepingIncomplete) };
  example.each([
    [
      'a second failure on a failed order',
      offWindowed,
      [paymentFailed, paymentFailed],
      'statusAlreadySet',
    ],
    ['a failure on an expired order', windowed, [windowElapsed, paymentFailed], 'buyerMayRetry'],
    [
      'the window again on an expired order',
      windowed,
      [windowElapsed, windowElapsed],
      'statusAlreadySet',
    ],
    ['a failure on an order in review', windowed, [short, paymentFailed], 'awaitingMerchantReview'],
    [
      'the window on an order in review',
      windowed,
      [short, windowElapsed],
      'awaitingMerchantReview',
    ],
    ['a failure on a cancelled order', windowed, [cancelOrder, paymentFailed], 'alreadyCancelled'],
    ['the window on a cancelled order', windowed, [cancelOrder, windowElapsed], 'alreadyCancelled'],
  ] as const)('%s changes nothing (%s)', (_, placement, events, reason) => {
    expect(last(play(placement, events)).decision).toMatchObject({
      outcome: 'unchanged',
      reason,
      effects: [],
    });
  });

  example(
    'the window on a failed order confirmed at placement cancels it and restores its stock',
    () => {
      const cancelled = last(
        play({ order: paypalOrder, settings: withWindow(keepingIncomplete) }, [
          paymentFailed,
          windowElapsed,
        ]),
      );
      expect(cancelled.decision.effects.map((effect) => effect.type)).toEqual(['restoreStock']);
    },
  );

  example('a mismatched report on a failed order puts it in review, still confirmed', () => {
    const reviewed = last(
      play({ order: paypalOrder, settings: keepingIncomplete }, [paymentFailed, short]),
    );
    expect(reviewed.view).toMatchObject({ paymentStatus: 'review', confirmed: true, listed: true });
  });
});

describe('B4: the payment window', () => {
  example(
    'B4: placing a gateway order asks the host for the window timer, setting on or off',
    () => {
      for (const settings of [withWindow(ignoringIncomplete), withWindow(keepingIncomplete)]) {
        const [placed] = play({ order: paypalOrder, settings });
        expect(placed?.decision.effects[0]).toEqual({
          type: 'scheduleTimer',
          orderId: 'A-1001',
          timer: 'paymentWindow',
          afterMinutes: 30,
          idempotencyKey: 'A-1001:scheduleTimer:paymentWindow',
        });
      }
    },
  );

  example('B4: no timer without a window, and none for a manual payment', () => {
    for (const placement of [
      incomplete,
      { order: chequeOrder, settings: withWindow(ignoringIncomplete) },
    ]) {
      expect(count(play(placement)[0]?.decision.effects ?? [], 'scheduleTimer')).toBe(0);
    }
  });

  example(
    'B4: the window elapsing on an unconfirmed order expires it: still hidden, no effect',
    () => {
      const expired = last(
        play({ order: paypalOrder, settings: withWindow(ignoringIncomplete) }, [windowElapsed]),
      );
      expect(expired.decision).toMatchObject({ outcome: 'applied', effects: [] });
      expect(expired.view).toMatchObject({
        paymentStatus: 'expired',
        listed: false,
        confirmed: false,
      });
    },
  );

  example(
    'B4: the window elapsing on an order confirmed at placement (setting off) cancels it and restores its stock',
    () => {
      const cancelled = last(
        play({ order: paypalOrder, settings: withWindow(keepingIncomplete) }, [windowElapsed]),
      );
      expect(cancelled.decision.effects.map((effect) => effect.type)).toEqual(['restoreStock']);
      expect(cancelled.view).toMatchObject({ paymentStatus: 'cancelled', stockDeducted: false });
    },
  );

  example(
    'B4: the window elapsing changes nothing once paid, or once the merchant confirmed the order by hand',
    () => {
      const settings = withWindow(ignoringIncomplete);
      const afterPayment = last(
        play({ order: paypalOrder, settings }, [paymentReport(paypalOrder), windowElapsed]),
      );
      const afterMerchant = last(
        play({ order: paypalOrder, settings }, [setPending, windowElapsed]),
      );
      expect(afterPayment.decision).toMatchObject({ outcome: 'unchanged', reason: 'alreadyPaid' });
      expect(afterMerchant.decision).toMatchObject({
        outcome: 'unchanged',
        reason: 'confirmedByMerchant',
      });
    },
  );

  example('B4: an order without a window refuses the timer report', () => {
    for (const placement of [
      incomplete,
      { order: chequeOrder, settings: withWindow(ignoringIncomplete) },
    ]) {
      expect(last(play(placement, [windowElapsed])).decision).toMatchObject({
        outcome: 'refused',
        reason: 'noPaymentWindow',
      });
    }
  });
});

describe('B5: the merchant cancels', () => {
  example('B5: cancelling a confirmed order restores its stock, once; cancelled is final', () => {
    const steps = play({ order: chequeOrder, settings: ignoringIncomplete }, [
      setShipped,
      cancelOrder,
      cancelOrder,
      setPaid,
      setShipped,
    ]);
    const [, , cancelled, again, paid, shipped] = steps;
    expect(cancelled?.decision.effects.map((effect) => effect.type)).toEqual(['restoreStock']);
    expect(cancelled?.view).toMatchObject({
      paymentStatus: 'cancelled',
      stockDeducted: false,
      listed: true,
    });
    expect(again?.decision).toMatchObject({ outcome: 'unchanged', reason: 'statusAlreadySet' });
    expect(paid?.decision).toMatchObject({ outcome: 'refused', reason: 'orderCancelled' });
    expect(shipped?.decision).toMatchObject({ outcome: 'refused', reason: 'orderCancelled' });
    expect(count(allEffects(steps), 'restoreStock')).toBe(1);
  });

  example('B5: cancelling an unconfirmed order has no stock effect', () => {
    expect(last(play(incomplete, [cancelOrder])).decision).toMatchObject({
      outcome: 'applied',
      effects: [],
    });
  });
});

describe('B6: a payment report after expiry or cancellation', () => {
  example('B6: after expiry, the report is a confirmation, as S1d', () => {
    const paid = last(
      play({ order: paypalOrder, settings: withWindow(ignoringIncomplete) }, [
        windowElapsed,
        paymentReport(paypalOrder),
      ]),
    );
    expect(paid.decision.effects.map((effect) => effect.type)).toEqual([
      'deductStock',
      'sendEmail',
      'sendEmail',
    ]);
    expect(paid.view).toMatchObject({ paymentStatus: 'paid', listed: true });
  });

  example(
    'B6: after cancellation, the order stays cancelled, no stock moves, and the merchant is alerted',
    () => {
      const late = last(play(incomplete, [cancelOrder, paymentReport(paypalOrder)]));
      expect(late.view.paymentStatus).toBe('cancelled');
      expect(late.decision.effects.map((effect) => effect.type)).toEqual(['sendEmail']);
      expect(alertsIn(late.decision.effects)).toEqual(['paymentAfterCancellation']);
    },
  );
});

describe('B7: each email at most once', () => {
  example('B7: a second alert of the same cause is not sent', () => {
    const steps = play(incomplete, [
      paymentReport(paypalOrder, 'PAY-1'),
      paymentReport(paypalOrder, 'PAY-2'),
      paymentReport(paypalOrder, 'PAY-3'),
    ]);
    expect(alertsIn(allEffects(steps))).toEqual(['possibleDoublePayment']);
  });

  test.prop([historyArb()])(
    'B7: for any history, each order email is sent at most once and each alert at most once per cause',
    ({ placement, events }) => {
      const effects = allEffects(play(placement, events));
      const keys = effects
        .filter((effect) => effect.type === 'sendEmail')
        .map((effect) => effect.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      const causes = alertsIn(effects);
      expect(new Set(causes).size).toBe(causes.length);
    },
  );
});
