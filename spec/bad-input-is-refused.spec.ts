/**
 * Bad input: every public function checks what it is given at run time and throws OrderRulesError,
 * with a stable code and a message naming the bad field, and nothing else; it changes nothing given.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  applyEvent,
  getOrderView,
  type OrderEvent,
  OrderRulesError,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../src/index.js';
import { placementArb } from './arbitraries.js';
import { ignoringIncomplete, paypalOrder, setPaid } from './play.js';

const placed = startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot;

/** Calls `run` and returns the OrderRulesError it throws; fails if it throws anything else or nothing. */
function rulesErrorOf(run: () => unknown): OrderRulesError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OrderRulesError);
    return error as OrderRulesError;
  }
  throw new Error('expected an OrderRulesError, but nothing was thrown');
}

const place = (placement: unknown) => () => startOrder(placement as Placement);
const apply = (snapshot: unknown, event: unknown) => () =>
  applyEvent(snapshot as OrderSnapshot, event as OrderEvent);

describe('bad input is refused with an error naming the field', () => {
  test.each([
    [
      { order: { ...paypalOrder, lines: [] } },
      'invalidOrder',
      'order.lines must have at least 1 line (received 0)',
    ],
    [
      { order: { ...paypalOrder, lines: [{ sku: 'TEE-M', quantity: 1.5 }] } },
      'invalidOrder',
      'order.lines[0].quantity must be a whole number (received 1.5)',
    ],
    [
      { order: { ...paypalOrder, lines: [{ sku: 'TEE-M', quantity: -2 }] } },
      'invalidOrder',
      'order.lines[0].quantity must be at least 1 (received -2)',
    ],
    [
      { order: { ...paypalOrder, total: { amount: Number.NaN, currency: 'EUR' } } },
      'invalidOrder',
      'order.total.amount must be a number (received NaN)',
    ],
    [
      { order: { ...paypalOrder, total: { amount: 10, currency: 'euro' } } },
      'invalidOrder',
      'order.total.currency must be an ISO 4217 code of three capital letters (received "euro")',
    ],
    [
      { order: { ...paypalOrder, paymentMethod: { kind: 'crypto', provider: 'x' } } },
      'invalidOrder',
      'order.paymentMethod.kind must be "gateway" or "manual" (received "crypto")',
    ],
    [{ order: { ...paypalOrder, id: '' } }, 'invalidOrder', 'order.id must not be empty'],
    [
      { settings: { realtimeStock: true } },
      'invalidSettings',
      'settings.ignoreIncompleteOrders is missing',
    ],
    [
      { settings: { ignoreIncompleteOrders: 'yes', realtimeStock: true } },
      'invalidSettings',
      'settings.ignoreIncompleteOrders must be true or false (received "yes")',
    ],
  ])('startOrder refuses %j with %s', (change, code, message) => {
    const error = rulesErrorOf(
      place({ order: paypalOrder, settings: ignoringIncomplete, ...change }),
    );
    expect([error.code, error.message]).toEqual([code, message]);
  });

  test('startOrder refuses what is not a placement', () => {
    expect(rulesErrorOf(place(null)).message).toMatch(/^placement must be an object/);
    expect(rulesErrorOf(place({ settings: ignoringIncomplete })).message).toBe(
      'placement.order is missing',
    );
  });

  test.each([
    [{ type: 'merchant.orderDeleted' }, 'event.type must be one of'],
    [
      { type: 'merchant.paymentStatusChanged', status: 'refunded' },
      'event.status must be "paid" or "pending"',
    ],
    [
      { type: 'gateway.paymentConfirmed', amount: 3990, currency: 'EUR' },
      'event.transactionId is missing',
    ],
    [
      { type: 'gateway.paymentConfirmed', transactionId: 'T', amount: -1, currency: 'EUR' },
      'event.amount must not be negative',
    ],
    ['paid', 'event must be an object'],
  ])('applyEvent refuses the event %j', (event, message) => {
    const error = rulesErrorOf(apply(placed, event));
    expect(error.code).toBe('invalidEvent');
    expect(error.message.startsWith(message)).toBe(true);
  });

  test.each([
    [
      { ...placed, schemaVersion: 3 },
      'snapshot.schemaVersion is 3, which this version of order-rules does not read',
    ],
    [
      { ...placed, state: { ...placed.state, payment: 'refunded' } },
      'snapshot.state.payment must be one of',
    ],
    [{ ...placed, note: 'hi' }, 'snapshot.note is not a known field'],
    [
      { ...placed, order: { ...placed.order, lines: 'many' } },
      'snapshot.order.lines must be an array',
    ],
    [[], 'snapshot.schemaVersion is missing'],
    ['{}', 'snapshot must be an object'],
  ])('applyEvent and getOrderView refuse the snapshot %#', (snapshot, message) => {
    for (const error of [
      rulesErrorOf(apply(snapshot, setPaid)),
      rulesErrorOf(() => getOrderView(snapshot as OrderSnapshot)),
    ]) {
      expect(error.code).toBe('invalidSnapshot');
      expect(error.message.startsWith(message)).toBe(true);
    }
  });

  test('the error names its field apart from its message, for hosts that map it to a form or a log', () => {
    const error = rulesErrorOf(
      apply(placed, { type: 'merchant.shippingStatusChanged', status: 'lost' }),
    );
    expect(error).toMatchObject({
      name: 'OrderRulesError',
      code: 'invalidEvent',
      field: 'event.status',
    });
  });

  test('an input that cannot be read as data is refused, not crashed on', () => {
    const hostile = Object.defineProperty({ ...paypalOrder }, 'id', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(rulesErrorOf(place({ order: hostile, settings: ignoringIncomplete })).code).toBe(
      'invalidOrder',
    );
  });

  test.prop([fc.jsonValue()])(
    'for any JSON value as an event, applyEvent decides or throws invalidEvent',
    (event) => {
      try {
        applyEvent(placed, event as unknown as OrderEvent);
      } catch (error) {
        expect(error).toBeInstanceOf(OrderRulesError);
        expect((error as OrderRulesError).code).toBe('invalidEvent');
      }
    },
  );

  test.prop([placementArb, fc.jsonValue()])(
    'for any JSON value in place of the settings, startOrder decides or throws invalidSettings',
    (placement, settings) => {
      try {
        startOrder({ ...placement, settings } as unknown as Placement);
      } catch (error) {
        expect((error as OrderRulesError).code).toBe('invalidSettings');
      }
    },
  );
});
