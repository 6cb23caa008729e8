/**
 * What an order and a shop's settings are, what the engine keeps of an order's money and goods, as
 * types and as the schemas that check them at run time.
 * May touch: nothing; declarations only.
 */
import * as v from 'valibot';
import { isKnownCurrency } from './currencies.js';

/** `gateway`: the buyer pays at a provider's page, which reports back. `manual`: the merchant records the payment. */
export type PaymentMethodKind = 'gateway' | 'manual';

/** One product line of an order: a sku and how many units; an order has one line per sku. */
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
  /** Integer minor units (cents) and an ISO 4217 code the engine knows (M9). */
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

/** An authorization still holding money at the provider (M3, M4), by its transaction id. */
export interface Authorization {
  readonly id: string;
  /** What it still holds: authorized, less what was captured from it. */
  readonly held: number;
}

/**
 * The money of an order, in its currency, from the gateway's reports only (M1). Received is
 * captured - refunded - charged back; see `money.ts` for the arithmetic.
 */
export interface Money {
  readonly captured: number;
  readonly refunded: number;
  /** Charged back, less what was reversed (M8). */
  readonly chargedBack: number;
  /** The authorizations that still hold money, in the order they were reported. */
  readonly authorizations: readonly Authorization[];
  /** A money report in another currency arrived (B1): not counted, but the buyer's money all the same. */
  readonly otherCurrency: boolean;
  /**
   * The authorizations in another currency not released yet (B1): not counted, but holding the
   * buyer's money, so a cancellation voids them too (B5), and their void is taken.
   */
  readonly otherCurrencyAuthorizations: readonly string[];
}

/** The goods of one order line, in units (G1): what was deducted, shipped, returned, restored. */
export interface LineGoods {
  /** 0, or the line's quantity once the confirmation deducted it (I1). */
  readonly deducted: number;
  readonly shipped: number;
  readonly returned: number;
  readonly restored: number;
}

/**
 * What the order machine keeps: the order and settings as placed, the money reports it accepted
 * (the latest ones), its money, and its goods line by line (in the order's line order).
 */
export interface OrderContext extends Placement {
  readonly transactionIds: readonly string[];
  readonly money: Money;
  readonly goods: readonly LineGoods[];
}

/** The most characters a text field (an id, a sku, a provider) may have. */
export const MAX_TEXT = 200;

/** A non-empty string of at most 200 characters: ids, skus, providers. */
export const TextSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.maxLength(MAX_TEXT, `must be at most ${MAX_TEXT} characters`),
);

/** Integer minor units, from 0. */
export const AmountSchema = v.pipe(
  v.number('must be a number'),
  v.safeInteger(`must be a whole number of minor units, at most ${Number.MAX_SAFE_INTEGER}`),
  v.minValue(0, 'must not be negative'),
);

/** The amount of a money movement: integer minor units, from 1. */
export const MovementAmountSchema = v.pipe(
  AmountSchema,
  v.minValue(1, 'must be at least 1 minor unit'),
);

/** The form of an ISO 4217 code: three capital letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;

/** An ISO 4217 code the engine knows (M9): three capital letters, in its table of currencies. */
export const CurrencySchema = v.pipe(
  v.string('must be a string'),
  v.regex(CURRENCY_CODE, 'must be an ISO 4217 code of three capital letters'),
  v.check(isKnownCurrency, 'must be an ISO 4217 currency code the engine knows'),
);

/** A number of units, from 1. */
const QuantitySchema = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be a whole number'),
  v.minValue(1, 'must be at least 1'),
);

/** The most lines an order, a shipment or a return may have. */
export const MAX_LINES = 10_000;

/**
 * An object of `entries`. What the engine reads from a host (orders, settings, events) drops the
 * fields it does not know; what it reads back from storage (`strict`) refuses them, since the
 * engine never writes one.
 */
const objectOf = <const Entries extends v.ObjectEntries>(entries: Entries, strict: boolean) =>
  strict ? v.strictObject(entries, 'must be an object') : v.object(entries, 'must be an object');

