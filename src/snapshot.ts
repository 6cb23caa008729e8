/**
 * The stored form of an order: a plain JSON object the host keeps with the order, versioned, the
 * schema that checks one read back from a database, and the migration of older versions.
 * May touch: nothing; reads and returns fresh data.
 */
import * as v from 'valibot';
import { OrderRulesError } from './errors.js';
import { noMoney } from './money.js';
import {
  AmountSchema,
  LegacyOrderSchema,
  type LineGoods,
  type Money,
  MovementAmountSchema,
  type Order,
  type PaymentStatus,
  paymentStatuses,
  type Settings,
  type ShippingStatus,
  StoredOrderSchema,
  StoredSettingsSchema,
  shippingStatuses,
  TextSchema,
} from './order.js';
import { validate } from './validate.js';

/** The version of the stored form this library writes. It also reads versions 1 and 2. */
export const SCHEMA_VERSION = 3;

/** The state of each region of the order machine, as it rests between events. */
export type OrderState = {
  readonly payment: PaymentStatus;
  readonly shipping: ShippingStatus;
  readonly confirmation: 'unconfirmed' | 'confirmed';
  readonly stock: 'notDeducted' | 'deducted' | 'restored';
  readonly orderEmails: 'notSent' | 'sent' | 'cancellationSent';
  readonly paymentWindow: 'scheduled' | 'none';
  readonly listing: 'hidden' | 'listed';
};

/**
 * An order as the host stores it; it survives `JSON.parse(JSON.stringify(snapshot))`.
 *
 * @example
 * // => { schemaVersion: 3,
 * //      state: { payment: 'incomplete', shipping: 'notShipped', confirmation: 'unconfirmed',
 * //               stock: 'notDeducted', orderEmails: 'notSent', paymentWindow: 'none',
 * //               listing: 'hidden' },
 * //      order: { id: 'A-1001', ... }, settings: { ... }, transactionIds: [],
 * //      money: { captured: 0, refunded: 0, chargedBack: 0, authorizations: [], otherCurrency: false,
 * //               otherCurrencyAuthorizations: [] },
 * //      goods: [{ deducted: 0, shipped: 0, returned: 0, restored: 0 }] }
 */
export interface OrderSnapshot {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly state: OrderState;
  readonly order: Order;
  readonly settings: Settings;
  /** The ids of every money report the order took (D9); money movements are few per order. */
  readonly transactionIds: readonly string[];
  readonly money: Money;
  /** The goods of each order line, in the order's line order. */
  readonly goods: readonly LineGoods[];
}

const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  v.picklist(options, `must be one of ${options.map((option) => `"${option}"`).join(', ')}`);
const fields = (names: string) => `must be an object with only the fields ${names}`;
const sent = oneOf(['notSent', 'sent']);
const units = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be a whole number of units'),
  v.minValue(0, 'must not be negative'),
);

const stateV1Entries = {
  payment: oneOf(['incomplete', 'pending', 'paid']),
  shipping: oneOf(['notShipped', 'shipped']),
  confirmation: oneOf(['unconfirmed', 'confirmed']),
  stock: oneOf(['notDeducted', 'deducted']),
  orderEmails: sent,
};

const transactionIdsSchema = v.array(TextSchema, 'must be an array');

/** Schemas 1 and 2 remembered the latest 32 payment reports of an order. */
const LEGACY_REMEMBERED_REPORTS = 32;
const legacyTransactionIdsSchema = v.pipe(
  transactionIdsSchema,
  v.maxLength(LEGACY_REMEMBERED_REPORTS, `must have at most ${LEGACY_REMEMBERED_REPORTS} ids`),
);

