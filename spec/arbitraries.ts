/**
 * The arbitraries every property draws from: orders of both payment method kinds, all settings,
 * and histories of events that include duplicates, repeated statuses, shipping before confirmation
 * and gateway reports on manual orders.
 */
import fc from 'fast-check';
import type { Order, OrderEvent, Placement, Settings } from '../src/index.js';

export const settingsArb: fc.Arbitrary<Settings> = fc.record({
  ignoreIncompleteOrders: fc.boolean(),
  realtimeStock: fc.boolean(),
});

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

/** A gateway report before it is given the order's total: a few ids, so that repeats are common (D9). */
const gatewayReportArb = fc.record({
  type: fc.constant('gateway.paymentConfirmed' as const),
  transactionId: fc.constantFrom('PAY-1', 'PAY-2', 'PAY-3'),
});

const merchantEventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
  fc.record({
    type: fc.constant('merchant.paymentStatusChanged' as const),
    status: fc.constantFrom('paid' as const, 'pending' as const),
  }),
  fc.record({
    type: fc.constant('merchant.shippingStatusChanged' as const),
    status: fc.constantFrom('shipped' as const, 'notShipped' as const),
  }),
);

/** An order's placement and the events that follow it, up to `maxEvents` (40 by default). */
export interface History {
  readonly placement: Placement;
  readonly events: readonly OrderEvent[];
}

export const historyArb = (maxEvents = 40): fc.Arbitrary<History> =>
  fc
    .tuple(
      placementArb,
      fc.array(fc.oneof(gatewayReportArb, merchantEventArb), { maxLength: maxEvents }),
    )
    .map(([placement, drafts]) => ({
      placement,
      events: drafts.map((draft) =>
        draft.type === 'gateway.paymentConfirmed'
          ? {
              ...draft,
              amount: placement.order.total.amount,
              currency: placement.order.total.currency,
            }
          : draft,
      ),
    }));
