/**
 * A store written by the previous release (its tables of version 1, snapshots of schema 2) is
 * migrated in place when this release opens it, on both backends: the fixtures are a SQLite file
 * and a PostgreSQL dump of the same kind of store (`order-rules generate --orders 20 --seed 7`
 * replayed into it, then one dispatch with failing handlers). Every order must read back with the
 * columns it had, its log and its outbox untouched, and decide the next events exactly as the
 * engine decides them from the old snapshot.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest';
import {
  applyEvent,
  getOrderView,
  type Order,
  type OrderEvent,
  OrderRulesError,
  type OrderSnapshot,
} from '../../src/index.js';
import { readSnapshot, SCHEMA_VERSION } from '../../src/snapshot.js';
import { type Delivery, type HostEffect, openStore } from '../../src/store/index.js';
import { type FreshDatabase, postgresDatabase, sqliteDatabase } from './databases.js';
import {
  copiesOfOrders,
  copySqliteFixture,
  FIXTURE_ORDERS,
  loadPostgresFixture,
} from './previous-release.js';

/** A copy of the SQLite fixture, in a temporary folder. */
async function sqliteFixture(): Promise<FreshDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'order-rules-migration-'));
  return sqliteDatabase(copySqliteFixture(join(folder, 'orders.db')), folder);
}

const serverUrl = inject('postgresUrl');
let databases = 0;

/** The PostgreSQL dump loaded into a new database of the specs' server. */
async function postgresFixture(): Promise<FreshDatabase> {
  databases += 1;
  const location = await loadPostgresFixture(
    serverUrl as string,
    `migration_${process.pid}_${databases}`,
  );
  return postgresDatabase(location);
}

type Row = Record<string, unknown>;

/**
 * The outbox the migration must leave, from the one version 1 wrote and its log: every row as it
 * was, with the columns of version 2: a timer's due time (when it was decided plus its minutes),
 * `handled` for a delivered effect, and a timer handed to the host whose event its order's log
 * lacks armed again (pending).
 */
function migratedOutbox(outbox: readonly Row[], events: readonly Row[]): Row[] {
  const windowElapsed = new Set(
    events
      .filter(
        (row) => (row.entry as { event?: OrderEvent }).event?.type === 'timer.paymentWindowElapsed',
      )
      .map((row) => row.order_id),
  );
  return outbox.map((row) => {
    const effect = row.effect as { type: string; afterMinutes?: number };
    const timer = effect.type === 'scheduleTimer';
    const rearmed = timer && row.delivered_at !== null && !windowElapsed.has(row.order_id);
    const deliveredAt = rearmed ? null : row.delivered_at;
    return {
      ...row,
      delivered_at: deliveredAt,
      due_at: timer ? (row.created_at as number) + (effect.afterMinutes as number) * 60_000 : null,
      leased_by: null,
      delivered_as: deliveredAt === null ? null : 'handled',
    };
  });
}

/** A row read the same way from both databases: JSON parsed, numbers as numbers, booleans as booleans. */
const normalized = (row: Row): Row =>
  Object.fromEntries(
    Object.entries(row).map(([column, value]) => {
      if (['snapshot', 'entry', 'effect'].includes(column) && typeof value === 'string')
        return [column, JSON.parse(value)];
      if (column === 'listed') return [column, Boolean(value)];
      if (typeof value === 'string' && /_at$/.test(column)) return [column, Number(value)];
      return [column, value];
    }),
  );

/** Every table of the store, whole, in a fixed order. */
async function tablesOf(db: FreshDatabase) {
  const read = async (sql: string) => (await db.raw(sql)).map(normalized);
  return {
    meta: await read('SELECT key, value FROM order_rules_meta ORDER BY key'),
    orders: await read('SELECT * FROM orders ORDER BY order_id'),
    events: await read('SELECT * FROM order_events ORDER BY order_id, seq'),
    outbox: await read('SELECT * FROM outbox ORDER BY id'),
  };
}
type Tables = Awaited<ReturnType<typeof tablesOf>>;

/** A value as it comes back from a JSON column. */
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value));
const columnsOf = ({ snapshot: _, ...columns }: Row) => columns;
const snapshotOf = (row: Row | undefined) => row?.snapshot as OrderSnapshot;

