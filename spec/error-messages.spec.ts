/**
 * The messages of OrderRulesError, word for word: hosts log them and show them to merchants, so
 * each check of the input says what it checks, on the field it checks. Every check a stored
 * snapshot goes through (its shape, then whether an order can be in it) has its message here.
 */
import { describe, expect, test } from 'vitest';
import {
  applyEvent,
  getOrderView,
  type OrderEvent,
  OrderRulesError,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../src/index.js';
import { machineFormOf } from '../src/snapshot.js';
import schema1 from './fixtures/snapshots-schema-1.json' with { type: 'json' };
import schema2 from './fixtures/snapshots-schema-2.json' with { type: 'json' };
import {
  authorization,
  cancelOrder,
  chequeOrder,
  ignoringIncomplete,
  last,
  paypalOrder,
  play,
  sale,
  setShipped,
  writtenOut,
} from './play.js';

const placed = startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot;
const long = 'x'.repeat(201);
const shortened = `"${'x'.repeat(56)}...`;
const tooMuch = Number.MAX_SAFE_INTEGER + 1;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OrderRulesError);
    return (error as OrderRulesError).message;
  }
  throw new Error('expected an OrderRulesError');
}

const place =
  (order: unknown, settings: unknown = ignoringIncomplete) =>
  () =>
    startOrder({ order, settings } as Placement);
const apply =
  (event: unknown, snapshot: unknown = placed) =>
  () =>
    applyEvent(snapshot as OrderSnapshot, event as OrderEvent);
const view = (snapshot: unknown) => () => getOrderView(snapshot as OrderSnapshot);

/**
 * A snapshot as a host stores it, as plain mutable JSON, to edit by hand, with every field of its
 * money and goods written out (the engine leaves out those that are nothing; both read alike).
 */
// biome-ignore lint/suspicious/noExplicitAny: a hand edit reaches anywhere in the JSON
type Stored = any;
const storedAfter = (placement: Placement, events: readonly OrderEvent[] = []): Stored =>
  writtenOut(last(play(placement, events)).decision.snapshot);
/**
 * The same order as schema 3 stored it (order-rules 0.2: every region and every ledger written
 * out, the units deducted and the listing among them), which is read and checked alike.
 */
const asSchema3 = (snapshot: Stored): Stored => {
  const { state, context } = machineFormOf(snapshot);
  return structuredClone({ schemaVersion: 3, state, ...context });
};
/** `snapshot` as stored, edited by `change`. */
const edited = (snapshot: Stored, change: (copy: Stored) => void): Stored => {
  const copy = structuredClone(snapshot);
  change(copy);
  return copy;
};

const paypal = { order: paypalOrder, settings: ignoringIncomplete };
const incomplete = storedAfter(paypal);
const paid = storedAfter(paypal, [sale('PAY-1', 3990)]);
const shipped = storedAfter(paypal, [sale('PAY-1', 3990), setShipped]);
const cancelled = storedAfter(paypal, [sale('PAY-1', 3990), cancelOrder]);
const authorized = storedAfter(paypal, [authorization('AUTH-1', 3990)]);
const windowed = storedAfter({
  order: paypalOrder,
  settings: { ...ignoringIncomplete, paymentWindowMinutes: 30 },
});
const manual = storedAfter({
  order: chequeOrder,
  settings: { ignoreIncompleteOrders: true, realtimeStock: false },
});
const schema2Entry = schema2.entries[0]?.snapshot as Stored;
const [incompleteNow, paidNow, shippedNow, cancelledNow, authorizedNow, windowedNow, manualNow] = [
  incomplete,
  paid,
  shipped,
  cancelled,
  authorized,
  windowed,
  manual,
];