/** Checks an `OrderSnapshot` of the current version read back from storage; unknown fields are refused. */
const OrderSnapshotSchema = v.strictObject(
  {
    schemaVersion: v.literal(SCHEMA_VERSION, `must be ${SCHEMA_VERSION}`),
    state: v.strictObject(
      {
        payment: oneOf(paymentStatuses),
        shipping: oneOf(shippingStatuses),
        confirmation: oneOf(['unconfirmed', 'confirmed']),
        stock: oneOf(['notDeducted', 'deducted', 'restored']),
        orderEmails: oneOf(['notSent', 'sent', 'cancellationSent']),
        paymentWindow: oneOf(['scheduled', 'none']),
        listing: oneOf(['hidden', 'listed']),
      },
      fields('payment, shipping, confirmation, stock, orderEmails, paymentWindow, listing'),
    ),
    order: StoredOrderSchema,
    settings: StoredSettingsSchema,
    transactionIds: transactionIdsSchema,
    money: v.strictObject(
      {
        captured: AmountSchema,
        refunded: AmountSchema,
        chargedBack: AmountSchema,
        authorizations: v.array(
          v.strictObject({ id: TextSchema, held: MovementAmountSchema }, fields('id, held')),
          'must be an array',
        ),
        otherCurrency: v.boolean('must be true or false'),
        otherCurrencyAuthorizations: v.array(TextSchema, 'must be an array'),
      },
      fields(
        'captured, refunded, chargedBack, authorizations, otherCurrency, otherCurrencyAuthorizations',
      ),
    ),
    goods: v.array(
      v.strictObject(
        { deducted: units, shipped: units, returned: units, restored: units },
        fields('deducted, shipped, returned, restored'),
      ),
      'must be an array',
    ),
  },
  fields('schemaVersion, state, order, settings, transactionIds, money, goods'),
) satisfies v.GenericSchema<unknown, OrderSnapshot>;

const olderEntries = {
  order: LegacyOrderSchema,
  settings: StoredSettingsSchema,
  gatewayTransactionIds: legacyTransactionIdsSchema,
};
const olderFields = fields('schemaVersion, state, order, settings, gatewayTransactionIds');

/** Checks a snapshot of schema 2 (order-rules 0.1 with payment safety: a window, alerts by cause). */
const OrderSnapshotV2Schema = v.strictObject(
  {
    schemaVersion: v.literal(2),
    state: v.strictObject(
      {
        ...stateV1Entries,
        payment: oneOf([
          'incomplete',
          'pending',
          'paid',
          'review',
          'failed',
          'expired',
          'cancelled',
        ]),
        stock: oneOf(['notDeducted', 'deducted', 'restored']),
        paymentWindow: oneOf(['scheduled', 'none']),
        paymentAlerts: v.strictObject(
          { amountMismatch: sent, possibleDoublePayment: sent, paymentAfterCancellation: sent },
          fields('amountMismatch, possibleDoublePayment, paymentAfterCancellation'),
        ),
      },
      fields('payment, shipping, confirmation, stock, orderEmails, paymentWindow, paymentAlerts'),
    ),
    ...olderEntries,
  },
  olderFields,
);
type SnapshotV2 = v.InferOutput<typeof OrderSnapshotV2Schema>;

/** Checks a snapshot of schema 1 (order-rules 0.1: no payment window, no alerts). */
const OrderSnapshotV1Schema = v.strictObject(
  {
    schemaVersion: v.literal(1),
    state: v.strictObject(
      stateV1Entries,
      fields('payment, shipping, confirmation, stock, orderEmails'),
    ),
    ...olderEntries,
  },
  olderFields,
);

const sealed = new WeakSet<object>();

/**
 * Deep-freezes a snapshot the engine has just made and remembers it, so that reading it again (the
 * next event on an order kept in memory) needs no check: frozen, it is still what the engine made.
 * Parts already sealed (the order and settings a snapshot shares with the one before) are kept.
 *
 * @example
 * const snapshot = sealSnapshot({ schemaVersion: 3, state, order, settings, transactionIds: [], money, goods });
 * Object.isFrozen(snapshot.order.lines[0]); // => true
 */
export function sealSnapshot(snapshot: OrderSnapshot): OrderSnapshot {
  deepFreeze(snapshot);
  sealed.add(snapshot);
  return snapshot;
}

/** True for a snapshot this engine made and sealed. */
export function isSealed(value: unknown): value is OrderSnapshot {
  // A WeakSet holds objects only: for any other value, `has` is false.
  return sealed.has(value as object);
}

