/**
 * M1-M9: the money of an order, kept from the gateway's reports: sales, authorizations, captures,
 * voids, refunds, chargebacks and reversals; the payment status they leave, and who is told.
 * Also I5 and I6 (ed. 2) by example: what an unconfirmed order may send, and when an order is listed.
 */
import { describe, expect, test } from 'vitest';
import { applyEvent, type OrderEvent, OrderRulesError, startOrder } from '../src/index.js';
import {
  allEffects,
  amounts,
  authorization,
  cancelOrder,
  capture,
  chargeback,
  chequeOrder,
  count,
  expectedAlert,
  expectedConfirmation,
  expectedRefundDue,
  expectedRefundEmail,
  expectedVoid,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  outcomeOf,
  paypalOrder,
  play,
  refund,
  reversal,
  type Step,
  sale,
  setPaid,
  setPending,
  voidOf,
} from './play.js';

const incomplete = { order: paypalOrder, settings: ignoringIncomplete };
const confirmedAtPlacement = { order: paypalOrder, settings: keepingIncomplete };
const statuses = (steps: readonly Step[]) => steps.map((step) => step.view.paymentStatus);

describe('M1: the engine keeps the money of each order, from the gateway reports only', () => {
  test('M1: each report moves its own ledger line; received is captured less refunded and charged back', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3000),
      capture('CAP-1', 'AUTH-1', 2500),
      sale('PAY-1', 1490),
      refund('REF-1', 500),
      chargeback('DSP-1', 700),
      reversal('DSP-1-WON', 200),
    ]);
    expect(steps.slice(1).map((step) => step.view.amounts)).toEqual([
      amounts(3990, { held: 3000 }),
      amounts(3990, { held: 500, captured: 2500 }),
      amounts(3990, { held: 500, captured: 3990 }),
      amounts(3990, { held: 500, captured: 3990, refunded: 500 }),
      amounts(3990, { held: 500, captured: 3990, refunded: 500, chargedBack: 700 }),
      amounts(3990, { held: 500, captured: 3990, refunded: 500, chargedBack: 500 }),
    ]);
    expect(last(steps).view.amounts).toEqual({
      total: 3990,
      held: 500,
      captured: 3990,
      refunded: 500,
      chargedBack: 500,
      received: 2990,
      due: 1000,
    });
  });

  test('M1, D4: the merchant setting paid or pending changes the status, never the money', () => {
    const steps = play(incomplete, [sale('PAY-1', 1000), setPaid, setPending, setPaid]);
    expect(statuses(steps.slice(1))).toEqual(['partiallyPaid', 'paid', 'pending', 'paid']);
    for (const step of steps.slice(1)) {
      expect(step.view.amounts).toEqual(amounts(3990, { captured: 1000 }));
    }
  });

  test.each([
    ['a sale', sale('R', 1)],
    ['an authorization', authorization('R', 1)],
    ['a capture', capture('R', 'AUTH-1', 1)],
    ['a void', voidOf('R', 'AUTH-1')],
    ['a refund', refund('R', 1)],
    ['a chargeback', chargeback('R', 1)],
    ['a reversal', reversal('R', 1)],
  ])('M1, D8: %s on a manual-payment order is refused first', (_, report) => {
    expect(
      outcomeOf(last(play({ order: chequeOrder, settings: ignoringIncomplete }, [report]))),
    ).toBe('refused: gatewayReportOnManualPayment');
  });

  test.each([
    ['a sale', sale('PAY-1', 3990)],
    ['a refund', refund('PAY-1', 10)],
    ['a chargeback', chargeback('PAY-1', 10)],
    ['a capture', capture('PAY-1', 'AUTH-1', 10)],
  ])(
    'M1, D9: %s with a transaction id the order has taken changes nothing, whatever its kind',
    (_, repeat) => {
      const steps = play(incomplete, [sale('PAY-1', 3990), authorization('AUTH-1', 100), repeat]);
      expect(outcomeOf(last(steps))).toBe('unchanged: duplicateGatewayReport');
      expect(last(steps).decision.snapshot).toBe(steps[2]?.decision.snapshot);
    },
  );

  test('M1, D9: a report naming an authorization that still holds money as its own id is a repeat', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 1000),
      capture('AUTH-1', 'AUTH-1', 500),
    ]);
    expect(outcomeOf(last(steps))).toBe('unchanged: duplicateGatewayReport');
  });
});

