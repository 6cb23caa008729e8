/**
 * Plays an order's history through the public API, step by step, for the example tests and the
 * properties. Also the orders and settings the example tests start from, the events they send
 * (money reports, shipments and returns), and the effects they expect, spelt out as the rule book
 * and the contract word them.
 */
import {
  applyEvent,
  type Decision,
  type Effect,
  getOrderView,
  type Order,
  type OrderEvent,
  type OrderLine,
  type OrderSnapshot,
  type OrderView,
  type PaymentAlertCause,
  type Placement,
  type SendEmail,
  type Settings,
  startOrder,
} from '../src/index.js';

/** One step of a history: the event (none for placement), the decision, the view after it. */
export interface Step {
  readonly event: OrderEvent | undefined;
  readonly decision: Decision;
  readonly view: OrderView;
}

/** Places the order, applies each event to the snapshot the previous step left, and keeps every step. */
export function play(placement: Placement, events: readonly OrderEvent[] = []): Step[] {
  const first = startOrder(placement);
  const steps: Step[] = [{ event: undefined, decision: first, view: getOrderView(first.snapshot) }];
  for (const event of events) {
    const previous = steps[steps.length - 1] as Step;
    const decision = applyEvent(previous.decision.snapshot, event);
    steps.push({ event, decision, view: getOrderView(decision.snapshot) });
  }
  return steps;
}

/** The last step of a history. */
export const last = (steps: readonly Step[]): Step => steps[steps.length - 1] as Step;

/** Every effect of every step, in order. */
export const allEffects = (steps: readonly Step[]) =>
  steps.flatMap((step) => step.decision.effects);

export const paypalOrder: Order = {
  id: 'A-1001',
  paymentMethod: { kind: 'gateway', provider: 'paypal' },
  lines: [{ sku: 'TEE-M', quantity: 2 }],
  total: { amount: 3990, currency: 'EUR' },
};

export const chequeOrder: Order = {
  id: 'B-2002',
  paymentMethod: { kind: 'manual', provider: 'cheque' },
  lines: [
    { sku: 'MUG-RED', quantity: 1 },
    { sku: 'TEE-L', quantity: 3 },
  ],
  total: { amount: 5400, currency: 'EUR' },
};

/** A gateway order of two lines, for the goods line by line (G1-G5). */
export const cardOrder: Order = {
  id: 'C-3003',
  paymentMethod: { kind: 'gateway', provider: 'card' },
  lines: [
    { sku: 'TEE-M', quantity: 2 },
    { sku: 'CAP-B', quantity: 1 },
  ],
  total: { amount: 5000, currency: 'EUR' },
};

export const ignoringIncomplete: Settings = { ignoreIncompleteOrders: true, realtimeStock: true };
export const keepingIncomplete: Settings = { ignoreIncompleteOrders: false, realtimeStock: true };

/** The gateway's payment report for `order`, with the order's own total. */
export const paymentReport = (order: Order, transactionId = 'PAY-9'): OrderEvent => ({
  type: 'gateway.paymentConfirmed',
  transactionId,
  amount: order.total.amount,
  currency: order.total.currency,
});

/** A sale of `amount` (captured at once), in the currency of the orders above unless told. */
export const sale = (transactionId: string, amount: number, currency = 'EUR'): OrderEvent => ({
  type: 'gateway.paymentConfirmed',
  transactionId,
  amount,
  currency,
});

/** An authorization holding `amount` on the buyer's card (M3). */
export const authorization = (
  transactionId: string,
  amount: number,
  currency = 'EUR',
): OrderEvent => ({ type: 'gateway.paymentAuthorized', transactionId, amount, currency });

/** A capture of `amount` from authorization `authorizationId` (M4). */
export const capture = (
  transactionId: string,
  authorizationId: string,
  amount: number,
  currency = 'EUR',
): OrderEvent => ({
  type: 'gateway.paymentCaptured',
  transactionId,
  authorizationId,
  amount,
  currency,
});

