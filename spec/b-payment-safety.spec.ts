/**
 * B1-B7: what the best shop platforms also handle: money in another currency, failures, the
 * payment window, cancellation, money after expiry or cancellation, and alerts sent once per cause
 * and money movement. (B2 is replaced by M6: see m-money.spec.ts.)
 */
import { test } from '@fast-check/vitest';
import { describe, test as example, expect } from 'vitest';
import type { OrderEvent, Settings } from '../src/index.js';
import { historyArb } from './arbitraries.js';
import {
  alertsIn,
  allEffects,
  amounts,
  authorization,
  cancelOrder,
  capture,
  cardOrder,
  chequeOrder,
  count,
  emailsIn,
  expectedAlert,
  expectedCancellationEmail,
  expectedConfirmation,
  expectedOrderEmails,
  expectedRefundDue,
  expectedRestoration,
  expectedVoid,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  linesShipped,
  outcomeOf,
  paymentFailed,
  paymentReport,
  paypalOrder,
  play,
  refund,
  sale,
  setPaid,
  setPending,
  setShipped,
  units,
  voidOf,
  windowElapsed,
} from './play.js';

const incomplete = { order: paypalOrder, settings: ignoringIncomplete };
const withWindow = (settings: Settings): Settings => ({ ...settings, paymentWindowMinutes: 30 });
const inDollars: OrderEvent = sale('PAY-USD', 3990, 'USD');
/** The alert B1 sends: the movement as reported, in its own currency. */
const mismatchAlert = {
  type: 'sendEmail',
  template: 'merchantPaymentAlert',
  orderId: 'A-1001',
  cause: 'currencyMismatch',
  transactionId: 'PAY-USD',
  amount: 3990,
  currency: 'USD',
  idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:currencyMismatch:PAY-USD',
};