describe('the order and the settings', () => {
  test.each([
    ['an order that is not an object', place('A-1'), 'order must be an object (received "A-1")'],
    [
      'an id that is too long',
      place({ ...paypalOrder, id: long }),
      'order.id must be at most 200 characters (received 201)',
    ],
    [
      'an id that is not text',
      place({ ...paypalOrder, id: 7 }),
      'order.id must be a string (received 7)',
    ],
    [
      'a payment method that is not an object',
      place({ ...paypalOrder, paymentMethod: 'paypal' }),
      'order.paymentMethod must be an object (received "paypal")',
    ],
    [
      'an empty provider',
      place({ ...paypalOrder, paymentMethod: { kind: 'gateway', provider: '' } }),
      'order.paymentMethod.provider must not be empty',
    ],
    [
      'a payment method of an unknown kind',
      place({ ...paypalOrder, paymentMethod: { kind: 'crypto', provider: 'x' } }),
      'order.paymentMethod.kind must be "gateway" or "manual" (received "crypto")',
    ],
    [
      'lines that are not a list',
      place({ ...paypalOrder, lines: 'TEE' }),
      'order.lines must be an array (received "TEE")',
    ],
    [
      'no line',
      place({ ...paypalOrder, lines: [] }),
      'order.lines must have at least 1 line (received 0)',
    ],
    [
      'lines whose units add up past 2^53 - 1',
      place({
        ...paypalOrder,
        lines: [
          { sku: 'A', quantity: Number.MAX_SAFE_INTEGER },
          { sku: 'B', quantity: 2 },
        ],
      }),
      'order.lines must have at most 9007199254740991 units in all (received Array)',
    ],
    [
      'a line that is not an object',
      place({ ...paypalOrder, lines: ['TEE'] }),
      'order.lines[0] must be an object (received "TEE")',
    ],
    [
      'more than 10,000 lines',
      place({
        ...paypalOrder,
        lines: Array.from({ length: 10_001 }, (_, n) => ({ sku: `S-${n}`, quantity: 1 })),
      }),
      'order.lines must have at most 10000 lines (received 10001)',
    ],
    [
      'a sku on two lines',
      place({
        ...paypalOrder,
        lines: [
          { sku: 'TEE-M', quantity: 1 },
          { sku: 'MUG', quantity: 1 },
          { sku: 'TEE-M', quantity: 2 },
        ],
      }),
      'order.lines[2].sku repeats the sku of an earlier line (one line per sku) (received "TEE-M")',
    ],
    [
      'a quantity that is text',
      place({ ...paypalOrder, lines: [{ sku: 'A', quantity: '2' }] }),
      'order.lines[0].quantity must be a number (received "2")',
    ],
    [
      'a quantity of 0',
      place({ ...paypalOrder, lines: [{ sku: 'A', quantity: 0 }] }),
      'order.lines[0].quantity must be at least 1 (received 0)',
    ],
    [
      'a fractional quantity',
      place({ ...paypalOrder, lines: [{ sku: 'A', quantity: 1.5 }] }),
      'order.lines[0].quantity must be a whole number (received 1.5)',
    ],
    [
      'a total that is not an object',
      place({ ...paypalOrder, total: 3990 }),
      'order.total must be an object (received 3990)',
    ],
    [
      'a fractional total',
      place({ ...paypalOrder, total: { amount: 39.9, currency: 'EUR' } }),
      'order.total.amount must be a whole number of minor units, at most 9007199254740991 (received 39.9)',
    ],
    [
      'a negative total',
      place({ ...paypalOrder, total: { amount: -1, currency: 'EUR' } }),
      'order.total.amount must not be negative (received -1)',
    ],
    [
      'a total past 2^53 - 1',
      place({ ...paypalOrder, total: { amount: tooMuch, currency: 'EUR' } }),
      'order.total.amount must be a whole number of minor units, at most 9007199254740991 (received 9007199254740992)',
    ],
    [
      'a total that is NaN',
      place({ ...paypalOrder, total: { amount: Number.NaN, currency: 'EUR' } }),
      'order.total.amount must be a number (received NaN)',
    ],
    [
      'a currency that is not text',
      place({ ...paypalOrder, total: { amount: 1, currency: 7 } }),
      'order.total.currency must be a string (received 7)',
    ],
    [
      'a lower-case currency',
      place({ ...paypalOrder, total: { amount: 1, currency: 'eur' } }),
      'order.total.currency must be an ISO 4217 code of three capital letters (received "eur")',
    ],
    [
      'a huge currency',
      place({ ...paypalOrder, total: { amount: 1, currency: long } }),
      `order.total.currency must be an ISO 4217 code of three capital letters (received ${shortened})`,
    ],
    [
      'a currency the engine does not know (M9)',
      place({ ...paypalOrder, total: { amount: 1, currency: 'ABC' } }),
      'order.total.currency must be an ISO 4217 currency code the engine knows (received "ABC")',
    ],
    [
      'an ISO code that is not money (M9)',
      place({ ...paypalOrder, total: { amount: 1, currency: 'XAU' } }),
      'order.total.currency must be an ISO 4217 currency code the engine knows (received "XAU")',
    ],
    [
      'settings that are not an object',
      place(paypalOrder, 'on'),
      'settings must be an object (received "on")',
    ],
    [
      'a missing setting',
      place(paypalOrder, { realtimeStock: true }),
      'settings.ignoreIncompleteOrders is missing',
    ],
    [
      'a setting that is not true or false',
      place(paypalOrder, { ...ignoringIncomplete, realtimeStock: 1 }),
      'settings.realtimeStock must be true or false (received 1)',
    ],
    [
      'a window of 0 minutes',
      place(paypalOrder, { ...ignoringIncomplete, paymentWindowMinutes: 0 }),
      'settings.paymentWindowMinutes must be at least 1 (received 0)',
    ],
    [
      'a fractional window',
      place(paypalOrder, { ...ignoringIncomplete, paymentWindowMinutes: 2.5 }),
      'settings.paymentWindowMinutes must be a whole number of minutes (received 2.5)',
    ],
    [
      'a window that is text',
      place(paypalOrder, { ...ignoringIncomplete, paymentWindowMinutes: '30' }),
      'settings.paymentWindowMinutes must be a number (received "30")',
    ],
    [
      'a placement that is not an object',
      () => startOrder(null as unknown as Placement),
      'placement must be an object { order, settings } (received null)',
    ],
    [
      'an order that cannot be read as data',
      place(
        Object.defineProperty({ ...paypalOrder }, 'id', {
          enumerable: true,
          get: () => {
            throw new Error('boom');
          },
        }),
      ),
      'order could not be read as plain data',
    ],
  ])('%s', (_, run, message) => {
    expect(messageOf(run)).toBe(message);
  });
});

