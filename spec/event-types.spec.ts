/**
 * Type-level claims: an event with an unknown type or a wrong payload does not type-check
 * (checked by `npm run typecheck`), and is refused at run time all the same. The money reports,
 * shipments and returns of edition 2 included; and the statuses and alert causes are the ones the
 * rule book names.
 */
import { describe, expect, test } from 'vitest';
import {
  applyEvent,
  eventTypes,
  type MoneyReport,
  type OrderEvent,
  OrderRulesError,
  type PaymentAlertCause,
  type PaymentStatus,
  type ShippingStatus,
  startOrder,
} from '../src/index.js';
import { ignoringIncomplete, outcomeOf, paypalOrder } from './play.js';

const { snapshot } = startOrder({ order: paypalOrder, settings: ignoringIncomplete });

describe('events that must not type-check', () => {
  test('an unknown event type, a wrong status and a missing field are compile errors and run-time errors', () => {
    const bad = (event: OrderEvent) => () => applyEvent(snapshot, event);
    const attempts = [
      // @ts-expect-error: no such event
      bad({ type: 'merchant.orderDeleted' }),
      // @ts-expect-error: "refunded" is not a payment status the merchant may set
      bad({ type: 'merchant.paymentStatusChanged', status: 'refunded' }),
      // @ts-expect-error: the money sets "authorized" (M2), never the merchant
      bad({ type: 'merchant.paymentStatusChanged', status: 'authorized' }),
      // @ts-expect-error: a shipping status is not a payment status
      bad({ type: 'merchant.paymentStatusChanged', status: 'shipped' }),
      // @ts-expect-error: the merchant ships lines (merchant.linesShipped), not a status "partiallyShipped"
      bad({ type: 'merchant.shippingStatusChanged', status: 'partiallyShipped' }),
      // @ts-expect-error: a gateway report needs its amount and currency
      bad({ type: 'gateway.paymentConfirmed', transactionId: 'PAY-9' }),
      // @ts-expect-error: amounts are numbers of minor units
      bad({ type: 'gateway.paymentConfirmed', transactionId: 'P', amount: '1', currency: 'EUR' }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(OrderRulesError);
  });

  test('the money reports of edition 2 need every field the contract names (M1, M3, M4, M7, M8)', () => {
    const bad = (event: OrderEvent) => () => applyEvent(snapshot, event);
    const attempts = [
      // @ts-expect-error: an authorization names its transaction
      bad({ type: 'gateway.paymentAuthorized', amount: 3990, currency: 'EUR' }),
      // @ts-expect-error: an authorization needs its currency
      bad({ type: 'gateway.paymentAuthorized', transactionId: 'AUTH-1', amount: 3990 }),
      // @ts-expect-error: a capture names the authorization it takes from
      bad({ type: 'gateway.paymentCaptured', transactionId: 'CAP-1', amount: 1, currency: 'EUR' }),
      // @ts-expect-error: a void names the authorization it releases
      bad({ type: 'gateway.authorizationVoided', transactionId: 'VOID-1' }),
      // @ts-expect-error: a refund needs its amount
      bad({ type: 'gateway.refunded', transactionId: 'REF-1', currency: 'EUR' }),
      // @ts-expect-error: a chargeback's amount is a number of minor units
      bad({ type: 'gateway.chargeback', transactionId: 'DSP-1', amount: 1n, currency: 'EUR' }),
      // @ts-expect-error: a reversal names its transaction
      bad({ type: 'gateway.chargebackReversed', amount: 1, currency: 'EUR' }),
      // @ts-expect-error: no such report: the reversal is "gateway.chargebackReversed"
      bad({ type: 'gateway.chargebackWon', transactionId: 'W', amount: 1, currency: 'EUR' }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(OrderRulesError);
  });

  test('shipments and returns need their lines, and a return says whether it restocks (G2, G3)', () => {
    const oneTee = [{ sku: 'TEE-M', quantity: 1 }];
    const bad = (event: OrderEvent) => () => applyEvent(snapshot, event);
    const attempts = [
      // @ts-expect-error: a shipment names its lines
      bad({ type: 'merchant.linesShipped' }),
      // @ts-expect-error: a line names a sku and a number of units
      bad({ type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M' }] }),
      // @ts-expect-error: a quantity is a number
      bad({ type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: '1' }] }),
      // @ts-expect-error: a return says whether the units go back into stock
      bad({ type: 'merchant.linesReturned', lines: oneTee }),
      // @ts-expect-error: restock is true or false
      bad({ type: 'merchant.linesReturned', lines: oneTee, restock: 'yes' }),
      // @ts-expect-error: lines are a list, not one line
      bad({ type: 'merchant.linesReturned', lines: { sku: 'TEE-M', quantity: 1 }, restock: true }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(OrderRulesError);
  });

  test('a void moves no amount: one given does not type-check, and is dropped at run time', () => {
    const withAmount = applyEvent(snapshot, {
      type: 'gateway.authorizationVoided',
      transactionId: 'VOID-1',
      authorizationId: 'AUTH-1',
      // @ts-expect-error: a void releases what the authorization holds; it has no amount of its own
      amount: 10,
    });
    expect(withAmount).toMatchObject({ outcome: 'refused', reason: 'unknownAuthorization' });
  });

  test('statuses and alert causes are the ones of edition 2, and the old ones are gone', () => {
    // @ts-expect-error: B1 no longer alerts on an amount: a wrong amount is M5 or M6
    const amountMismatch: PaymentAlertCause = 'amountMismatch';
    // @ts-expect-error: B2 is replaced by M6 (overpayment)
    const possibleDoublePayment: PaymentAlertCause = 'possibleDoublePayment';
    // @ts-expect-error: a return is a shipping status, never a payment status
    const returned: PaymentStatus = 'returned';
    // @ts-expect-error: a refund is a payment status, never a shipping status
    const refunded: ShippingStatus = 'refunded';
    const fine: [PaymentAlertCause, PaymentStatus, ShippingStatus] = [
      'overpayment',
      'partiallyRefunded',
      'partiallyReturned',
    ];
    expect([amountMismatch, possibleDoublePayment, returned, refunded, ...fine]).toHaveLength(7);
  });
});

describe('events that type-check', () => {
  test('a well-formed event of each type type-checks, and the engine decides on it', () => {
    const events: OrderEvent[] = [
      { type: 'gateway.paymentConfirmed', transactionId: 'PAY-9', amount: 3990, currency: 'EUR' },
      { type: 'gateway.paymentAuthorized', transactionId: 'AUTH-1', amount: 3990, currency: 'EUR' },
      {
        type: 'gateway.paymentCaptured',
        transactionId: 'CAP-1',
        authorizationId: 'AUTH-1',
        amount: 2000,
        currency: 'EUR',
      },
      { type: 'gateway.authorizationVoided', transactionId: 'VOID-1', authorizationId: 'AUTH-1' },
      { type: 'gateway.refunded', transactionId: 'REF-1', amount: 990, currency: 'EUR' },
      { type: 'gateway.chargeback', transactionId: 'DSP-1', amount: 3990, currency: 'EUR' },
      {
        type: 'gateway.chargebackReversed',
        transactionId: 'DSP-1-WON',
        amount: 1,
        currency: 'EUR',
      },
      { type: 'gateway.paymentFailed', transactionId: 'PAY-9', reason: 'denied' },
      { type: 'timer.paymentWindowElapsed' },
      { type: 'merchant.paymentStatusChanged', status: 'pending' },
      { type: 'merchant.shippingStatusChanged', status: 'notShipped' },
      { type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 1 }] },
      { type: 'merchant.linesReturned', lines: [{ sku: 'TEE-M', quantity: 1 }], restock: true },
      { type: 'merchant.orderCancelled', reason: 'out of stock' },
    ];
    expect(events.map((event) => event.type)).toEqual([...eventTypes]);
    // each applied on its own to an incomplete order, with no money and nothing shipped
    expect(events.map((event) => outcomeOf({ decision: applyEvent(snapshot, event) }))).toEqual([
      'applied',
      'applied',
      'refused: unknownAuthorization',
      'refused: unknownAuthorization',
      'refused: refundExceedsPayment',
      'refused: chargebackExceedsPayment',
      'refused: reversalExceedsChargeback',
      'unchanged: buyerMayRetry',
      'refused: noPaymentWindow',
      'applied',
      'unchanged: statusAlreadySet',
      'refused: orderNotConfirmed',
      'refused: exceedsShippedQuantity',
      'applied',
    ]);
  });

  test('a money report narrows by its type: a capture has an authorization id, a void no amount', () => {
    const describe = (report: MoneyReport): string => {
      switch (report.type) {
        case 'gateway.paymentCaptured':
          return `${report.amount} from ${report.authorizationId}`;
        case 'gateway.authorizationVoided':
          // @ts-expect-error: a void has no amount
          return `${report.amount}`;
        default:
          return `${report.amount} ${report.currency}`;
      }
    };
    expect(
      describe({
        type: 'gateway.paymentCaptured',
        transactionId: 'CAP-1',
        authorizationId: 'AUTH-1',
        amount: 5,
        currency: 'EUR',
      }),
    ).toBe('5 from AUTH-1');
    expect(
      describe({ type: 'gateway.authorizationVoided', transactionId: 'V', authorizationId: 'A' }),
    ).toBe('undefined');
  });
});