describe('M2: each money report sets the payment status from the money', () => {
  test.each<[string, OrderEvent[], string, Parameters<typeof amounts>[1]]>([
    ['received reaches the total: paid', [sale('PAY-1', 3990)], 'paid', { captured: 3990 }],
    [
      'covered by an authorization: authorized',
      [authorization('AUTH-1', 3990)],
      'authorized',
      { held: 3990 },
    ],
    [
      'covered by money received and held: authorized',
      [sale('PAY-1', 990), authorization('AUTH-1', 3000)],
      'authorized',
      { captured: 990, held: 3000 },
    ],
    [
      'part refunded, some received: partiallyRefunded',
      [sale('PAY-1', 3990), refund('REF-1', 990)],
      'partiallyRefunded',
      { captured: 3990, refunded: 990 },
    ],
    [
      'all refunded: refunded',
      [sale('PAY-1', 3990), refund('REF-1', 3990)],
      'refunded',
      { captured: 3990, refunded: 3990 },
    ],
    [
      'all charged back: refunded',
      [sale('PAY-1', 3990), chargeback('DSP-1', 3990)],
      'refunded',
      { captured: 3990, chargedBack: 3990 },
    ],
    ['some received: partiallyPaid', [sale('PAY-1', 2000)], 'partiallyPaid', { captured: 2000 }],
    ['some held: partiallyPaid', [authorization('AUTH-1', 2000)], 'partiallyPaid', { held: 2000 }],
    [
      'nothing left, never confirmed: incomplete',
      [authorization('AUTH-1', 2000), voidOf('VOID-1', 'AUTH-1')],
      'incomplete',
      {},
    ],
    [
      'received reaches the total again after a refund: paid, before partiallyRefunded',
      [sale('PAY-1', 3990), refund('REF-1', 990), sale('PAY-2', 990)],
      'paid',
      { captured: 4980, refunded: 990 },
    ],
    [
      'covered after a refund: authorized, before partiallyRefunded',
      [sale('PAY-1', 3990), refund('REF-1', 3990), authorization('AUTH-1', 3990)],
      'authorized',
      { captured: 3990, refunded: 3990, held: 3990 },
    ],
  ])('M2: %s', (_, events, status, money) => {
    const settled = last(play(incomplete, events));
    expect(settled.view.paymentStatus).toBe(status);
    expect(settled.view.amounts).toEqual(amounts(3990, money));
  });

  test('M2: nothing received or held on a confirmed order: voided', () => {
    const steps = play(confirmedAtPlacement, [
      authorization('AUTH-1', 3990),
      voidOf('VOID-1', 'AUTH-1'),
    ]);
    expect(statuses(steps)).toEqual(['pending', 'authorized', 'voided']);
    expect(last(steps).view).toMatchObject({
      confirmed: true,
      listed: true,
      amounts: amounts(3990),
    });
  });

  test('M2: a cancelled order stays cancelled whatever the money', () => {
    const steps = play(incomplete, [
      cancelOrder,
      sale('PAY-1', 3990),
      refund('REF-1', 3990),
      authorization('AUTH-1', 10),
    ]);
    expect(statuses(steps.slice(1))).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });
});

describe('M3: an authorization holds money', () => {
  test('M3: an authorization that covers an unconfirmed order is its confirmation, stating authorized', () => {
    const authorized = last(play(incomplete, [authorization('AUTH-1', 3990)]));
    expect(authorized.decision.effects).toEqual([
      {
        type: 'deductStock',
        orderId: 'A-1001',
        lines: [{ sku: 'TEE-M', quantity: 2 }],
        idempotencyKey: 'A-1001:deductStock',
      },
      {
        type: 'sendEmail',
        template: 'merchantOrderNotification',
        orderId: 'A-1001',
        paymentStatus: 'authorized',
        idempotencyKey: 'A-1001:sendEmail:merchantOrderNotification',
      },
      {
        type: 'sendEmail',
        template: 'customerOrderConfirmation',
        orderId: 'A-1001',
        paymentStatus: 'authorized',
        idempotencyKey: 'A-1001:sendEmail:customerOrderConfirmation',
      },
    ]);
    expect(authorized.view).toEqual({
      orderId: 'A-1001',
      paymentStatus: 'authorized',
      shippingStatus: 'notShipped',
      listed: true,
      confirmed: true,
      stockDeducted: true,
      amounts: {
        total: 3990,
        held: 3990,
        captured: 0,
        refunded: 0,
        chargedBack: 0,
        received: 0,
        due: 3990,
      },
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 }],
    });
  });

  test('M3, M5: two authorizations that cover the order together: the second is the confirmation', () => {
    const [, first, second] = play(incomplete, [
      authorization('AUTH-1', 1000),
      authorization('AUTH-2', 2990),
    ]);
    expect(first?.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'partialPayment', 'AUTH-1', 2990),
    ]);
    expect(first?.view).toMatchObject({ paymentStatus: 'partiallyPaid', confirmed: false });
    expect(second?.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'authorized'));
    expect(second?.view.amounts).toEqual(amounts(3990, { held: 3990 }));
  });

  test('M3: an authorization on an order already confirmed sends no order email again', () => {
    const authorized = last(play(confirmedAtPlacement, [authorization('AUTH-1', 3990)]));
    expect(authorized.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(authorized.view.paymentStatus).toBe('authorized');
  });
});

