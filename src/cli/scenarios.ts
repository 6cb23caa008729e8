/**
 * The demo's scenarios: one per rule group of the rule book, each an order, its settings and the
 * events a shop would see. Data only; the demo and the inspector play them.
 */
import type { Order, OrderEvent, Placement } from '../index.js';

/** A named story of one order. */
export interface Scenario {
  readonly rules: string;
  readonly title: string;
  readonly placement: Placement;
  readonly events: readonly OrderEvent[];
}

const paypal: Order = {
  id: 'A-1001',
  paymentMethod: { kind: 'gateway', provider: 'paypal' },
  lines: [{ sku: 'TEE-M', quantity: 2 }],
  total: { amount: 3990, currency: 'EUR' },
};
const ideal: Order = {
  ...paypal,
  id: 'A-1002',
  paymentMethod: { kind: 'gateway', provider: 'ideal' },
};
const cheque: Order = {
  id: 'B-2001',
  paymentMethod: { kind: 'manual', provider: 'cheque' },
  lines: [
    { sku: 'MUG-RED', quantity: 1 },
    { sku: 'TEE-L', quantity: 3 },
  ],
  total: { amount: 5400, currency: 'EUR' },
};

const on = { ignoreIncompleteOrders: true, realtimeStock: true };
const off = { ignoreIncompleteOrders: false, realtimeStock: true };
const report = (order: Order, transactionId: string): OrderEvent => ({
  type: 'gateway.paymentConfirmed',
  transactionId,
  amount: order.total.amount,
  currency: order.total.currency,
});
const windowOf30 = { ...on, paymentWindowMinutes: 30 };
const offWithWindow = { ...off, paymentWindowMinutes: 30 };
const paid: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'paid' };
const pending: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'pending' };
const shipped: OrderEvent = { type: 'merchant.shippingStatusChanged', status: 'shipped' };
const cancelled: OrderEvent = { type: 'merchant.orderCancelled', reason: 'buyer asked' };
const elapsed: OrderEvent = { type: 'timer.paymentWindowElapsed' };
const failed: OrderEvent = {
  type: 'gateway.paymentFailed',
  transactionId: 'PAY-7',
  reason: 'denied',
};

/** The scenarios in the order the rule book gives them. */
export const scenarios: readonly Scenario[] = [
  {
    rules: 'S1',
    title: 'A PayPal buyer never pays; later the gateway reports the payment',
    placement: { order: paypal, settings: on },
    events: [report(paypal, 'PAY-9'), paid, shipped, paid, shipped],
  },
  {
    rules: 'S2',
    title: 'An iDEAL buyer pays at once; the merchant sets paid again',
    placement: { order: ideal, settings: on },
    events: [report(ideal, 'IDL-4'), report(ideal, 'IDL-4'), paid],
  },
  {
    rules: 'S3',
    title: 'A cheque order: stock at placement, paid and shipped as often as the merchant likes',
    placement: { order: cheque, settings: on },
    events: [paid, shipped, paid, pending, paid, shipped, report(cheque, 'FAKE-1')],
  },
  {
    rules: 'D1',
    title: 'Setting off: a PayPal order is confirmed at placement, then paid by the gateway',
    placement: { order: paypal, settings: off },
    events: [report(paypal, 'PAY-9')],
  },
  {
    rules: 'D2',
    title: 'The merchant marks an abandoned PayPal order as paid',
    placement: { order: paypal, settings: on },
    events: [paid],
  },
  {
    rules: 'D3',
    title: 'The merchant sets pending: the buyer will pay another way',
    placement: { order: paypal, settings: on },
    events: [pending, paid],
  },
  {
    rules: 'D5',
    title: 'Shipping an order that is not confirmed is refused',
    placement: { order: paypal, settings: on },
    events: [shipped, report(paypal, 'PAY-9'), shipped],
  },
  {
    rules: 'B1',
    title: 'The gateway reports less than the total: the merchant reviews, then sets paid',
    placement: { order: paypal, settings: on },
    events: [{ ...report(paypal, 'PAY-3'), amount: 399 } as OrderEvent, paid],
  },
  {
    rules: 'B2',
    title: 'A second payment arrives for a paid order',
    placement: { order: paypal, settings: on },
    events: [report(paypal, 'PAY-9'), report(paypal, 'PAY-10'), report(paypal, 'PAY-11')],
  },
  {
    rules: 'B3',
    title: 'Failed payments: ignored while the buyer may retry, recorded once confirmed',
    placement: { order: paypal, settings: off },
    events: [failed, report(paypal, 'PAY-9'), failed],
  },
  {
    rules: 'B4',
    title: 'The payment window elapses: an incomplete order expires, then is paid late (B6)',
    placement: { order: paypal, settings: windowOf30 },
    events: [elapsed, report(paypal, 'PAY-9')],
  },
  {
    rules: 'B4',
    title:
      'The payment window elapses on an order confirmed at placement: cancelled, stock restored',
    placement: { order: paypal, settings: offWithWindow },
    events: [elapsed, report(paypal, 'PAY-9')],
  },
  {
    rules: 'B5',
    title: 'The merchant cancels a cheque order: stock restored once, cancelled is final',
    placement: { order: cheque, settings: on },
    events: [cancelled, cancelled, paid, shipped],
  },
];