/** The release of what authorization `authorizationId` still holds (M4). */
export const voidOf = (transactionId: string, authorizationId: string): OrderEvent => ({
  type: 'gateway.authorizationVoided',
  transactionId,
  authorizationId,
});

/** A refund of `amount` to the buyer (M7). */
export const refund = (transactionId: string, amount: number, currency = 'EUR'): OrderEvent => ({
  type: 'gateway.refunded',
  transactionId,
  amount,
  currency,
});

/** A chargeback of `amount` (M8). */
export const chargeback = (
  transactionId: string,
  amount: number,
  currency = 'EUR',
): OrderEvent => ({ type: 'gateway.chargeback', transactionId, amount, currency });

/** A reversal of `amount` of a chargeback (M8). */
export const reversal = (transactionId: string, amount: number, currency = 'EUR'): OrderEvent => ({
  type: 'gateway.chargebackReversed',
  transactionId,
  amount,
  currency,
});

/** The merchant ships `lines` (G2). */
export const linesShipped = (...lines: OrderLine[]): OrderEvent => ({
  type: 'merchant.linesShipped',
  lines,
});

/** The buyer returns `lines`, back into stock when `restock` (G3). */
export const linesReturned = (restock: boolean, ...lines: OrderLine[]): OrderEvent => ({
  type: 'merchant.linesReturned',
  lines,
  restock,
});

/** A line of `quantity` units of `sku`, for shipments, returns and stock effects. */
export const units = (sku: string, quantity: number): OrderLine => ({ sku, quantity });

export const setPaid: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'paid' };
export const setPending: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'pending' };
export const setShipped: OrderEvent = { type: 'merchant.shippingStatusChanged', status: 'shipped' };
export const setNotShipped: OrderEvent = {
  type: 'merchant.shippingStatusChanged',
  status: 'notShipped',
};

/** The order emails among `effects` (the merchant's notification and the buyer's confirmation). */
export const emailsIn = (effects: readonly Effect[]): SendEmail[] =>
  effects.flatMap((effect) =>
    effect.type === 'sendEmail' && 'paymentStatus' in effect ? [effect] : [],
  );

/** The causes of the merchant's payment alerts among `effects`. */
export const alertsIn = (effects: readonly Effect[]): PaymentAlertCause[] =>
  effects.flatMap((effect) =>
    effect.type === 'sendEmail' && 'cause' in effect ? [effect.cause] : [],
  );

/** The outcome of a step, with its reason when it has one: `'applied'`, `'refused: unknownSku'`. */
export const outcomeOf = (step: { readonly decision: Decision } | undefined): string =>
  step === undefined
    ? 'no such step'
    : step.decision.outcome === 'applied'
      ? 'applied'
      : `${step.decision.outcome}: ${step.decision.reason}`;

/** How many of `effects` are of `type`. */
export const count = (effects: readonly Effect[], type: Effect['type']): number =>
  effects.filter((effect) => effect.type === type).length;

export const cancelOrder: OrderEvent = { type: 'merchant.orderCancelled' };
export const windowElapsed: OrderEvent = { type: 'timer.paymentWindowElapsed' };
export const paymentFailed: OrderEvent = {
  type: 'gateway.paymentFailed',
  transactionId: 'PAY-9',
  reason: 'denied',
};

/** The view's amounts, `overrides` on an order of `total` that has no money yet. */
export const amounts = (
  total: number,
  overrides: Partial<OrderView['amounts']> = {},
): OrderView['amounts'] => {
  const some = { held: 0, captured: 0, refunded: 0, chargedBack: 0, ...overrides };
  const received = some.captured - some.refunded - some.chargedBack;
  return { total, ...some, received, due: total - received };
};

// The effects the tests expect, written out as the contract words them, keys included.

/** `deductStock` of every unit of `order` (I1): one per order. */
export const expectedDeduction = (order: Order) => ({
  type: 'deductStock',
  orderId: order.id,
  lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  idempotencyKey: `${order.id}:deductStock`,
});

