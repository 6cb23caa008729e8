/**
 * The events an order receives, from the payment gateway and from the merchant, and their schema.
 * May touch: nothing; declarations only.
 */
import * as v from 'valibot';
import { AmountSchema, CurrencySchema, TextSchema } from './order.js';

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

/** Every event the rules decide on. */
export type OrderEvent =
  | GatewayPaymentConfirmed
  | MerchantPaymentStatusChanged
  | MerchantShippingStatusChanged;

/** The event types, in the order the docs list them. */
export const eventTypes = [
  'gateway.paymentConfirmed',
  'merchant.paymentStatusChanged',
  'merchant.shippingStatusChanged',
] as const satisfies readonly OrderEvent['type'][];

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
      type: v.literal('merchant.paymentStatusChanged'),
      status: v.picklist(['paid', 'pending'], 'must be "paid" or "pending"'),
    }),
    v.object({
      type: v.literal('merchant.shippingStatusChanged'),
      status: v.picklist(['shipped', 'notShipped'], 'must be "shipped" or "notShipped"'),
    }),
  ],
  `must be one of ${eventTypes.map((type) => `"${type}"`).join(', ')}`,
) satisfies v.GenericSchema<unknown, OrderEvent>;
