/**
 * The stored form of an order: a plain JSON object the host keeps with the order, versioned, the
 * schema that checks one read back from a database, and the migration of older versions.
 * May touch: nothing; reads and returns fresh data.
 */
import * as v from 'valibot';
import { OrderRulesError } from './errors.js';
import {
  type Order,
  OrderSchema,
  type PaymentStatus,
  paymentStatuses,
  REMEMBERED_REPORTS,
  type Settings,
  SettingsSchema,
  type ShippingStatus,
  shippingStatuses,
  TextSchema,
} from './order.js';
import { validate } from './validate.js';

/** The version of the stored form this library writes. It also reads version 1. */
export const SCHEMA_VERSION = 2;

type Sent = 'notSent' | 'sent';

/** The state of each region of the order machine, as it rests between events. */
export type OrderState = {
  readonly payment: PaymentStatus;
  readonly shipping: ShippingStatus;
  readonly confirmation: 'unconfirmed' | 'confirmed';
  readonly stock: 'notDeducted' | 'deducted' | 'restored';
  readonly orderEmails: Sent;
  readonly paymentWindow: 'scheduled' | 'none';
  readonly paymentAlerts: {
    readonly amountMismatch: Sent;
    readonly possibleDoublePayment: Sent;
    readonly paymentAfterCancellation: Sent;
  };
};

/**
 * An order as the host stores it; it survives `JSON.parse(JSON.stringify(snapshot))`.
 *
 * @example
 * // => { schemaVersion: 2,
 * //      state: { payment: 'incomplete', shipping: 'notShipped', confirmation: 'unconfirmed',
 * //               stock: 'notDeducted', orderEmails: 'notSent', paymentWindow: 'none',
 * //               paymentAlerts: { amountMismatch: 'notSent', ... } },
 * //      order: { id: 'A-1001', ... }, settings: { ... }, gatewayTransactionIds: [] }
 */
export interface OrderSnapshot {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly state: OrderState;
  readonly order: Order;
  readonly settings: Settings;
  readonly gatewayTransactionIds: readonly string[];
}

const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  v.picklist(options, `must be one of ${options.map((option) => `"${option}"`).join(', ')}`);
const fields = (names: string) => `must be an object with only the fields ${names}`;
const sent = oneOf(['notSent', 'sent']);

const stateV1Entries = {
  payment: oneOf(['incomplete', 'pending', 'paid']),
  shipping: oneOf(shippingStatuses),
  confirmation: oneOf(['unconfirmed', 'confirmed']),
  stock: oneOf(['notDeducted', 'deducted']),
  orderEmails: sent,
};

const snapshotEntries = {
  order: OrderSchema,
  settings: SettingsSchema,
  gatewayTransactionIds: v.pipe(
    v.array(TextSchema, 'must be an array'),
    v.maxLength(REMEMBERED_REPORTS, `must have at most ${REMEMBERED_REPORTS} ids`),
  ),
};
const snapshotFields = fields('schemaVersion, state, order, settings, gatewayTransactionIds');

/** Checks an `OrderSnapshot` of the current version read back from storage; unknown fields are refused. */
export const OrderSnapshotSchema = v.strictObject(
  {
    schemaVersion: v.literal(SCHEMA_VERSION, `must be ${SCHEMA_VERSION}`),
    state: v.strictObject(
      {
        ...stateV1Entries,
        payment: oneOf(paymentStatuses),
        stock: oneOf(['notDeducted', 'deducted', 'restored']),
        paymentWindow: oneOf(['scheduled', 'none']),
        paymentAlerts: v.strictObject(
          { amountMismatch: sent, possibleDoublePayment: sent, paymentAfterCancellation: sent },
          fields('amountMismatch, possibleDoublePayment, paymentAfterCancellation'),
        ),
      },
      fields('payment, shipping, confirmation, stock, orderEmails, paymentWindow, paymentAlerts'),
    ),
    ...snapshotEntries,
  },
  snapshotFields,
) satisfies v.GenericSchema<unknown, OrderSnapshot>;

/** Checks a snapshot written by order-rules 0.1 (schema 1: no payment window, no alerts). */
const OrderSnapshotV1Schema = v.strictObject(
  {
    schemaVersion: v.literal(1),
    state: v.strictObject(
      stateV1Entries,
      fields('payment, shipping, confirmation, stock, orderEmails'),
    ),
    ...snapshotEntries,
  },
  snapshotFields,
);

const sealed = new WeakSet<object>();

/**
 * Deep-freezes a snapshot the engine has just made and remembers it, so that reading it again (the
 * next event on an order kept in memory) needs no check: frozen, it is still what the engine made.
 * Parts already sealed (the order and settings a snapshot shares with the one before) are kept.
 *
 * @example
 * const snapshot = sealSnapshot({ schemaVersion: 2, state, order, settings, gatewayTransactionIds: [] });
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
  return version === 1
    ? fromVersion1(validate(OrderSnapshotV1Schema, input, 'invalidSnapshot', 'snapshot'))
    : readCurrent(input, version);
}

function readCurrent(input: unknown, version: unknown): OrderSnapshot {
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    throw new OrderRulesError(
      'invalidSnapshot',
      'snapshot.schemaVersion',
      `is ${version}, which this version of order-rules does not read (it reads 1 and ${SCHEMA_VERSION})`,
    );
  }
  return validate(OrderSnapshotSchema, input, 'invalidSnapshot', 'snapshot');
}

/** Schema 1 knew no payment window and no alert: none was asked for, none was sent. */
function fromVersion1(old: v.InferOutput<typeof OrderSnapshotV1Schema>): OrderSnapshot {
  return {
    ...old,
    schemaVersion: SCHEMA_VERSION,
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