/** Freezes every object in `value`; a primitive counts as frozen already. */
function deepFreeze(value: unknown): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value as object)) deepFreeze(child);
}

/**
 * Reads a stored snapshot: checks its shape and brings an older version up to date.
 *
 * @example
 * readSnapshot(JSON.parse(row.snapshot)); // => an OrderSnapshot of the current version
 */
export function readSnapshot(input: unknown): OrderSnapshot {
  const version = (input as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === 1) {
    const old = validate(OrderSnapshotV1Schema, input, 'invalidSnapshot', 'snapshot');
    return fromVersion2(fromVersion1(old));
  }
  if (version === 2) {
    return fromVersion2(validate(OrderSnapshotV2Schema, input, 'invalidSnapshot', 'snapshot'));
  }
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    throw new OrderRulesError(
      'invalidSnapshot',
      'snapshot.schemaVersion',
      `is ${version}, which this version of order-rules does not read (it reads 1, 2 and ${SCHEMA_VERSION})`,
    );
  }
  return validate(OrderSnapshotSchema, input, 'invalidSnapshot', 'snapshot');
}

/** Schema 1 knew no payment window and no alert: none was asked for, none was sent. */
function fromVersion1(old: v.InferOutput<typeof OrderSnapshotV1Schema>): SnapshotV2 {
  return {
    ...old,
    schemaVersion: 2,
    state: {
      ...old.state,
      paymentWindow: 'none',
      paymentAlerts: {
        amountMismatch: 'notSent',
        possibleDoublePayment: 'notSent',
        paymentAfterCancellation: 'notSent',
      },
    },
  };
}

/**
 * Schema 2 kept statuses, not ledgers; its orders read back with the same view:
 * - money: a sale of the total for a confirmed order that took a gateway payment report (schema 2
 *   kept the ids of payment reports only: a report on a confirmed order, not under review, was a
 *   payment of the total, or it would have been in review), whatever the merchant set after;
 *   none otherwise (a report under review had an amount schema 2 did not keep; an unconfirmed
 *   order that took one after its cancellation stays as hidden as it was);
 * - goods: every unit deducted when the stock was, shipped when the order was, restored when the
 *   stock was (as its restoration did, shipped or not);
 * - alerts: sent by cause then, by movement now: nothing to carry over;
 * - an order it cancelled after its confirmation sent no cancellation email, and none will be;
 * - a sku on several lines (allowed then) becomes one line of their units.
 */
function fromVersion2(old: SnapshotV2): OrderSnapshot {
  const { state, settings, gatewayTransactionIds } = old;
  const order = oneLinePerSku(old.order);
  const paidByReport =
    state.confirmation === 'confirmed' &&
    state.payment !== 'review' &&
    gatewayTransactionIds.length > 0;
  const confirmed = state.confirmation === 'confirmed';
  return {
    schemaVersion: SCHEMA_VERSION,
    state: {
      payment: state.payment,
      shipping: state.shipping,
      confirmation: state.confirmation,
      stock: state.stock,
      orderEmails:
        state.orderEmails === 'sent' && state.payment === 'cancelled'
          ? 'cancellationSent'
          : state.orderEmails,
      paymentWindow: state.paymentWindow,
      listing: confirmed || state.payment === 'review' || paidByReport ? 'listed' : 'hidden',
    },
    order,
    settings,
    transactionIds: gatewayTransactionIds,
    money: paidByReport ? { ...noMoney, captured: order.total.amount } : noMoney,
    goods: order.lines.map((line) => ({
      deducted: state.stock === 'notDeducted' ? 0 : line.quantity,
      shipped: state.shipping === 'shipped' ? line.quantity : 0,
      returned: 0,
      restored: state.stock === 'restored' ? line.quantity : 0,
    })),
  };
}

/**
 * `order` with the lines of a repeated sku merged into its first line (the schema has checked that
 * all the units add up to a safe integer).
 */
function oneLinePerSku(order: Order): Order {
  const units = new Map<string, number>();
  for (const line of order.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  if (units.size === order.lines.length) return order;
  return { ...order, lines: [...units].map(([sku, quantity]) => ({ sku, quantity })) };
}
