/**
 * The demo's scenarios: one per rule group of the rule book, each an order, its settings and the
 * events a shop would see. Data only; the demo and the inspector play them.
 */
import type { Order, OrderEvent, OrderLine, Placement } from '../index.js';

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
/** A card order of two lines, for money taken in parts and goods moved line by line. */
const card: Order = {
  id: 'C-3001',
  paymentMethod: { kind: 'gateway', provider: 'card' },
  lines: [
    { sku: 'TEE-M', quantity: 2 },
    { sku: 'MUG-RED', quantity: 1 },
  ],
  total: { amount: 3990, currency: 'EUR' },
};
/** A free sample: nothing to pay (D12). */
const sample: Order = {
  id: 'F-4001',
  paymentMethod: { kind: 'gateway', provider: 'card' },
  lines: [{ sku: 'SOCKS', quantity: 1 }],
  total: { amount: 0, currency: 'EUR' },
};

const on = { ignoreIncompleteOrders: true, realtimeStock: true };
const off = { ignoreIncompleteOrders: false, realtimeStock: true };
const windowOf30 = { ...on, paymentWindowMinutes: 30 };
const offWithWindow = { ...off, paymentWindowMinutes: 30 };

/** A sale reported by the gateway: `amount` (the order's total by default) in the order's currency. */
const sale = (order: Order, transactionId: string, amount = order.total.amount): OrderEvent => ({
  type: 'gateway.paymentConfirmed',
  transactionId,
  amount,
  currency: order.total.currency,
});
const authorized = (transactionId: string, amount: number): OrderEvent => ({
  type: 'gateway.paymentAuthorized',
  transactionId,
  amount,
  currency: 'EUR',
});
const captured = (transactionId: string, authorizationId: string, amount: number): OrderEvent => ({
  type: 'gateway.paymentCaptured',
  transactionId,
  authorizationId,
  amount,
  currency: 'EUR',
});
const voided = (transactionId: string, authorizationId: string): OrderEvent => ({
  type: 'gateway.authorizationVoided',
  transactionId,
  authorizationId,
});
const refunded = (transactionId: string, amount: number): OrderEvent => ({
  type: 'gateway.refunded',
  transactionId,
  amount,
  currency: 'EUR',
});
const shipLines = (...lines: OrderLine[]): OrderEvent => ({ type: 'merchant.linesShipped', lines });
const returnLines = (restock: boolean, ...lines: OrderLine[]): OrderEvent => ({
  type: 'merchant.linesReturned',
  lines,
  restock,
});
const units = (quantity: number, sku: string): OrderLine => ({ sku, quantity });

const paid: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'paid' };
const pending: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'pending' };
const shipped: OrderEvent = { type: 'merchant.shippingStatusChanged', status: 'shipped' };
const notShipped: OrderEvent = { type: 'merchant.shippingStatusChanged', status: 'notShipped' };
const cancelled: OrderEvent = { type: 'merchant.orderCancelled', reason: 'buyer asked' };
const elapsed: OrderEvent = { type: 'timer.paymentWindowElapsed' };
const failed: OrderEvent = {
  type: 'gateway.paymentFailed',
  transactionId: 'PAY-7',
  reason: 'denied',
};

