/**
 * The dispatcher's suite, which both backends pass (`sqlite.spec.ts` and `postgres.spec.ts` run
 * it, each on a fresh database): each effect handed under a lease of its own, renewed while its
 * handler runs, settled only by the dispatcher that still holds it; an order's effects handed one
 * after the other; the store's own timers, fired once when due; the loop; the handlers a host must
 * name. The store's clock is a test's own (`now`), so timers fall due without waiting.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { OrderEvent, Placement } from '../../src/index.js';
import {
  type Delivery,
  type EffectHandlers,
  type HostEffect,
  type OrderStore,
  openStore,
} from '../../src/store/index.js';
import { claim, dueTimers, type Statement } from '../../src/store/queries.js';
import {
  chequeOrder,
  ignoringIncomplete,
  keepingIncomplete,
  paymentReport,
  paypalOrder,
  setPaid,
} from '../play.js';
import type { FreshDatabase } from './databases.js';
import { cardHistory, cardOrder } from './orders.js';

const cheque: Placement = { order: chequeOrder, settings: ignoringIncomplete };
const windowed = (id: string, minutes: number, settings = ignoringIncomplete): Placement => ({
  order: { ...paypalOrder, id },
  settings: { ...settings, paymentWindowMinutes: minutes },
});
const MINUTE = 60_000;
const timerEvent: OrderEvent = { type: 'timer.paymentWindowElapsed' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handlers of every type that note `key#attempt` of each effect handed, in order. */
function recorder(onHand: (effect: HostEffect, delivery: Delivery) => unknown = () => undefined) {
  const handed: string[] = [];
  const hand = (effect: HostEffect, delivery: Delivery) => {
    handed.push(`${delivery.idempotencyKey}#${delivery.attempt}`);
    return onHand(effect, delivery);
  };
  const handlers: EffectHandlers = {
    deductStock: hand,
    restoreStock: hand,
    voidAuthorization: hand,
    sendEmail: hand,
  };
  return { handed, handlers };
}

/** Resolves once `check` holds, looking every 5 ms; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not so after ${ms} ms`);
    await pause(5);
  }
}

/** The handings of each effect, from two or more dispatchers: when each started and ended. */
interface Handing {
  readonly key: string;
  readonly orderId: string;
  readonly id: number;
  readonly started: number;
  ended?: number;
}

/** Effects handed twice, and effects handed while an earlier one of their order was not done. */
function doublesAndDisorder(handings: readonly Handing[]) {
  const byKey = new Map<string, number>();
  for (const h of handings) byKey.set(h.key, (byKey.get(h.key) ?? 0) + 1);
  const doubles = [...byKey].filter(([, n]) => n > 1).map(([key]) => key);
  const disorder = handings
    .filter((h) =>
      handings.some(
        (earlier) =>
          earlier.orderId === h.orderId &&
          earlier.id < h.id &&
          (earlier.ended === undefined || earlier.ended > h.started),
      ),
    )
    .map((h) => h.key);
  return { doubles, disorder };
}

