/**
 * S2: a gateway order paid at the gateway, with "Ignore Incomplete Orders" on.
 */
import { describe, expect, test } from 'vitest';
import {
  allEffects,
  amounts,
  emailsIn,
  ignoringIncomplete,
  last,
  paymentReport,
  paypalOrder,
  play,
  setPaid,
} from './play.js';

const placement = { order: paypalOrder, settings: ignoringIncomplete };

describe('S2: a gateway order paid at the gateway', () => {
  test('S2a: stock is deducted as soon as the gateway reports the payment', () => {
    const [placed, reported] = play(placement, [paymentReport(paypalOrder)]);
    expect(placed?.view.stockDeducted).toBe(false);
    expect(reported?.decision.effects.map((effect) => effect.type)).toContain('deductStock');
    expect(reported?.view.stockDeducted).toBe(true);
    expect(reported?.view.lines).toEqual([
      { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 },
    ]);
    expect(reported?.view.amounts).toEqual(amounts(3990, { captured: 3990 }));
  });

  test('S2b: both order emails state payment status paid', () => {
    const reported = last(play(placement, [paymentReport(paypalOrder)]));
    const emails = emailsIn(reported.decision.effects);
    expect(emails.map((email) => [email.template, email.paymentStatus])).toEqual([
      ['merchantOrderNotification', 'paid'],
      ['customerOrderConfirmation', 'paid'],
    ]);
  });

  test('S2c: setting paid again deducts no stock again', () => {
    const steps = play(placement, [paymentReport(paypalOrder), setPaid, setPaid]);
    expect(steps.slice(2).map((step) => step.decision.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(allEffects(steps).filter((effect) => effect.type === 'deductStock')).toHaveLength(1);
    expect(last(steps).view.amounts).toEqual(amounts(3990, { captured: 3990 }));
  });
});