/** The scenarios in the order the rule book gives them: S, D, B, then money (M) and goods (G). */
export const scenarios: readonly Scenario[] = [
  {
    rules: 'S1',
    title: 'A PayPal buyer never pays; later the gateway reports the payment',
    placement: { order: paypal, settings: on },
    events: [sale(paypal, 'PAY-9'), paid, shipped, paid, shipped],
  },
  {
    rules: 'S2',
    title: 'An iDEAL buyer pays at once; the report comes twice; the merchant sets paid again',
    placement: { order: ideal, settings: on },
    events: [sale(ideal, 'IDL-4'), sale(ideal, 'IDL-4'), paid],
  },
  {
    rules: 'S3',
    title: 'A cheque order: stock at placement, paid and shipped as often as the merchant likes',
    placement: { order: cheque, settings: on },
    events: [paid, shipped, paid, pending, paid, shipped, sale(cheque, 'FAKE-1')],
  },
  {
    rules: 'D1',
    title: 'Setting off: a PayPal order is confirmed at placement, then paid by the gateway',
    placement: { order: paypal, settings: off },
    events: [sale(paypal, 'PAY-9')],
  },
  {
    rules: 'D2',
    title: 'The merchant marks an abandoned PayPal order as paid (no money is recorded: M1)',
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
    events: [shipped, sale(paypal, 'PAY-9'), shipped],
  },
  {
    rules: 'D12',
    title: 'A free sample (total 0) is paid at placement: confirmed at once, no payment window',
    placement: { order: sample, settings: windowOf30 },
    events: [shipped],
  },
  {
    rules: 'D13',
    title:
      'Cancelling an order that was never confirmed sends no email (a confirmed one gets one: B5, G4)',
    placement: { order: paypal, settings: on },
    events: [cancelled],
  },
  {
    rules: 'B1',
    title:
      'The gateway reports dollars for a euro order: not counted, the merchant reviews; a euro payment settles it',
    placement: { order: paypal, settings: on },
    events: [
      { ...sale(paypal, 'PAY-3', 4390), currency: 'USD' } as OrderEvent,
      sale(paypal, 'PAY-4'),
    ],
  },
  {
    rules: 'B3',
    title: 'Failed payments: ignored while the buyer may retry, recorded once confirmed',
    placement: { order: paypal, settings: off },
    events: [failed, sale(paypal, 'PAY-9'), failed],
  },
  {
    rules: 'B4',
    title: 'The payment window elapses: an incomplete order expires, then is paid late (B6)',
    placement: { order: paypal, settings: windowOf30 },
    events: [elapsed, sale(paypal, 'PAY-9')],
  },
  {
    rules: 'B4',
    title:
      'The payment window elapses on an order confirmed at placement: cancelled, stock restored, paid too late',
    placement: { order: paypal, settings: offWithWindow },
    events: [elapsed, sale(paypal, 'PAY-9')],
  },
  {
    rules: 'B4',
    title: 'The window never cancels an order whose goods have left (I10)',
    placement: { order: paypal, settings: offWithWindow },
    events: [shipped, elapsed],
  },
  {
    rules: 'B5',
    title:
      'The merchant cancels a cheque order: stock restored once, one cancellation email, cancelled is final',
    placement: { order: cheque, settings: on },
    events: [cancelled, cancelled, paid, shipped],
  },
  {
    rules: 'B6',
    title:
      'A card is authorized after the order was cancelled: alert, void asked; once voided, nothing is held and the order leaves the list',
    placement: { order: card, settings: on },
    events: [cancelled, authorized('AUTH-7', 3990), voided('VOID-7', 'AUTH-7')],
  },
  {
    rules: 'M3',
    title: 'A card authorization confirms the order; the money is captured in parts as goods ship',
    placement: { order: card, settings: on },
    events: [
      authorized('AUTH-1', 3990),
      shipLines(units(2, 'TEE-M')),
      captured('CAP-1', 'AUTH-1', 3000),
      shipLines(units(1, 'MUG-RED')),
      captured('CAP-2', 'AUTH-1', 990),
    ],
  },
  {
    rules: 'M4',
    title:
      'Captures: more than is held is refused; the mug is out of stock, so the rest is voided and can no longer be captured',
    placement: { order: card, settings: on },
    events: [
      authorized('AUTH-1', 3990),
      captured('CAP-1', 'AUTH-1', 3000),
      captured('CAP-2', 'AUTH-1', 1500),
      voided('VOID-1', 'AUTH-1'),
      captured('CAP-3', 'AUTH-1', 990),
    ],
  },
  {
    rules: 'M4',
    title:
      'The authorization expires before any capture: voided, the merchant is alerted; the buyer pays again',
    placement: { order: card, settings: on },
    events: [authorized('AUTH-2', 3990), voided('VOID-2', 'AUTH-2'), sale(card, 'PAY-5')],
  },
  {
    rules: 'M5',
    title: 'A split payment: 2000 now, 1990 later; the second one confirms the order',
    placement: { order: paypal, settings: on },
    events: [sale(paypal, 'PAY-1', 2000), sale(paypal, 'PAY-2', 1990)],
  },
  {
    rules: 'M6',
    title:
      'Overpayment: the buyer pays again after the merchant set pending; one alert per payment, the surplus refunded',
    placement: { order: paypal, settings: on },
    events: [
      sale(paypal, 'PAY-9'),
      pending,
      sale(paypal, 'PAY-10', 5),
      sale(paypal, 'PAY-11'),
      sale(paypal, 'PAY-11'),
      refunded('REF-1', 3995),
    ],
  },
  {
    rules: 'M7',
    title:
      'Refunds: the buyer is told each time; more than was received is refused; no stock moves',
    placement: { order: paypal, settings: on },
    events: [
      sale(paypal, 'PAY-9'),
      refunded('REF-1', 990),
      refunded('REF-2', 5000),
      refunded('REF-2', 3000),
    ],
  },
  {
    rules: 'M8',
    title:
      'A chargeback takes the money back (nothing received: status refunded, M2); the merchant wins the dispute and gets it back',
    placement: { order: paypal, settings: on },
    events: [
      sale(paypal, 'PAY-9'),
      shipped,
      { type: 'gateway.chargeback', transactionId: 'DSP-1', amount: 3990, currency: 'EUR' },
      {
        type: 'gateway.chargebackReversed',
        transactionId: 'DSP-1-WON',
        amount: 3990,
        currency: 'EUR',
      },
      {
        type: 'gateway.chargebackReversed',
        transactionId: 'DSP-1-AGAIN',
        amount: 100,
        currency: 'EUR',
      },
    ],
  },
  {
    rules: 'G2',
    title: 'A partial shipment, then the rest: unknown skus and extra units are refused',
    placement: { order: cheque, settings: on },
    events: [
      paid,
      shipLines(units(2, 'TEE-L')),
      shipLines(units(1, 'CAP')),
      shipLines(units(2, 'TEE-L')),
      shipLines(units(1, 'TEE-L'), units(1, 'MUG-RED')),
    ],
  },
  {
    rules: 'G3',
    title: 'Returns: a tee back on the shelf (restock), a broken mug not; then the refund (M7)',
    placement: { order: card, settings: on },
    events: [
      sale(card, 'PAY-9'),
      shipped,
      returnLines(true, units(1, 'TEE-M')),
      returnLines(false, units(1, 'MUG-RED')),
      returnLines(true, units(2, 'TEE-M')),
      returnLines(true, units(1, 'TEE-M')),
      notShipped,
      refunded('REF-1', 3990),
    ],
  },
  {
    rules: 'G4',
    title:
      'Cancelled after a partial shipment: the unshipped units restored, the money to refund; the shipped tee comes back later',
    placement: { order: card, settings: on },
    events: [
      sale(card, 'PAY-9'),
      shipLines(units(1, 'TEE-M')),
      cancelled,
      shipLines(units(1, 'TEE-M')),
      returnLines(true, units(1, 'TEE-M')),
      refunded('REF-1', 3990),
    ],
  },
];