describe('the events', () => {
  const move = (type: string, fields: object) =>
    apply({ type, transactionId: 'T-1', amount: 100, currency: 'EUR', ...fields });
  test.each([
    ['an event that is not an object', apply(5), 'event must be an object (received 5)'],
    [
      'an event of an unknown type',
      apply({ type: 'merchant.orderDeleted' }),
      'event.type must be one of "gateway.paymentConfirmed", "gateway.paymentAuthorized", "gateway.paymentCaptured", "gateway.authorizationVoided", "gateway.refunded", "gateway.chargeback", "gateway.chargebackReversed", "gateway.paymentFailed", "timer.paymentWindowElapsed", "merchant.paymentStatusChanged", "merchant.shippingStatusChanged", "merchant.linesShipped", "merchant.linesReturned", "merchant.orderCancelled" (received "merchant.orderDeleted")',
    ],
    [
      'a reason that is not text',
      apply({ type: 'merchant.orderCancelled', reason: 5 }),
      'event.reason must be a string (received 5)',
    ],
    [
      'a reason that is too long',
      apply({ type: 'merchant.orderCancelled', reason: 'x'.repeat(1001) }),
      'event.reason must be at most 1000 characters (received 1001)',
    ],
    [
      'a shipping status the merchant cannot set',
      apply({ type: 'merchant.shippingStatusChanged', status: 'lost' }),
      'event.status must be "shipped" or "notShipped" (received "lost")',
    ],
    [
      'a payment status the merchant cannot set',
      apply({ type: 'merchant.paymentStatusChanged', status: 'refunded' }),
      'event.status must be "paid" or "pending" (received "refunded")',
    ],
    [
      'an empty transaction id',
      apply({ type: 'gateway.paymentFailed', transactionId: '' }),
      'event.transactionId must not be empty',
    ],
    [
      'a money report without a transaction id',
      apply({ type: 'gateway.refunded', amount: 1, currency: 'EUR' }),
      'event.transactionId is missing',
    ],
    [
      'an amount of 0 (M9)',
      move('gateway.paymentConfirmed', { amount: 0 }),
      'event.amount must be at least 1 minor unit (received 0)',
    ],
    [
      'a negative amount',
      move('gateway.refunded', { amount: -5 }),
      'event.amount must not be negative (received -5)',
    ],
    [
      'a fractional amount',
      move('gateway.paymentAuthorized', { amount: 19.99 }),
      'event.amount must be a whole number of minor units, at most 9007199254740991 (received 19.99)',
    ],
    [
      'an amount that is NaN',
      move('gateway.chargeback', { amount: Number.NaN }),
      'event.amount must be a number (received NaN)',
    ],
    [
      'an infinite amount',
      move('gateway.chargebackReversed', { amount: Number.POSITIVE_INFINITY }),
      'event.amount must be a whole number of minor units, at most 9007199254740991 (received Infinity)',
    ],
    [
      'an amount past 2^53 - 1',
      move('gateway.paymentConfirmed', { amount: tooMuch }),
      'event.amount must be a whole number of minor units, at most 9007199254740991 (received 9007199254740992)',
    ],
    [
      'an amount that is text',
      move('gateway.paymentConfirmed', { amount: '100' }),
      'event.amount must be a number (received "100")',
    ],
    [
      'a missing amount',
      apply({ type: 'gateway.paymentConfirmed', transactionId: 'T-1', currency: 'EUR' }),
      'event.amount is missing',
    ],
    [
      'a lower-case currency',
      move('gateway.paymentConfirmed', { currency: 'usd' }),
      'event.currency must be an ISO 4217 code of three capital letters (received "usd")',
    ],
    [
      'a currency the engine does not know (M9)',
      move('gateway.paymentCaptured', { authorizationId: 'AUTH-1', currency: 'XXX' }),
      'event.currency must be an ISO 4217 currency code the engine knows (received "XXX")',
    ],
    [
      'a capture without its authorization',
      move('gateway.paymentCaptured', {}),
      'event.authorizationId is missing',
    ],
    [
      'a void without its authorization',
      apply({ type: 'gateway.authorizationVoided', transactionId: 'V-1' }),
      'event.authorizationId is missing',
    ],
    [
      'a void of an empty authorization id',
      apply({ type: 'gateway.authorizationVoided', transactionId: 'V-1', authorizationId: '' }),
      'event.authorizationId must not be empty',
    ],
    [
      'a shipment without lines',
      apply({ type: 'merchant.linesShipped' }),
      'event.lines is missing',
    ],
    [
      'a shipment of no line',
      apply({ type: 'merchant.linesShipped', lines: [] }),
      'event.lines must have at least 1 line (received 0)',
    ],
    [
      'a shipment of 0 units',
      apply({ type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 0 }] }),
      'event.lines[0].quantity must be at least 1 (received 0)',
    ],
    [
      'a shipment naming a sku twice',
      apply({
        type: 'merchant.linesShipped',
        lines: [
          { sku: 'TEE-M', quantity: 1 },
          { sku: 'TEE-M', quantity: 1 },
        ],
      }),
      'event.lines[1].sku repeats the sku of an earlier line (one line per sku) (received "TEE-M")',
    ],
    [
      'a return without restock',
      apply({ type: 'merchant.linesReturned', lines: [{ sku: 'TEE-M', quantity: 1 }] }),
      'event.restock is missing',
    ],
    [
      'a restock that is not true or false',
      apply({
        type: 'merchant.linesReturned',
        lines: [{ sku: 'TEE-M', quantity: 1 }],
        restock: 'yes',
      }),
      'event.restock must be true or false (received "yes")',
    ],
    [
      'a return of a fractional quantity',
      apply({
        type: 'merchant.linesReturned',
        lines: [{ sku: 'TEE-M', quantity: 0.5 }],
        restock: true,
      }),
      'event.lines[0].quantity must be a whole number (received 0.5)',
    ],
    [
      'a payment that would take the money past 2^53 - 1 (M9)',
      apply(sale('PAY-2', Number.MAX_SAFE_INTEGER), paid),
      "event.amount would take the order's money past 9007199254740991 minor units",
    ],
  ])('%s', (_, run, message) => {
    expect(messageOf(run)).toBe(message);
  });
});

