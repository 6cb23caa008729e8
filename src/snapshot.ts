/**
 * The stored form of an order: a plain JSON object the host keeps with the order, versioned, the
 * schema that checks one read back from a database, and the migration of older versions. The stored
 * form keeps what happened and nothing it can work out again: the machine's form of the order (every
 * region's state, the full ledgers) is rebuilt from it by `machineFormOf`, and written back by
 * `snapshotOf`.
 * May touch: nothing; reads and returns fresh data.
 */
import * as v from 'valibot';
import { checkCoherence } from './coherence.js';
import { OrderRulesError } from './errors.js';
import { readSnapshotFast } from './fastSnapshot.js';
import { held, noMoney, received } from './money.js';
import {
  AmountSchema,
  type Authorization,
  LegacyOrderSchema,
  type LineGoods,
  type Money,
  MovementAmountSchema,
  type Order,
  type OrderContext,
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

/** The version of the stored form this library writes. It also reads versions 1, 2 and 3. */
export const SCHEMA_VERSION = 4;

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
 * The state of the regions that remember what happened to the order. The other two regions of
 * `OrderState` follow from the rest: `paymentWindow` from the order and its settings (B4), and
 * `listing` from the confirmation, the payment status and the money (I6).
 */
export type StoredState = Omit<OrderState, 'paymentWindow' | 'listing'>;

/**
 * An order's money as stored: each field only when it is not nothing (an amount of 0, no
 * authorization, no money in another currency).
 */
export interface StoredMoney {
  readonly captured?: number;
  readonly refunded?: number;
  readonly chargedBack?: number;
  readonly authorizations?: readonly Authorization[];
  readonly otherCurrency?: boolean;
  readonly otherCurrencyAuthorizations?: readonly string[];
}

/**
 * A line's goods as stored: units shipped, returned and restored, each only when not 0. Its units
 * deducted follow from the stock region: every unit once the confirmation deducted them (I1).
 */
export interface StoredLineGoods {
  readonly shipped?: number;
  readonly returned?: number;
  readonly restored?: number;
}

/**
 * An order as the host stores it; it survives `JSON.parse(JSON.stringify(snapshot))`. Read it with
 * `getOrderView`; its fields are the engine's.
 *
 * @example
 * // a gateway order of two lines, paid by one report (id PAY-9), is 484 bytes of JSON:
 * // => { schemaVersion: 4,
 * //      state: { payment: 'paid', shipping: 'notShipped', confirmation: 'confirmed',
 * //               stock: 'deducted', orderEmails: 'sent' },
 * //      order: { id: 'A-1001', ... }, settings: { ... }, transactionIds: ['PAY-9'],
 * //      money: { captured: 3990 }, goods: [{}, {}] }
 */
export interface OrderSnapshot {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly state: StoredState;
  readonly order: Order;
  readonly settings: Settings;
  /** The ids of every money report the order took (D9); money movements are few per order. */
  readonly transactionIds: readonly string[];
  readonly money: StoredMoney;
  /** The goods of each order line, in the order's line order. */
  readonly goods: readonly StoredLineGoods[];
}

/** The order as the machine runs it: the state of every region, and its context. */
export interface MachineForm {
  readonly state: OrderState;
  readonly context: OrderContext;
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

const stateEntries = {
  payment: oneOf(paymentStatuses),
  shipping: oneOf(shippingStatuses),
  confirmation: oneOf(['unconfirmed', 'confirmed']),
  stock: oneOf(['notDeducted', 'deducted', 'restored']),
  orderEmails: oneOf(['notSent', 'sent', 'cancellationSent']),
};
const authorizationsSchema = v.array(
  v.strictObject({ id: TextSchema, held: MovementAmountSchema }, fields('id, held')),
  'must be an array',
);
const moneyEntries = {
  captured: AmountSchema,
  refunded: AmountSchema,
  chargedBack: AmountSchema,
  authorizations: authorizationsSchema,
  otherCurrency: v.boolean('must be true or false'),
  otherCurrencyAuthorizations: v.array(TextSchema, 'must be an array'),
};
const moneyNames =
  'captured, refunded, chargedBack, authorizations, otherCurrency, otherCurrencyAuthorizations';
const moneyFields = fields(moneyNames);
const snapshotFields = fields(
  'schemaVersion, state, order, settings, transactionIds, money, goods',
);

/**
 * An object of `entries`, every one of which may be left out: a strict object schema alone would
 * take an array (it has no field of its own), so arrays are refused first.
 */
const objectOfOptional = <const Entries extends v.ObjectEntries>(entries: Entries, names: string) =>
  v.pipe(
    v.custom<unknown>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      fields(names),
    ),
    v.strictObject(entries, fields(names)),
  );

/**
 * Checks an `OrderSnapshot` of the current version read back from storage; unknown fields are
 * refused, fields that are nothing may be left out.
 */
export const OrderSnapshotSchema = v.strictObject(
  {
    schemaVersion: v.literal(SCHEMA_VERSION, `must be ${SCHEMA_VERSION}`),
    state: v.strictObject(
      stateEntries,
      fields('payment, shipping, confirmation, stock, orderEmails'),
    ),
    order: StoredOrderSchema,
    settings: StoredSettingsSchema,
    transactionIds: transactionIdsSchema,
    money: objectOfOptional(
      {
        captured: v.exactOptional(AmountSchema),
        refunded: v.exactOptional(AmountSchema),
        chargedBack: v.exactOptional(AmountSchema),
        authorizations: v.exactOptional(moneyEntries.authorizations),
        otherCurrency: v.exactOptional(moneyEntries.otherCurrency),
        otherCurrencyAuthorizations: v.exactOptional(moneyEntries.otherCurrencyAuthorizations),
      },
      moneyNames,
    ),
    goods: v.array(
      objectOfOptional(
        {
          shipped: v.exactOptional(units),
          returned: v.exactOptional(units),
          restored: v.exactOptional(units),
        },
        'shipped, returned, restored',
      ),
      'must be an array',
    ),
  },
  snapshotFields,
) satisfies v.GenericSchema<unknown, OrderSnapshot>;

/**
 * Checks a snapshot of schema 3 (order-rules 0.2: the machine's form as it is, every region's
 * state and the full ledgers); unknown fields are refused.
 */
const OrderSnapshotV3Schema = v.strictObject(
  {
    schemaVersion: v.literal(3),
    state: v.strictObject(
      {
        ...stateEntries,
        paymentWindow: oneOf(['scheduled', 'none']),
        listing: oneOf(['hidden', 'listed']),
      },
      fields('payment, shipping, confirmation, stock, orderEmails, paymentWindow, listing'),
    ),
    order: StoredOrderSchema,
    settings: StoredSettingsSchema,
    transactionIds: transactionIdsSchema,
    money: v.strictObject(moneyEntries, moneyFields),
    goods: v.array(
      v.strictObject(
        { deducted: units, shipped: units, returned: units, restored: units },
        fields('deducted, shipped, returned, restored'),
      ),
      'must be an array',
    ),
  },
  snapshotFields,
);
/** A snapshot of schema 3: the machine form as it is. */
type SnapshotV3 = { readonly schemaVersion: 3; readonly state: OrderState } & OrderContext;

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

/**
 * Where a sealed snapshot keeps its machine form: a property under a symbol of this module, not
 * enumerable (no JSON, spread, `structuredClone` or deep equality sees or copies it), defined on the
 * snapshot before it is frozen. Data (JSON, a message) cannot carry it, and a copy of a sealed
 * snapshot (its fields copied, the hidden one too, or an object inheriting from it) is not taken
 * for it: the form names the one snapshot it was kept on. (A map from snapshots to forms did the same, at twice the cost of an event that
 * changes the order: the garbage collector's work on a weak map of every snapshot.)
 */
const FORM = Symbol('order-rules machine form');

/** A machine form as a sealed snapshot keeps it: of a class no other module can make. */
class KeptForm implements MachineForm {
  /** The snapshot it was kept on: a copy of that snapshot's fields, form and all, is not it. */
  readonly #on: object;

  constructor(
    readonly state: OrderState,
    readonly context: OrderContext,
    on: object,
  ) {
    this.#on = on;
    Object.freeze(this);
  }

  isKeptOn(snapshot: unknown): boolean {
    return this.#on === snapshot;
  }
}

/**
 * Deep-freezes a snapshot the engine has just made and remembers it with its machine form, so that
 * reading it again (the next event on an order kept in memory) needs no check and no rebuilding:
 * frozen, it is still what the engine made. Parts already sealed (the order and settings a snapshot
 * shares with the one before) are kept.
 *
 * @example
 * const snapshot = sealSnapshot(snapshotOf(form), form);
 * Object.isFrozen(snapshot.order.lines[0]); // => true
 */
export function sealSnapshot(snapshot: OrderSnapshot, form: MachineForm): OrderSnapshot {
  // Field by field rather than by walking every value: the parts kept from the snapshot before are
  // frozen already, and are passed over at once.
  Object.freeze(snapshot.state);
  deepFreeze(snapshot.order);
  deepFreeze(snapshot.settings);
  Object.freeze(snapshot.transactionIds);
  deepFreeze(snapshot.money);
  deepFreeze(snapshot.goods);
  Object.defineProperty(snapshot, FORM, {
    value: new KeptForm(form.state, form.context, snapshot),
  });
  Object.freeze(snapshot);
  return snapshot;
}

/** The machine form of a snapshot this engine made and sealed; undefined for any other value. */
export function sealedForm(value: unknown): MachineForm | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    if (!Object.isFrozen(value)) return undefined;
    const form = (value as { readonly [FORM]?: unknown })[FORM];
    return form instanceof KeptForm && form.isKeptOn(value) ? form : undefined;
  } catch {
    // A proxy whose traps throw: not a snapshot the engine made.
    return undefined;
  }
}

