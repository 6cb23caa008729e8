/**
 * Plays an order's history through the public API, step by step, for the example tests and the
 * properties. Also the orders and settings the example tests start from.
 */
import {
  applyEvent,
  type Decision,
  type Effect,
  getOrderView,
  type Order,
  type OrderEvent,
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

export const ignoringIncomplete: Settings = { ignoreIncompleteOrders: true, realtimeStock: true };
export const keepingIncomplete: Settings = { ignoreIncompleteOrders: false, realtimeStock: true };

/** The gateway's payment report for `order`, with the order's own total. */
export const paymentReport = (order: Order, transactionId = 'PAY-9'): OrderEvent => ({
  type: 'gateway.paymentConfirmed',
  transactionId,
  amount: order.total.amount,
  currency: order.total.currency,
});

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