describe('M4: captures and voids of an authorization', () => {
  test('M4: an authorization captured in parts, then voided: the ledger and the status at each step', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      capture('CAP-1', 'AUTH-1', 2000),
      capture('CAP-2', 'AUTH-1', 1000),
      voidOf('VOID-1', 'AUTH-1'),
    ]);
    expect(steps.slice(1).map((step) => [step.view.paymentStatus, step.view.amounts])).toEqual([
      ['authorized', amounts(3990, { held: 3990 })],
      ['authorized', amounts(3990, { held: 1990, captured: 2000 })],
      ['authorized', amounts(3990, { held: 990, captured: 3000 })],
      ['partiallyPaid', amounts(3990, { captured: 3000 })],
    ]);
    // the confirmation came with the authorization; captures and the void send nothing
    expect(steps.slice(2).flatMap((step) => step.decision.effects)).toEqual([]);
  });

  test('M4: captures that take every unit held make the order paid; the authorization is then spent', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      capture('CAP-1', 'AUTH-1', 1990),
      capture('CAP-2', 'AUTH-1', 2000),
      capture('CAP-3', 'AUTH-1', 1),
    ]);
    const [, , , paid, spent] = steps;
    expect(paid?.decision.effects).toEqual([]);
    expect(paid?.view).toMatchObject({
      paymentStatus: 'paid',
      amounts: amounts(3990, { captured: 3990 }),
    });
    expect(outcomeOf(spent)).toBe('refused: unknownAuthorization');
  });

  test('M4: a capture of more than the authorization still holds is refused, and changes nothing', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      capture('CAP-1', 'AUTH-1', 3000),
      capture('CAP-2', 'AUTH-1', 991),
    ]);
    expect(outcomeOf(last(steps))).toBe('refused: captureExceedsAuthorization');
    expect(last(steps).decision.snapshot).toBe(steps[2]?.decision.snapshot);
    expect(last(steps).view.amounts).toEqual(amounts(3990, { held: 990, captured: 3000 }));
  });

  test('M4: a refused capture does not take its transaction id: the same id may come again, fitting', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      capture('CAP-1', 'AUTH-1', 5000),
      capture('CAP-1', 'AUTH-1', 3990),
    ]);
    expect(steps.slice(2).map(outcomeOf)).toEqual([
      'refused: captureExceedsAuthorization',
      'applied',
    ]);
  });

  test.each([
    [
      'an authorization the order never had',
      [authorization('AUTH-1', 3990)],
      capture('CAP-1', 'AUTH-9', 10),
    ],
    [
      'a voided authorization',
      [authorization('AUTH-1', 3990), voidOf('VOID-1', 'AUTH-1')],
      capture('CAP-1', 'AUTH-1', 10),
    ],
    ['a sale (not an authorization)', [sale('PAY-1', 1000)], capture('CAP-1', 'PAY-1', 10)],
    [
      'an authorization in another currency (never counted)',
      [authorization('AUTH-1', 3990, 'USD')],
      capture('CAP-1', 'AUTH-1', 10, 'EUR'),
    ],
  ])('M4: a capture of %s is refused: unknownAuthorization', (_, before, attempt) => {
    expect(outcomeOf(last(play(incomplete, [...before, attempt])))).toBe(
      'refused: unknownAuthorization',
    );
  });

  test('M4: a void of an authorization the order does not hold is refused: unknownAuthorization', () => {
    const steps = play(incomplete, [
      voidOf('VOID-1', 'AUTH-1'),
      authorization('AUTH-1', 3990),
      voidOf('VOID-2', 'AUTH-1'),
      voidOf('VOID-3', 'AUTH-1'),
    ]);
    expect(steps.slice(1).map(outcomeOf)).toEqual([
      'refused: unknownAuthorization',
      'applied',
      'applied',
      'refused: unknownAuthorization',
    ]);
  });

  test('M4: a void that leaves a confirmed order with nothing received or held alerts the merchant', () => {
    const voided = last(
      play(incomplete, [authorization('AUTH-1', 3990), voidOf('VOID-1', 'AUTH-1')]),
    );
    expect(voided.decision.effects).toEqual([
      {
        type: 'sendEmail',
        template: 'merchantPaymentAlert',
        orderId: 'A-1001',
        cause: 'authorizationVoided',
        transactionId: 'VOID-1',
        idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:authorizationVoided:VOID-1',
      },
    ]);
    expect(voided.view).toMatchObject({
      paymentStatus: 'voided',
      confirmed: true,
      listed: true,
      stockDeducted: true,
      amounts: amounts(3990),
    });
  });

  test('M4: a void that leaves money received, or another authorization, sends no alert', () => {
    const withCapture = play(incomplete, [
      authorization('AUTH-1', 3990),
      capture('CAP-1', 'AUTH-1', 10),
      voidOf('VOID-1', 'AUTH-1'),
    ]);
    const withAnother = play(incomplete, [
      authorization('AUTH-1', 2000),
      authorization('AUTH-2', 1990),
      voidOf('VOID-1', 'AUTH-1'),
    ]);
    expect(last(withCapture).decision.effects).toEqual([]);
    expect(last(withCapture).view.paymentStatus).toBe('partiallyPaid');
    expect(last(withAnother).decision.effects).toEqual([]);
    expect(last(withAnother).view).toMatchObject({
      paymentStatus: 'partiallyPaid',
      amounts: amounts(3990, { held: 1990 }),
    });
  });

  test('M4, M2: a void that leaves nothing after a refund: refunded; the alert only when the order is confirmed', () => {
    const history = [
      sale('PAY-1', 1000),
      refund('REF-1', 1000),
      authorization('AUTH-1', 500),
      voidOf('VOID-1', 'AUTH-1'),
    ];
    const unconfirmed = last(play(incomplete, history));
    const confirmed = last(play(confirmedAtPlacement, history));
    expect(unconfirmed.decision.effects).toEqual([]);
    expect(unconfirmed.view).toMatchObject({ paymentStatus: 'refunded', listed: false });
    expect(confirmed.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'authorizationVoided', 'VOID-1'),
    ]);
    expect(confirmed.view).toMatchObject({ paymentStatus: 'refunded', listed: true });
  });

  test('M4: a void leaving an unconfirmed order with nothing: incomplete again, no alert, hidden', () => {
    const voided = last(
      play(incomplete, [authorization('AUTH-1', 1000), voidOf('VOID-1', 'AUTH-1')]),
    );
    expect(voided.decision.effects).toEqual([]);
    expect(voided.view).toMatchObject({ paymentStatus: 'incomplete', listed: false });
  });
});

