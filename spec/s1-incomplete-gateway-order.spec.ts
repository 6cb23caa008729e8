/**
 * S1: a gateway order whose buyer did not pay at the gateway, with "Ignore Incomplete Orders" on.
 */
import { describe, expect, test } from 'vitest';
import {
  allEffects,
  amounts,
  emailsIn,
  expectedConfirmation,
  ignoringIncomplete,
  last,
  paymentReport,
  paypalOrder,
  play,
  setNotShipped,
  setPaid,
  setPending,
  setShipped,
} from './play.js';

const placement = { order: paypalOrder, settings: ignoringIncomplete };

describe('S1: an incomplete gateway order', () => {
  test('S1a: placing it deducts no stock', () => {
    const [placed] = play(placement);
    expect(placed?.decision.effects).toEqual([]);
    expect(placed?.view.stockDeducted).toBe(false);
  });

  test('S1b: it is not listed, so the search for incomplete orders finds it', () => {
    const [placed] = play(placement);
    expect(placed?.view).toMatchObject({
      paymentStatus: 'incomplete',
      listed: false,
      confirmed: false,
    });
  });

  test('S1c: no order email is sent, neither to the merchant nor to the buyer', () => {
    const [placed] = play(placement);
    expect(emailsIn(placed?.decision.effects ?? [])).toEqual([]);
  });

  test('S1d: the gateway report confirms it: paid, stock deducted, both emails stating paid', () => {
    const paid = last(play(placement, [paymentReport(paypalOrder)]));
    expect(paid.decision.outcome).toBe('applied');
    expect(paid.decision.effects).toEqual([
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
        paymentStatus: 'paid',
        idempotencyKey: 'A-1001:sendEmail:merchantOrderNotification',
      },
      {
        type: 'sendEmail',
        template: 'customerOrderConfirmation',
        orderId: 'A-1001',
        paymentStatus: 'paid',
        idempotencyKey: 'A-1001:sendEmail:customerOrderConfirmation',
      },
    ]);
    expect(paid.decision.effects).toEqual(expectedConfirmation(paypalOrder, 'paid'));
    expect(paid.view).toEqual({
      orderId: 'A-1001',
      paymentStatus: 'paid',
      shippingStatus: 'notShipped',
      listed: true,
      confirmed: true,
      stockDeducted: true,
      amounts: {
        total: 3990,
        held: 0,
        captured: 3990,
        refunded: 0,
        chargedBack: 0,
        received: 3990,
        due: 0,
      },
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 }],
    });
  });

  test('S1a, S1b: before the report, the order holds no money and no unit is deducted', () => {
    const [placed] = play(placement);
    expect(placed?.view.amounts).toEqual(amounts(3990));
    expect(placed?.view.lines).toEqual([
      { sku: 'TEE-M', quantity: 2, deducted: 0, shipped: 0, returned: 0, restored: 0 },
    ]);
  });

  test('S1e: setting paid and shipped afterwards, once or many times, never moves stock again', () => {
    const steps = play(placement, [
      paymentReport(paypalOrder),
      setPaid,
      setShipped,
      setPaid,
      setShipped,
      setNotShipped,
      setShipped,
      setPending,
      setPaid,
    ]);
    const afterConfirmation = steps.slice(2);
    expect(afterConfirmation.flatMap((step) => step.decision.effects)).toEqual([]);
    expect(allEffects(steps).filter((effect) => effect.type === 'deductStock')).toHaveLength(1);
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'paid',
      shippingStatus: 'shipped',
      stockDeducted: true,
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 2, returned: 0, restored: 0 }],
    });
  });
});
