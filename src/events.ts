/**
 * The events an order receives, from the payment gateway and from the merchant, and their schema.
 * May touch: nothing; declarations only.
 */
import * as v from 'valibot';
import type { PaymentAlertCause } from './effects.js';
import { AmountSchema, CurrencySchema, TextSchema } from './order.js';

const MAX_NOTE = 1000;
const NoteSchema = v.pipe(
  v.string('must be a string'),
  v.maxLength(MAX_NOTE, `must be at most ${MAX_NOTE} characters`),
);

/**
 * The gateway reports that the buyer paid.
 *
 * @example
 * const report: GatewayPaymentConfirmed = {
 *   type: 'gateway.paymentConfirmed', transactionId: 'PAY-9', amount: 3990, currency: 'EUR',
 * };
 */
export interface GatewayPaymentConfirmed {
  readonly type: 'gateway.paymentConfirmed';
  /** The provider's id for this payment; a repeated id is a repeated report (D9). */
  readonly transactionId: string;
  readonly amount: number;
  readonly currency: string;
}

/**
 * The merchant sets the payment status by hand.
 *
 * @example
 * const event: MerchantPaymentStatusChanged = { type: 'merchant.paymentStatusChanged', status: 'paid' };
 */
export interface MerchantPaymentStatusChanged {
  readonly type: 'merchant.paymentStatusChanged';
  readonly status: 'paid' | 'pending';
}

/**
 * The merchant sets the shipping status.
 *
 * @example
 * const event: MerchantShippingStatusChanged = { type: 'merchant.shippingStatusChanged', status: 'shipped' };
 */
export interface MerchantShippingStatusChanged {
  readonly type: 'merchant.shippingStatusChanged';
  readonly status: 'shipped' | 'notShipped';
}

/**
 * The gateway reports that a payment was denied, failed or expired at the provider (B3).
 *
 * @example
 * const event: GatewayPaymentFailed = { type: 'gateway.paymentFailed', transactionId: 'PAY-9', reason: 'denied' };
 */
export interface GatewayPaymentFailed {
  readonly type: 'gateway.paymentFailed';
  readonly transactionId?: string;
  /** The provider's words for the failure, kept for the host's logs; the rules do not read it. */
  readonly reason?: string;
}

/**
 * The host reports that the payment window it was asked to time has elapsed (B4).
 *
 * @example
 * const event: PaymentWindowElapsed = { type: 'timer.paymentWindowElapsed' };
 */
export interface PaymentWindowElapsed {
  readonly type: 'timer.paymentWindowElapsed';
}

/**
 * The merchant cancels the order (B5).
 *
 * @example
 * const event: MerchantOrderCancelled = { type: 'merchant.orderCancelled', reason: 'out of stock' };
 */
export interface MerchantOrderCancelled {
  readonly type: 'merchant.orderCancelled';
  /** The merchant's words, kept for the host's logs; the rules do not read it. */
  readonly reason?: string;
}

/** Every event the rules decide on. */
export type OrderEvent =
  | GatewayPaymentConfirmed
  | GatewayPaymentFailed
  | PaymentWindowElapsed
  | MerchantPaymentStatusChanged
  | MerchantShippingStatusChanged
  | MerchantOrderCancelled;

/** Raised inside the machine by the payment region for `paymentAlerts`; never sent from outside. */
export interface PaymentAlertRaised {
  readonly type: `alert.${PaymentAlertCause}`;
}

/** Every event the order machine handles: the public ones and its own. */
export type MachineEvent = OrderEvent | PaymentAlertRaised;

/** The event types, in the order the docs list them. */
export const eventTypes = [
  'gateway.paymentConfirmed',
  'gateway.paymentFailed',
  'timer.paymentWindowElapsed',
  'merchant.paymentStatusChanged',
  'merchant.shippingStatusChanged',
  'merchant.orderCancelled',
] as const satisfies readonly OrderEvent['type'][];

/**
 * One of every event but the gateway's payment report, each status once: with the reports an
 * order's own state calls for (new or known id, matching amount or not), what exploring the machine
 * sends to find every answer (the compiled rules, the decision table).
 */
export const eventsBesidesReports: readonly OrderEvent[] = [
  { type: 'gateway.paymentFailed' },
  { type: 'timer.paymentWindowElapsed' },
  { type: 'merchant.paymentStatusChanged', status: 'paid' },
  { type: 'merchant.paymentStatusChanged', status: 'pending' },
  { type: 'merchant.shippingStatusChanged', status: 'shipped' },
  { type: 'merchant.shippingStatusChanged', status: 'notShipped' },
  { type: 'merchant.orderCancelled' },
];

/** Checks an `OrderEvent`; extra fields of a webhook's payload are dropped. */
export const OrderEventSchema = v.variant(
  'type',
  [
    v.object({
      type: v.literal('gateway.paymentConfirmed'),
      transactionId: TextSchema,
      amount: AmountSchema,
      currency: CurrencySchema,
    }),
    v.object({
      type: v.literal('gateway.paymentFailed'),
      transactionId: v.exactOptional(TextSchema),
      reason: v.exactOptional(NoteSchema),
    }),
    v.object({ type: v.literal('timer.paymentWindowElapsed') }),
    v.object({
      type: v.literal('merchant.paymentStatusChanged'),
      status: v.picklist(['paid', 'pending'], 'must be "paid" or "pending"'),
    }),
    v.object({
      type: v.literal('merchant.shippingStatusChanged'),
      status: v.picklist(['shipped', 'notShipped'], 'must be "shipped" or "notShipped"'),
    }),
    v.object({ type: v.literal('merchant.orderCancelled'), reason: v.exactOptional(NoteSchema) }),
  ],
  `must be one of ${eventTypes.map((type) => `"${type}"`).join(', ')}`,
) satisfies v.GenericSchema<unknown, OrderEvent>;