/** The units of each sku of `lines`, in the order each sku first appears. */
const unitsBySku = (lines: readonly { sku: string; quantity: number }[]) => {
  const units = new Map<string, number>();
  for (const line of lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  return [...units].map(([sku, quantity]) => ({ sku, quantity }));
};

/**
 * Events for an order of the fixture, of every kind: a repeat of a report it took (D9), a sale, an
 * authorization captured in part and voided, a shipment and a return, a refund, a chargeback and
 * its reversal, the merchant's statuses, a cancel and the window.
 */
function continuation(order: Order, takenIds: readonly string[]): OrderEvent[] {
  const { amount, currency } = order.total;
  const sku = order.lines[0]?.sku ?? 'NONE';
  const money = (
    type:
      | 'gateway.paymentConfirmed'
      | 'gateway.refunded'
      | 'gateway.chargeback'
      | 'gateway.chargebackReversed'
      | 'gateway.paymentAuthorized',
    transactionId: string,
    sum: number,
  ): OrderEvent => ({ type, transactionId, amount: sum, currency });
  const half = Math.max(1, Math.floor(amount / 2));
  return [
    ...(takenIds[0] === undefined ? [] : [money('gateway.paymentConfirmed', takenIds[0], amount)]),
    money('gateway.paymentConfirmed', 'MIG-PAY-1', half),
    money('gateway.paymentAuthorized', 'MIG-AUTH-1', amount),
    {
      type: 'gateway.paymentCaptured',
      transactionId: 'MIG-CAP-1',
      authorizationId: 'MIG-AUTH-1',
      amount: 1,
      currency,
    },
    { type: 'merchant.linesShipped', lines: [{ sku, quantity: 1 }] },
    { type: 'merchant.linesReturned', lines: [{ sku, quantity: 1 }], restock: true },
    money('gateway.refunded', 'MIG-REF-1', 1),
    money('gateway.chargeback', 'MIG-DSP-1', 1),
    money('gateway.chargebackReversed', 'MIG-WON-1', 1),
    {
      type: 'gateway.authorizationVoided',
      transactionId: 'MIG-VOID-1',
      authorizationId: 'MIG-AUTH-1',
    },
    { type: 'merchant.paymentStatusChanged', status: 'paid' },
    { type: 'merchant.shippingStatusChanged', status: 'shipped' },
    { type: 'merchant.orderCancelled' },
    { type: 'timer.paymentWindowElapsed' },
  ];
}

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

type Backend = [string, 'sqlite' | 'postgres', () => Promise<FreshDatabase>];
const backends: Backend[] = [['SQLite', 'sqlite', sqliteFixture]];
if (serverUrl !== null) backends.push(['PostgreSQL', 'postgres', postgresFixture]);

describe.each(backends)(
  'a store written by the previous release, opened on %s',
  (_name, dialect, fresh) => {
    let db: FreshDatabase;
    let before: Tables;

    beforeEach(async () => {
      db = await fresh();
      before = await tablesOf(db);
    });
    afterEach(async () => {
      await db.dispose();
    });

    test('the fixture is what the previous release wrote: tables of version 1, 20 orders of schema 2, effects pending and delivered', () => {
      expect(before.meta).toEqual([{ key: 'schemaVersion', value: '1' }]);
      expect(before.orders).toHaveLength(FIXTURE_ORDERS);
      expect(before.orders.every((row) => snapshotOf(row).schemaVersion === (2 as never))).toBe(
        true,
      );
      const pending = before.outbox.filter((row) => row.delivered_at === null);
      expect(pending.length).toBeGreaterThan(0);
      expect(pending.length).toBeLessThan(before.outbox.length);
    });

    test('opening migrates it in place: each order reads back with the columns it had, as a schema-3 snapshot; the log and the outbox stay as they were; the version is 2', async () => {
      const store = await openStore(db.location);
      try {
        for (const row of before.orders) {
          const stored = await store.get(row.order_id as string);
          expect({
            paymentStatus: stored?.view.paymentStatus,
            shippingStatus: stored?.view.shippingStatus,
            listed: stored?.view.listed,
          }).toEqual({
            paymentStatus: row.payment_status,
            shippingStatus: row.shipping_status,
            listed: row.listed,
          });
          expect(stored?.view).toEqual(getOrderView(snapshotOf(row)));
          expect(stored?.version).toBe(row.version);
        }
      } finally {
        await store.close();
      }
      const after = await tablesOf(db);
      expect(after.meta).toEqual([{ key: 'schemaVersion', value: '2' }]);
      expect(after.orders.map(columnsOf)).toEqual(before.orders.map(columnsOf));
      expect(after.orders.map((row) => row.snapshot)).toEqual(
        before.orders.map((row) => asStored(readSnapshot(row.snapshot))),
      );
      expect(after.orders.every((row) => snapshotOf(row).schemaVersion === SCHEMA_VERSION)).toBe(
        true,
      );
      expect(after.events).toEqual(before.events);
      expect(after.outbox).toEqual(migratedOutbox(before.outbox, before.events));
    });

    test('the outbox gains the columns of version 2: each timer its due time; the timers handed to the previous host whose event their order’s log lacks are armed again, and fired by the store', async () => {
      const timers = (tables: Tables) =>
        tables.outbox
          .filter((row) => row.type === 'scheduleTimer')
          .map((row) => [row.order_id, row.delivered_at === null ? 'pending' : 'delivered']);
      expect(timers(before)).toEqual([
        ['ORD-10', 'delivered'],
        ['ORD-13', 'delivered'],
        ['ORD-15', 'pending'],
        ['ORD-17', 'delivered'],
        ['ORD-18', 'delivered'],
      ]);
      const latest = Math.max(...before.outbox.map((row) => row.created_at as number));
      let now = latest;
      const store = await openStore(db.location, { now: () => now });
      try {
        expect(timers(await tablesOf(db))).toEqual([
          ['ORD-10', 'pending'],
          ['ORD-13', 'delivered'],
          ['ORD-15', 'pending'],
          ['ORD-17', 'pending'],
          ['ORD-18', 'delivered'],
        ]);
        const handlers = {
          deductStock: 'elsewhere',
          restoreStock: 'elsewhere',
          voidAuthorization: 'elsewhere',
          sendEmail: 'elsewhere',
        } as const;
        now = latest + 1440 * 60_000;
        expect(await store.dispatch(handlers)).toMatchObject({ timersFired: 3 });
        for (const orderId of ['ORD-10', 'ORD-15', 'ORD-17']) {
          const log = await store.log(orderId);
          expect(log.at(-1)).toMatchObject({
            deliveryId: `${orderId}:scheduleTimer:paymentWindow`,
            entry: { event: { type: 'timer.paymentWindowElapsed' } },
          });
        }
      } finally {
        await store.close();
      }
    });

    test('the 6 orders with a sku on several lines read back with one line a sku, of all its units, and the goods of each line', async () => {
      await (await openStore(db.location)).close();
      const after = await tablesOf(db);
      const repeated = before.orders.filter((row) => {
        const { lines } = snapshotOf(row).order;
        return new Set(lines.map((line) => line.sku)).size !== lines.length;
      });
      expect(repeated).toHaveLength(6);
      for (const row of repeated) {
        const migrated = snapshotOf(after.orders.find((found) => found.order_id === row.order_id));
        expect(migrated.order.lines).toEqual(unitsBySku(snapshotOf(row).order.lines));
        expect(migrated.goods).toHaveLength(migrated.order.lines.length);
      }
    });

    test('a store of more orders than the migration reads at a time (1,020): every one migrated', async () => {
      await db.raw(copiesOfOrders(dialect, 51));
      const many = await tablesOf(db);
      expect(many.orders).toHaveLength(51 * FIXTURE_ORDERS);
      await (await openStore(db.location)).close();
      const after = await tablesOf(db);
      expect(after.orders.map(columnsOf)).toEqual(many.orders.map(columnsOf));
      expect(after.orders.map((row) => row.snapshot)).toEqual(
        many.orders.map((row) => asStored(readSnapshot(row.snapshot))),
      );
    });

    test('opening it again changes nothing', async () => {
      await (await openStore(db.location)).close();
      const once = await tablesOf(db);
      await (await openStore(db.location)).close();
      expect(await tablesOf(db)).toEqual(once);
    });

    test('two stores opening it at once: both open, and it is migrated once', async () => {
      const stores = await Promise.all([openStore(db.location), openStore(db.location)]);
      await Promise.all(stores.map((store) => store.close()));
      const after = await tablesOf(db);
      expect(after.meta).toEqual([{ key: 'schemaVersion', value: '2' }]);
      expect(after.orders.map(columnsOf)).toEqual(before.orders.map(columnsOf));
      expect(after.orders.every((row) => snapshotOf(row).schemaVersion === SCHEMA_VERSION)).toBe(
        true,
      );
      expect(after.outbox).toEqual(migratedOutbox(before.outbox, before.events));
    });

    test('the effects pending before stay pending, with their attempts and errors, and are dispatched, each order’s in order', async () => {
      const pendingBefore = migratedOutbox(before.outbox, before.events).filter(
        (row) => row.delivered_at === null,
      );
      const latest = Math.max(...before.outbox.map((row) => row.available_at as number));
      let now = latest;
      const store = await openStore(db.location, { now: () => now });
      try {
        const pending = await store.pendingEffects({ limit: 10_000 });
        expect(
          pending.map((record) => [record.idempotencyKey, record.attempts, record.lastError]),
        ).toEqual(pendingBefore.map((row) => [row.idempotency_key, row.attempts, row.last_error]));
        const handed: { key: string; orderId: string; id: number }[] = [];
        const hand = (effect: HostEffect, { idempotencyKey }: Delivery) => {
          const id = pending.find((record) => record.idempotencyKey === idempotencyKey)?.id ?? 0;
          handed.push({ key: idempotencyKey, orderId: effect.orderId, id });
        };
        const handlers = {
          deductStock: hand,
          restoreStock: hand,
          voidAuthorization: hand,
          sendEmail: hand,
        };
        now = latest + 1440 * 60_000;
        while ((await store.dispatch(handlers, { limit: 7 })).handed > 0);
        const hostKeys = pendingBefore
          .filter((row) => row.type !== 'scheduleTimer')
          .map((row) => row.idempotency_key);
        expect(handed.map((h) => h.key).sort()).toEqual([...hostKeys].sort());
        for (const [i, h] of handed.entries()) {
          const later = handed.slice(i + 1);
          expect(later.some((l) => l.orderId === h.orderId && l.id < h.id)).toBe(false);
        }
        expect(await store.pendingEffects()).toEqual([]);
      } finally {
        await store.close();
      }
    });

    test('events of every kind apply to the migrated orders exactly as the engine decides them from the old snapshots, and their effects join the outbox', async () => {
      const store = await openStore(db.location);
      try {
        for (const row of before.orders) {
          const orderId = row.order_id as string;
          const old = snapshotOf(row) as unknown as OrderSnapshot & {
            gatewayTransactionIds: string[];
          };
          let expected: OrderSnapshot = old;
          const decided: { seq: number; effect: unknown }[] = [];
          const events = continuation(old.order, old.gatewayTransactionIds);
          for (const [i, event] of events.entries()) {
            const decision = applyEvent(expected, event);
            const committed = await store.apply(orderId, event, { deliveryId: `migrated-${i}` });
            expect({ event, ...committed }).toEqual({
              event,
              orderId,
              outcome: decision.outcome,
              ...('reason' in decision ? { reason: decision.reason } : {}),
              effects: decision.effects,
              view: getOrderView(decision.snapshot),
              version: (row.version as number) + i + 1,
            });
            decided.push(...decision.effects.map((effect) => ({ seq: committed.version, effect })));
            expected = decision.snapshot;
          }
          const outbox = await store.effectsOf(orderId);
          expect(outbox.filter((record) => record.seq > (row.version as number))).toMatchObject(
            decided,
          );
          expect((await store.get(orderId))?.snapshot).toEqual(asStored(readSnapshot(expected)));
        }
        const types = new Set(
          (await store.pendingEffects({ limit: 10_000 })).map((record) => record.effect.type),
        );
        expect([...types].sort()).toEqual([
          'deductStock',
          'restoreStock',
          'scheduleTimer',
          'sendEmail',
          'voidAuthorization',
        ]);
      } finally {
        await store.close();
      }
    });

    test('a schema-2 snapshot a worker of the previous release writes after the migration still reads back as schema 3 and takes events', async () => {
      await (await openStore(db.location)).close();
      const row = before.orders.find((found) => found.payment_status === 'pending');
      const orderId = row?.order_id as string;
      await db.raw('UPDATE orders SET snapshot = ? WHERE order_id = ?', [
        JSON.stringify(row?.snapshot),
        orderId,
      ]);
      const store = await openStore(db.location);
      try {
        const stored = await store.get(orderId);
        expect(stored?.snapshot).toEqual(asStored(readSnapshot(row?.snapshot)));
        const event: OrderEvent = { type: 'merchant.paymentStatusChanged', status: 'paid' };
        const decision = applyEvent(snapshotOf(row), event);
        expect(decision.outcome).toBe('applied');
        expect(await store.apply(orderId, event)).toMatchObject({
          outcome: 'applied',
          effects: decision.effects,
          view: getOrderView(decision.snapshot),
        });
      } finally {
        await store.close();
      }
    });

    test('a snapshot no release could have written stops the migration, named, and leaves the database as it was', async () => {
      const last = before.orders.at(-1);
      const broken = { ...snapshotOf(last), state: { ...snapshotOf(last).state, payment: 'lost' } };
      await db.raw('UPDATE orders SET snapshot = ? WHERE order_id = ?', [
        JSON.stringify(broken),
        last?.order_id,
      ]);
      const planted = await tablesOf(db);
      const error = await rejection(openStore(db.location));
      expect(error).toBeInstanceOf(OrderRulesError);
      expect(error).toMatchObject({ code: 'storeUnavailable', field: 'location' });
      expect((error as Error).message).toMatch(
        new RegExp(
          `^location holds order "${last?.order_id}", whose snapshot cannot be migrated: snapshot.state.payment must be one of`,
        ),
      );
      expect(await tablesOf(db)).toEqual(planted);
    });
  },
);