describe('M5: a partial payment', () => {
  test('M5: a split payment: the first part is partiallyPaid, listed, not confirmed, with an alert; the rest confirms it', () => {
    const [, part, rest] = play(incomplete, [sale('PAY-1', 2000), sale('PAY-2', 1990)]);
    expect(part?.decision.effects).toEqual([
      {
        type: 'sendEmail',
        template: 'merchantPaymentAlert',
        orderId: 'A-1001',
        cause: 'partialPayment',
        transactionId: 'PAY-1',
        amount: 1990,
        currency: 'EUR',
        idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:partialPayment:PAY-1',
      },
    ]);
    expect(part?.view).toMatchObject({
      paymentStatus: 'partiallyPaid',
      listed: true,
      confirmed: false,
      stockDeducted: false,
      amounts: amounts(3990, { captured: 2000 }),
    });
    expect(rest?.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(rest?.view).toMatchObject({
      paymentStatus: 'paid',
      confirmed: true,
      amounts: amounts(3990, { captured: 3990 }),
    });
  });

  test('M5, B7: each partial payment is its own alert, naming what is still due', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 1000),
      authorization('AUTH-1', 1000),
      sale('PAY-2', 1000),
    ]);
    expect(allEffects(steps)).toEqual([
      expectedAlert(paypalOrder, 'partialPayment', 'PAY-1', 2990),
      expectedAlert(paypalOrder, 'partialPayment', 'AUTH-1', 1990),
      expectedAlert(paypalOrder, 'partialPayment', 'PAY-2', 990),
    ]);
  });

  test('M5: a sale that covers the rest of an authorized part: a confirmation stating authorized', () => {
    const steps = play(incomplete, [authorization('AUTH-1', 1000), sale('PAY-1', 2990)]);
    expect(last(steps).decision.effects).toEqual(expectedConfirmation(paypalOrder, 'authorized'));
    expect(last(steps).view.amounts).toEqual(amounts(3990, { held: 1000, captured: 2990 }));
  });

  test('M5, D3: the merchant may confirm a partly paid order by setting pending', () => {
    const pending = last(play(incomplete, [sale('PAY-1', 2000), setPending]));
    expect(pending.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'pending'));
    expect(pending.view).toMatchObject({
      paymentStatus: 'pending',
      amounts: amounts(3990, { captured: 2000 }),
    });
  });

  test('M5, B5: the merchant may cancel it: the money received is a refund due', () => {
    const cancelled = last(play(incomplete, [sale('PAY-1', 2000), cancelOrder]));
    expect(cancelled.decision.effects).toEqual([expectedRefundDue(paypalOrder, 2000)]);
    expect(cancelled.view).toMatchObject({ paymentStatus: 'cancelled', listed: true });
  });

  test('M5: a partial payment on an order confirmed at placement is partiallyPaid too, with its alert', () => {
    const part = last(play(confirmedAtPlacement, [sale('PAY-1', 1000)]));
    expect(part.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'partialPayment', 'PAY-1', 2990),
    ]);
    expect(part.view).toMatchObject({ paymentStatus: 'partiallyPaid', confirmed: true });
  });
});

