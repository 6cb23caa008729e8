/**
 * The messages of OrderRulesError, word for word: hosts log them and show them to merchants, so
 * each check of the input says what it checks, on the field it checks.
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
import schema1 from './fixtures/snapshots-schema-1.json' with { type: 'json' };
import { ignoringIncomplete, paypalOrder } from './play.js';

const placed = startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot;
const long = 'x'.repeat(201);
const shortened = `"${'x'.repeat(56)}...`;

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

describe('error messages name the field and the rule it breaks', () => {
  test.each([
    [place('A-1'), 'order must be an object (received "A-1")'],
    [place({ ...paypalOrder, id: long }), 'order.id must be at most 200 characters (received 201)'],
    [
      place({ ...paypalOrder, total: { amount: 1, currency: long } }),
      `order.total.currency must be an ISO 4217 code of three capital letters (received ${shortened})`,
    ],
    [place({ ...paypalOrder, id: 7 }), 'order.id must be a string (received 7)'],
    [
      place({ ...paypalOrder, paymentMethod: 'paypal' }),
      'order.paymentMethod must be an object (received "paypal")',
    ],
    [
      place({ ...paypalOrder, paymentMethod: { kind: 'gateway', provider: '' } }),
      'order.paymentMethod.provider must not be empty',
    ],
    [place({ ...paypalOrder, lines: 'TEE' }), 'order.lines must be an array (received "TEE")'],
    [
      place({ ...paypalOrder, lines: ['TEE'] }),
      'order.lines[0] must be an object (received "TEE")',
    ],
    [
      place({
        ...paypalOrder,
        lines: Array.from({ length: 10_001 }, () => ({ sku: 'A', quantity: 1 })),
      }),
      'order.lines must have at most 10000 lines (received 10001)',
    ],
    [
      place({ ...paypalOrder, lines: [{ sku: 'A', quantity: '2' }] }),
      'order.lines[0].quantity must be a number (received "2")',
    ],
    [place({ ...paypalOrder, total: 3990 }), 'order.total must be an object (received 3990)'],
    [
      place({ ...paypalOrder, total: { amount: 39.9, currency: 'EUR' } }),
      'order.total.amount must be a whole number of minor units (received 39.9)',
    ],
    [
      place({ ...paypalOrder, total: { amount: -1, currency: 'EUR' } }),
      'order.total.amount must not be negative (received -1)',
    ],
    [
      place({ ...paypalOrder, total: { amount: 1, currency: 7 } }),
      'order.total.currency must be a string (received 7)',
    ],
    [place(paypalOrder, 'on'), 'settings must be an object (received "on")'],
    [
      place(paypalOrder, { ...ignoringIncomplete, realtimeStock: 1 }),
      'settings.realtimeStock must be true or false (received 1)',
    ],
    [
      place(paypalOrder, { ...ignoringIncomplete, paymentWindowMinutes: 0 }),
      'settings.paymentWindowMinutes must be at least 1 (received 0)',
    ],
    [
      place(paypalOrder, { ...ignoringIncomplete, paymentWindowMinutes: 2.5 }),
      'settings.paymentWindowMinutes must be a whole number of minutes (received 2.5)',
    ],
    [
      place(paypalOrder, { ...ignoringIncomplete, paymentWindowMinutes: '30' }),
      'settings.paymentWindowMinutes must be a number (received "30")',
    ],
    [apply(5), 'event must be an object (received 5)'],
    [
      apply({ type: 'merchant.orderCancelled', reason: 5 }),
      'event.reason must be a string (received 5)',
    ],
    [
      apply({ type: 'merchant.orderCancelled', reason: 'x'.repeat(1001) }),
      'event.reason must be at most 1000 characters (received 1001)',
    ],
    [
      apply({ type: 'merchant.shippingStatusChanged', status: 'lost' }),
      'event.status must be "shipped" or "notShipped" (received "lost")',
    ],
    [
      apply({ type: 'gateway.paymentFailed', transactionId: '' }),
      'event.transactionId must not be empty',
    ],
    [
      view({
        ...placed,
        state: {
          ...placed.state,
          paymentAlerts: { ...placed.state.paymentAlerts, amountMismatch: 'twice' },
        },
      }),
      'snapshot.state.paymentAlerts.amountMismatch must be one of "notSent", "sent" (received "twice")',
    ],
    [
      view({ ...placed, state: { ...placed.state, extra: 1 } }),
      'snapshot.state.extra is not a known field',
    ],
    [
      view({ ...placed, state: 'paid' }),
      'snapshot.state must be an object with only the fields payment, shipping, confirmation, stock, orderEmails, paymentWindow, paymentAlerts (received "paid")',
    ],
    [
      view({ ...placed, gatewayTransactionIds: Array.from({ length: 33 }, (_, n) => `P-${n}`) }),
      'snapshot.gatewayTransactionIds must have at most 32 ids (received 33)',
    ],
    [
      view({ ...placed, gatewayTransactionIds: ['P-1', 'P-1'] }),
      'snapshot.gatewayTransactionIds must not repeat an id',
    ],
    [view({ ...placed, schemaVersion: 1 }), 'snapshot.state.paymentWindow is not a known field'],
    [
      view(null),
      'snapshot must be an object with only the fields schemaVersion, state, order, settings, gatewayTransactionIds (received null)',
    ],
    [
      view({ ...placed, gatewayTransactionIds: 'P-1' }),
      'snapshot.gatewayTransactionIds must be an array (received "P-1")',
    ],
    [
      view({ ...placed, state: { ...placed.state, paymentAlerts: 'none' } }),
      'snapshot.state.paymentAlerts must be an object with only the fields amountMismatch, possibleDoublePayment, paymentAfterCancellation (received "none")',
    ],
    [
      view({ ...schema1.paidAndShipped, state: 'paid' }),
      'snapshot.state must be an object with only the fields payment, shipping, confirmation, stock, orderEmails (received "paid")',
    ],
    [
      view({
        ...schema1.paidAndShipped,
        state: { ...schema1.paidAndShipped.state, payment: 'review' },
      }),
      'snapshot.state.payment must be one of "incomplete", "pending", "paid" (received "review")',
    ],
  ])('%#: %j', (run, message) => {
    expect(messageOf(run)).toBe(message);
  });
});

test('a snapshot of an older schema that does not check out is refused as invalidSnapshot too', () => {
  const run = view({ ...schema1.paidAndShipped, state: 'paid' });
  expect(run).toThrow(OrderRulesError);
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalidSnapshot', field: 'snapshot.state' });
  }
});