describe('B1: a money report in another currency than the total', () => {
  example(
    'B1: it is not counted: review, listed, unconfirmed, one alert naming the movement',
    () => {
      const reviewed = last(play(incomplete, [inDollars]));
      expect(reviewed.view).toMatchObject({
        paymentStatus: 'review',
        listed: true,
        confirmed: false,
        stockDeducted: false,
        amounts: amounts(3990),
      });
      expect(reviewed.decision.effects).toEqual([mismatchAlert]);
    },
  );

  example.each([
    ['an authorization', authorization('PAY-USD', 3990, 'USD')],
    ['a refund', refund('PAY-USD', 3990, 'USD')],
  ])('B1: %s in another currency is screened the same way, before its fit', (_, report) => {
    const reviewed = last(play(incomplete, [report]));
    expect(reviewed.decision.effects).toEqual([mismatchAlert]);
    expect(reviewed.view).toMatchObject({ paymentStatus: 'review', amounts: amounts(3990) });
  });

  example(
    'B1: a wrong amount is not a mismatch any more: a short payment is partly paid (M5)',
    () => {
      const short = last(play(incomplete, [sale('PAY-SHORT', 399)]));
      expect(short.view).toMatchObject({
        paymentStatus: 'partiallyPaid',
        amounts: amounts(3990, { captured: 399 }),
      });
      expect(alertsIn(short.decision.effects)).toEqual(['partialPayment']);
    },
  );

  example('B1: the merchant resolves it by setting paid: the confirmation, as S1d', () => {
    const resolved = last(play(incomplete, [inDollars, setPaid]));
    expect(resolved.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(resolved.view).toMatchObject({ paymentStatus: 'paid', listed: true, confirmed: true });
  });

  example(
    'B1: the merchant resolves it by cancelling: no stock ever moved, and the order stays listed (I6)',
    () => {
      const steps = play(incomplete, [inDollars, cancelOrder]);
      expect(last(steps).decision.effects).toEqual([]);
      expect(last(steps).view).toMatchObject({
        paymentStatus: 'cancelled',
        listed: true,
        confirmed: false,
      });
      expect(
        count(allEffects(steps), 'deductStock') + count(allEffects(steps), 'restoreStock'),
      ).toBe(0);
    },
  );

  example(
    'B1: a later report in the right currency that covers the order resolves it: the confirmation',
    () => {
      const paid = last(play(incomplete, [inDollars, paymentReport(paypalOrder, 'PAY-OK')]));
      expect(paid.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
      expect(paid.view).toMatchObject({
        paymentStatus: 'paid',
        amounts: amounts(3990, { captured: 3990 }),
      });
    },
  );

  example(
    'B1: money in the right currency that does not cover the order is counted, and the order stays in review',
    () => {
      const steps = play(incomplete, [
        inDollars,
        sale('PAY-1', 1000),
        authorization('AUTH-1', 2990),
      ]);
      const [, , part, covered] = steps;
      expect(part?.decision.effects).toEqual([]);
      expect(part?.view).toMatchObject({
        paymentStatus: 'review',
        confirmed: false,
        amounts: amounts(3990, { captured: 1000 }),
      });
      expect(covered?.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'authorized'));
      expect(covered?.view).toMatchObject({
        paymentStatus: 'authorized',
        amounts: amounts(3990, { captured: 1000, held: 2990 }),
      });
    },
  );

  example(
    'B1: in review, a refund is still told to the buyer, and the order stays in review',
    () => {
      const steps = play(incomplete, [sale('PAY-1', 1000), inDollars, refund('REF-1', 400)]);
      expect(last(steps).decision.effects).toEqual([
        {
          type: 'sendEmail',
          template: 'customerRefundNotification',
          orderId: 'A-1001',
          transactionId: 'REF-1',
          amount: 400,
          currency: 'EUR',
          idempotencyKey: 'A-1001:sendEmail:customerRefundNotification:REF-1',
        },
      ]);
      expect(last(steps).view).toMatchObject({
        paymentStatus: 'review',
        amounts: amounts(3990, { captured: 1000, refunded: 400 }),
      });
    },
  );

  example(
    'B1: a report in another currency on a paid order puts it in review, still confirmed; nothing else moves',
    () => {
      const reviewed = last(play(incomplete, [paymentReport(paypalOrder, 'PAY-1'), inDollars]));
      expect(reviewed.decision.effects).toEqual([mismatchAlert]);
      expect(reviewed.view).toMatchObject({
        paymentStatus: 'review',
        confirmed: true,
        stockDeducted: true,
        amounts: amounts(3990, { captured: 3990 }),
      });
    },
  );

  example(
    'B1: a cancelled order stays cancelled, and is listed: the buyer has money with it',
    () => {
      const late = last(play(incomplete, [cancelOrder, inDollars]));
      expect(late.decision.effects).toEqual([mismatchAlert]);
      expect(late.view).toMatchObject({ paymentStatus: 'cancelled', listed: true });
    },
  );

  example('B1, D9: the mismatched report delivered again changes nothing', () => {
    expect(outcomeOf(last(play(incomplete, [inDollars, inDollars])))).toBe(
      'unchanged: duplicateGatewayReport',
    );
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

  example(
    'B3: a confirmed order with no money becomes failed, still listed, stock untouched',
    () => {
      const failed = last(
        play({ order: paypalOrder, settings: keepingIncomplete }, [paymentFailed]),
      );
      expect(failed.decision).toMatchObject({ outcome: 'applied', effects: [] });
      expect(failed.view).toMatchObject({
        paymentStatus: 'failed',
        listed: true,
        stockDeducted: true,
      });
    },
  );

  example('B3: on a paid order the failure report is refused', () => {
    const refused = last(play(incomplete, [paymentReport(paypalOrder), paymentFailed]));
    expect(refused.decision).toMatchObject({ outcome: 'refused', reason: 'orderAlreadyPaid' });
  });

  example.each([
    ['part of it received, unconfirmed', incomplete, [sale('PAY-1', 2000)]],
    ['an authorization holding it, confirmed', incomplete, [authorization('AUTH-1', 3990)]],
    [
      'part of it held, confirmed at placement',
      { order: paypalOrder, settings: keepingIncomplete },
      [authorization('AUTH-1', 1000)],
    ],
  ] as const)(
    'B3: on an order with money (%s) a failure changes nothing: paymentReceived',
    (_, placement, events) => {
      expect(outcomeOf(last(play(placement, [...events, paymentFailed])))).toBe(
        'unchanged: paymentReceived',
      );
    },
  );

  example(
    'B3: a confirmed order whose authorization was voided holds nothing: a failure makes it failed',
    () => {
      const failed = last(
        play({ order: paypalOrder, settings: keepingIncomplete }, [
          authorization('AUTH-1', 3990),
          voidOf('VOID-1', 'AUTH-1'),
          paymentFailed,
        ]),
      );
      expect(outcomeOf(failed)).toBe('applied');
      expect(failed.view.paymentStatus).toBe('failed');
    },
  );
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
    [
      'a failure on an order in review',
      windowed,
      [inDollars, paymentFailed],
      'awaitingMerchantReview',
    ],
    [
      'the window on an order in review',
      windowed,
      [inDollars, windowElapsed],
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
    'B4, D13: the window on a failed order confirmed at placement cancels it: stock restored, the buyer told',
    () => {
      const cancelled = last(
        play({ order: paypalOrder, settings: withWindow(keepingIncomplete) }, [
          paymentFailed,
          windowElapsed,
        ]),
      );
      expect(cancelled.decision.effects).toEqual([
        expectedRestoration(paypalOrder, [units('TEE-M', 2)], 2),
        expectedCancellationEmail(paypalOrder),
      ]);
    },
  );

  example(
    'B1: a report in another currency on a failed order puts it in review, still confirmed',
    () => {
      const reviewed = last(
        play({ order: paypalOrder, settings: keepingIncomplete }, [paymentFailed, inDollars]),
      );
      expect(reviewed.view).toMatchObject({
        paymentStatus: 'review',
        confirmed: true,
        listed: true,
      });
    },
  );
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
    'B4: the window elapsing on an order confirmed at placement (setting off) cancels it, restores its stock, tells the buyer',
    () => {
      const cancelled = last(
        play({ order: paypalOrder, settings: withWindow(keepingIncomplete) }, [windowElapsed]),
      );
      expect(cancelled.decision.effects).toEqual([
        expectedRestoration(paypalOrder, [units('TEE-M', 2)], 2),
        expectedCancellationEmail(paypalOrder),
      ]);
      expect(cancelled.view).toMatchObject({
        paymentStatus: 'cancelled',
        stockDeducted: false,
        lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 2 }],
      });
    },
  );

  example.each([
    [
      'the order was paid at the gateway',
      withWindow(ignoringIncomplete),
      [paymentReport(paypalOrder)],
      'paymentReceived',
    ],
    [
      'the order was paid, then set pending (setting off)',
      withWindow(keepingIncomplete),
      [paymentReport(paypalOrder), setPending],
      'paymentReceived',
    ],
    [
      'part of the total was received (setting on, unconfirmed)',
      withWindow(ignoringIncomplete),
      [sale('PAY-1', 10)],
      'paymentReceived',
    ],
    [
      'an authorization holds part of the total (setting off)',
      withWindow(keepingIncomplete),
      [authorization('AUTH-1', 10)],
      'paymentReceived',
    ],
    [
      'a unit has shipped (setting off)',
      withWindow(keepingIncomplete),
      [linesShipped(units('TEE-M', 1))],
      'goodsShipped',
    ],
    [
      'the merchant set paid (setting off)',
      withWindow(keepingIncomplete),
      [setPaid],
      'alreadyPaid',
    ],
    [
      'the merchant confirmed the order by hand (setting on)',
      withWindow(ignoringIncomplete),
      [setPending],
      'confirmedByMerchant',
    ],
  ] as const)('B4, I10: the window changes nothing once %s (%s)', (_, settings, events, reason) => {
    const steps = play({ order: paypalOrder, settings }, [...events, windowElapsed]);
    expect(outcomeOf(last(steps))).toBe(`unchanged: ${reason}`);
    expect(last(steps).decision.snapshot).toBe(steps[steps.length - 2]?.decision.snapshot);
  });

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
  example(
    'B5, G4: cancelling a confirmed order restores its unshipped stock, once; cancelled is final',
    () => {
      const steps = play({ order: chequeOrder, settings: ignoringIncomplete }, [
        cancelOrder,
        cancelOrder,
        setPaid,
        setShipped,
        linesShipped(units('MUG-RED', 1)),
      ]);
      const [, cancelled, again, paid, shipped, someShipped] = steps;
      expect(cancelled?.decision.effects).toEqual([
        expectedRestoration(chequeOrder, [units('MUG-RED', 1), units('TEE-L', 3)], 4),
        expectedCancellationEmail(chequeOrder),
      ]);
      expect(cancelled?.view).toMatchObject({
        paymentStatus: 'cancelled',
        stockDeducted: false,
        listed: true,
      });
      expect(outcomeOf(again)).toBe('unchanged: statusAlreadySet');
      expect(outcomeOf(paid)).toBe('refused: orderCancelled');
      expect(outcomeOf(shipped)).toBe('refused: orderCancelled');
      expect(outcomeOf(someShipped)).toBe('refused: orderCancelled');
      expect(count(allEffects(steps), 'restoreStock')).toBe(1);
    },
  );

  example(
    'B5, G4: cancelling after every unit shipped restores nothing: the goods have left',
    () => {
      const cancelled = last(
        play({ order: chequeOrder, settings: ignoringIncomplete }, [setShipped, cancelOrder]),
      );
      expect(cancelled.decision.effects).toEqual([expectedCancellationEmail(chequeOrder)]);
      expect(cancelled.view).toMatchObject({ paymentStatus: 'cancelled', stockDeducted: true });
    },
  );

  example('B5: cancelling an unconfirmed order with no money has no effect', () => {
    expect(last(play(incomplete, [cancelOrder])).decision).toMatchObject({
      outcome: 'applied',
      effects: [],
    });
  });

  example('B5: each authorization still held is voided, and money received is a refund due', () => {
    const steps = play({ order: cardOrder, settings: ignoringIncomplete }, [
      authorization('AUTH-1', 3000),
      authorization('AUTH-2', 2000),
      capture('CAP-1', 'AUTH-1', 1200),
      authorization('AUTH-3', 100),
      voidOf('VOID-3', 'AUTH-3'),
      cancelOrder,
    ]);
    expect(last(steps).decision.effects).toEqual([
      expectedVoid(cardOrder, 'AUTH-1'),
      expectedVoid(cardOrder, 'AUTH-2'),
      expectedRefundDue(cardOrder, 1200),
      expectedRestoration(cardOrder, [units('TEE-M', 2), units('CAP-B', 1)], 3),
      expectedCancellationEmail(cardOrder),
    ]);
    // M1: the ledger keeps what is held until the gateway reports the voids
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'cancelled',
      listed: true,
      amounts: amounts(5000, { held: 3800, captured: 1200 }),
    });
  });

  example('B5: the refund due is what is received: captured less refunded and charged back', () => {
    const cancelled = last(
      play(incomplete, [sale('PAY-1', 3990), refund('REF-1', 990), cancelOrder]),
    );
    expect(alertsIn(cancelled.decision.effects)).toEqual(['refundDue']);
    expect(cancelled.decision.effects[0]).toEqual(expectedRefundDue(paypalOrder, 3000));
  });

  example(
    'B5: the gateway reports the voids afterwards: the order stays cancelled, holding nothing',
    () => {
      const steps = play(incomplete, [
        authorization('AUTH-1', 3990),
        cancelOrder,
        voidOf('VOID-1', 'AUTH-1'),
      ]);
      expect(last(steps).decision.effects).toEqual([]);
      expect(last(steps).view).toMatchObject({
        paymentStatus: 'cancelled',
        amounts: amounts(3990),
      });
    },
  );

  example('B5: money reports, refunds and returns are still taken once cancelled', () => {
    const steps = play(incomplete, [sale('PAY-1', 3990), cancelOrder, refund('REF-1', 3990)]);
    expect(outcomeOf(last(steps))).toBe('applied');
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'cancelled',
      amounts: amounts(3990, { captured: 3990, refunded: 3990 }),
    });
  });
});

