/**
 * A hand-written reader of events for the engine's hot path: it checks a plain event field by field
 * as `OrderEventSchema` does, and gives the very copy the schema would give. Whatever it does not
 * take (a bad event, or anything out of the ordinary: an object of a class, an array, a getter that
 * throws) it leaves to the schema, which stays the authority and says what is wrong.
 * `spec/fast-event-reader-agrees.spec.ts` holds it to the schema.
 * May touch: nothing; the input is read, never changed, and the output is a fresh copy.
 */
import { isKnownCurrency } from './currencies.js';
import {
  MAX_NOTE,
  type MoneyReport,
  merchantPaymentStatuses,
  merchantShippingStatuses,
  type OrderEvent,
} from './events.js';
import { CURRENCY_CODE, MAX_LINES, MAX_TEXT, type OrderLine } from './order.js';

/** The fields of an object, read by name. */
type Fields = { readonly [key: string]: unknown };

/** What a reader of one type of event gives: the event, or `undefined` to leave it to the schema. */
type Reader = (fields: Fields) => OrderEvent | undefined;

/** Marks a field the object does not have (the schema's `key in input`), apart from one set to `undefined`. */
const ABSENT: unique symbol = Symbol('absent');

/**
 * Reads `input` as an `OrderEvent` if it is a plain, valid one: the same fields, in the same order,
 * as `v.safeParse(OrderEventSchema, input)` outputs, in a fresh copy; otherwise `undefined`, and
 * the caller asks the schema.
 *
 * @example
 * readEventFast({ type: 'merchant.paymentStatusChanged', status: 'paid', by: 'ann' });
 * // => { type: 'merchant.paymentStatusChanged', status: 'paid' }
 * readEventFast({ type: 'gateway.refunded', transactionId: 'R-1', amount: 0, currency: 'EUR' });
 * // => undefined (the schema says why)
 */
export function readEventFast(input: unknown): OrderEvent | undefined {
  try {
    const fields = plainObject(input);
    if (fields === undefined) return undefined;
    return readerOfType.get(field(fields, 'type'))?.(fields);
  } catch {
    // A getter or a proxy that throws: the schema says it cannot be read.
    return undefined;
  }
}

/**
 * `input` as fields if it is an object as a literal or `JSON.parse` makes it, of prototype
 * `Object.prototype` or none; an array, an object of a class, a box or a date is left to the schema.
 */
function plainObject(input: unknown): Fields | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const prototype = Object.getPrototypeOf(input);
  return prototype === Object.prototype || prototype === null ? (input as Fields) : undefined;
}

/** The field `key` of `fields` as the schema reads it (`key in input`, then `input[key]`), or ABSENT. */
function field(fields: Fields, key: string): unknown {
  return key in fields ? fields[key] : ABSENT;
}

/** TextSchema: a non-empty string of at most MAX_TEXT characters. */
export const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/** NoteSchema: a string of at most MAX_NOTE characters. */
const isNote = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_NOTE;

/** MovementAmountSchema and QuantitySchema: a safe integer from 1 (never NaN, an infinity or -0). */
const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1;

/** CurrencySchema: three capital letters, a code of the engine's table. */
export const isCurrency = (value: unknown): value is string =>
  typeof value === 'string' && CURRENCY_CODE.test(value) && isKnownCurrency(value);

/** A picklist: one of `options`, compared as `v.picklist` compares (`includes`). */
const isOneOf = <const Option>(options: readonly Option[], value: unknown): value is Option =>
  (options as readonly unknown[]).includes(value);

/**
 * An `exactOptional` field `key`: `{}` when the object does not have it, `{ [key]: value }` when
 * its value `isValid` (`undefined` is not), `undefined` when not.
 */
function optionalField<const Key extends string, Value>(
  fields: Fields,
  key: Key,
  isValid: (value: unknown) => value is Value,
): Partial<Record<Key, Value>> | undefined {
  const value = field(fields, key);
  if (value === ABSENT) return {};
  return isValid(value) ? ({ [key]: value } as Partial<Record<Key, Value>>) : undefined;
}

/**
 * linesSchema(): a plain array of 1 to MAX_LINES plain lines `{ sku, quantity }`, one per sku, of
 * a safe integer of units in all; each line copied with its two fields.
 */
