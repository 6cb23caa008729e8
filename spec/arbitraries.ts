/**
 * The arbitraries every property draws from: orders of both payment method kinds, all settings
 * (with and without a payment window), and histories of every event the rules know, including
 * duplicates, repeated statuses, shipping before confirmation, mismatched amounts, late reports,
 * and gateway reports on manual orders.
 */
import fc from 'fast-check';
import type { Order, OrderEvent, Placement, Settings } from '../src/index.js';

export const settingsArb: fc.Arbitrary<Settings> = fc
  .tuple(
    fc.boolean(),
    fc.boolean(),
    fc.option(fc.integer({ min: 1, max: 10_080 }), { nil: undefined }),
  )
  .map(([ignoreIncompleteOrders, realtimeStock, paymentWindowMinutes]) => ({
    ignoreIncompleteOrders,
    realtimeStock,
    ...(paymentWindowMinutes === undefined ? {} : { paymentWindowMinutes }),
  }));

const gatewayMethodArb = fc.record({
  kind: fc.constant('gateway' as const),
  provider: fc.constantFrom('paypal', 'ideal', 'card'),
});
const manualMethodArb = fc.record({
  kind: fc.constant('manual' as const),
  provider: fc.constantFrom('cheque', 'bankTransfer', 'cashOnDelivery'),
});

export const orderArb: fc.Arbitrary<Order> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 24 }),
  paymentMethod: fc.oneof(gatewayMethodArb, manualMethodArb),
  lines: fc.array(
    fc.record({
      sku: fc.string({ minLength: 1, maxLength: 16 }),
      quantity: fc.integer({ min: 1, max: 1000 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  total: fc.record({
    amount: fc.nat(10_000_000),
    currency: fc.constantFrom('EUR', 'USD', 'GBP', 'JPY'),
  }),
});

export const placementArb: fc.Arbitrary<Placement> = fc.record({
  order: orderArb,
  settings: settingsArb,
});

/**
 * A gateway report before it is given an amount: a few ids, so that repeats are common (D9), and
 * mostly the order's own total, sometimes another amount or currency (B1).
 */
const gatewayReportDraftArb = fc.record({
  type: fc.constant('gateway.paymentConfirmed' as const),
  transactionId: fc.constantFrom('PAY-1', 'PAY-2', 'PAY-3', 'PAY-4'),
  paid: fc.constantFrom(
    'total' as const,
    'total' as const,
    'total' as const,
    'less' as const,
    'otherCurrency' as const,
  ),
});

const paymentStatusArb = fc.record({
  type: fc.constant('merchant.paymentStatusChanged' as const),
  status: fc.constantFrom('paid' as const, 'pending' as const),
});
const shippingStatusArb = fc.record({
  type: fc.constant('merchant.shippingStatusChanged' as const),
  status: fc.constantFrom('shipped' as const, 'notShipped' as const),
});
const paymentFailedArb = fc.record(
  {
    type: fc.constant('gateway.paymentFailed' as const),
    transactionId: fc.constantFrom('PAY-1', 'PAY-9'),
  },
  { requiredKeys: ['type'] },
);
const windowElapsedArb = fc.constant({ type: 'timer.paymentWindowElapsed' as const });
const cancelledArb = fc.record(
  {
    type: fc.constant('merchant.orderCancelled' as const),
    reason: fc.constantFrom('out of stock', ''),
  },
  { requiredKeys: ['type'] },
);

/** An order's placement and the events that follow it. */
export interface History {
  readonly placement: Placement;
  readonly events: readonly OrderEvent[];
}

/** Histories of `minEvents` to `maxEvents` events (0 to 40 by default); cancellations are rarer than the rest. */
export const historyArb = (maxEvents = 40, minEvents = 0): fc.Arbitrary<History> =>
  fc
    .tuple(
      placementArb,
      fc.array(
        fc.oneof(
          { arbitrary: gatewayReportDraftArb, weight: 6 },
          { arbitrary: paymentStatusArb, weight: 6 },
          { arbitrary: shippingStatusArb, weight: 4 },
          { arbitrary: paymentFailedArb, weight: 2 },
          { arbitrary: windowElapsedArb, weight: 2 },
          { arbitrary: cancelledArb, weight: 1 },
        ),
        { minLength: minEvents, maxLength: maxEvents },
      ),
    )
    .map(([placement, drafts]) => ({
      placement,
      events: drafts.map((draft): OrderEvent => {
        if (draft.type !== 'gateway.paymentConfirmed' || !('paid' in draft)) return draft;
        const { amount, currency } = placement.order.total;
        return {
          type: draft.type,
          transactionId: draft.transactionId,
          amount: draft.paid !== 'less' ? amount : amount === 0 ? 1 : amount - 1,
          currency:
            draft.paid === 'otherCurrency' ? (currency === 'EUR' ? 'USD' : 'EUR') : currency,
        };
      }),
    }));