/** Lines `{ sku, quantity }`, at least one, at most 10,000, a sku maybe on several (schemas 1 and 2). */
const anyLinesSchema = (strict = false) =>
  v.pipe(
    v.array(objectOf({ sku: TextSchema, quantity: QuantitySchema }, strict), 'must be an array'),
    v.minLength(1, 'must have at least 1 line'),
    v.maxLength(MAX_LINES, `must have at most ${MAX_LINES} lines`),
    v.check(
      (lines) => Number.isSafeInteger(lines.reduce((units, line) => units + line.quantity, 0)),
      `must have at most ${Number.MAX_SAFE_INTEGER} units in all`,
    ),
  );

/**
 * Checks a list of lines `{ sku, quantity }`: at least one, at most 10,000, one line per sku;
 * `strict`: a field besides sku and quantity is refused.
 *
 * @example
 * v.parse(linesSchema(), [{ sku: 'TEE-M', quantity: 2 }]); // => the same lines
 */
export const linesSchema = (strict = false) =>
  v.pipe(
    anyLinesSchema(strict),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const seen = new Set<string>();
      dataset.value.forEach((line, index) => {
        if (seen.has(line.sku)) {
          addIssue({
            message: 'repeats the sku of an earlier line (one line per sku)',
            input: line.sku,
            path: [
              {
                type: 'array',
                origin: 'value',
                input: dataset.value,
                key: index,
                value: line,
              },
              { type: 'object', origin: 'value', input: line, key: 'sku', value: line.sku },
            ],
          });
        }
        seen.add(line.sku);
      });
    }),
  );

/** Checks an order whose lines `lines` checks; `strict`: a field it does not know is refused. */
const orderSchemaWith = <const Lines extends v.GenericSchema<unknown, readonly OrderLine[]>>(
  lines: Lines,
  strict = false,
) =>
  objectOf(
    {
      id: TextSchema,
      paymentMethod: objectOf(
        {
          kind: v.picklist(['gateway', 'manual'], 'must be "gateway" or "manual"'),
          provider: TextSchema,
        },
        strict,
      ),
      lines,
      total: objectOf({ amount: AmountSchema, currency: CurrencySchema }, strict),
    },
    strict,
  );

/** Checks an `Order`; fields it does not know are dropped. */
export const OrderSchema = orderSchemaWith(linesSchema()) satisfies v.GenericSchema<unknown, Order>;

/** Checks an `Order` kept by a snapshot of the current schema; fields it does not know are refused. */
export const StoredOrderSchema = orderSchemaWith(linesSchema(true), true) satisfies v.GenericSchema<
  unknown,
  Order
>;

/**
 * Checks an `Order` kept by snapshots of schema 1 and 2, which allowed a sku on several lines;
 * fields it does not know are refused.
 */
export const LegacyOrderSchema = orderSchemaWith(
  anyLinesSchema(true),
  true,
) satisfies v.GenericSchema<unknown, Order>;

const settingsWith = (strict: boolean) =>
  objectOf(
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
    strict,
  );

/** Checks `Settings`; fields it does not know are dropped. */
export const SettingsSchema = settingsWith(false) satisfies v.GenericSchema<unknown, Settings>;

/** Checks the `Settings` a snapshot keeps; fields it does not know are refused. */
export const StoredSettingsSchema = settingsWith(true) satisfies v.GenericSchema<unknown, Settings>;

/** Payment statuses an order can have, in the rule book's order. */
export const paymentStatuses = [
  'incomplete',
  'pending',
  'paid',
  'review',
  'failed',
  'expired',
  'cancelled',
  'authorized',
  'partiallyPaid',
  'partiallyRefunded',
  'refunded',
  'voided',
] as const;
/**
 * A payment status: `incomplete` (gateway not paid, hidden), `pending`, `paid`; `review` (a report in
 * another currency, B1), `failed` (B3), `expired` (B4), `cancelled` (B5); and from the money (M2):
 * `authorized`, `partiallyPaid`, `partiallyRefunded`, `refunded`, `voided`.
 */
export type PaymentStatus = (typeof paymentStatuses)[number];

/** Shipping statuses an order can have (G2, G3). */
export const shippingStatuses = [
  'notShipped',
  'partiallyShipped',
  'shipped',
  'partiallyReturned',
  'returned',
] as const;
/** A shipping status. */
export type ShippingStatus = (typeof shippingStatuses)[number];
