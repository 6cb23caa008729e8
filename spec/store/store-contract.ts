/**
 * The one suite both backends of the store pass: `sqlite.spec.ts` and `postgres.spec.ts` run it,
 * each on a fresh database. `raw` reaches the database beside the store, to plant what a test
 * needs (a taken outbox key) and to look at what was written.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Order, OrderEvent, Placement } from '../../src/index.js';
import { OrderRulesError } from '../../src/index.js';
import { type EffectHandlers, type OrderStore, openStore } from '../../src/store/index.js';
import { listOrders, type Statement } from '../../src/store/queries.js';
import { historyArb } from '../arbitraries.js';
import {
  chequeOrder,
  deepFreeze,
  ignoringIncomplete,
  paymentReport,
  paypalOrder,
  setPaid,
  setPending,
} from '../play.js';
import type { FreshDatabase } from './databases.js';
import { cardHistory as cardEvents, cardOrder, releaseOfTheRest } from './orders.js';
import { invariantBreaks, replayLog } from './replay-log.js';

export type { FreshDatabase } from './databases.js';

const paypal: Placement = { order: paypalOrder, settings: ignoringIncomplete };
const card: Placement = { order: cardOrder, settings: ignoringIncomplete };
const cardHistory: readonly OrderEvent[] = [...cardEvents, releaseOfTheRest];
const cheque: Placement = { order: chequeOrder, settings: ignoringIncomplete };
const keys = (effects: readonly { idempotencyKey: string }[]) =>
  effects.map((effect) => effect.idempotencyKey);

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

export function describeStore(name: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`order store on ${name}`, () => {
    let db: FreshDatabase;
    let store: OrderStore;

    beforeEach(async () => {
      db = await fresh();
      store = await openStore(db.location);
    });
    afterEach(async () => {
      await store.close();
      await db.dispose();
    });

    test('S2: placing a cheque order writes the order, log entry 0 and its three effects together', async () => {
      const placed = await store.place(cheque);
      expect(placed.outcome).toBe('applied');
      expect(keys(placed.effects)).toEqual([
        'B-2002:deductStock',
        'B-2002:sendEmail:merchantOrderNotification',
        'B-2002:sendEmail:customerOrderConfirmation',
      ]);
      const outbox = await store.effectsOf('B-2002');
      expect(outbox.map((record) => record.effect)).toEqual(placed.effects);
      expect(outbox.every((record) => record.seq === 0 && record.deliveredAt === null)).toBe(true);
      expect((await store.log('B-2002')).map((entry) => entry.entry)).toEqual([
        { placement: cheque },
      ]);
      expect(await store.get('B-2002')).toMatchObject({ version: 0, view: { listed: true } });
    });

    test('S1: a gateway order with the setting on is found by the incomplete search, not listed, until it is paid', async () => {
      expect((await store.place(paypal)).effects).toEqual([]);
      await store.place(cheque);
      expect((await store.findIncompleteOrders()).map((o) => o.orderId)).toEqual(['A-1001']);
      expect((await store.listOrders()).map((o) => o.orderId)).toEqual(['B-2002']);
      const paid = await store.apply('A-1001', paymentReport(paypalOrder));
      expect(keys(paid.effects)).toEqual([
        'A-1001:deductStock',
        'A-1001:sendEmail:merchantOrderNotification',
        'A-1001:sendEmail:customerOrderConfirmation',
      ]);
      expect(await store.findIncompleteOrders()).toEqual([]);
      expect((await store.listOrders()).map((o) => o.orderId).sort()).toEqual(['A-1001', 'B-2002']);
      const [row] = await db.raw(
        'SELECT payment_status, shipping_status, listed FROM orders WHERE order_id = ?',
        ['A-1001'],
      );
      expect(row).toMatchObject({ payment_status: 'paid', shipping_status: 'notShipped' });
      expect(Boolean(row?.listed)).toBe(true);
    });

    test('M3-M7, G2-G4, B5, D13: authorizations, a partial capture and shipment, a cancel and a return go through the store; its columns follow each step', async () => {
      await store.place(card);
      const row = async () => {
        const [found] = await db.raw(
          'SELECT payment_status, shipping_status, listed FROM orders WHERE order_id = ?',
          [cardOrder.id],
        );
        return `${found?.payment_status} ${found?.shipping_status} ${Boolean(found?.listed)}`;
      };
      const seen: string[] = [await row()];
      const decided: string[][] = [];
      for (const [i, event] of cardHistory.entries()) {
        const committed = await store.apply(cardOrder.id, event, { deliveryId: `card-${i}` });
        expect(committed.outcome).toBe('applied');
        expect(await store.apply(cardOrder.id, event, { deliveryId: `card-${i}` })).toMatchObject({
          outcome: 'alreadyDelivered',
          effects: [],
        });
        decided.push(keys(committed.effects).map((key) => key.replace(`${cardOrder.id}:`, '')));
        seen.push(await row());
      }
      expect(seen).toEqual([
        'incomplete notShipped false',
        'partiallyPaid notShipped true',
        'authorized notShipped true',
        'authorized notShipped true',
        'authorized partiallyShipped true',
        'cancelled partiallyShipped true',
        'cancelled returned true',
        'cancelled returned true',
        'cancelled returned true',
      ]);
      expect(decided).toEqual([
        ['sendEmail:merchantPaymentAlert:partialPayment:AUTH-1'],
        [
          'deductStock',
          'sendEmail:merchantOrderNotification',
          'sendEmail:customerOrderConfirmation',
        ],
        [],
        [],
        [
          'voidAuthorization:AUTH-2',
          'sendEmail:merchantPaymentAlert:refundDue',
          'restoreStock:2',
          'sendEmail:customerOrderCancellation',
        ],
        ['restoreStock:3'],
        ['sendEmail:customerRefundNotification:REF-1'],
        [],
      ]);
      const stored = await store.get(cardOrder.id);
      expect(stored?.view).toMatchObject({
        amounts: { total: 5000, held: 0, captured: 2000, refunded: 2000, received: 0, due: 5000 },
        lines: [
          { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 1, returned: 1, restored: 2 },
          { sku: 'CAP-B', quantity: 1, deducted: 1, shipped: 0, returned: 0, restored: 1 },
        ],
      });
      const log = await store.log(cardOrder.id);
      const { effects, steps } = replayLog(log);
      const outbox = await store.effectsOf(cardOrder.id);
      expect(outbox.map(({ seq, effect }) => ({ seq, effect }))).toEqual(effects);
      expect(invariantBreaks(steps)).toEqual([]);
      expect(stored?.view).toEqual(steps.at(-1)?.view);
    });

    test('S1b, I6: the incomplete search finds every order the list does not show: expired, or cancelled before any payment', async () => {
      const windowed = { ...ignoringIncomplete, paymentWindowMinutes: 30 };
      await store.place({ order: { ...paypalOrder, id: 'A-EXP' }, settings: windowed });
      await store.place({ order: { ...paypalOrder, id: 'A-CAN' }, settings: ignoringIncomplete });
      await store.apply('A-EXP', { type: 'timer.paymentWindowElapsed' });
      await store.apply('A-CAN', { type: 'merchant.orderCancelled' });
      const found = await store.findIncompleteOrders();
      expect(found.map((o) => [o.orderId, o.paymentStatus, o.listed]).sort()).toEqual([
        ['A-CAN', 'cancelled', false],
        ['A-EXP', 'expired', false],
      ]);
      expect(await store.listOrders()).toEqual([]);
    });

    test('I6: an order holding money it has not confirmed is listed, not found by the incomplete search', async () => {
      await store.place(paypal);
      await store.apply('A-1001', {
        type: 'gateway.paymentConfirmed',
        transactionId: 'PAY-1',
        amount: 2000,
        currency: 'EUR',
      });
      expect(await store.findIncompleteOrders()).toEqual([]);
      expect(await store.listOrders()).toMatchObject([
        {
          orderId: 'A-1001',
          paymentStatus: 'partiallyPaid',
          shippingStatus: 'notShipped',
          listed: true,
        },
      ]);
      await store.apply('A-1001', {
        type: 'gateway.refunded',
        transactionId: 'REF-1',
        amount: 2000,
        currency: 'EUR',
      });
      expect(await store.listOrders()).toEqual([]);
      expect(await store.get('A-1001')).toMatchObject({
        view: { paymentStatus: 'refunded', listed: false, confirmed: false },
      });
    });

    test('the same delivery twice is taken once; the engine still screens repeats without a delivery id (D9, D11)', async () => {
      await store.place(paypal);
      const first = await store.apply('A-1001', setPaid, { deliveryId: 'webhook-1' });
      const again = await store.apply('A-1001', setPaid, { deliveryId: 'webhook-1' });
      expect(first.outcome).toBe('applied');
      expect(again).toMatchObject({ outcome: 'alreadyDelivered', effects: [], version: 1 });
      expect(await store.apply('A-1001', setPaid)).toMatchObject({
        outcome: 'unchanged',
        reason: 'statusAlreadySet',
        version: 2,
      });
      expect(await store.effectsOf('A-1001')).toHaveLength(3);
      expect((await store.log('A-1001')).map((entry) => entry.deliveryId)).toEqual([
        null,
        'webhook-1',
        null,
      ]);
    });

    test('placing the same order again is alreadyDelivered; another order under its id is orderConflict', async () => {
      await store.place(cheque);
      expect(await store.place(structuredClone(cheque))).toMatchObject({
        outcome: 'alreadyDelivered',
        effects: [],
      });
      const other = { ...cheque, order: { ...chequeOrder, total: { amount: 1, currency: 'EUR' } } };
      const error = await rejection(store.place(other));
      expect(error).toBeInstanceOf(OrderRulesError);
      expect(error).toMatchObject({ code: 'orderConflict', field: 'placement.order.id' });
      expect(await store.effectsOf('B-2002')).toHaveLength(3);
    });

    test('an event for an order never placed, or a bad event, is refused with its code and writes nothing', async () => {
      await store.place(paypal);
      expect(await rejection(store.apply('Z-9', setPaid))).toMatchObject({
        code: 'orderNotFound',
        field: 'orderId',
        message: 'orderId names no order placed in this store (received "Z-9")',
      });
      const bad = {
        type: 'merchant.paymentStatusChanged',
        status: 'refunded',
      } as unknown as OrderEvent;
      expect(await rejection(store.apply('A-1001', bad))).toMatchObject({
        code: 'invalidEvent',
        field: 'event.status',
      });
      expect(await store.get('A-1001')).toMatchObject({ version: 0 });
      expect(await store.log('A-1001')).toHaveLength(1);
    });

    test('nothing is half-written: an effect that cannot be queued rolls back the order, its log and the other effects', async () => {
      await store.place(paypal);
      await db.raw(
        `INSERT INTO outbox (idempotency_key, order_id, seq, type, effect, created_at, available_at)
         VALUES (?, ?, 0, 'sendEmail', '{}', 0, 0)`,
        ['A-1001:sendEmail:customerOrderConfirmation', 'A-1001'],
      );
      await expect(store.apply('A-1001', setPaid)).rejects.toThrow();
      expect(await store.get('A-1001')).toMatchObject({
        version: 0,
        view: { paymentStatus: 'incomplete', listed: false },
      });
      expect(await store.log('A-1001')).toHaveLength(1);
      expect((await store.effectsOf('A-1001')).map((record) => record.idempotencyKey)).toEqual([
        'A-1001:sendEmail:customerOrderConfirmation',
      ]);
    });

    test('writers of the same order on two connections take turns: every event logged once, in one sequence', async () => {
      const other = await openStore(db.location);
      try {
        await store.place(paypal);
        const events = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? setPaid : setPending));
        await Promise.all(
          events.map((event, i) =>
            (i % 2 === 0 ? store : other).apply('A-1001', event, { deliveryId: `d-${i}` }),
          ),
        );
        await Promise.all(
          events.map((event, i) =>
            (i % 3 === 0 ? other : store).apply('A-1001', event, { deliveryId: `d-${i}` }),
          ),
        );
        const log = await store.log('A-1001');
        expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i));
        expect(new Set(log.map((entry) => entry.deliveryId)).size).toBe(25);
        const { effects, steps } = replayLog(log);
        const outbox = await store.effectsOf('A-1001');
        expect(outbox.map(({ seq, effect }) => ({ seq, effect }))).toEqual(effects);
        expect(invariantBreaks(steps)).toEqual([]);
      } finally {
        await other.close();
      }
    });

    test('the view columns are indexed: the list and the search, as the store runs them, read an index', async () => {
      const plan = async ({ text, values }: Statement) =>
        JSON.stringify(
          await db.raw(
            name === 'SQLite' ? `EXPLAIN QUERY PLAN ${text}` : `EXPLAIN ${text}`,
            values,
          ),
        );
      if (name !== 'SQLite') await db.raw('SET enable_seqscan = off');
      const page = { limit: 50, offset: 0 };
      expect(await plan(listOrders({ paymentStatus: 'incomplete', ...page }))).toMatch(
        /orders_by_payment_status/,
      );
      expect(await plan(listOrders({ listed: true, ...page }))).toMatch(/orders_by_listed/);
      expect(await plan(listOrders({ listed: false, ...page }))).toMatch(/orders_by_listed/);
    });

    test('tables of a later version are refused, not read; tables of version 1 are brought to version 2', async () => {
      await store.place(cheque);
      await store.close();
      await db.raw("UPDATE order_rules_meta SET value = '3' WHERE key = 'schemaVersion'");
      expect(await rejection(openStore(db.location))).toMatchObject({
        code: 'storeUnavailable',
        field: 'location',
        message:
          'location holds the store\'s tables of version "3"; this release reads version 2, and migrates version 1 to it',
      });
      await db.raw("UPDATE order_rules_meta SET value = '1' WHERE key = 'schemaVersion'");
      store = await openStore(db.location);
      expect(
        await db.raw("SELECT value FROM order_rules_meta WHERE key = 'schemaVersion'"),
      ).toEqual([{ value: '2' }]);
      expect(await store.get('B-2002')).toMatchObject({ version: 0, view: { listed: true } });
    });

    test('bad arguments are refused with invalidStoreArgument naming the field; a closed store takes no call', async () => {
      const handlers: EffectHandlers = {
        deductStock: () => undefined,
        restoreStock: 'notPerformed',
        voidAuthorization: 'notPerformed',
        sendEmail: 'elsewhere',
      };
      const cases: [() => Promise<unknown>, string][] = [
        [() => store.apply('', setPaid), 'orderId'],
        [() => store.apply('A-1', setPaid, { deliveryId: 7 } as never), 'options.deliveryId'],
        [() => store.dispatch(7 as never), 'handlers'],
        [() => store.dispatch({} as never), 'handlers.deductStock'],
        [
          () => store.dispatch({ ...handlers, refund: () => undefined } as never),
          'handlers.refund',
        ],
        [() => store.dispatch({ ...handlers, sendEmail: 'yes' } as never), 'handlers.sendEmail'],
        [() => store.dispatch(handlers, { limit: 0 }), 'options.limit'],
        [() => store.runDispatcher(handlers, { signal: 'stop' } as never), 'options.signal'],
        [() => openStore(db.location, { now: 0 } as never), 'options.now'],
        [() => store.listOrders({ limit: -1 }), 'options.limit'],
        [() => store.findIncompleteOrders({ placedBefore: Number.NaN }), 'options.placedBefore'],
        [() => openStore(''), 'location'],
        [() => openStore(42 as never), 'location'],
        [() => openStore(db.location, { busyTimeoutMs: -1 }), 'options.busyTimeoutMs'],
      ];
      for (const [call, field] of cases) {
        expect(await rejection(call())).toMatchObject({ code: 'invalidStoreArgument', field });
      }
      await store.close();
      expect(await rejection(store.place(cheque))).toMatchObject({ code: 'storeUnavailable' });
      store = await openStore(db.location);
    });

    test('any value for any argument of any method: only OrderRulesError, and nothing written', async () => {
      await store.place(cheque);
      const before = await db.raw('SELECT count(*) AS n FROM order_events');
      await fc.assert(
        fc.asyncProperty(fc.anything(), fc.anything(), fc.anything(), async (a, b, c) => {
          const calls: (() => Promise<unknown>)[] = [
            () => store.place(a as Placement),
            () => store.apply(a as string, b as OrderEvent, c as object),
            () => store.apply('B-2002', b as OrderEvent, c as object),
            () => store.applyAll(a as never),
            () => store.applyAll([{ orderId: 'B-2002', event: b, deliveryId: c }, a] as never),
            () => store.get(a as string),
            () => store.log(a as string),
            () => store.effectsOf(a as string),
            () => store.pendingEffects(a as object),
            () => store.listOrders(a as object),
            () => store.findIncompleteOrders(a as object),
            () => store.dispatch(a as never, b as object),
            () => store.runDispatcher(a as never, b as never),
            // A string is a file path: opening one creates a database, which is no refusal.
            () => openStore((typeof a === 'string' ? 42 : a) as string, b as object),
          ];
          for (const call of calls) {
            const error = await call().then(
              () => undefined,
              (thrown: unknown) => thrown,
            );
            if (error !== undefined) expect(error).toBeInstanceOf(OrderRulesError);
          }
        }),
        { numRuns: Math.min(fc.readConfigureGlobal().numRuns ?? 1000, 300) },
      );
      expect(await db.raw('SELECT count(*) AS n FROM order_events')).toEqual(before);
      expect(await store.pendingEffects()).toHaveLength(3);
    });

    test('for any history, each event delivered twice: the outbox holds what the engine decides, once, and the view and its columns are the engine’s', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(historyArb(20), async ({ placement, events }) => {
          run += 1;
          const order: Order = { ...placement.order, id: `P-${run}` };
          const placed = deepFreeze({ ...placement, order });
          deepFreeze(events);
          await store.place(placed);
          await store.place(placed);
          for (const [i, event] of events.entries()) {
            await store.apply(order.id, event, { deliveryId: `e-${i}` });
            await store.apply(order.id, event, { deliveryId: `e-${i}` });
          }
          const log = await store.log(order.id);
          expect(log).toHaveLength(events.length + 1);
          const { steps, effects } = replayLog(log);
          const outbox = await store.effectsOf(order.id);
          expect(outbox.map(({ seq, effect }) => ({ seq, effect }))).toEqual(effects);
          expect(invariantBreaks(steps)).toEqual([]);
          const view = steps.at(-1)?.view;
          expect((await store.get(order.id))?.view).toEqual(view);
          const [row] = await db.raw(
            'SELECT payment_status, shipping_status, listed FROM orders WHERE order_id = ?',
            [order.id],
          );
          expect([row?.payment_status, row?.shipping_status, Boolean(row?.listed)]).toEqual([
            view?.paymentStatus,
            view?.shippingStatus,
            view?.listed,
          ]);
        }),
      );
    });
  });
}