describe('B6: money after expiry or cancellation', () => {
  example('B6: after expiry, the report is a confirmation, as S1d', () => {
    const paid = last(
      play({ order: paypalOrder, settings: withWindow(ignoringIncomplete) }, [
        windowElapsed,
        paymentReport(paypalOrder),
      ]),
    );
    expect(paid.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(paid.view).toMatchObject({ paymentStatus: 'paid', listed: true });
  });

  example(
    'B6: after expiry, an authorization of the total is a confirmation stating authorized',
    () => {
      const authorized = last(
        play({ order: paypalOrder, settings: withWindow(ignoringIncomplete) }, [
          windowElapsed,
          authorization('AUTH-1', 3990),
        ]),
      );
      expect(authorized.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'authorized'));
    },
  );

  example(
    'B6: a sale after cancellation: the order stays cancelled, is listed, no stock moves, the merchant is alerted',
    () => {
      const late = last(play(incomplete, [cancelOrder, paymentReport(paypalOrder, 'PAY-1')]));
      expect(late.decision.effects).toEqual([
        expectedAlert(paypalOrder, 'paymentAfterCancellation', 'PAY-1', 3990),
      ]);
      expect(late.view).toMatchObject({
        paymentStatus: 'cancelled',
        listed: true,
        confirmed: false,
        stockDeducted: false,
        amounts: amounts(3990, { captured: 3990 }),
      });
    },
  );

  example(
    'B6: an authorization after cancellation is voided at once, and the merchant is alerted',
    () => {
      const late = last(play(incomplete, [cancelOrder, authorization('AUTH-1', 3990)]));
      expect(late.decision.effects).toEqual([
        expectedVoid(paypalOrder, 'AUTH-1'),
        expectedAlert(paypalOrder, 'paymentAfterCancellation', 'AUTH-1', 3990),
      ]);
      expect(late.view).toMatchObject({
        paymentStatus: 'cancelled',
        listed: true,
        amounts: amounts(3990, { held: 3990 }),
      });
    },
  );

  example('B6: a capture after cancellation is told too, with the amount it moved', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      cancelOrder,
      capture('CAP-1', 'AUTH-1', 500),
    ]);
    expect(last(steps).decision.effects).toEqual([
      expectedAlert(paypalOrder, 'paymentAfterCancellation', 'CAP-1', 500),
    ]);
    expect(last(steps).view.paymentStatus).toBe('cancelled');
  });

  example(
    'B6: on a cancelled order, a refund only tells the buyer, once; a void tells nobody',
    () => {
      const steps = play(incomplete, [
        authorization('AUTH-1', 1000),
        sale('PAY-1', 1000),
        cancelOrder,
        refund('REF-1', 600),
        voidOf('VOID-1', 'AUTH-1'),
      ]);
      const [refunded, voided] = steps.slice(-2);
      expect(refunded?.decision.effects).toEqual([
        {
          type: 'sendEmail',
          template: 'customerRefundNotification',
          orderId: 'A-1001',
          transactionId: 'REF-1',
          amount: 600,
          currency: 'EUR',
          idempotencyKey: 'A-1001:sendEmail:customerRefundNotification:REF-1',
        },
      ]);
      expect(voided?.decision.effects).toEqual([]);
      expect(voided?.view).toMatchObject({
        paymentStatus: 'cancelled',
        amounts: amounts(3990, { captured: 1000, refunded: 600 }),
      });
    },
  );
});

