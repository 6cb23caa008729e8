/**
 * A hand-written reader of stored snapshots of the current schema for the engine's hot path (a
 * snapshot read back from JSON, each event): it checks a plain snapshot field by field as the
 * snapshot schema of `snapshot.ts` does, and gives the very copy the schema would give. Whatever it
 * does not take (a bad snapshot, or anything out of the ordinary: an object of a class, a getter
 * that throws) it leaves to the schema, which stays the authority and says what is wrong.
 * `spec/fast-snapshot-reader-agrees.spec.ts` holds it to the schema.
 * May touch: nothing; the input is read, never changed, and the output is a fresh copy.
 */
import { isCurrency, isText } from './fastParse.js';
import {
  MAX_LINES,
  type Order,
  paymentStatuses,
  type Settings,
  shippingStatuses,
} from './order.js';
import type { OrderSnapshot, StoredLineGoods, StoredMoney, StoredState } from './snapshot.js';

/** The fields of an object, read by name. */
type Fields = { readonly [key: string]: unknown };
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Thrown inside the reader when it leaves the snapshot to the schema; never seen outside. */
const LEAVE = Symbol('leave to the schema');

/**
 * Reads `input` as an `OrderSnapshot` of schema `version` if it is a plain, valid one: the same
 * fields, in the same order, as the schema outputs, in a fresh copy; otherwise `undefined`, and the
 * caller asks the schema.
 *
 * @example
 * readSnapshotFast(JSON.parse(row.snapshot), 4); // => a fresh OrderSnapshot, or undefined
 */
export function readSnapshotFast(input: unknown, version: number): OrderSnapshot | undefined {
  try {
    return snapshotOf(input, version);
  } catch {
    // LEAVE, or a getter or a proxy that throws: the schema says what is wrong.
    return undefined;
  }
}

/** The snapshot read, or a throw. */
function snapshotOf(input: unknown, version: number): OrderSnapshot {
  const fields = only(input, SNAPSHOT_KEYS);
  if (fields.schemaVersion !== version) throw LEAVE;
  return {
    schemaVersion: fields.schemaVersion as OrderSnapshot['schemaVersion'],
    state: stateOf(fields.state),
    order: orderOf(fields.order),
    settings: settingsOf(fields.settings),
    transactionIds: textsOf(fields.transactionIds),
    money: moneyOf(fields.money),
    goods: each(fields.goods, lineGoodsOf),
  };
}

const SNAPSHOT_KEYS = keys('schemaVersion state order settings transactionIds money goods');
const STATE_KEYS = keys('payment shipping confirmation stock orderEmails');
const ORDER_KEYS = keys('id paymentMethod lines total');
const METHOD_KEYS = keys('kind provider');
const LINE_KEYS = keys('sku quantity');
const TOTAL_KEYS = keys('amount currency');
const SETTINGS_KEYS = keys(
  'ignoreIncompleteOrders realtimeStock paymentWindowMinutes',
  'paymentWindowMinutes',
);
const MONEY_KEYS = keys(
  'captured refunded chargedBack authorizations otherCurrency otherCurrencyAuthorizations',
  'captured refunded chargedBack authorizations otherCurrency otherCurrencyAuthorizations',
);
const AUTHORIZATION_KEYS = keys('id held');
const GOODS_KEYS = keys('shipped returned restored', 'shipped returned restored');

/** The keys an object may have, and those of them it may leave out. */
interface Keys {
  readonly all: ReadonlySet<string>;
  readonly required: readonly string[];
}
function keys(names: string, optional = ''): Keys {
  const all = names.split(' ');
  const left = new Set(optional.split(' '));
  return { all: new Set(all), required: all.filter((name) => !left.has(name)) };
}

/**
 * `input` as fields if it is an object as a literal or `JSON.parse` makes it (of prototype
 * `Object.prototype` or none) with every required key and no other (the schema's `key in input`
 * and `for (key in input)`).
 */
function only(input: unknown, expected: Keys): Fields {
  if (typeof input !== 'object' || input === null) throw LEAVE;
  const prototype = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) throw LEAVE;
  let known = 0;
  for (const key in input) {
    if (!expected.all.has(key)) throw LEAVE;
    known += 1;
  }
  // `for (key in input)` gives each key once: with every key required, counting them is enough.
  if (expected.required.length === expected.all.size) {
    if (known !== expected.all.size) throw LEAVE;
  } else {
    for (const key of expected.required) if (!(key in input)) throw LEAVE;
  }
  return input as Fields;
}

/**
 * Each item of the array `input` read by `read`, index by index (a hole is read as `undefined`, as
 * the schema reads it; `map` would pass over it).
 */