describe('the shape of a stored snapshot', () => {
  test.each([
    [
      'a snapshot that is not an object',
      view(null),
      'snapshot must be an object with only the fields schemaVersion, state, order, settings, transactionIds, money, goods (received null)',
    ],
    [
      'a schema this version does not read',
      view({ ...paid, schemaVersion: 9 }),
      'snapshot.schemaVersion is 9, which this version of order-rules does not read (it reads 1 to 4)',
    ],
    [
      'a schema version that is text',
      view({ ...paid, schemaVersion: '4' }),
      'snapshot.schemaVersion must be 4 (received "4")',
    ],
    ['a field it does not know', view({ ...paid, note: 1 }), 'snapshot.note is not a known field'],
    [
      'a state that is not an object',
      view({ ...paid, state: 'paid' }),
      'snapshot.state must be an object with only the fields payment, shipping, confirmation, stock, orderEmails (received "paid")',
    ],
    [
      'a field of the state it does not know',
      view({ ...paid, state: { ...paid.state, paymentAlerts: {} } }),
      'snapshot.state.paymentAlerts is not a known field',
    ],
    [
      'a payment status it does not know',
      view({ ...paid, state: { ...paid.state, payment: 'lost' } }),
      'snapshot.state.payment must be one of "incomplete", "pending", "paid", "review", "failed", "expired", "cancelled", "authorized", "partiallyPaid", "partiallyRefunded", "refunded", "voided" (received "lost")',
    ],
    [
      'a listing, which the stored form leaves out (I6 works it out)',
      view({ ...paid, state: { ...paid.state, listing: 'listed' } }),
      'snapshot.state.listing is not a known field',
    ],
    [
      'a payment window, which the stored form leaves out (B4 works it out)',
      view({ ...paid, state: { ...paid.state, paymentWindow: 'none' } }),
      'snapshot.state.paymentWindow is not a known field',
    ],
    [
      'units deducted, which the stored form leaves out (the stock region says them)',
      view(edited(paid, (copy) => (copy.goods[0].deducted = 2))),
      'snapshot.goods[0].deducted is not a known field',
    ],
    [
      'a list for money',
      view({ ...paid, money: [] }),
      'snapshot.money must be an object with only the fields captured, refunded, chargedBack, authorizations, otherCurrency, otherCurrencyAuthorizations (received Array)',
    ],
    [
      'a field of the order it does not know',
      view({ ...paid, order: { ...paid.order, note: 'gift' } }),
      'snapshot.order.note is not a known field',
    ],
    [
      'a field of an order line it does not know',
      view(edited(paid, (copy) => (copy.order.lines[0].price = 1995))),
      'snapshot.order.lines[0].price is not a known field',
    ],
    [
      'a field of the total it does not know',
      view(edited(paid, (copy) => (copy.order.total.tax = 0))),
      'snapshot.order.total.tax is not a known field',
    ],
    [
      'a setting it does not know',
      view({ ...paid, settings: { ...paid.settings, paymentWindowMinute: 30 } }),
      'snapshot.settings.paymentWindowMinute is not a known field',
    ],
    [
      'an order with a sku on two lines',
      view(
        edited(paid, (copy) => {
          copy.order.lines.push({ sku: 'TEE-M', quantity: 1 });
          copy.goods.push(copy.goods[0]);
        }),
      ),
      'snapshot.order.lines[1].sku repeats the sku of an earlier line (one line per sku) (received "TEE-M")',
    ],
    [
      'transaction ids that are not a list',
      view({ ...paid, transactionIds: 'PAY-1' }),
      'snapshot.transactionIds must be an array (received "PAY-1")',
    ],
    [
      'money that is not an object',
      view({ ...paid, money: 3990 }),
      'snapshot.money must be an object with only the fields captured, refunded, chargedBack, authorizations, otherCurrency, otherCurrencyAuthorizations (received 3990)',
    ],
    [
      'a negative amount captured',
      view({ ...paid, money: { ...paid.money, captured: -1 } }),
      'snapshot.money.captured must not be negative (received -1)',
    ],
    [
      'a fractional amount refunded',
      view({ ...paid, money: { ...paid.money, refunded: 0.5 } }),
      'snapshot.money.refunded must be a whole number of minor units, at most 9007199254740991 (received 0.5)',
    ],
    [
      'an authorization holding nothing',
      view({
        ...authorized,
        money: { ...authorized.money, authorizations: [{ id: 'AUTH-1', held: 0 }] },
      }),
      'snapshot.money.authorizations[0].held must be at least 1 minor unit (received 0)',
    ],
    [
      'a field of an authorization it does not know',
      view(edited(authorized, (copy) => (copy.money.authorizations[0].expires = 'soon'))),
      'snapshot.money.authorizations[0].expires is not a known field',
    ],
    [
      'an authorization that is not an object',
      view({ ...authorized, money: { ...authorized.money, authorizations: ['AUTH-1'] } }),
      'snapshot.money.authorizations[0] must be an object with only the fields id, held (received "AUTH-1")',
    ],
    [
      'another currency that is not true or false',
      view({ ...paid, money: { ...paid.money, otherCurrency: 'USD' } }),
      'snapshot.money.otherCurrency must be true or false (received "USD")',
    ],
    [
      'goods that are not a list',
      view({ ...paid, goods: {} }),
      'snapshot.goods must be an array (received Object)',
    ],
    [
      'a line of goods that is not an object',
      view({ ...paid, goods: [2] }),
      'snapshot.goods[0] must be an object with only the fields shipped, returned, restored (received 2)',
    ],
    [
      'a negative count of units',
      view(edited(paid, (copy) => (copy.goods[0].shipped = -1))),
      'snapshot.goods[0].shipped must not be negative (received -1)',
    ],
    [
      'a fractional count of units',
      view(edited(paid, (copy) => (copy.goods[0].returned = 0.5))),
      'snapshot.goods[0].returned must be a whole number of units (received 0.5)',
    ],
  ])('%s', (_, run, message) => {
    expect(messageOf(run)).toBe(message);
  });
});

