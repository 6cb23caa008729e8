/**
 * The events an order receives, from the payment gateway, the merchant and the host's timer, and
 * the schema that checks them.
 * May touch: nothing; declarations only.
 */
import * as v from 'valibot';
import {
  CurrencySchema,
  linesSchema,
  MovementAmountSchema,
  type OrderLine,
  TextSchema,
} from './order.js';

/** The most characters a note (a failure's or a cancellation's reason) may have. */
export const MAX_NOTE = 1000;
const NoteSchema = v.pipe(
  v.string('must be a string'),
  v.maxLength(MAX_NOTE, `must be at most ${MAX_NOTE} characters`),
);

/** What every gateway report about money carries: its own id at the provider (D9, M1). */
interface MoneyMovement {
  /** The provider's id for this movement; a repeated id is a repeated report (D9). */
  readonly transactionId: string;
}

/** A movement of an amount, in integer minor units of `currency` (M9). */
interface AmountMoved extends MoneyMovement {
  readonly amount: number;
  readonly currency: string;
}

/**
 * The gateway reports that the buyer paid (a sale: captured at once).
 *
 * @example
 * const report: GatewayPaymentConfirmed = {
 *   type: 'gateway.paymentConfirmed', transactionId: 'PAY-9', amount: 3990, currency: 'EUR',
 * };
 */
export interface GatewayPaymentConfirmed extends AmountMoved {
  readonly type: 'gateway.paymentConfirmed';
}

/**
 * The gateway reports that an amount is authorized and held on the buyer's card (M3).
 *
 * @example
 * const event: GatewayPaymentAuthorized = {
 *   type: 'gateway.paymentAuthorized', transactionId: 'AUTH-1', amount: 3990, currency: 'EUR',
 * };
 */
export interface GatewayPaymentAuthorized extends AmountMoved {
  readonly type: 'gateway.paymentAuthorized';
}

/**
 * The gateway reports that part or all of an authorization was captured (M4).
 *
 * @example
 * const event: GatewayPaymentCaptured = {
 *   type: 'gateway.paymentCaptured', transactionId: 'CAP-1', authorizationId: 'AUTH-1',
 *   amount: 2000, currency: 'EUR',
 * };
 */
export interface GatewayPaymentCaptured extends AmountMoved {
  readonly type: 'gateway.paymentCaptured';
  /** The transaction id of the authorization captured from. */
  readonly authorizationId: string;
}

/**
 * The gateway reports that an authorization was released: voided, cancelled or expired (M4).
 *
 * @example
 * const event: GatewayAuthorizationVoided = {
 *   type: 'gateway.authorizationVoided', transactionId: 'VOID-1', authorizationId: 'AUTH-1',
 * };
 */
export interface GatewayAuthorizationVoided extends MoneyMovement {
  readonly type: 'gateway.authorizationVoided';
  readonly authorizationId: string;
}

/**
 * The gateway reports a refund to the buyer (M7).
 *
 * @example
 * const event: GatewayRefunded = {
 *   type: 'gateway.refunded', transactionId: 'REF-1', amount: 990, currency: 'EUR',
 * };
 */
export interface GatewayRefunded extends AmountMoved {
  readonly type: 'gateway.refunded';
}

/**
 * The gateway reports a chargeback: the buyer's bank took the money back (M8).
 *
 * @example
 * const event: GatewayChargeback = {
 *   type: 'gateway.chargeback', transactionId: 'DSP-1', amount: 3990, currency: 'EUR',
 * };
 */
export interface GatewayChargeback extends AmountMoved {
  readonly type: 'gateway.chargeback';
}

/**
 * The gateway reports that a chargeback was reversed: the merchant won the dispute (M8).
 *
 * @example
 * const event: GatewayChargebackReversed = {
 *   type: 'gateway.chargebackReversed', transactionId: 'DSP-1-WON', amount: 3990, currency: 'EUR',
 * };
 */