/** `restoreStock` of `lines`, after which the order has restored `restoredInAll` units (G1). */
export const expectedRestoration = (
  order: Order,
  lines: readonly OrderLine[],
  restoredInAll: number,
) => ({
  type: 'restoreStock',
  orderId: order.id,
  lines,
  idempotencyKey: `${order.id}:restoreStock:${restoredInAll}`,
});

/** The two order emails stating `paymentStatus` (I4). */
export const expectedOrderEmails = (order: Order, paymentStatus: string) =>
  ['merchantOrderNotification', 'customerOrderConfirmation'].map((template) => ({
    type: 'sendEmail',
    template,
    orderId: order.id,
    paymentStatus,
    idempotencyKey: `${order.id}:sendEmail:${template}`,
  }));

/** The confirmation stating `paymentStatus`: every unit deducted, then the two order emails. */
export const expectedConfirmation = (order: Order, paymentStatus: string) => [
  expectedDeduction(order),
  ...expectedOrderEmails(order, paymentStatus),
];

/** The merchant's alert about `cause` and movement `transactionId`, of `amount` (B7: one key each). */
export const expectedAlert = (
  order: Order,
  cause: PaymentAlertCause,
  transactionId: string,
  amount?: number,
) => ({
  type: 'sendEmail',
  template: 'merchantPaymentAlert',
  orderId: order.id,
  cause,
  transactionId,
  ...(amount === undefined ? {} : { amount, currency: order.total.currency }),
  idempotencyKey: `${order.id}:sendEmail:merchantPaymentAlert:${cause}:${transactionId}`,
});

/** The `refundDue` alert of a cancellation, naming what is to refund (B5). */
export const expectedRefundDue = (order: Order, amount: number) => ({
  type: 'sendEmail',
  template: 'merchantPaymentAlert',
  orderId: order.id,
  cause: 'refundDue',
  amount,
  currency: order.total.currency,
  idempotencyKey: `${order.id}:sendEmail:merchantPaymentAlert:refundDue`,
});

/** The buyer's email about refund `transactionId` of `amount` (M7). */
export const expectedRefundEmail = (order: Order, transactionId: string, amount: number) => ({
  type: 'sendEmail',
  template: 'customerRefundNotification',
  orderId: order.id,
  transactionId,
  amount,
  currency: order.total.currency,
  idempotencyKey: `${order.id}:sendEmail:customerRefundNotification:${transactionId}`,
});

/** The buyer's cancellation email (D13). */
export const expectedCancellationEmail = (order: Order) => ({
  type: 'sendEmail',
  template: 'customerOrderCancellation',
  orderId: order.id,
  idempotencyKey: `${order.id}:sendEmail:customerOrderCancellation`,
});

/** The host asked to void authorization `authorizationId` (B5, B6). */
export const expectedVoid = (order: Order, authorizationId: string) => ({
  type: 'voidAuthorization',
  orderId: order.id,
  authorizationId,
  idempotencyKey: `${order.id}:voidAuthorization:${authorizationId}`,
});

/** Freezes a value and everything in it, so that a call that writes to its arguments throws. */
export const deepFreeze = <T>(value: T): T => {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Object.isFrozen(value) &&
    !ArrayBuffer.isView(value)
  ) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * A snapshot as plain mutable JSON with every field of its money and goods written out (0, none,
 * false), as a host may store it: the engine leaves out those that are nothing, and reads both alike.
 */
// biome-ignore lint/suspicious/noExplicitAny: plain JSON, to edit anywhere
export function writtenOut(snapshot: OrderSnapshot): any {
  const json = JSON.parse(JSON.stringify(snapshot));
  return {
    ...json,
    money: {
      captured: 0,
      refunded: 0,
      chargedBack: 0,
      authorizations: [],
      otherCurrency: false,
      otherCurrencyAuthorizations: [],
      ...json.money,
    },
    goods: json.goods.map((line: object) => ({ shipped: 0, returned: 0, restored: 0, ...line })),
  };
}
