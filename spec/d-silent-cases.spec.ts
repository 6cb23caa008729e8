/**
 * D1-D11: what the engine decides where the article is silent.
 */
import { describe, expect, test } from 'vitest';
import { applyEvent, type OrderEvent, startOrder } from '../src/index.js';
import {
  allEffects,
  chequeOrder,
  emailsIn,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  paymentReport,
  paypalOrder,
  play,
  setNotShipped,
  setPaid,
  setPending,
  setShipped,
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
  });

  test('D2: the merchant sets paid on an unconfirmed order: a confirmation, exactly as S1d', () => {
    const byMerchant = last(play(incomplete, [setPaid]));
    const byGateway = last(play(incomplete, [paymentReport(paypalOrder)]));
    expect(byMerchant.decision.effects).toEqual(byGateway.decision.effects);
    expect(byMerchant.view).toEqual(byGateway.view);
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

  test('D9: the order remembers its latest 32 accepted reports; an older one repeated counts as new', () => {
    const reports = Array.from({ length: 40 }, (_, n) => paymentReport(paypalOrder, `PAY-${n}`));
    const steps = play(incomplete, [
      ...reports,
      reports[39] as OrderEvent,
      reports[0] as OrderEvent,
    ]);
    const [recent, ancient] = steps.slice(-2);
    expect(recent?.decision).toMatchObject({
      outcome: 'unchanged',
      reason: 'duplicateGatewayReport',
    });
    expect(ancient?.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(ancient?.decision.snapshot.gatewayTransactionIds).toHaveLength(32);
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
});