/** Freezes every object in `value`; a primitive counts as frozen already. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}

/**
 * The machine form of a stored order: the regions the stored form leaves out worked out again, the
 * ledgers in full. It reads a snapshot of the current schema as it is (`readStored` checks one).
 *
 * @example
 * machineFormOf(snapshot).state.listing; // => 'listed' for a paid order (I6)
 */
export function machineFormOf(snapshot: OrderSnapshot): MachineForm {
  return sealedForm(snapshot) ?? formOf(snapshot);
}

function formOf(snapshot: OrderSnapshot): MachineForm {
  const { state, order, settings, transactionIds } = snapshot;
  const money = moneyOf(snapshot.money);
  const deducted = state.stock !== 'notDeducted';
  const goods = snapshot.goods.map(
    (line, at): LineGoods => ({
      deducted: deducted ? (order.lines[at]?.quantity ?? 0) : 0,
      shipped: line.shipped ?? 0,
      returned: line.returned ?? 0,
      restored: line.restored ?? 0,
    }),
  );
  // B4: the window is asked for at placement, for a gateway order with something to pay and a window set.
  const window =
    order.paymentMethod.kind === 'gateway' &&
    settings.paymentWindowMinutes !== undefined &&
    order.total.amount > 0;
  // I6: listed exactly when confirmed, in review, or holding the buyer's money.
  const listed =
    state.confirmation === 'confirmed' ||
    state.payment === 'review' ||
    received(money) > 0 ||
    held(money) > 0 ||
    money.otherCurrency;
  return {
    state: {
      payment: state.payment,
      shipping: state.shipping,
      confirmation: state.confirmation,
      stock: state.stock,
      orderEmails: state.orderEmails,
      paymentWindow: window ? 'scheduled' : 'none',
      listing: listed ? 'listed' : 'hidden',
    },
    context: { order, settings, transactionIds, money, goods },
  };
}

