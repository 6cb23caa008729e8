/**
 * Effects: what the host must do for an order, as plain serialisable data.
 * The engine decides them; the host performs them (through an outbox, keyed by `idempotencyKey`:
 * the same effect of the same history has the same key, two effects never share one, of one order
 * or of two: the ids in a key are escaped by `keyPart`).
 * May touch: nothing; builders of data only.
 */
import type { Order, OrderLine, PaymentStatus } from './order.js';

/**
 * Deduct units from online stock: every unit of every line, at the confirmation, once (I1).
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

/**
 * Put units back into online stock: those this decision restores, exactly (G1, G3, G4). An order
 * can have several; the key names how many units the order has restored once this one is done.
 *
 * @example
 * // => { type: 'restoreStock', orderId: 'A-1001', lines: [{ sku: 'TEE-M', quantity: 1 }],
 * //      idempotencyKey: 'A-1001:restoreStock:1' }
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

/**
 * Ask the host to void an authorization at the provider, releasing the buyer's money (B5, B6).
 *
 * @example
 * // => { type: 'voidAuthorization', orderId: 'A-1001', authorizationId: 'AUTH-1',
 * //      idempotencyKey: 'A-1001:voidAuthorization:AUTH-1' }
 */
export interface VoidAuthorization {
  readonly type: 'voidAuthorization';
  readonly orderId: string;
  readonly authorizationId: string;
  readonly idempotencyKey: string;
}

/** The two order emails sent at confirmation: the merchant's notification and the buyer's confirmation. */
export type OrderEmailTemplate = 'merchantOrderNotification' | 'customerOrderConfirmation';

/**
 * Send an order email, stating the order's payment status at the confirmation (I4).
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
 * Tell the buyer their confirmed order is cancelled, once (D13).
 *
 * @example
 * // => { type: 'sendEmail', template: 'customerOrderCancellation', orderId: 'A-1001',
 * //      idempotencyKey: 'A-1001:sendEmail:customerOrderCancellation' }
 */
export interface SendCancellationEmail {
  readonly type: 'sendEmail';
  readonly template: 'customerOrderCancellation';
  readonly orderId: string;
  readonly idempotencyKey: string;
}

/**
 * Tell the buyer a refund was made, with its amount (M7); one per refund.
 *
 * @example
 * // => { type: 'sendEmail', template: 'customerRefundNotification', orderId: 'A-1001',
 * //      transactionId: 'REF-1', amount: 990, currency: 'EUR',
 * //      idempotencyKey: 'A-1001:sendEmail:customerRefundNotification:REF-1' }
 */
export interface SendRefundEmail {
  readonly type: 'sendEmail';
  readonly template: 'customerRefundNotification';
  readonly orderId: string;
  readonly transactionId: string;
  readonly amount: number;
  readonly currency: string;
  readonly idempotencyKey: string;
}

/** Why the merchant is alerted about money (B1, B5, B6, M4-M6, M8). */
export type PaymentAlertCause =
  | 'currencyMismatch'
  | 'partialPayment'
  | 'overpayment'
  | 'paymentAfterCancellation'
  | 'refundDue'
  | 'authorizationVoided'
  | 'chargeback';

/**
 * Alert the merchant about money that needs a person: at most once per cause and money movement
 * (B7). `transactionId` names the movement, `amount` the sum at stake: for `overpayment` the part of
 * the movement above the total, for `partialPayment` what is still due, for `refundDue` what is to
 * refund, otherwise the movement's amount.
 *
 * @example
 * // => { type: 'sendEmail', template: 'merchantPaymentAlert', orderId: 'A-1001', cause: 'overpayment',
 * //      transactionId: 'PAY-2', amount: 3990, currency: 'EUR',
 * //      idempotencyKey: 'A-1001:sendEmail:merchantPaymentAlert:overpayment:PAY-2' }
 */
export interface SendPaymentAlert {
  readonly type: 'sendEmail';
  readonly template: 'merchantPaymentAlert';
  readonly orderId: string;
  readonly cause: PaymentAlertCause;
  readonly transactionId?: string;
  readonly amount?: number;
  readonly currency?: string;
  readonly idempotencyKey: string;
}

/** Every effect the engine can decide. */
export type Effect =
  | DeductStock
  | RestoreStock
  | ScheduleTimer
  | VoidAuthorization
  | SendEmail
  | SendCancellationEmail
  | SendRefundEmail
  | SendPaymentAlert;