function readLines(value: unknown): OrderLine[] | undefined {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
  const count = value.length;
  if (count < 1 || count > MAX_LINES) return undefined;
  const lines: OrderLine[] = [];
  const skus = new Set<string>();
  let units = 0;
  for (let index = 0; index < count; index++) {
    const line = plainObject(value[index]);
    if (line === undefined) return undefined;
    const sku = field(line, 'sku');
    const quantity = field(line, 'quantity');
    if (!isText(sku) || !isCount(quantity) || skus.has(sku)) return undefined;
    skus.add(sku);
    units += quantity;
    lines.push({ sku, quantity });
  }
  return Number.isSafeInteger(units) ? lines : undefined;
}

/** A money report of `type` moving an amount: `{ type, transactionId, amount, currency }`. */
const amountMoved =
  (type: Exclude<MoneyReport['type'], 'gateway.paymentCaptured' | 'gateway.authorizationVoided'>) =>
  (fields: Fields): OrderEvent | undefined => {
    const transactionId = field(fields, 'transactionId');
    const amount = field(fields, 'amount');
    const currency = field(fields, 'currency');
    return isText(transactionId) && isCount(amount) && isCurrency(currency)
      ? { type, transactionId, amount, currency }
      : undefined;
  };

/** The reader of each event type, each checking the fields of that type's schema in `events.ts`. */
const readers = {
  'gateway.paymentConfirmed': amountMoved('gateway.paymentConfirmed'),
  'gateway.paymentAuthorized': amountMoved('gateway.paymentAuthorized'),
  'gateway.paymentCaptured': (fields) => {
    const transactionId = field(fields, 'transactionId');
    const authorizationId = field(fields, 'authorizationId');
    const amount = field(fields, 'amount');
    const currency = field(fields, 'currency');
    return isText(transactionId) &&
      isText(authorizationId) &&
      isCount(amount) &&
      isCurrency(currency)
      ? { type: 'gateway.paymentCaptured', transactionId, authorizationId, amount, currency }
      : undefined;
  },
  'gateway.authorizationVoided': (fields) => {
    const transactionId = field(fields, 'transactionId');
    const authorizationId = field(fields, 'authorizationId');
    return isText(transactionId) && isText(authorizationId)
      ? { type: 'gateway.authorizationVoided', transactionId, authorizationId }
      : undefined;
  },
  'gateway.refunded': amountMoved('gateway.refunded'),
  'gateway.chargeback': amountMoved('gateway.chargeback'),
  'gateway.chargebackReversed': amountMoved('gateway.chargebackReversed'),
  'gateway.paymentFailed': (fields) => {
    const transactionId = optionalField(fields, 'transactionId', isText);
    const reason = optionalField(fields, 'reason', isNote);
    return transactionId && reason
      ? { type: 'gateway.paymentFailed', ...transactionId, ...reason }
      : undefined;
  },
  'timer.paymentWindowElapsed': () => ({ type: 'timer.paymentWindowElapsed' }),
  'merchant.paymentStatusChanged': (fields) => {
    const status = field(fields, 'status');
    return isOneOf(merchantPaymentStatuses, status)
      ? { type: 'merchant.paymentStatusChanged', status }
      : undefined;
  },
  'merchant.shippingStatusChanged': (fields) => {
    const status = field(fields, 'status');
    return isOneOf(merchantShippingStatuses, status)
      ? { type: 'merchant.shippingStatusChanged', status }
      : undefined;
  },
  'merchant.linesShipped': (fields) => {
    const lines = readLines(field(fields, 'lines'));
    return lines === undefined ? undefined : { type: 'merchant.linesShipped', lines };
  },
  'merchant.linesReturned': (fields) => {
    const lines = readLines(field(fields, 'lines'));
    const restock = field(fields, 'restock');
    return lines !== undefined && typeof restock === 'boolean'
      ? { type: 'merchant.linesReturned', lines, restock }
      : undefined;
  },
  'merchant.orderCancelled': (fields) => {
    const reason = optionalField(fields, 'reason', isNote);
    return reason ? { type: 'merchant.orderCancelled', ...reason } : undefined;
  },
} satisfies { readonly [Type in OrderEvent['type']]: Reader };

/** The readers by type, found at once (by SameValueZero, as the schema's `v.literal` compares). */
const readerOfType = new Map<unknown, Reader>(Object.entries(readers));