function each<Item>(input: unknown, read: (item: unknown) => Item): Item[] {
  if (!Array.isArray(input)) throw LEAVE;
  const items: Item[] = [];
  for (let index = 0; index < input.length; index += 1) items.push(read(input[index]));
  return items;
}

const oneOf = <const Option extends string>(options: readonly Option[]) => {
  const known = new Set<unknown>(options);
  return (value: unknown): Option => {
    if (!known.has(value)) throw LEAVE;
    return value as Option;
  };
};
const paymentStatus = oneOf(paymentStatuses);
const shippingStatus = oneOf(shippingStatuses);
const confirmation = oneOf(['unconfirmed', 'confirmed'] as const);
const stock = oneOf(['notDeducted', 'deducted', 'restored'] as const);
const orderEmails = oneOf(['notSent', 'sent', 'cancellationSent'] as const);
const methodKind = oneOf(['gateway', 'manual'] as const);

function text(value: unknown): string {
  if (!isText(value)) throw LEAVE;
  return value;
}

/** A whole number from `least`: amounts from 0 or 1, units from 0 or 1. */
function whole(value: unknown, least: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) throw LEAVE;
  return value;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw LEAVE;
  return value;
}

function textsOf(input: unknown): string[] {
  return each(input, text);
}

function stateOf(input: unknown): StoredState {
  const fields = only(input, STATE_KEYS);
  return {
    payment: paymentStatus(fields.payment),
    shipping: shippingStatus(fields.shipping),
    confirmation: confirmation(fields.confirmation),
    stock: stock(fields.stock),
    orderEmails: orderEmails(fields.orderEmails),
  };
}

function orderOf(input: unknown): Order {
  const fields = only(input, ORDER_KEYS);
  const id = text(fields.id);
  const method = only(fields.paymentMethod, METHOD_KEYS);
  const paymentMethod = { kind: methodKind(method.kind), provider: text(method.provider) };
  const given = fields.lines;
  if (!Array.isArray(given) || given.length < 1 || given.length > MAX_LINES) throw LEAVE;
  const skus = new Set<string>();
  let units = 0;
  const lines = each(given, (entry) => {
    const line = only(entry, LINE_KEYS);
    const sku = text(line.sku);
    const quantity = whole(line.quantity, 1);
    units += quantity;
    skus.add(sku);
    return { sku, quantity };
  });
  if (skus.size !== lines.length || !Number.isSafeInteger(units)) throw LEAVE;
  const total = only(fields.total, TOTAL_KEYS);
  const amount = whole(total.amount, 0);
  const currency = total.currency;
  if (!isCurrency(currency)) throw LEAVE;
  return { id, paymentMethod, lines, total: { amount, currency } };
}

function settingsOf(input: unknown): Settings {
  const fields = only(input, SETTINGS_KEYS);
  const settings: Writable<Settings> = {
    ignoreIncompleteOrders: bool(fields.ignoreIncompleteOrders),
    realtimeStock: bool(fields.realtimeStock),
  };
  if ('paymentWindowMinutes' in fields) {
    settings.paymentWindowMinutes = whole(fields.paymentWindowMinutes, 1);
  }
  return settings;
}

function moneyOf(input: unknown): StoredMoney {
  if (Array.isArray(input)) throw LEAVE;
  const fields = only(input, MONEY_KEYS);
  const money: Writable<StoredMoney> = {};
  if ('captured' in fields) money.captured = whole(fields.captured, 0);
  if ('refunded' in fields) money.refunded = whole(fields.refunded, 0);
  if ('chargedBack' in fields) money.chargedBack = whole(fields.chargedBack, 0);
  if ('authorizations' in fields) {
    money.authorizations = each(fields.authorizations, (entry) => {
      const authorization = only(entry, AUTHORIZATION_KEYS);
      return { id: text(authorization.id), held: whole(authorization.held, 1) };
    });
  }
  if ('otherCurrency' in fields) money.otherCurrency = bool(fields.otherCurrency);
  if ('otherCurrencyAuthorizations' in fields) {
    money.otherCurrencyAuthorizations = textsOf(fields.otherCurrencyAuthorizations);
  }
  return money;
}

function lineGoodsOf(input: unknown): StoredLineGoods {
  if (Array.isArray(input)) throw LEAVE;
  const fields = only(input, GOODS_KEYS);
  const line: Writable<StoredLineGoods> = {};
  if ('shipped' in fields) line.shipped = whole(fields.shipped, 0);
  if ('returned' in fields) line.returned = whole(fields.returned, 0);
  if ('restored' in fields) line.restored = whole(fields.restored, 0);
  return line;
}