describe('a stored snapshot no order can be in (hand-edited, written as schema 3, which keeps every region)', () => {
  const incomplete = asSchema3(incompleteNow);
  const paid = asSchema3(paidNow);
  const shipped = asSchema3(shippedNow);
  const cancelled = asSchema3(cancelledNow);
  const authorized = asSchema3(authorizedNow);
  const windowed = asSchema3(windowedNow);
  const manual = asSchema3(manualNow);
  test.each([
    [
      'a transaction id taken twice (D9)',
      view({ ...paid, transactionIds: ['PAY-1', 'PAY-1'] }),
      'snapshot.transactionIds must not repeat an id',
    ],
    [
      'an authorization listed twice',
      view(edited(authorized, (copy) => copy.money.authorizations.push({ id: 'AUTH-1', held: 1 }))),
      'snapshot.money.authorizations must not repeat an id',
    ],
    [
      'an authorization in another currency also held in the order currency',
      view(
        edited(authorized, (copy) => {
          copy.money.otherCurrency = true;
          copy.money.otherCurrencyAuthorizations.push('AUTH-1');
        }),
      ),
      'snapshot.money.otherCurrencyAuthorizations must not repeat an id, nor one of authorizations',
    ],
    [
      'an authorization in another currency without a report in another currency',
      view(
        edited(authorized, (copy) => {
          copy.transactionIds.push('AUTH-USD');
          copy.money.otherCurrencyAuthorizations.push('AUTH-USD');
        }),
      ),
      'snapshot.money.otherCurrency must be true when an authorization in another currency is kept',
    ],
    [
      'an authorization whose report the order never took (D9)',
      view(edited(authorized, (copy) => copy.money.authorizations.push({ id: 'AUTH-2', held: 1 }))),
      'snapshot.money.authorizations must name authorizations among transactionIds (D9)',
    ],
    [
      'an authorization in another currency whose report the order never took (D9)',
      view(
        edited(authorized, (copy) => {
          copy.money.otherCurrency = true;
          copy.money.otherCurrencyAuthorizations.push('AUTH-USD');
        }),
      ),
      'snapshot.money.otherCurrencyAuthorizations must name authorizations among transactionIds (D9)',
    ],
    [
      'authorizations holding more than 2^53 - 1 minor units in all (M9)',
      view(
        edited(authorized, (copy) => {
          copy.transactionIds.push('AUTH-2');
          copy.money.authorizations = [
            { id: 'AUTH-1', held: Number.MAX_SAFE_INTEGER },
            { id: 'AUTH-2', held: Number.MAX_SAFE_INTEGER },
          ];
        }),
      ),
      'snapshot.money.authorizations must hold at most 9007199254740991 minor units in all (M9)',
    ],
    [
      'more refunded than captured (I8)',
      view({ ...paid, money: { ...paid.money, refunded: 3991 } }),
      'snapshot.money must not refund or charge back more than was captured (I8)',
    ],
    [
      'more charged back than captured (I8)',
      view({ ...paid, money: { ...paid.money, refunded: 3000, chargedBack: 991 } }),
      'snapshot.money must not refund or charge back more than was captured (I8)',
    ],
    [
      'a manual-payment order with a gateway report (D8)',
      view({ ...manual, transactionIds: ['PAY-1'] }),
      'snapshot.transactionIds must be empty for a manual-payment order (D8)',
    ],
    [
      'a manual-payment order with money captured (D8)',
      view({ ...manual, money: { ...manual.money, captured: 5400 } }),
      'snapshot.money must be empty for a manual-payment order (D8)',
    ],
    [
      'a manual-payment order with money held (D8)',
      view({ ...manual, money: { ...manual.money, authorizations: [{ id: 'A', held: 1 }] } }),
      'snapshot.money must be empty for a manual-payment order (D8)',
    ],
    [
      'a manual-payment order with money in another currency (D8)',
      view({ ...manual, money: { ...manual.money, otherCurrency: true } }),
      'snapshot.money must be empty for a manual-payment order (D8)',
    ],
    [
      'goods of another number of lines than the order',
      view({ ...paid, goods: [] }),
      'snapshot.goods must have one entry per order line (1)',
    ],
    [
      'part of a line deducted (I1)',
      view(edited(paid, (copy) => (copy.goods[0].deducted = 1))),
      "snapshot.goods[0].deducted must be 0 or the line's quantity 2 (I1)",
    ],
    [
      'more units shipped than ordered (G2)',
      view(edited(shipped, (copy) => (copy.goods[0].shipped = 3))),
      'snapshot.goods[0].shipped must be at most 2 (G2)',
    ],
    [
      'more units returned than shipped (G3)',
      view(edited(paid, (copy) => (copy.goods[0].returned = 1))),
      'snapshot.goods[0].returned must be at most shipped (G3)',
    ],
    [
      'more units restored than deducted (I1)',
      view(edited(cancelled, (copy) => (copy.goods[0].restored = 3))),
      'snapshot.goods[0].restored must be at most deducted (I1)',
    ],
    [
      'units restored on a live order that none returned (G3, G4)',
      view(edited(paid, (copy) => (copy.goods[0].restored = 2))),
      'snapshot.goods[0].restored must be at most returned unless the order is cancelled (G3, G4)',
    ],
    [
      'one line deducted and another not (I1)',
      view(
        edited(
          asSchema3(storedAfter({ order: chequeOrder, settings: ignoringIncomplete })),
          (copy) => {
            copy.goods[1].deducted = 0;
          },
        ),
      ),
      'snapshot.goods must have every line deducted, or none (I1: the confirmation deducts every unit)',
    ],
    [
      'stock said deducted with no unit deducted',
      view(edited(paid, (copy) => (copy.goods[0].deducted = 0))),
      'snapshot.state.stock must be "notDeducted" exactly when no unit is deducted',
    ],
    [
      'stock deducted on an order not confirmed (I5)',
      view(
        edited(incomplete, (copy) => {
          copy.state.stock = 'deducted';
          copy.goods[0].deducted = 2;
        }),
      ),
      'snapshot.state.stock must be "notDeducted" exactly until a confirmation deducts it, with realtimeStock (I3, I5, D7)',
    ],
    [
      'a confirmed order whose stock was never deducted (I3)',
      view(
        edited(paid, (copy) => {
          copy.state.stock = 'notDeducted';
          copy.goods[0].deducted = 0;
        }),
      ),
      'snapshot.state.stock must be "notDeducted" exactly until a confirmation deducts it, with realtimeStock (I3, I5, D7)',
    ],
    [
      'stock restored on a live order (G4)',
      view(edited(paid, (copy) => (copy.state.stock = 'restored'))),
      'snapshot.state.stock must not be "restored" unless the order is cancelled (G4)',
    ],
    [
      'a cancelled order whose stock was not restored (G4)',
      view(
        edited(cancelled, (copy) => {
          copy.state.stock = 'deducted';
          copy.goods[0].restored = 0;
        }),
      ),
      'snapshot.state.stock must be "restored" once the order is cancelled (G4)',
    ],
    [
      'a confirmed order whose emails were not sent (I4)',
      view(edited(paid, (copy) => (copy.state.orderEmails = 'notSent'))),
      'snapshot.state.orderEmails must be "notSent" exactly when the order is not confirmed (I4)',
    ],
    [
      'a cancellation email on a live order (D13)',
      view(edited(paid, (copy) => (copy.state.orderEmails = 'cancellationSent'))),
      'snapshot.state.orderEmails must be "cancellationSent" exactly when a confirmed order is cancelled (D13)',
    ],
    [
      'a confirmed order cancelled without its cancellation email (D13)',
      view(edited(cancelled, (copy) => (copy.state.orderEmails = 'sent'))),
      'snapshot.state.orderEmails must be "cancellationSent" exactly when a confirmed order is cancelled (D13)',
    ],
    [
      'a paid order never confirmed (S1d)',
      view(edited(incomplete, (copy) => (copy.state.payment = 'paid'))),
      'snapshot.state.confirmation must be "confirmed" for payment status "paid"',
    ],
    [
      'an authorized order never confirmed (M3)',
      view(edited(incomplete, (copy) => (copy.state.payment = 'authorized'))),
      'snapshot.state.confirmation must be "confirmed" for payment status "authorized"',
    ],
    [
      'a confirmed order said incomplete',
      view(edited(paid, (copy) => (copy.state.payment = 'incomplete'))),
      'snapshot.state.confirmation must be "unconfirmed" for payment status "incomplete"',
    ],
    [
      'a manual-payment order not confirmed (S3a)',
      view(
        edited(manual, (copy) => {
          copy.state.payment = 'review';
          copy.state.confirmation = 'unconfirmed';
          copy.state.orderEmails = 'notSent';
        }),
      ),
      'snapshot.state.confirmation must be "confirmed" unless the order is a gateway order placed with ignoreIncompleteOrders on (S3a, D1)',
    ],
    [
      'a unit shipped before the confirmation (D5)',
      view(
        edited(incomplete, (copy) => {
          copy.goods[0].shipped = 2;
          copy.state.shipping = 'shipped';
        }),
      ),
      'snapshot.goods must have no unit shipped before the confirmation (D5)',
    ],
    [
      'a shipping status the goods do not match (G2)',
      view(edited(paid, (copy) => (copy.state.shipping = 'shipped'))),
      'snapshot.state.shipping must be "notShipped" for the units shipped and returned (G2, G3)',
    ],
    [
      'goods shipped in part said shipped (G2)',
      view(edited(shipped, (copy) => (copy.goods[0].shipped = 1))),
      'snapshot.state.shipping must be "partiallyShipped" for the units shipped and returned (G2, G3)',
    ],
    [
      'goods returned said shipped (G3)',
      view(edited(shipped, (copy) => (copy.goods[0].returned = 1))),
      'snapshot.state.shipping must be "partiallyReturned" for the units shipped and returned (G2, G3)',
    ],
    [
      'an incomplete order listed (S1b, I6)',
      view(edited(incomplete, (copy) => (copy.state.listing = 'listed'))),
      'snapshot.state.listing must be "hidden" (I6)',
    ],
    [
      'a confirmed order hidden (I6)',
      view(edited(paid, (copy) => (copy.state.listing = 'hidden'))),
      'snapshot.state.listing must be "listed" (I6)',
    ],
    [
      "an order holding the buyer's money, hidden (I6)",
      view(
        edited(incomplete, (copy) => {
          copy.money.captured = 100;
        }),
      ),
      'snapshot.state.listing must be "listed" (I6)',
    ],
    [
      'a window never asked for (B4)',
      view(edited(paid, (copy) => (copy.state.paymentWindow = 'scheduled'))),
      'snapshot.state.paymentWindow must be "none" for an order without a payment window (B4)',
    ],
    [
      'a window not asked for on an order that has one (B4)',
      view(edited(windowed, (copy) => (copy.state.paymentWindow = 'none'))),
      'snapshot.state.paymentWindow must be "scheduled" for a gateway order with a payment window (B4)',
    ],
  ])('%s', (_, run, message) => {
    expect(messageOf(run)).toBe(message);
  });
});

