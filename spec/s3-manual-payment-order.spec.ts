/**
 * S3: an order paid by a manual method (cheque, bank transfer): payment status pending at placement.
 */
import { describe, expect, test } from 'vitest';
import {
  allEffects,
  amounts,
  chequeOrder,
  emailsIn,
  expectedConfirmation,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  play,
  setPaid,
  setPending,
  setShipped,
} from './play.js';

describe.each([
  ['on', ignoringIncomplete],
  ['off', keepingIncomplete],
])('S3: a manual-payment order, "Ignore Incomplete Orders" %s', (_, settings) => {
  const placement = { order: chequeOrder, settings };
  const deductions = (events: Parameters<typeof play>[1]) =>
    allEffects(play(placement, events)).filter((effect) => effect.type === 'deductStock');

  test('S3a: placing it deducts stock at once: a confirmation with emails stating pending', () => {
    const [placed] = play(placement);
    expect(placed?.decision.effects).toEqual(expectedConfirmation(chequeOrder, 'pending'));
    expect(emailsIn(placed?.decision.effects ?? []).map((email) => email.paymentStatus)).toEqual([
      'pending',
      'pending',
    ]);
    expect(placed?.view).toMatchObject({
      paymentStatus: 'pending',
      listed: true,
      confirmed: true,
      stockDeducted: true,
      lines: [
        { sku: 'MUG-RED', quantity: 1, deducted: 1, shipped: 0, returned: 0, restored: 0 },
        { sku: 'TEE-L', quantity: 3, deducted: 3, shipped: 0, returned: 0, restored: 0 },
      ],
    });
  });

  test('S3b: the merchant sets paid: no deduction again', () => {
    const paid = last(play(placement, [setPaid]));
    expect(paid.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(paid.view.paymentStatus).toBe('paid');
    expect(paid.view.amounts).toEqual(amounts(5400)); // the merchant's word moves no money (M1)
  });

  test('S3c: paid, then shipped again and again: stock does not change', () => {
    const steps = play(placement, [setPaid, setShipped, setShipped, setShipped]);
    expect(steps.slice(1).flatMap((step) => step.decision.effects)).toEqual([]);
    expect(last(steps).view).toMatchObject({ shippingStatus: 'shipped', stockDeducted: true });
    expect(last(steps).view.lines.map((line) => [line.deducted, line.shipped])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });

  test('S3d: however many times paid is set again, stock is deducted once only', () => {
    expect(
      deductions([setPaid, setPaid, setPending, setPaid, setPaid, setPending, setPaid]),
    ).toHaveLength(1);
  });
});