/** The effect types: the names of the machine's actions that are effects. */
export const effectTypes = [
  'deductStock',
  'restoreStock',
  'scheduleTimer',
  'voidAuthorization',
  'sendEmail',
] as const satisfies readonly Effect['type'][];

/**
 * An id as a part of an idempotency key: `%` and `:` escaped, so that the parts of a key (order,
 * effect, movement) can be told apart whatever the ids hold, and two effects never share a key.
 *
 * @example
 * keyPart('A-1001'); // => 'A-1001'
 * keyPart('ch_1:captured'); // => 'ch_1%3Acaptured'
 */
export function keyPart(id: string): string {
  if (!id.includes('%') && !id.includes(':')) return id; // most ids: nothing to escape
  return id.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/**
 * The deduction of every unit of `order`; its key is the same every time for the same order.
 *
 * @example
 * deductStock(order).idempotencyKey; // => 'A-1001:deductStock'
 */
export function deductStock(order: Order): DeductStock {
  return {
    type: 'deductStock',
    orderId: order.id,
    lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    idempotencyKey: `${keyPart(order.id)}:deductStock`,
  };
}

/**
 * The restoration of `lines` for `order`, after which the order has `restoredInAll` units restored.
 *
 * @example
 * restoreStock(order, [{ sku: 'TEE-M', quantity: 1 }], 1).idempotencyKey; // => 'A-1001:restoreStock:1'
 */
export function restoreStock(
  order: Order,
  lines: readonly OrderLine[],
  restoredInAll: number,
): RestoreStock {
  return {
    type: 'restoreStock',
    orderId: order.id,
    lines,
    idempotencyKey: `${keyPart(order.id)}:restoreStock:${restoredInAll}`,
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
    idempotencyKey: `${keyPart(order.id)}:scheduleTimer:paymentWindow`,
  };
}

/**
 * The void of authorization `authorizationId` of `order`.
 *
 * @example
 * voidAuthorization(order, 'AUTH-1').idempotencyKey; // => 'A-1001:voidAuthorization:AUTH-1'
 */
export function voidAuthorization(order: Order, authorizationId: string): VoidAuthorization {
  return {
    type: 'voidAuthorization',
    orderId: order.id,
    authorizationId,
    idempotencyKey: `${keyPart(order.id)}:voidAuthorization:${keyPart(authorizationId)}`,
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
    idempotencyKey: `${keyPart(order.id)}:sendEmail:${template}`,
  };
}

/**
 * The buyer's cancellation email for `order`.
 *
 * @example
 * cancellationEmail(order).template; // => 'customerOrderCancellation'
 */
export function cancellationEmail(order: Order): SendCancellationEmail {
  return {
    type: 'sendEmail',
    template: 'customerOrderCancellation',
    orderId: order.id,
    idempotencyKey: `${keyPart(order.id)}:sendEmail:customerOrderCancellation`,
  };
}

/**
 * The buyer's email about refund `transactionId` of `amount`.
 *
 * @example
 * refundEmail(order, 'REF-1', 990).amount; // => 990
 */
export function refundEmail(order: Order, transactionId: string, amount: number): SendRefundEmail {
  return {
    type: 'sendEmail',
    template: 'customerRefundNotification',
    orderId: order.id,
    transactionId,
    amount,
    currency: order.total.currency,
    idempotencyKey: `${keyPart(order.id)}:sendEmail:customerRefundNotification:${keyPart(transactionId)}`,
  };
}

/**
 * The merchant's alert about `cause` for `order`, about movement `transactionId` when there is one
 * (one key per order, cause and movement), with the amount at stake in `currency`.
 *
 * @example
 * paymentAlert(order, 'overpayment', { transactionId: 'PAY-2', amount: 3990, currency: 'EUR' }).idempotencyKey;
 * // => 'A-1001:sendEmail:merchantPaymentAlert:overpayment:PAY-2'
 */
export function paymentAlert(
  order: Order,
  cause: PaymentAlertCause,
  about: { readonly transactionId?: string; readonly amount?: number; readonly currency?: string },
): SendPaymentAlert {
  const movement = about.transactionId === undefined ? '' : `:${keyPart(about.transactionId)}`;
  return {
    type: 'sendEmail',
    template: 'merchantPaymentAlert',
    orderId: order.id,
    cause,
    ...about,
    idempotencyKey: `${keyPart(order.id)}:sendEmail:merchantPaymentAlert:${cause}${movement}`,
  };
}