/**
 * The stored form of an order in `form`. The parts that did not change since `before` (the form and
 * the snapshot it was read from) are `before`'s own.
 *
 * @example
 * snapshotOf(form).money; // => { captured: 3990 } for an order paid by one report
 */
export function snapshotOf(
  form: MachineForm,
  before?: { readonly form: MachineForm; readonly snapshot: OrderSnapshot },
): OrderSnapshot {
  const { state, context } = form;
  const kept = before?.form.context;
  return {
    schemaVersion: SCHEMA_VERSION,
    state: {
      payment: state.payment,
      shipping: state.shipping,
      confirmation: state.confirmation,
      stock: state.stock,
      orderEmails: state.orderEmails,
    },
    order: context.order,
    settings: context.settings,
    transactionIds: context.transactionIds,
    money:
      before !== undefined && kept?.money === context.money
        ? before.snapshot.money
        : storedMoney(context.money),
    goods:
      before !== undefined && kept?.goods === context.goods
        ? before.snapshot.goods
        : context.goods.map(storedLine),
  };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The money as stored: each field only when it is not nothing. */
function storedMoney(money: Money): StoredMoney {
  const stored: Writable<StoredMoney> = {};
  if (money.captured !== 0) stored.captured = money.captured;
  if (money.refunded !== 0) stored.refunded = money.refunded;
  if (money.chargedBack !== 0) stored.chargedBack = money.chargedBack;
  if (money.authorizations.length > 0) stored.authorizations = money.authorizations;
  if (money.otherCurrency) stored.otherCurrency = true;
  if (money.otherCurrencyAuthorizations.length > 0) {
    stored.otherCurrencyAuthorizations = money.otherCurrencyAuthorizations;
  }
  return stored;
}

/** The money of a stored order, in full. */
function moneyOf(stored: StoredMoney): Money {
  return {
    captured: stored.captured ?? 0,
    refunded: stored.refunded ?? 0,
    chargedBack: stored.chargedBack ?? 0,
    authorizations: stored.authorizations ?? noMoney.authorizations,
    otherCurrency: stored.otherCurrency ?? false,
    otherCurrencyAuthorizations:
      stored.otherCurrencyAuthorizations ?? noMoney.otherCurrencyAuthorizations,
  };
}

/** A line's goods as stored: each count only when it is not 0. */
function storedLine(line: LineGoods): StoredLineGoods {
  const stored: Writable<StoredLineGoods> = {};
  if (line.shipped !== 0) stored.shipped = line.shipped;
  if (line.returned !== 0) stored.returned = line.returned;
  if (line.restored !== 0) stored.restored = line.restored;
  return stored;
}

/**
 * Reads a stored snapshot: checks its shape, brings an older version up to date, and refuses one
 * whose state no order can be in (edited by hand, say: see `coherence.ts`). What it gives is
 * sealed: the engine takes it, and the snapshots it makes from it, without checking them again.
 *
 * @example
 * readSnapshot(JSON.parse(row.snapshot)); // => an OrderSnapshot of the current version
 */
export function readSnapshot(input: unknown): OrderSnapshot {
  const { form } = readStored(input);
  // Written again from its form: what is sealed is in the form the engine writes.
  return sealSnapshot(snapshotOf(form), form);
}

/**
 * Reads a stored snapshot as `readSnapshot` does, with its machine form.
 *
 * @example
 * readStored(JSON.parse(row.snapshot)).form.state.listing; // => 'listed' or 'hidden'
 */
export function readStored(input: unknown): {
  readonly snapshot: OrderSnapshot;
  readonly form: MachineForm;
} {
  const version = (input as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === 1 || version === 2 || version === 3) {
    const old =
      version === 3
        ? validate(OrderSnapshotV3Schema, input, 'invalidSnapshot', 'snapshot')
        : fromVersion2(
            version === 1
              ? fromVersion1(validate(OrderSnapshotV1Schema, input, 'invalidSnapshot', 'snapshot'))
              : validate(OrderSnapshotV2Schema, input, 'invalidSnapshot', 'snapshot'),
          );
    // Schema 3 kept every region and ledger as the machine has them: checked as it was written.
    const { schemaVersion: _, state, ...context } = old;
    const form = { state, context };
    checkCoherence(form);
    return { snapshot: snapshotOf(form), form };
  }
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    throw new OrderRulesError(
      'invalidSnapshot',
      'snapshot.schemaVersion',
      `is ${version}, which this version of order-rules does not read (it reads 1 to ${SCHEMA_VERSION})`,
    );
  }
  const snapshot =
    readSnapshotFast(input, SCHEMA_VERSION) ??
    validate(OrderSnapshotSchema, input, 'invalidSnapshot', 'snapshot');
  const form = formOf(snapshot);
  checkCoherence(form);
  return { snapshot, form };
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
function fromVersion2(old: SnapshotV2): SnapshotV3 {
  const { state, settings, gatewayTransactionIds } = old;
  const order = oneLinePerSku(old.order);
  const paidByReport =
    state.confirmation === 'confirmed' &&
    state.payment !== 'review' &&
    gatewayTransactionIds.length > 0;
  const confirmed = state.confirmation === 'confirmed';
  return {
    schemaVersion: 3,
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