describe('B7: each order email at most once, each alert at most once per cause and movement', () => {
  example('B7: two overpayments are two alerts; the same report delivered twice is one', () => {
    const steps = play(incomplete, [
      paymentReport(paypalOrder, 'PAY-1'),
      paymentReport(paypalOrder, 'PAY-2'),
      paymentReport(paypalOrder, 'PAY-2'),
      paymentReport(paypalOrder, 'PAY-3'),
    ]);
    expect(steps.slice(2).map(outcomeOf)).toEqual([
      'applied',
      'unchanged: duplicateGatewayReport',
      'applied',
    ]);
    expect(allEffects(steps.slice(2))).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'PAY-2', 3990),
      expectedAlert(paypalOrder, 'overpayment', 'PAY-3', 3990),
    ]);
  });

  example('B7: the order emails are sent once, whatever confirms the order again', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      capture('CAP-1', 'AUTH-1', 3990),
      setPending,
      setPaid,
      paymentReport(paypalOrder, 'PAY-2'),
    ]);
    expect(emailsIn(allEffects(steps))).toEqual(expectedOrderEmails(paypalOrder, 'authorized'));
  });

  test.prop([historyArb()])(
    'B7: for any history, no two effects of one order share an idempotency key: each order email once, each alert once per cause and movement',
    ({ placement, events }) => {
      const effects = allEffects(play(placement, events));
      const keys = effects.map((effect) => effect.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      const alerts = effects.flatMap((effect) =>
        effect.type === 'sendEmail' && 'cause' in effect
          ? [`${effect.cause}:${effect.transactionId ?? ''}`]
          : [],
      );
      expect(new Set(alerts).size).toBe(alerts.length);
      const templates = emailsIn(effects).map((email) => email.template);
      expect(new Set(templates).size).toBe(templates.length);
    },
  );
});