export interface GatewayChargebackReversed extends AmountMoved {
  readonly type: 'gateway.chargebackReversed';
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
 * The merchant sets the payment status by hand (D2-D4): the status, never the money (M1).
 *
 * @example
 * const event: MerchantPaymentStatusChanged = { type: 'merchant.paymentStatusChanged', status: 'paid' };
 */
export interface MerchantPaymentStatusChanged {
  readonly type: 'merchant.paymentStatusChanged';
  readonly status: 'paid' | 'pending';
}

/**
 * The merchant sets the shipping status: `shipped` ships every unit left, `notShipped` undoes the
 * shipments (G2).
 *
 * @example
 * const event: MerchantShippingStatusChanged = { type: 'merchant.shippingStatusChanged', status: 'shipped' };
 */
export interface MerchantShippingStatusChanged {
  readonly type: 'merchant.shippingStatusChanged';
  readonly status: 'shipped' | 'notShipped';
}

/**
 * The merchant ships some units (G2).
 *
 * @example
 * const event: MerchantLinesShipped = { type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 1 }] };
 */
export interface MerchantLinesShipped {
  readonly type: 'merchant.linesShipped';
  readonly lines: readonly OrderLine[];
}

/**
 * The buyer returned units; `restock`: they go back into online stock (G3).
 *
 * @example
 * const event: MerchantLinesReturned = {
 *   type: 'merchant.linesReturned', lines: [{ sku: 'TEE-M', quantity: 1 }], restock: true,
 * };
 */
export interface MerchantLinesReturned {
  readonly type: 'merchant.linesReturned';
  readonly lines: readonly OrderLine[];
  readonly restock: boolean;
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

/** Every gateway report about money (M1): each names its own transaction. */
export type MoneyReport =
  | GatewayPaymentConfirmed
  | GatewayPaymentAuthorized
  | GatewayPaymentCaptured
  | GatewayAuthorizationVoided
  | GatewayRefunded
  | GatewayChargeback
  | GatewayChargebackReversed;

/** Every event the rules decide on. */
export type OrderEvent =
  | MoneyReport
  | GatewayPaymentFailed
  | PaymentWindowElapsed
  | MerchantPaymentStatusChanged
  | MerchantShippingStatusChanged
  | MerchantLinesShipped
  | MerchantLinesReturned
  | MerchantOrderCancelled;

/** The money report types, in the order the docs list them. */
export const moneyReportTypes = [
  'gateway.paymentConfirmed',
  'gateway.paymentAuthorized',
  'gateway.paymentCaptured',
  'gateway.authorizationVoided',
  'gateway.refunded',
  'gateway.chargeback',
  'gateway.chargebackReversed',
] as const satisfies readonly MoneyReport['type'][];

/** The event types, in the order the docs list them. */
export const eventTypes = [
  ...moneyReportTypes,
  'gateway.paymentFailed',
  'timer.paymentWindowElapsed',
  'merchant.paymentStatusChanged',
  'merchant.shippingStatusChanged',
  'merchant.linesShipped',
  'merchant.linesReturned',
  'merchant.orderCancelled',
] as const satisfies readonly OrderEvent['type'][];

/** The payment statuses the merchant may set (D2-D4). */
export const merchantPaymentStatuses = [
  'paid',
  'pending',
] as const satisfies readonly MerchantPaymentStatusChanged['status'][];

/** The shipping statuses the merchant may set (G2). */
export const merchantShippingStatuses = [
  'shipped',
  'notShipped',
] as const satisfies readonly MerchantShippingStatusChanged['status'][];

/**
 * True for a gateway report about money.
 *
 * @example
 * isMoneyReport({ type: 'gateway.refunded', transactionId: 'R-1', amount: 5, currency: 'EUR' }); // => true
 */
export function isMoneyReport(event: { readonly type: string }): event is MoneyReport {
  return moneyReportTypeSet.has(event.type);
}
const moneyReportTypeSet = new Set<string>(moneyReportTypes);

const amountMoved = <const Type extends MoneyReport['type']>(type: Type) =>
  v.object({
    type: v.literal(type),
    transactionId: TextSchema,
    amount: MovementAmountSchema,
    currency: CurrencySchema,
  });

/** Checks an `OrderEvent`; extra fields of a webhook's payload are dropped. */
export const OrderEventSchema = v.variant(
  'type',
  [
    amountMoved('gateway.paymentConfirmed'),
    amountMoved('gateway.paymentAuthorized'),
    v.object({
      type: v.literal('gateway.paymentCaptured'),
      transactionId: TextSchema,
      authorizationId: TextSchema,
      amount: MovementAmountSchema,
      currency: CurrencySchema,
    }),
    v.object({
      type: v.literal('gateway.authorizationVoided'),
      transactionId: TextSchema,
      authorizationId: TextSchema,
    }),
    amountMoved('gateway.refunded'),
    amountMoved('gateway.chargeback'),
    amountMoved('gateway.chargebackReversed'),
    v.object({
      type: v.literal('gateway.paymentFailed'),
      transactionId: v.exactOptional(TextSchema),
      reason: v.exactOptional(NoteSchema),
    }),
    v.object({ type: v.literal('timer.paymentWindowElapsed') }),
    v.object({
      type: v.literal('merchant.paymentStatusChanged'),
      status: v.picklist(merchantPaymentStatuses, 'must be "paid" or "pending"'),
    }),
    v.object({
      type: v.literal('merchant.shippingStatusChanged'),
      status: v.picklist(merchantShippingStatuses, 'must be "shipped" or "notShipped"'),
    }),
    v.object({ type: v.literal('merchant.linesShipped'), lines: linesSchema() }),
    v.object({
      type: v.literal('merchant.linesReturned'),
      lines: linesSchema(),
      restock: v.boolean('must be true or false'),
    }),
    v.object({ type: v.literal('merchant.orderCancelled'), reason: v.exactOptional(NoteSchema) }),
  ],
  `must be one of ${eventTypes.map((type) => `"${type}"`).join(', ')}`,
) satisfies v.GenericSchema<unknown, OrderEvent>;