describe('M6: overpayment (replaces B2)', () => {
  test('M6: a second payment of the total after the order is paid: an alert naming it and all of it', () => {
    const steps = play(incomplete, [sale('PAY-1', 3990), sale('PAY-2', 3990)]);
    expect(last(steps).decision.effects).toEqual([
      {
        type: 'sendEmail',
        template: 'merchantPaymentAlert',
        orderId: 'A-1001',
        cause: 'overpayment',
        transactionId: 'PAY-2',
        amount: 3990,
        currency: 'EUR',
        idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:overpayment:PAY-2',
      },
    ]);
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'paid',
      stockDeducted: true,
      amounts: amounts(3990, { captured: 7980 }),
    });
    expect(last(steps).view.amounts.due).toBe(-3990);
  });

  test('M6: a single payment larger than the total: the alert names the part above it, then the confirmation', () => {
    const paid = last(play(incomplete, [sale('PAY-1', 5000)]));
    expect(paid.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'PAY-1', 1010),
      ...expectedConfirmation(paypalOrder, 'paid'),
    ]);
  });

  test('M6: a payment that tops a partial payment above the total: only the part above it', () => {
    const steps = play(incomplete, [sale('PAY-1', 3000), sale('PAY-2', 1000)]);
    expect(last(steps).decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'PAY-2', 10),
      ...expectedConfirmation(paypalOrder, 'paid'),
    ]);
  });

  test('M6: a payment after the merchant set pending on a paid order is an overpayment; no stock change', () => {
    const steps = play(incomplete, [sale('PAY-1', 3990), setPending, sale('PAY-2', 3990)]);
    expect(last(steps).decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'PAY-2', 3990),
    ]);
    expect(last(steps).view.paymentStatus).toBe('paid');
  });

  test('M6: the first report on an order the merchant set paid is no overpayment', () => {
    const reported = last(play(incomplete, [setPaid, sale('PAY-1', 3990)]));
    expect(reported.decision).toMatchObject({ outcome: 'applied', effects: [] });
  });

  test('M6: a capture that takes received above the total is an overpayment too', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 3990),
      sale('PAY-1', 3990),
      capture('CAP-1', 'AUTH-1', 500),
    ]);
    expect(steps[2]?.decision.effects).toEqual([]);
    expect(last(steps).decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'CAP-1', 500),
    ]);
    expect(last(steps).view.amounts).toEqual(amounts(3990, { held: 3490, captured: 4490 }));
  });

  test('M6: a reversal that takes received above the total again is an overpayment', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 3990),
      chargeback('DSP-1', 3990),
      sale('PAY-2', 3990),
      reversal('DSP-1-WON', 3990),
    ]);
    expect(last(steps).decision.effects).toEqual([
      expectedAlert(paypalOrder, 'overpayment', 'DSP-1-WON', 3990),
    ]);
  });

  test('M6, M2: a refund of the part above the total sends no alert, and the order is paid (received = total)', () => {
    const steps = play(incomplete, [sale('PAY-1', 5000), refund('REF-1', 1010)]);
    expect(alertsOf(last(steps))).toEqual([]);
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'paid',
      amounts: amounts(3990, { captured: 5000, refunded: 1010 }),
    });
  });
});

