/**
 * Type-level claims: an event with an unknown type or a wrong payload does not type-check
 * (checked by `npm run typecheck`), and is refused at run time all the same.
 */
import { describe, expect, test } from 'vitest';
import { applyEvent, type OrderEvent, OrderRulesError, startOrder } from '../src/index.js';
import { ignoringIncomplete, paypalOrder } from './play.js';

const { snapshot } = startOrder({ order: paypalOrder, settings: ignoringIncomplete });

describe('events that must not type-check', () => {
  test('an unknown event type, a wrong status and a missing field are compile errors and run-time errors', () => {
    const bad = (event: OrderEvent) => () => applyEvent(snapshot, event);
    const attempts = [
      // @ts-expect-error: no such event
      bad({ type: 'merchant.orderDeleted' }),
      // @ts-expect-error: "refunded" is not a payment status the merchant may set
      bad({ type: 'merchant.paymentStatusChanged', status: 'refunded' }),
      // @ts-expect-error: a shipping status is not a payment status
      bad({ type: 'merchant.paymentStatusChanged', status: 'shipped' }),
      // @ts-expect-error: a gateway report needs its amount and currency
      bad({ type: 'gateway.paymentConfirmed', transactionId: 'PAY-9' }),
      // @ts-expect-error: amounts are numbers of minor units
      bad({ type: 'gateway.paymentConfirmed', transactionId: 'P', amount: '1', currency: 'EUR' }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(OrderRulesError);
  });

  test('a well-formed event of each type type-checks', () => {
    const events: OrderEvent[] = [
      { type: 'gateway.paymentConfirmed', transactionId: 'PAY-9', amount: 3990, currency: 'EUR' },
      { type: 'merchant.paymentStatusChanged', status: 'pending' },
      { type: 'merchant.shippingStatusChanged', status: 'notShipped' },
    ];
    expect(events.map((event) => applyEvent(snapshot, event).outcome)).toEqual([
      'applied',
      'applied',
      'unchanged',
    ]);
  });
});
