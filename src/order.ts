/**
 * What an order and a shop's settings are, as types and as the schemas that check them at run time.
 * May touch: nothing; declarations only.
 */
import * as v from 'valibot';

/** `gateway`: the buyer pays at a provider's page, which reports back. `manual`: the merchant records the payment. */
export type PaymentMethodKind = 'gateway' | 'manual';

/** One product line of an order. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * An order as placed at checkout: what the rules need to know of it.
 *
 * @example
 * const order: Order = {
 *   id: 'A-1001',
 *   paymentMethod: { kind: 'gateway', provider: 'paypal' },
 *   lines: [{ sku: 'TEE-M', quantity: 2 }],
 *   total: { amount: 3990, currency: 'EUR' },
 * };
 */
export interface Order {
  readonly id: string;
  readonly paymentMethod: { readonly kind: PaymentMethodKind; readonly provider: string };
  readonly lines: readonly OrderLine[];
  /** Integer minor units (cents) and an ISO 4217 code. */
  readonly total: { readonly amount: number; readonly currency: string };
}

/**
 * The shop's settings, captured on the order when it is placed (D6).
 *
 * @example
 * const settings: Settings = { ignoreIncompleteOrders: true, realtimeStock: true };
 */
export interface Settings {
  /** Hide a gateway order, and do nothing for it, until its payment is reported (S1). */
  readonly ignoreIncompleteOrders: boolean;
  /** The shop deducts online stock for orders (D7). */
  readonly realtimeStock: boolean;
  /** How long a gateway buyer has to pay, in minutes (B4); absent: no window. */
  readonly paymentWindowMinutes?: number;
}

/** What `startOrder` takes, and what the machine takes as `input`. */
export interface Placement {
  readonly order: Order;
  readonly settings: Settings;
}

const MAX_TEXT = 200;

/** A non-empty string of at most 200 characters: ids, skus, providers. */
export const TextSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.maxLength(MAX_TEXT, `must be at most ${MAX_TEXT} characters`),
);

/** Integer minor units, from 0. */
export const AmountSchema = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be a whole number of minor units'),
  v.minValue(0, 'must not be negative'),
);

/** An ISO 4217 code: three capital letters. */
export const CurrencySchema = v.pipe(
  v.string('must be a string'),
  v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code of three capital letters'),
);

const OrderLineSchema = v.object(
  {
    sku: TextSchema,
    quantity: v.pipe(
      v.number('must be a number'),
      v.safeInteger('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
    ),
  },
  'must be an object',
);

/** Checks an `Order`. */
export const OrderSchema = v.object(
  {
    id: TextSchema,
    paymentMethod: v.object(
      {
        kind: v.picklist(['gateway', 'manual'], 'must be "gateway" or "manual"'),
        provider: TextSchema,
      },
      'must be an object',
    ),
    lines: v.pipe(
      v.array(OrderLineSchema, 'must be an array'),
      v.minLength(1, 'must have at least 1 line'),
      v.maxLength(10_000, 'must have at most 10000 lines'),
    ),
    total: v.object({ amount: AmountSchema, currency: CurrencySchema }, 'must be an object'),
  },
  'must be an object',
) satisfies v.GenericSchema<unknown, Order>;

/** Checks `Settings`. */
export const SettingsSchema = v.object(
  {
    ignoreIncompleteOrders: v.boolean('must be true or false'),
    realtimeStock: v.boolean('must be true or false'),
    paymentWindowMinutes: v.exactOptional(
      v.pipe(
        v.number('must be a number'),
        v.safeInteger('must be a whole number of minutes'),
        v.minValue(1, 'must be at least 1'),
      ),
    ),
  },
  'must be an object',
) satisfies v.GenericSchema<unknown, Settings>;

/** Payment statuses an order can have. */
export const paymentStatuses = [
  'incomplete',
  'pending',
  'paid',
  'review',
  'failed',
  'expired',
  'cancelled',
] as const;
/**
 * A payment status: `incomplete` (gateway not paid, hidden), `pending`, `paid`; `review` (a gateway
 * report that does not match the total, B1), `failed` (B3), `expired` (B4), `cancelled` (B5).
 */
export type PaymentStatus = (typeof paymentStatuses)[number];

/** Shipping statuses an order can have. */
export const shippingStatuses = ['notShipped', 'shipped'] as const;
/** A shipping status. */
export type ShippingStatus = (typeof shippingStatuses)[number];

/**
 * How many accepted gateway reports an order remembers, the latest ones: a repeat of one of them is
 * a duplicate (D9). Bounded, so that a snapshot does not grow with the events applied to it.
 */
export const REMEMBERED_REPORTS = 32;

/** What the order machine keeps: the order and settings as placed, and the latest payment reports it accepted. */
export interface OrderContext extends Placement {
  readonly gatewayTransactionIds: readonly string[];
}
