/**
 * Typed parsing for hosts: `parseEvent` and `parsePlacement` read untrusted JSON (a webhook's body)
 * as an `OrderEvent` or a `Placement`, typed, so a host needs no cast; or throw `OrderRulesError`
 * with the same code, field and message as `applyEvent` and `startOrder` would, word for word.
 */
import { test } from '@fast-check/vitest';
import { describe, test as example, expect, expectTypeOf } from 'vitest';
import {
  applyEvent,
  type OrderEvent,
  OrderRulesError,
  type Placement,
  parseEvent,
  parsePlacement,
  startOrder,
} from '../src/index.js';
import { historyArb } from './arbitraries.js';
import { ignoringIncomplete, paypalOrder } from './play.js';

/** The code, field and message of the OrderRulesError that `run` throws. */
function refusalOf(run: () => unknown): [string, string, string] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OrderRulesError);
    const { code, field, message } = error as OrderRulesError;
    return [code, field, message];
  }
  throw new Error('expected an OrderRulesError');
}

const placed = startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot;

describe('parseEvent', () => {
  example(
    'webhook JSON becomes an OrderEvent that applyEvent takes with no cast; extra fields are dropped',
    () => {
      const body =
        '{"type":"gateway.paymentConfirmed","transactionId":"PAY-9","amount":3990,"currency":"EUR","livemode":true}';
      const event = parseEvent(JSON.parse(body));
      expectTypeOf(event).toEqualTypeOf<OrderEvent>();
      expect(event).toEqual({
        type: 'gateway.paymentConfirmed',
        transactionId: 'PAY-9',
        amount: 3990,
        currency: 'EUR',
      });
      expect(applyEvent(placed, event).outcome).toBe('applied');
      if (event.type === 'gateway.paymentConfirmed') expectTypeOf(event.amount).toBeNumber();
    },
  );

  test.prop([historyArb(10)])(
    'for any event the engine takes, its JSON parses back to the same event, a fresh copy',
    ({ events }) => {
      for (const event of events) {
        const parsed = parseEvent(JSON.parse(JSON.stringify(event)));
        expect(parsed).toEqual(event);
        expect(parseEvent(event)).not.toBe(event);
      }
    },
  );

  example.each([
    [null, 'event', 'event must be an object (received null)'],
    ['paid', 'event', 'event must be an object (received "paid")'],
    [
      { type: 'refund' },
      'event.type',
      'event.type must be one of "gateway.paymentConfirmed", "gateway.paymentAuthorized", "gateway.paymentCaptured", "gateway.authorizationVoided", "gateway.refunded", "gateway.chargeback", "gateway.chargebackReversed", "gateway.paymentFailed", "timer.paymentWindowElapsed", "merchant.paymentStatusChanged", "merchant.shippingStatusChanged", "merchant.linesShipped", "merchant.linesReturned", "merchant.orderCancelled" (received "refund")',
    ],
    [
      { type: 'gateway.refunded', transactionId: 'REF-1', amount: 0, currency: 'EUR' },
      'event.amount',
      'event.amount must be at least 1 minor unit (received 0)',
    ],
    [
      { type: 'gateway.refunded', transactionId: 'REF-1', amount: 990, currency: 'XXX' },
      'event.currency',
      'event.currency must be an ISO 4217 currency code the engine knows (received "XXX")',
    ],
    [
      { type: 'gateway.refunded', amount: 990, currency: 'EUR' },
      'event.transactionId',
      'event.transactionId is missing',
    ],
    [
      { type: 'merchant.paymentStatusChanged', status: 'refunded' },
      'event.status',
      'event.status must be "paid" or "pending" (received "refunded")',
    ],
    [
      { type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 0 }] },
      'event.lines[0].quantity',
      'event.lines[0].quantity must be at least 1 (received 0)',
    ],
  ])('%j is refused: invalidEvent, %s', (input, field, message) => {
    expect(refusalOf(() => parseEvent(input))).toEqual(['invalidEvent', field, message]);
    expect(refusalOf(() => applyEvent(placed, input as OrderEvent))).toEqual([
      'invalidEvent',
      field,
      message,
    ]);
  });
});

describe('parsePlacement', () => {
  example(
    'a placement read from JSON is a Placement that startOrder takes with no cast; extra fields are dropped',
    () => {
      const body = JSON.stringify({
        order: { ...paypalOrder, note: 'gift wrap' },
        settings: ignoringIncomplete,
        receivedAt: '2026-11-27',
      });
      const placement = parsePlacement(JSON.parse(body));
      expectTypeOf(placement).toEqualTypeOf<Placement>();
      expect(placement).toEqual({ order: paypalOrder, settings: ignoringIncomplete });
      expect(startOrder(placement).snapshot.order).toEqual(paypalOrder);
    },
  );

  const order = paypalOrder;
  example.each([
    [
      null,
      'invalidOrder',
      'placement',
      'placement must be an object { order, settings } (received null)',
    ],
    [
      { settings: ignoringIncomplete },
      'invalidOrder',
      'placement.order',
      'placement.order is missing',
    ],
    [{ order }, 'invalidOrder', 'placement.settings', 'placement.settings is missing'],
    [
      { order: { ...order, lines: [] }, settings: ignoringIncomplete },
      'invalidOrder',
      'order.lines',
      'order.lines must have at least 1 line (received 0)',
    ],
    [
      { order: { ...order, lines: [{ sku: 'TEE-M', quantity: 0 }] }, settings: ignoringIncomplete },
      'invalidOrder',
      'order.lines[0].quantity',
      'order.lines[0].quantity must be at least 1 (received 0)',
    ],
    [
      { order, settings: { ignoreIncompleteOrders: 'yes', realtimeStock: true } },
      'invalidSettings',
      'settings.ignoreIncompleteOrders',
      'settings.ignoreIncompleteOrders must be true or false (received "yes")',
    ],
    [
      { order, settings: { ...ignoringIncomplete, paymentWindowMinutes: 0 } },
      'invalidSettings',
      'settings.paymentWindowMinutes',
      'settings.paymentWindowMinutes must be at least 1 (received 0)',
    ],
  ])('%j is refused: %s, %s', (input, code, field, message) => {
    expect(refusalOf(() => parsePlacement(input))).toEqual([code, field, message]);
    expect(refusalOf(() => startOrder(input as Placement))).toEqual([code, field, message]);
  });
});