const alertsOf = (step: Step) =>
  step.decision.effects.filter((effect) => effect.type === 'sendEmail' && 'cause' in effect);

describe('M7: a refund', () => {
  test('M7: a partial refund lowers received; the buyer gets a refund email with the amount', () => {
    const refunded = last(play(incomplete, [sale('PAY-1', 3990), refund('REF-1', 990)]));
    expect(refunded.decision.effects).toEqual([
      {
        type: 'sendEmail',
        template: 'customerRefundNotification',
        orderId: 'A-1001',
        transactionId: 'REF-1',
        amount: 990,
        currency: 'EUR',
        idempotencyKey: 'A-1001:sendEmail:customerRefundNotification:REF-1',
      },
    ]);
    expect(refunded.view).toMatchObject({
      paymentStatus: 'partiallyRefunded',
      amounts: { total: 3990, captured: 3990, refunded: 990, received: 3000, due: 990 },
    });
  });

  test('M7: refunds of everything received: refunded, one email per refund', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 3990),
      refund('REF-1', 990),
      refund('REF-2', 3000),
    ]);
    expect(allEffects(steps.slice(2))).toEqual([
      expectedRefundEmail(paypalOrder, 'REF-1', 990),
      expectedRefundEmail(paypalOrder, 'REF-2', 3000),
    ]);
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'refunded',
      listed: true,
      amounts: amounts(3990, { captured: 3990, refunded: 3990 }),
    });
  });

  test('M7: a refund of more than received is refused, and changes nothing', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 3990),
      refund('REF-1', 990),
      refund('REF-2', 3001),
    ]);
    expect(outcomeOf(last(steps))).toBe('refused: refundExceedsPayment');
    expect(last(steps).view.amounts).toEqual(amounts(3990, { captured: 3990, refunded: 990 }));
  });

  test('M7: money held is not received: it cannot be refunded', () => {
    expect(
      outcomeOf(last(play(incomplete, [authorization('AUTH-1', 3990), refund('REF-1', 1)]))),
    ).toBe('refused: refundExceedsPayment');
  });

  test('M7, G3: a refund moves no stock', () => {
    const steps = play(incomplete, [sale('PAY-1', 3990), refund('REF-1', 3990)]);
    expect(count(last(steps).decision.effects, 'restoreStock')).toBe(0);
    expect(last(steps).view).toMatchObject({
      stockDeducted: true,
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 }],
    });
  });

  test('M7, B5: a refund on a cancelled order sends the buyer exactly one refund email', () => {
    const refunded = last(
      play(incomplete, [sale('PAY-1', 3990), cancelOrder, refund('REF-1', 3990)]),
    );
    expect(refunded.decision.effects).toEqual([expectedRefundEmail(paypalOrder, 'REF-1', 3990)]);
  });
});

