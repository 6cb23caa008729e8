/**
 * D1-D13: what the engine decides where the article is silent.
 */
import { describe, expect, test } from 'vitest';
import { applyEvent, type OrderEvent, startOrder } from '../src/index.js';
import {
  allEffects,
  amounts,
  cancelOrder,
  chequeOrder,
  emailsIn,
  expectedAlert,
  expectedCancellationEmail,
  expectedConfirmation,
  expectedOrderEmails,
  expectedRefundDue,
  expectedRestoration,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  linesShipped,
  outcomeOf,
  paymentReport,
  paypalOrder,
  play,
  sale,
  setNotShipped,
  setPaid,
  setPending,
  setShipped,
  units,
  windowElapsed,
} from './play.js';

const incomplete = { order: paypalOrder, settings: ignoringIncomplete };

describe('D: decisions where the article is silent', () => {
  test('D1: setting off, a gateway order is confirmed at placement as pending, listed, stock deducted', () => {
    const [placed] = play({ order: paypalOrder, settings: keepingIncomplete });
    expect(placed?.view).toMatchObject({
      paymentStatus: 'pending',
      listed: true,
      confirmed: true,
      stockDeducted: true,
    });
    expect(
      placed?.decision.effects.map((effect) => [
        effect.type,
        'paymentStatus' in effect ? effect.paymentStatus : null,
      ]),
    ).toEqual([
      ['deductStock', null],
      ['sendEmail', 'pending'],
      ['sendEmail', 'pending'],
    ]);
  });

  test('D1: setting off, the gateway report later makes it paid with no stock change and no email', () => {
    const reported = last(
      play({ order: paypalOrder, settings: keepingIncomplete }, [paymentReport(paypalOrder)]),
    );
    expect(reported.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(reported.view.paymentStatus).toBe('paid');
    expect(reported.view.amounts).toEqual(amounts(3990, { captured: 3990 }));
  });

  test('D2: the merchant sets paid on an unconfirmed order: a confirmation, exactly as S1d', () => {
    const byMerchant = last(play(incomplete, [setPaid]));
    const byGateway = last(play(incomplete, [paymentReport(paypalOrder)]));
    expect(byMerchant.decision.effects).toEqual(byGateway.decision.effects);
    expect(byMerchant.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    // D4, M1: the same order, but no money was reported, so none is kept
    expect(byMerchant.view).toEqual({ ...byGateway.view, amounts: amounts(3990) });
  });

  test('D2: the merchant sets paid on a partly paid order: a confirmation stating paid, the money as reported', () => {
    const steps = play(incomplete, [sale('PAY-1', 2000), setPaid]);
    expect(last(steps).decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'paid',
      confirmed: true,
      amounts: amounts(3990, { captured: 2000 }),
    });
  });

  test('D3: the merchant sets pending on an unconfirmed order: a confirmation stating pending, then listed', () => {
    const pending = last(play(incomplete, [setPending]));
    expect(pending.view).toMatchObject({
      paymentStatus: 'pending',
      listed: true,
      confirmed: true,
      stockDeducted: true,
    });
    expect(emailsIn(pending.decision.effects).map((email) => email.paymentStatus)).toEqual([
      'pending',
      'pending',
    ]);
  });

  test('D4: after confirmation, paid and pending in any order never move stock nor resend emails', () => {
    const steps = play(incomplete, [
      setPending,
      setPaid,
      setPending,
      setPending,
      setPaid,
      paymentReport(paypalOrder),
      setPending,
    ]);
    expect(steps.slice(2).flatMap((step) => step.decision.effects)).toEqual([]);
    expect(last(steps).view.paymentStatus).toBe('pending');
  });

  test("D4: the merchant's status changes never change the money kept", () => {
    const steps = play(incomplete, [sale('PAY-1', 3990), setPending, setPaid, setPending]);
    expect(steps.slice(1).map((step) => step.view.amounts)).toEqual(
      Array(4).fill(amounts(3990, { captured: 3990 })),
    );
  });

  test('D5: shipping status changes never move stock nor send emails', () => {
    const steps = play({ order: chequeOrder, settings: ignoringIncomplete }, [
      setShipped,
      setNotShipped,
      setShipped,
    ]);
    expect(steps.slice(1).map((step) => [step.decision.outcome, step.decision.effects])).toEqual([
      ['applied', []],
      ['applied', []],
      ['applied', []],
    ]);
  });

  test('D5: an order that is not confirmed cannot be shipped: the event is refused', () => {
    const refused = last(play(incomplete, [setShipped]));
    expect(refused.decision).toMatchObject({
      outcome: 'refused',
      reason: 'orderNotConfirmed',
      effects: [],
    });
    expect(refused.view.shippingStatus).toBe('notShipped');
  });

  test("D6: settings are captured at placement: changing the shop's settings later changes nothing", () => {
    const settings = { ...ignoringIncomplete };
    const placed = startOrder({ order: paypalOrder, settings });
    settings.ignoreIncompleteOrders = false;
    settings.realtimeStock = false;
    const paid = applyEvent(placed.snapshot, setPaid);
    expect(placed.snapshot.settings).toEqual(ignoringIncomplete);
    expect(paid.effects.map((effect) => effect.type)).toContain('deductStock');
  });

  test('D7: realtimeStock off at placement: the order never has a stock effect', () => {
    const steps = play(
      { order: paypalOrder, settings: { ignoreIncompleteOrders: true, realtimeStock: false } },
      [paymentReport(paypalOrder), setPending, setPaid, setShipped],
    );
    expect(allEffects(steps).map((effect) => effect.type)).toEqual(['sendEmail', 'sendEmail']);
    expect(steps.every((step) => !step.view.stockDeducted)).toBe(true);
  });

  test('D8: a gateway report on a manual-payment order is refused', () => {
    const refused = last(
      play({ order: chequeOrder, settings: ignoringIncomplete }, [paymentReport(chequeOrder)]),
    );
    expect(refused.decision).toMatchObject({
      outcome: 'refused',
      reason: 'gatewayReportOnManualPayment',
      effects: [],
    });
    expect(refused.view.paymentStatus).toBe('pending');
  });

  test('D9: a gateway report repeated with the same transaction id changes nothing', () => {
    const steps = play(incomplete, [
      paymentReport(paypalOrder, 'PAY-1'),
      setPending,
      paymentReport(paypalOrder, 'PAY-1'),
    ]);
    expect(last(steps).decision).toMatchObject({
      outcome: 'unchanged',
      reason: 'duplicateGatewayReport',
      effects: [],
    });
    expect(last(steps).view.paymentStatus).toBe('pending');
  });

  test('D9: the order remembers every report it took; the first of 40, repeated, is still a duplicate', () => {
    const reports = Array.from({ length: 40 }, (_, n) => paymentReport(paypalOrder, `PAY-${n}`));
    const steps = play(incomplete, [
      ...reports,
      reports[39] as OrderEvent,
      reports[0] as OrderEvent,
    ]);
    for (const repeat of steps.slice(-2)) {
      expect(repeat.decision).toMatchObject({
        outcome: 'unchanged',
        reason: 'duplicateGatewayReport',
        effects: [],
      });
    }
    const kept = last(steps).decision.snapshot;
    expect(kept.transactionIds).toHaveLength(40);
    expect(kept.money.captured).toBe(40 * 3990);
  });

  test('D10: a refused or unchanged event gives back the very snapshot it was given, and says why', () => {
    const [placed, refused, unchanged] = play(incomplete, [setShipped, setNotShipped]);
    expect(refused?.decision.snapshot).toBe(placed?.decision.snapshot);
    expect(unchanged?.decision.snapshot).toBe(placed?.decision.snapshot);
    expect(
      [refused?.decision, unchanged?.decision].map(
        (decision) => decision && 'reason' in decision && decision.reason,
      ),
    ).toEqual(['orderNotConfirmed', 'statusAlreadySet']);
  });

  test('D11: setting a status the order already has changes nothing', () => {
    const steps = play({ order: chequeOrder, settings: ignoringIncomplete }, [
      setPending,
      setPaid,
      setPaid,
      setNotShipped,
      setShipped,
      setShipped,
    ]);
    expect(steps.slice(1).map((step) => step.decision.outcome)).toEqual([
      'unchanged',
      'applied',
      'unchanged',
      'unchanged',
      'applied',
      'unchanged',
    ]);
  });

  test('D12: a gateway order whose total is 0 is paid at placement, a confirmation stating paid, with no window', () => {
    const free = { ...paypalOrder, id: 'Z-0', total: { amount: 0, currency: 'EUR' } };
    const steps = play(
      { order: free, settings: { ...ignoringIncomplete, paymentWindowMinutes: 30 } },
      [windowElapsed],
    );
    const [placed, elapsed] = steps;
    expect(placed?.decision.effects).toEqual(expectedConfirmation(free, 'paid'));
    expect(placed?.view).toEqual({
      orderId: 'Z-0',
      paymentStatus: 'paid',
      shippingStatus: 'notShipped',
      listed: true,
      confirmed: true,
      stockDeducted: true,
      amounts: { total: 0, held: 0, captured: 0, refunded: 0, chargedBack: 0, received: 0, due: 0 },
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 }],
    });
    expect(outcomeOf(elapsed)).toBe('refused: noPaymentWindow');
  });

  test.each([
    ['gateway, setting on', paypalOrder, ignoringIncomplete],
    ['gateway, setting off', paypalOrder, keepingIncomplete],
    ['manual', chequeOrder, ignoringIncomplete],
  ])(
    'D12: a total of 0 is paid at placement whatever the payment method (%s)',
    (_, order, settings) => {
      const free = { ...order, total: { amount: 0, currency: 'EUR' } };
      const [placed] = play({ order: free, settings: { ...settings, paymentWindowMinutes: 30 } });
      expect(placed?.decision.effects).toEqual(expectedConfirmation(free, 'paid'));
      expect(placed?.view).toMatchObject({ paymentStatus: 'paid', confirmed: true, listed: true });
    },
  );

  test('D12: without realtimeStock, a free order is still paid at placement: the two emails, no stock', () => {
    const free = { ...paypalOrder, total: { amount: 0, currency: 'EUR' } };
    const [placed] = play({
      order: free,
      settings: { ignoreIncompleteOrders: true, realtimeStock: false },
    });
    expect(placed?.decision.effects).toEqual(expectedOrderEmails(free, 'paid'));
  });

  test('D12, M6: money reported for a free order is all above the total: an overpayment alert', () => {
    const free = { ...paypalOrder, total: { amount: 0, currency: 'EUR' } };
    const paid = last(play({ order: free, settings: ignoringIncomplete }, [sale('PAY-1', 500)]));
    expect(paid.decision.effects).toEqual([expectedAlert(free, 'overpayment', 'PAY-1', 500)]);
    expect(paid.view).toMatchObject({
      paymentStatus: 'paid',
      amounts: { total: 0, captured: 500, received: 500, due: -500 },
    });
  });

  test('D13: the merchant cancels a confirmed order: its stock restored and one cancellation email to the buyer', () => {
    const steps = play({ order: chequeOrder, settings: ignoringIncomplete }, [
      cancelOrder,
      cancelOrder,
    ]);
    const [, cancelled, again] = steps;
    expect(cancelled?.decision.effects).toEqual([
      expectedRestoration(chequeOrder, [units('MUG-RED', 1), units('TEE-L', 3)], 4),
      {
        type: 'sendEmail',
        template: 'customerOrderCancellation',
        orderId: 'B-2002',
        idempotencyKey: 'B-2002:sendEmail:customerOrderCancellation',
      },
    ]);
    expect(outcomeOf(again)).toBe('unchanged: statusAlreadySet');
    expect(
      allEffects(steps).filter(
        (effect) => 'template' in effect && effect.template === 'customerOrderCancellation',
      ),
    ).toHaveLength(1);
  });

  test('D13: the window cancels an order confirmed at placement: the cancellation email too', () => {
    const cancelled = last(
      play({ order: paypalOrder, settings: { ...keepingIncomplete, paymentWindowMinutes: 30 } }, [
        windowElapsed,
      ]),
    );
    expect(cancelled.decision.effects).toEqual([
      expectedRestoration(paypalOrder, [units('TEE-M', 2)], 2),
      expectedCancellationEmail(paypalOrder),
    ]);
  });

  test('D13: cancelling an order that was never confirmed sends no cancellation email', () => {
    const steps = play(incomplete, [sale('PAY-1', 1000), cancelOrder]);
    expect(last(steps).decision.effects).toEqual([expectedRefundDue(paypalOrder, 1000)]);
    expect(last(steps).view).toMatchObject({ paymentStatus: 'cancelled', confirmed: false });
  });

  test('D13: an order cancelled after every unit shipped still tells the buyer, and restores nothing', () => {
    const steps = play({ order: chequeOrder, settings: ignoringIncomplete }, [
      setShipped,
      cancelOrder,
    ]);
    expect(last(steps).decision.effects).toEqual([expectedCancellationEmail(chequeOrder)]);
  });

  test('D5, G5: shipping some units of an unconfirmed order is refused too', () => {
    expect(outcomeOf(last(play(incomplete, [linesShipped(units('TEE-M', 1))])))).toBe(
      'refused: orderNotConfirmed',
    );
  });
});