describe('snapshots of older schemas', () => {
  test.each([
    [
      'a schema-2 alert state it does not know',
      view(edited(schema2Entry, (copy) => (copy.state.paymentAlerts.amountMismatch = 'twice'))),
      'snapshot.state.paymentAlerts.amountMismatch must be one of "notSent", "sent" (received "twice")',
    ],
    [
      'a schema-2 snapshot without its alerts',
      view(edited(schema2Entry, (copy) => delete copy.state.paymentAlerts)),
      'snapshot.state.paymentAlerts is missing',
    ],
    [
      'a schema-2 snapshot in the shape of schema 3',
      view({ ...asSchema3(paid), schemaVersion: 2 }),
      'snapshot.state.paymentAlerts is missing',
    ],
    [
      'a schema-2 snapshot whose transaction ids repeat',
      view({ ...schema2Entry, gatewayTransactionIds: ['P-1', 'P-1'] }),
      'snapshot.transactionIds must not repeat an id',
    ],
    [
      'a schema-2 order with a field it does not know',
      view(edited(schema2Entry, (copy) => (copy.order.note = 'gift'))),
      'snapshot.order.note is not a known field',
    ],
    [
      'a schema-1 state that is not an object',
      view({ ...schema1.paidAndShipped, state: 'paid' }),
      'snapshot.state must be an object with only the fields payment, shipping, confirmation, stock, orderEmails (received "paid")',
    ],
    [
      'a schema-1 payment status it did not know',
      view({
        ...schema1.paidAndShipped,
        state: { ...schema1.paidAndShipped.state, payment: 'review' },
      }),
      'snapshot.state.payment must be one of "incomplete", "pending", "paid" (received "review")',
    ],
    [
      'a schema-1 snapshot in the shape of schema 3',
      view({ ...asSchema3(paid), schemaVersion: 1 }),
      'snapshot.state.paymentWindow is not a known field',
    ],
    [
      'an older snapshot whose lines of one sku add up past 2^53 - 1',
      view({
        ...schema1.incomplete,
        order: {
          ...schema1.incomplete.order,
          lines: [
            { sku: 'TEE-M', quantity: Number.MAX_SAFE_INTEGER },
            { sku: 'TEE-M', quantity: 1 },
          ],
        },
      }),
      'snapshot.order.lines must have at most 9007199254740991 units in all (received Array)',
    ],
  ])('%s', (_, run, message) => {
    expect(messageOf(run)).toBe(message);
  });

  test('a snapshot of an older schema that does not check out is refused as invalidSnapshot too', () => {
    try {
      view({ ...schema1.paidAndShipped, state: 'paid' })();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalidSnapshot', field: 'snapshot.state' });
      return;
    }
    throw new Error('expected an OrderRulesError');
  });
});