describe('M8: a chargeback and its reversal', () => {
  test('M8: a chargeback lowers received like a refund and alerts the merchant', () => {
    const charged = last(play(incomplete, [sale('PAY-1', 3990), chargeback('DSP-1', 3990)]));
    expect(charged.decision.effects).toEqual([
      {
        type: 'sendEmail',
        template: 'merchantPaymentAlert',
        orderId: 'A-1001',
        cause: 'chargeback',
        transactionId: 'DSP-1',
        amount: 3990,
        currency: 'EUR',
        idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:chargeback:DSP-1',
      },
    ]);
    expect(charged.view).toMatchObject({
      paymentStatus: 'refunded',
      amounts: amounts(3990, { captured: 3990, chargedBack: 3990 }),
    });
  });

  test('M8: a partial chargeback: partiallyRefunded; a reversal raises received again, to paid, with no alert', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 3990),
      chargeback('DSP-1', 1000),
      reversal('DSP-1-WON', 1000),
    ]);
    const [, , charged, reversed] = steps;
    expect(charged?.decision.effects).toEqual([
      expectedAlert(paypalOrder, 'chargeback', 'DSP-1', 1000),
    ]);
    expect(charged?.view.paymentStatus).toBe('partiallyRefunded');
    expect(reversed?.decision.effects).toEqual([]);
    expect(reversed?.view).toMatchObject({
      paymentStatus: 'paid',
      amounts: amounts(3990, { captured: 3990 }),
    });
  });

  test('M8: a reversal of more than was charged back is refused', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 3990),
      chargeback('DSP-1', 1000),
      reversal('DSP-1-WON', 1001),
    ]);
    expect(outcomeOf(last(steps))).toBe('refused: reversalExceedsChargeback');
    expect(outcomeOf(last(play(incomplete, [sale('PAY-1', 3990), reversal('W', 1)])))).toBe(
      'refused: reversalExceedsChargeback',
    );
  });

  test('M8, I8: a chargeback of more than received is refused (chargebackExceedsPayment)', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 2000),
      refund('REF-1', 500),
      chargeback('DSP-1', 1501),
    ]);
    expect(outcomeOf(last(steps))).toBe('refused: chargebackExceedsPayment');
  });

  test('M8, B7: each chargeback is its own alert', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 3990),
      chargeback('DSP-1', 10),
      chargeback('DSP-2', 10),
    ]);
    expect(allEffects(steps.slice(2))).toEqual([
      expectedAlert(paypalOrder, 'chargeback', 'DSP-1', 10),
      expectedAlert(paypalOrder, 'chargeback', 'DSP-2', 10),
    ]);
  });
});

describe('M9: amounts are integer minor units of a currency the engine knows', () => {
  const { snapshot } = startOrder(incomplete);
  const attempt = (event: unknown) => () => applyEvent(snapshot, event as OrderEvent);

  test.each([
    ['a fractional amount', { ...sale('PAY-1', 39.9) }, 'event.amount'],
    ['an amount of 0', { ...sale('PAY-1', 0) }, 'event.amount'],
    ['a negative amount', { ...refund('REF-1', -5) }, 'event.amount'],
    ['an unknown currency', { ...sale('PAY-1', 3990, 'XYZ') }, 'event.currency'],
    ['a currency in small letters', { ...sale('PAY-1', 3990, 'eur') }, 'event.currency'],
  ])('M9: %s is bad input, named by its field', (_, event, field) => {
    expect(attempt(event)).toThrow(OrderRulesError);
    expect(attempt(event)).toThrow(expect.objectContaining({ code: 'invalidEvent', field }));
  });

  test('M9: an order in a currency of no minor unit is paid in those units', () => {
    const yenOrder = { ...paypalOrder, id: 'J-1', total: { amount: 4500, currency: 'JPY' } };
    const paid = last(
      play({ order: yenOrder, settings: ignoringIncomplete }, [sale('PAY-1', 4500, 'JPY')]),
    );
    expect(paid.view).toMatchObject({
      paymentStatus: 'paid',
      amounts: amounts(4500, { captured: 4500 }),
    });
  });

  test('M9: an order in a currency the engine does not know is bad input', () => {
    expect(() =>
      startOrder({
        order: { ...paypalOrder, total: { amount: 10, currency: 'ABC' } },
        settings: ignoringIncomplete,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalidOrder', field: 'order.total.currency' }));
  });
});

describe('I5, I6 (ed. 2): what an unconfirmed order sends, and when an order is listed', () => {
  test('I5: an unconfirmed order sends alerts and refund emails, never a stock effect nor an order email', () => {
    const steps = play(incomplete, [
      sale('PAY-1', 1000),
      chargeback('DSP-1', 200),
      refund('REF-1', 300),
      sale('PAY-2', 5, 'USD'),
    ]);
    expect(steps.every((step) => !step.view.confirmed)).toBe(true);
    expect(
      allEffects(steps).map((effect) => [effect.type, 'template' in effect && effect.template]),
    ).toEqual([
      ['sendEmail', 'merchantPaymentAlert'],
      ['sendEmail', 'merchantPaymentAlert'],
      ['sendEmail', 'customerRefundNotification'],
      ['sendEmail', 'merchantPaymentAlert'],
    ]);
  });

  test('I6: an unconfirmed order is listed while money is received or held, and hidden again when none is', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 1000),
      voidOf('VOID-1', 'AUTH-1'),
      sale('PAY-1', 500),
      refund('REF-1', 500),
    ]);
    expect(steps.map((step) => [step.view.paymentStatus, step.view.listed])).toEqual([
      ['incomplete', false],
      ['partiallyPaid', true],
      ['incomplete', false],
      ['partiallyPaid', true],
      ['refunded', false],
    ]);
  });

  test('I6: a cancelled order that was never confirmed is listed once money comes, and stays so while held', () => {
    const steps = play(incomplete, [cancelOrder, authorization('AUTH-1', 3990)]);
    expect(steps.map((step) => step.view.listed)).toEqual([false, false, true]);
  });

  test('I6: a confirmed order stays listed whatever happens to its money', () => {
    const steps = play(incomplete, [sale('PAY-1', 3990), refund('REF-1', 3990), cancelOrder]);
    expect(steps.slice(1).map((step) => step.view.listed)).toEqual([true, true, true]);
  });

  test('I6, B5: the voids a cancellation asks for leave the order listed until they are reported', () => {
    const steps = play(incomplete, [
      authorization('AUTH-1', 1000),
      cancelOrder,
      voidOf('VOID-1', 'AUTH-1'),
    ]);
    const [, , cancelled, voided] = steps;
    expect(cancelled?.decision.effects).toEqual([expectedVoid(paypalOrder, 'AUTH-1')]);
    expect([cancelled?.view.listed, voided?.view.listed]).toEqual([true, false]);
  });
});

