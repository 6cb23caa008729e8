/**
 * Effects: what the host must do for an order, as plain serialisable data.
 * The engine decides them; the host performs them (through an outbox, keyed by `idempotencyKey`).
 * May touch: nothing; builders of data only.
 */
import type { Order, OrderLine, PaymentStatus } from './order.js';

/**
 * Deduct the order's lines from online stock. Decided once per order at most (I1).
 *
 * @example
 * // => { type: 'deductStock', orderId: 'A-1001', lines: [{ sku: 'TEE-M', quantity: 2 }],
 * //      idempotencyKey: 'A-1001:deductStock' }
 */
export interface DeductStock {
  readonly type: 'deductStock';
  readonly orderId: string;
  readonly lines: readonly OrderLine[];
  readonly idempotencyKey: string;
}

/** The two order emails sent at confirmation: the merchant's notification and the buyer's confirmation. */
export type OrderEmailTemplate = 'merchantOrderNotification' | 'customerOrderConfirmation';

/**
 * Send an email, stating the order's payment status at the moment it was decided (I4).
 *
 * @example
 * // => { type: 'sendEmail', template: 'customerOrderConfirmation', orderId: 'A-1001',
 * //      paymentStatus: 'paid', idempotencyKey: 'A-1001:sendEmail:customerOrderConfirmation' }
 */
export interface SendEmail {
  readonly type: 'sendEmail';
  readonly template: OrderEmailTemplate;
  readonly orderId: string;
  readonly paymentStatus: PaymentStatus;
  readonly idempotencyKey: string;
}

/**
 * Put the order's lines back into online stock, after a deduction, at most once (B4, B5, I1).
 *
 * @example
 * // => { type: 'restoreStock', orderId: 'A-1001', lines: [{ sku: 'TEE-M', quantity: 2 }],
 * //      idempotencyKey: 'A-1001:restoreStock' }
 */
export interface RestoreStock {
  readonly type: 'restoreStock';
  readonly orderId: string;
  readonly lines: readonly OrderLine[];
  readonly idempotencyKey: string;
}

/**
 * Ask the host to report `timer.paymentWindowElapsed` for this order after `afterMinutes` (B4).
 *
 * @example
 * // => { type: 'scheduleTimer', orderId: 'A-1001', timer: 'paymentWindow', afterMinutes: 30,
 * //      idempotencyKey: 'A-1001:scheduleTimer:paymentWindow' }
 */
export interface ScheduleTimer {
  readonly type: 'scheduleTimer';
  readonly orderId: string;
  readonly timer: 'paymentWindow';
  readonly afterMinutes: number;
  readonly idempotencyKey: string;
}

/** Why the merchant is alerted about a payment (B1, B2, B6). */
export type PaymentAlertCause =
  | 'amountMismatch'
  | 'possibleDoublePayment'
  | 'paymentAfterCancellation';

/**
 * Alert the merchant about a payment that needs a person, at most once per cause (B7).
 *
 * @example
 * // => { type: 'sendEmail', template: 'merchantPaymentAlert', orderId: 'A-1001', cause: 'amountMismatch',
 * //      idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:amountMismatch' }
 */
export interface SendPaymentAlert {
  readonly type: 'sendEmail';
  readonly template: 'merchantPaymentAlert';
  readonly orderId: string;
  readonly cause: PaymentAlertCause;
  readonly idempotencyKey: string;
}

/** Every effect the engine can decide. */
export type Effect = DeductStock | RestoreStock | ScheduleTimer | SendEmail | SendPaymentAlert;

/** The effect types: the names of the machine's actions that are effects. */
export const effectTypes = [
  'deductStock',
  'restoreStock',
  'scheduleTimer',
  'sendEmail',
] as const satisfies readonly Effect['type'][];

/**
 * The stock deduction for `order`; its key is the same every time for the same order.
 *
 * @example
 * deductStock(order).idempotencyKey; // => 'A-1001:deductStock'
 */
export function deductStock(order: Order): DeductStock {
  return {
    type: 'deductStock',
    orderId: order.id,
    lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    idempotencyKey: `${order.id}:deductStock`,
  };
}

/**
 * The stock restoration for `order`; its key is the same every time for the same order.
 *
 * @example
 * restoreStock(order).idempotencyKey; // => 'A-1001:restoreStock'
 */
export function restoreStock(order: Order): RestoreStock {
  return {
    ...deductStock(order),
    type: 'restoreStock',
    idempotencyKey: `${order.id}:restoreStock`,
  };
}

/**
 * The payment window's timer for `order`, `afterMinutes` from now.
 *
 * @example
 * scheduleTimer(order, 30).afterMinutes; // => 30
 */
export function scheduleTimer(order: Order, afterMinutes: number): ScheduleTimer {
  return {
    type: 'scheduleTimer',
    orderId: order.id,
    timer: 'paymentWindow',
    afterMinutes,
    idempotencyKey: `${order.id}:scheduleTimer:paymentWindow`,
  };
}

/**
 * The merchant's alert about `cause` for `order`; one key per order and cause.
 *
 * @example
 * paymentAlert(order, 'amountMismatch').template; // => 'merchantPaymentAlert'
 */
export function paymentAlert(order: Order, cause: PaymentAlertCause): SendPaymentAlert {
  return {
    type: 'sendEmail',
    template: 'merchantPaymentAlert',
    orderId: order.id,
    cause,
    idempotencyKey: `${order.id}:sendEmail:merchantPaymentAlert:${cause}`,
  };
}

/**
 * An order email for `order` stating `paymentStatus`; its key is the same for the same order and template.
 *
 * @example
 * orderEmail(order, 'merchantOrderNotification', 'paid').idempotencyKey;
 * // => 'A-1001:sendEmail:merchantOrderNotification'
 */
export function orderEmail(
  order: Order,
  template: OrderEmailTemplate,
  paymentStatus: PaymentStatus,
): SendEmail {
  return {
    type: 'sendEmail',
    template,
    orderId: order.id,
    paymentStatus,
    idempotencyKey: `${order.id}:sendEmail:${template}`,
  };
}
