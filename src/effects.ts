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

/** Every effect the engine can decide. */
export type Effect = DeductStock | SendEmail;

/** The effect types: the names of the machine's actions that are effects. */
export const effectTypes = [
  'deductStock',
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