describe('B1, B5, B6: an authorization in another currency holds the buyer money too', () => {
  const usdHold = authorization('AUTH-USD', 3990, 'USD');
  const mismatch = {
    type: 'sendEmail',
    template: 'merchantPaymentAlert',
    orderId: paypalOrder.id,
    cause: 'currencyMismatch',
    transactionId: 'AUTH-USD',
    amount: 3990,
    currency: 'USD',
    idempotencyKey: `${paypalOrder.id}:sendEmail:merchantPaymentAlert:currencyMismatch:AUTH-USD`,
  };

  test('B5: reviewed and then cancelled, the order asks the host to void it, and takes its void report without counting it', () => {
    const steps = play(incomplete, [usdHold, cancelOrder, voidOf('VOID-USD', 'AUTH-USD')]);
    const [, held, cancelled, released] = steps;
    expect(held?.decision.effects).toEqual([mismatch]);
    expect(held?.view).toMatchObject({ paymentStatus: 'review', listed: true });
    expect(held?.decision.snapshot.money.otherCurrencyAuthorizations).toEqual(['AUTH-USD']);
    expect(cancelled?.decision.effects).toEqual([expectedVoid(paypalOrder, 'AUTH-USD')]);
    expect(released?.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(released?.view).toMatchObject({ paymentStatus: 'cancelled', listed: true });
    expect(released?.view.amounts).toEqual(amounts(paypalOrder.total.amount));
    expect(released?.decision.snapshot.money.otherCurrencyAuthorizations).toBeUndefined(); // none kept
  });

  test('B6: after the cancellation, it is voided at once, and its void report is taken too', () => {
    const steps = play(incomplete, [cancelOrder, usdHold, voidOf('VOID-USD', 'AUTH-USD')]);
    const [, , held, released] = steps;
    expect(held?.decision.effects).toEqual([expectedVoid(paypalOrder, 'AUTH-USD'), mismatch]);
    expect(released?.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(last(steps).view.paymentStatus).toBe('cancelled');
  });

  test('M4: a capture in the order currency of it is refused: the engine holds nothing by it', () => {
    const steps = play(incomplete, [usdHold, capture('CAP-1', 'AUTH-USD', 1000)]);
    expect(last(steps).decision).toMatchObject({
      outcome: 'refused',
      reason: 'unknownAuthorization',
    });
  });
});

describe('B7: idempotency keys', () => {
  test('two effects never share a key, of one order or of two, whatever their ids hold', () => {
    const a = { ...paypalOrder, id: 'A' };
    const b = { ...paypalOrder, id: 'A:sendEmail:customerRefundNotification:X' };
    const first = play({ order: a, settings: ignoringIncomplete }, [
      sale('PAY-1', 3990),
      refund('X:deductStock', 10),
    ]);
    const second = play({ order: b, settings: ignoringIncomplete }, [sale('PAY-1', 3990)]);
    const keys = [...allEffects(first), ...allEffects(second)].map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('A:sendEmail:customerRefundNotification:X%3AdeductStock');
    expect(keys).toContain('A%3AsendEmail%3AcustomerRefundNotification%3AX:deductStock');
  });
});