export function describeDispatcher(name: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`the dispatcher on ${name}`, () => {
    let db: FreshDatabase;
    let store: OrderStore;
    const clock = { t: 0 };
    const opened: OrderStore[] = [];
    /** Another store on the same database (another process, as far as the database knows). */
    const another = async (options: { readonly realTime?: boolean } = {}) => {
      const other = await openStore(db.location, options.realTime ? {} : { now: () => clock.t });
      opened.push(other);
      return other;
    };

    beforeEach(async () => {
      clock.t = Date.UTC(2026, 0, 5, 9, 0, 0);
      db = await fresh();
      store = await openStore(db.location, { now: () => clock.t });
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((other) => other.close()));
      await store.close();
      await db.dispose();
    });

    describe('each effect handed under its own lease, at least once', () => {
      test("every effect is handed to its type's handler with its key, its attempt and when it was decided; an order's in the order decided; no timer is handed", async () => {
        await store.place({ order: cardOrder, settings: { ...ignoringIncomplete } });
        await store.place(windowed('A-7', 30));
        for (const event of cardHistory) await store.apply(cardOrder.id, event);
        const decidedAt: number[] = [];
        const { handed, handlers } = recorder((_effect, delivery) => {
          decidedAt.push(delivery.decidedAt);
          expect(delivery.signal.aborted).toBe(false);
        });
        const report = await store.dispatch(handlers, { name: 'mailroom' });
        expect(report).toEqual({
          handed: 10,
          delivered: 10,
          failed: 0,
          lost: 0,
          notPerformed: 0,
          timersFired: 0,
        });
        const outbox = await store.effectsOf(cardOrder.id);
        expect(handed).toEqual(outbox.map((record) => `${record.idempotencyKey}#1`));
        expect(decidedAt.every((at) => at === clock.t)).toBe(true);
        expect(
          outbox.every(
            (record) =>
              record.deliveredAs === 'handled' &&
              record.leasedBy === 'mailroom' &&
              record.deliveredAt === clock.t,
          ),
        ).toBe(true);
        expect((await store.pendingEffects()).map((record) => record.idempotencyKey)).toEqual([
          'A-7:scheduleTimer:paymentWindow',
        ]);
      });

      test("a handler that throws leaves its effect to be handed again after a pause that doubles; its order's later effects wait, other orders' go on", async () => {
        await store.place(cheque);
        await store.place({ order: paypalOrder, settings: ignoringIncomplete });
        await store.apply('A-1001', setPaid);
        const { handed, handlers } = recorder((effect, { attempt }) => {
          if (effect.type === 'deductStock' && effect.orderId === 'A-1001' && attempt < 3) {
            throw new Error(`stock service down (${attempt})`);
          }
        });
        const options = { retryAfterMs: 1_000 };
        expect(await store.dispatch(handlers, options)).toMatchObject({
          handed: 4,
          delivered: 3,
          failed: 1,
        });
        expect(handed).toEqual([
          'B-2002:deductStock#1',
          'A-1001:deductStock#1',
          'B-2002:sendEmail:merchantOrderNotification#1',
          'B-2002:sendEmail:customerOrderConfirmation#1',
        ]);
        const failed = await store.pendingEffects();
        expect(failed.map((record) => record.idempotencyKey)).toEqual([
          'A-1001:deductStock',
          'A-1001:sendEmail:merchantOrderNotification',
          'A-1001:sendEmail:customerOrderConfirmation',
        ]);
        expect(failed[0]).toMatchObject({
          attempts: 1,
          lastError: 'stock service down (1)',
          availableAt: clock.t + 1_000,
        });
        clock.t += 999;
        expect(await store.dispatch(handlers, options)).toMatchObject({ handed: 0 });
        clock.t += 1;
        expect(await store.dispatch(handlers, options)).toMatchObject({ handed: 1, failed: 1 });
        expect((await store.pendingEffects())[0]).toMatchObject({
          attempts: 2,
          lastError: 'stock service down (2)',
          availableAt: clock.t + 2_000,
        });
        clock.t += 2_000;
        expect(await store.dispatch(handlers, options)).toMatchObject({ handed: 3, delivered: 3 });
        expect(handed.slice(4)).toEqual([
          'A-1001:deductStock#2',
          'A-1001:deductStock#3',
          'A-1001:sendEmail:merchantOrderNotification#1',
          'A-1001:sendEmail:customerOrderConfirmation#1',
        ]);
        expect(await store.pendingEffects()).toEqual([]);
      });

      test('the issue: 15 cheque orders, two dispatchers, 300 ms handlers, a 200 ms lease: no effect handed twice, and each order in order', async () => {
        const orders = Array.from({ length: 15 }, (_, i) => ({ ...chequeOrder, id: `CHQ-${i}` }));
        for (const order of orders) await store.place({ order, settings: ignoringIncomplete });
        const outbox = await store.pendingEffects();
        const idOf = new Map(outbox.map((record) => [record.idempotencyKey, record.id]));
        const handings: Handing[] = [];
        const { handlers } = recorder(async (effect, { idempotencyKey }) => {
          const handing: Handing = {
            key: idempotencyKey,
            orderId: effect.orderId,
            id: idOf.get(idempotencyKey) ?? -1,
            started: performance.now(),
          };
          handings.push(handing);
          await pause(300);
          handing.ended = performance.now();
        });
        const dispatchers = [await another({ realTime: true }), await another({ realTime: true })];
        await Promise.all(
          dispatchers.map(async (dispatcher) => {
            while ((await dispatcher.dispatch(handlers, { limit: 50, leaseMs: 200 })).handed > 0);
          }),
        );
        const { doubles, disorder } = doublesAndDisorder(handings);
        expect({ handed: handings.length, doubles, disorder }).toEqual({
          handed: 45,
          doubles: [],
          disorder: [],
        });
        expect(await store.pendingEffects()).toEqual([]);
      });

      test("a dispatcher that lost an effect's lease cannot settle it (fencing): its handler's signal says so, its end changes nothing", async () => {
        await store.place(cheque);
        let signal: AbortSignal | undefined;
        const first = store.dispatch(
          {
            ...recorder().handlers,
            deductStock: (_effect, delivery) => {
              signal = delivery.signal;
              return new Promise((resolve) => delivery.signal.addEventListener('abort', resolve));
            },
          },
          { leaseMs: 200 },
        );
        await until(() => signal !== undefined);
        // Another dispatcher takes the effect, as it would once this one failed to renew its
        // lease for a whole lease (its database out of reach, say).
        await db.raw(
          `UPDATE outbox SET attempts = attempts + 1, leased_by = 'other', available_at = ?
           WHERE idempotency_key = 'B-2002:deductStock'`,
          [clock.t + 10_000],
        );
        expect(await first).toMatchObject({ handed: 1, delivered: 0, lost: 1 });
        expect(signal?.aborted).toBe(true);
        const [taken] = await store.effectsOf('B-2002');
        expect(taken).toMatchObject({ attempts: 2, leasedBy: 'other', deliveredAt: null });
        clock.t += 10_000; // the other dispatcher's lease ends, unrenewed: it died
        const { handed, handlers } = recorder();
        await store.dispatch(handlers);
        expect(handed[0]).toBe('B-2002:deductStock#3');
      });

      test("'notPerformed' marks effects of its type delivered unhanded, so that their order goes on; 'elsewhere' leaves them, and their order, to another dispatcher", async () => {
        await store.place({ order: cardOrder, settings: ignoringIncomplete });
        for (const event of cardHistory) await store.apply(cardOrder.id, event);
        const stock = recorder();
        const mail = recorder();
        const stockRoom: EffectHandlers = {
          ...stock.handlers,
          voidAuthorization: 'notPerformed',
          sendEmail: 'elsewhere',
        };
        const mailRoom: EffectHandlers = {
          deductStock: 'elsewhere',
          restoreStock: 'elsewhere',
          voidAuthorization: 'elsewhere',
          sendEmail: mail.handlers.sendEmail,
        };
        const turns: string[] = [];
        for (let turn = 0; turn < 20 && (await store.pendingEffects()).length > 0; turn += 1) {
          const stockReport = await store.dispatch(stockRoom);
          const mailReport = await store.dispatch(mailRoom);
          turns.push(
            `stock ${stockReport.handed}+${stockReport.notPerformed}, mail ${mailReport.handed}`,
          );
        }
        expect(turns).toEqual([
          'stock 0+0, mail 1',
          'stock 1+0, mail 2',
          'stock 0+1, mail 1',
          'stock 1+0, mail 1',
          'stock 1+0, mail 1',
        ]);
        const outbox = await store.effectsOf(cardOrder.id);
        expect(outbox.map((record) => `${record.effect.type} ${record.deliveredAs}`)).toEqual([
          'sendEmail handled',
          'deductStock handled',
          'sendEmail handled',
          'sendEmail handled',
          'voidAuthorization notPerformed',
          'sendEmail handled',
          'restoreStock handled',
          'sendEmail handled',
          'restoreStock handled',
          'sendEmail handled',
        ]);
        expect(stock.handed).toHaveLength(3);
        expect(mail.handed).toHaveLength(6);
      });
    });

    describe('timers, kept and fired by the store', () => {
      test('a timer is fired when due, not before: its event goes through the order’s log once, under the timer’s key; again changes nothing', async () => {
        const placedAt = clock.t;
        await store.place(windowed('A-1', 30));
        const { handed, handlers } = recorder();
        expect(await store.dispatch(handlers)).toMatchObject({ handed: 0, timersFired: 0 });
        const [timer] = await store.pendingEffects();
        expect(timer).toMatchObject({
          idempotencyKey: 'A-1:scheduleTimer:paymentWindow',
          dueAt: placedAt + 30 * MINUTE,
          deliveredAt: null,
        });
        clock.t = placedAt + 30 * MINUTE - 1;
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 0 });
        clock.t += 1;
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 1 });
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 0 });
        expect(
          await store.apply('A-1', timerEvent, { deliveryId: 'A-1:scheduleTimer:paymentWindow' }),
        ).toMatchObject({ outcome: 'alreadyDelivered' });
        const log = await store.log('A-1');
        expect(log.slice(1)).toEqual([
          {
            orderId: 'A-1',
            seq: 1,
            deliveryId: 'A-1:scheduleTimer:paymentWindow',
            entry: { event: timerEvent },
            outcome: 'applied',
            reason: null,
            at: placedAt + 30 * MINUTE,
          },
        ]);
        expect((await store.get('A-1'))?.view.paymentStatus).toBe('expired');
        expect((await store.effectsOf('A-1'))[0]).toMatchObject({
          deliveredAs: 'fired',
          deliveredAt: placedAt + 30 * MINUTE,
          attempts: 0,
        });
        expect(handed).toEqual([]);
      });

      test('a timer outlives the store that decided it and is not stretched by a restart: it falls due when decided plus its minutes', async () => {
        const placedAt = clock.t;
        await store.place(windowed('A-2', 15));
        await store.place(windowed('A-3', 60));
        await store.apply('A-3', paymentReport(paypalOrder));
        await store.close();
        clock.t = placedAt + 14 * MINUTE;
        store = await openStore(db.location, { now: () => clock.t });
        const { handlers } = recorder();
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 0 });
        clock.t = placedAt + 15 * MINUTE;
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 1 });
        clock.t = placedAt + 600 * MINUTE;
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 1 });
        const windows = async (orderId: string) =>
          (await store.log(orderId))
            .filter((entry) => 'event' in entry.entry && entry.entry.event.type === timerEvent.type)
            .map((entry) => [entry.at - placedAt, entry.outcome, entry.reason]);
        expect(await windows('A-2')).toEqual([[15 * MINUTE, 'applied', null]]);
        expect(await windows('A-3')).toEqual([[600 * MINUTE, 'unchanged', 'paymentReceived']]);
      });

      test('dispatchers firing the same due timers at once: each timer’s event is logged once', async () => {
        for (let i = 0; i < 6; i += 1) await store.place(windowed(`A-${i}`, 30));
        clock.t += 30 * MINUTE;
        const { handlers } = recorder();
        const reports = await Promise.all(
          [store, await another(), await another()].map((each) => each.dispatch(handlers)),
        );
        expect(reports.reduce((sum, report) => sum + report.timersFired, 0)).toBe(6);
        for (let i = 0; i < 6; i += 1) {
          const log = await store.log(`A-${i}`);
          expect(log.map((entry) => entry.deliveryId)).toEqual([
            null,
            `A-${i}:scheduleTimer:paymentWindow`,
          ]);
        }
        expect(await store.pendingEffects()).toEqual([]);
      });

      test('the effects a timer decides are handed after the order’s earlier ones', async () => {
        await store.place(windowed('A-1001', 30, keepingIncomplete));
        clock.t += 30 * MINUTE;
        const { handed, handlers } = recorder();
        expect(await store.dispatch(handlers)).toMatchObject({ handed: 5, timersFired: 1 });
        expect(handed).toEqual([
          'A-1001:deductStock#1',
          'A-1001:sendEmail:merchantOrderNotification#1',
          'A-1001:sendEmail:customerOrderConfirmation#1',
          'A-1001:restoreStock:2#1',
          'A-1001:sendEmail:customerOrderCancellation#1',
        ]);
      });
    });

    describe('the loop', () => {
      test('runDispatcher hands effects as they are decided and fires timers as they fall due; on abort it takes no more, lets its running handler end and settles its effect', async () => {
        let release: () => void = () => undefined;
        const blocked = new Promise<void>((resolve) => {
          release = resolve;
        });
        const { handed, handlers } = recorder((effect) =>
          effect.orderId === 'LAST' && effect.type === 'deductStock' ? blocked : undefined,
        );
        const stop = new AbortController();
        const running = store.runDispatcher(handlers, {
          signal: stop.signal,
          pollMs: 10,
          leaseMs: 200,
        });
        await store.place(cheque);
        await until(() => handed.length === 3);
        await store.place(windowed('A-1', 30));
        clock.t += 30 * MINUTE;
        await until(async () => (await store.get('A-1'))?.view.paymentStatus === 'expired');
        await store.place({ order: { ...chequeOrder, id: 'LAST' }, settings: ignoringIncomplete });
        await until(() => handed.length === 4);
        stop.abort();
        await pause(300); // longer than a lease: the running handler's lease is renewed
        release();
        expect(await running).toEqual({
          handed: 4,
          delivered: 4,
          failed: 0,
          lost: 0,
          notPerformed: 0,
          timersFired: 1,
        });
        expect(
          (await store.effectsOf('LAST')).map((record) => [record.attempts, record.deliveredAs]),
        ).toEqual([
          [1, 'handled'],
          [0, null],
          [0, null],
        ]);
      });

      test('an error of the database is heard by onError while the loop goes on; without onError, it stops the loop, which rejects with it', async () => {
        await store.place(cheque);
        await db.raw('ALTER TABLE outbox RENAME TO outbox_away');
        const errors: unknown[] = [];
        const stop = new AbortController();
        const { handed, handlers } = recorder();
        const running = store.runDispatcher(handlers, {
          signal: stop.signal,
          pollMs: 5,
          onError: (error) => errors.push(error),
        });
        await until(() => errors.length >= 2);
        const failing = store.runDispatcher(handlers, { signal: new AbortController().signal });
        await expect(failing).rejects.toThrow(/outbox/);
        await db.raw('ALTER TABLE outbox_away RENAME TO outbox');
        await until(() => handed.length === 3);
        stop.abort();
        expect(await running).toMatchObject({ handed: 3, delivered: 3 });
      });
    });

    describe('the handlers a host names', () => {
      test('every effect type the host performs must be named, or opted out; the store’s timers are not the host’s', async () => {
        const hand = () => undefined;
        // @ts-expect-error voidAuthorization is missing: a host must say what becomes of it
        const forgotten: EffectHandlers = {
          deductStock: hand,
          restoreStock: hand,
          sendEmail: hand,
        };
        const timers: EffectHandlers = {
          deductStock: hand,
          restoreStock: hand,
          voidAuthorization: 'notPerformed',
          sendEmail: hand,
          // @ts-expect-error the store fires its timers itself
          scheduleTimer: hand,
        };
        const cases: [unknown, string, string][] = [
          [forgotten, 'handlers.voidAuthorization', 'is missing'],
          [
            timers,
            'handlers.scheduleTimer',
            'is not a host effect: the store fires its timers itself (remove this handler)',
          ],
          [
            { ...recorder().handlers, sendEmail: 'later' },
            'handlers.sendEmail',
            "must be a function, 'notPerformed' or 'elsewhere' (received \"later\")",
          ],
        ];
        for (const [handlers, field, problem] of cases) {
          await expect(store.dispatch(handlers as EffectHandlers)).rejects.toMatchObject({
            code: 'invalidStoreArgument',
            field,
            message: `${field} ${problem}`,
          });
          await expect(
            store.runDispatcher(handlers as EffectHandlers, {
              signal: AbortSignal.abort(),
            }),
          ).rejects.toMatchObject({ code: 'invalidStoreArgument', field });
        }
        await expect(store.runDispatcher(recorder().handlers, {} as never)).rejects.toMatchObject({
          code: 'invalidStoreArgument',
          field: 'options.signal',
        });
        await expect(store.dispatch(recorder().handlers, { leaseMs: 50 })).rejects.toMatchObject({
          code: 'invalidStoreArgument',
          field: 'options.leaseMs',
        });
      });

      test('the outbox is indexed for the dispatcher: the next effects, an order’s earlier ones, the due timers', async () => {
        const plan = async ({ text, values }: Statement) =>
          JSON.stringify(
            await db.raw(
              name === 'SQLite' ? `EXPLAIN QUERY PLAN ${text}` : `EXPLAIN ${text}`,
              values,
            ),
          );
        if (name !== 'SQLite') await db.raw('SET enable_seqscan = off');
        const dialect = name === 'SQLite' ? 'sqlite' : 'postgres';
        const next = await plan(claim(dialect, ['sendEmail'], 4, 0, 1, 'plan'));
        expect(next).toMatch(/outbox_to_hand/);
        expect(next).toMatch(/outbox_pending_by_order/);
        expect(await plan(dueTimers(0, 100))).toMatch(/outbox_timers/);
      });
    });
  });
}
