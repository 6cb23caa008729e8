/**
 * The suite of `store.applyAll` (groups of placements and events in one transaction), which both
 * backends pass: `sqlite.spec.ts` and `postgres.spec.ts` run it, each on fresh databases. A
 * group writes exactly the rows the same items written one call at a time write; a group taken
 * again changes nothing; a group with a bad item writes nothing, and its items before the bad one
 * can then be taken; a group racing other writers of its orders (single calls, other groups, a
 * dispatcher firing timers) leaves every order's log whole, each delivery in it once, and an
 * outbox the engine's replay of that log gives back.
 * May touch: the databases `fresh` gives.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { OrderEvent, Placement } from '../../src/index.js';
import { OrderRulesError } from '../../src/index.js';
import {
  type Committed,
  type EffectHandlers,
  type GroupItem,
  MAX_GROUP,
  type OrderStore,
  openStore,
} from '../../src/store/index.js';
import {
  chequeOrder,
  deepFreeze,
  ignoringIncomplete,
  paypalOrder,
  setPaid,
  setPending,
  setShipped,
} from '../play.js';
import type { FreshDatabase } from './databases.js';
import { trafficOf } from './fault.js';
import { replayLog } from './replay-log.js';

/** The store's clock in these tests: fixed, so that two stores write the very same times. */
const T0 = 1_767_000_000_000;

const cheque: Placement = { order: chequeOrder, settings: ignoringIncomplete };
const paypal: Placement = { order: paypalOrder, settings: ignoringIncomplete };

/** Every row of the store's three tables, in a stable order, every column. */
async function rowsOf(db: FreshDatabase): Promise<Record<string, unknown>[][]> {
  const parsed = (rows: Record<string, unknown>[]) =>
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          // JSON as SQLite keeps it (text) and as PostgreSQL gives it back (parsed) read alike.
          typeof value === 'string' && /^[[{]/.test(value) ? JSON.parse(value) : value,
        ]),
      ),
    );
  return [
    parsed(await db.raw('SELECT * FROM orders ORDER BY order_id')),
    parsed(await db.raw('SELECT * FROM order_events ORDER BY order_id, seq')),
    parsed(await db.raw('SELECT * FROM outbox ORDER BY id')),
  ];
}

/**
 * A shop's traffic as a host delivers it: the generator's orders (some with payment windows),
 * each event with a delivery id, and redeliveries: each placement and every seventh event again,
 * one to five items later.
 */
function trafficWithRedeliveries(orders: number, seed: number): GroupItem[] {
  const items: GroupItem[] = trafficOf(orders, seed).map((delivery) =>
    'placement' in delivery
      ? { placement: delivery.placement }
      : { orderId: delivery.orderId, event: delivery.event, deliveryId: delivery.deliveryId },
  );
  const again = new Map<number, GroupItem[]>();
  const out: GroupItem[] = [];
  for (const [index, item] of items.entries()) {
    out.push(item, ...(again.get(index) ?? []));
    if ('placement' in item || index % 7 === 0) {
      const at = index + 1 + (index % 5);
      again.set(at, [...(again.get(at) ?? []), item]);
    }
  }
  for (const [at, late] of again) if (at >= items.length) out.push(...late);
  return out;
}

/** `items` cut into groups of the sizes given in turn (1, 2, 3, ...: groups end everywhere). */
function cut<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const groups: T[][] = [];
  for (let start = 0, turn = 0; start < items.length; turn += 1) {
    const size = sizes[turn % sizes.length] ?? 1;
    groups.push(items.slice(start, start + size));
    start += size;
  }
  return groups;
}

const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

export function describeGroups(name: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`order store on ${name}: applyAll`, () => {
    const opened: { store: OrderStore; db: FreshDatabase }[] = [];
    const open = async (now = () => T0) => {
      const db = await fresh();
      const store = await openStore(db.location, { now });
      opened.push({ store, db });
      return { db, store };
    };
    afterEach(async () => {
      for (const { store, db } of opened.splice(0)) {
        await store.close();
        await db.dispose();
      }
    });

    test('a grouped import writes exactly the rows of the same items taken one call at a time, timers included; the same groups again change nothing', async () => {
      const items = deepFreeze(trafficWithRedeliveries(24, 5));
      const one = await open();
      const each: Committed[] = [];
      for (const item of items) {
        each.push(
          'placement' in item
            ? await one.store.place(item.placement)
            : await one.store.apply(
                item.orderId,
                item.event,
                item.deliveryId === undefined ? {} : { deliveryId: item.deliveryId },
              ),
        );
      }
      const grouped = await open();
      const groups = cut(items, [1, 2, 3, 40, 7, 120, 5, 300]);
      const together: Committed[] = [];
      for (const group of groups) together.push(...(await grouped.store.applyAll(group)));

      expect(together).toEqual(each);
      const rows = await rowsOf(grouped.db);
      expect(rows).toEqual(await rowsOf(one.db));
      const [, log, outbox] = rows;
      // The comparison means something: redeliveries, effects and the store's timers are there.
      expect(each.filter((committed) => committed.outcome === 'alreadyDelivered').length).toBe(
        items.length - (log?.length ?? 0),
      );
      expect(outbox?.filter((record) => record.due_at !== null).length).toBeGreaterThan(0);
      expect(outbox?.length).toBeGreaterThan(60);

      for (const group of cut(items, [500])) {
        const again = await grouped.store.applyAll(group);
        expect(again.map((committed) => committed.outcome)).toEqual(
          group.map(() => 'alreadyDelivered'),
        );
        expect(again.flatMap((committed) => committed.effects)).toEqual([]);
      }
      expect(await rowsOf(grouped.db)).toEqual(rows);
    });

    test('an item that throws writes nothing of its group, and is named; the items before it can then be taken', async () => {
      const { db, store } = await open();
      await store.place(paypal);
      const empty = await rowsOf(db);
      const good: GroupItem[] = [
        { placement: cheque },
        { orderId: 'B-2002', event: setShipped, deliveryId: 'hook-1' },
        { orderId: 'A-1001', event: setPaid, deliveryId: 'hook-2' },
      ];
      const bad = {
        orderId: 'B-2002',
        event: { type: 'merchant.paymentStatusChanged', status: 'refunded' } as never,
      };
      const cases: [GroupItem, object][] = [
        [bad, { code: 'invalidEvent', field: 'items[3].event.status' }],
        [
          { orderId: 'Z-9', event: setPaid },
          {
            code: 'orderNotFound',
            message: 'items[3].orderId names no order placed in this store (received "Z-9")',
          },
        ],
        [
          { placement: { ...paypal, settings: { ...ignoringIncomplete, realtimeStock: false } } },
          { code: 'orderConflict', field: 'items[3].placement.order.id' },
        ],
      ];
      for (const [item, error] of cases) {
        const thrown = await rejection(store.applyAll([...good, item, ...good]));
        expect(thrown).toBeInstanceOf(OrderRulesError);
        expect(thrown).toMatchObject(error);
        expect(await rowsOf(db)).toEqual(empty);
      }

      // A write the database refuses after others of the group were made: all rolled back.
      await db.raw(
        `INSERT INTO outbox (idempotency_key, order_id, seq, type, effect, created_at, available_at)
         VALUES (?, ?, 0, 'sendEmail', '{}', 0, 0)`,
        ['A-1001:sendEmail:customerOrderConfirmation', 'A-1001'],
      );
      const planted = await rowsOf(db);
      await expect(store.applyAll(good)).rejects.toThrow();
      expect(await rowsOf(db)).toEqual(planted);

      const prefix = await store.applyAll(good.slice(0, 2));
      expect(prefix.map((committed) => [committed.orderId, committed.outcome])).toEqual([
        ['B-2002', 'applied'],
        ['B-2002', 'applied'],
      ]);
      expect((await store.log('B-2002')).map((entry) => entry.deliveryId)).toEqual([
        null,
        'hook-1',
      ]);
      expect(await store.get('A-1001')).toMatchObject({ version: 0 });
    });

    test('items are checked before anything is read, each named; the caller’s items are not changed; a closed store takes no group', async () => {
      const { db, store } = await open();
      const cases: [unknown, string, string][] = [
        [7, 'items', 'invalidStoreArgument'],
        [
          Array.from({ length: MAX_GROUP + 1 }, () => ({ placement: cheque })),
          'items',
          'invalidStoreArgument',
        ],
        [[{ placement: cheque }, null], 'items[1]', 'invalidStoreArgument'],
        [[{ placement: cheque, orderId: 'B-2002' }], 'items[0].orderId', 'invalidStoreArgument'],
        [[{ orderId: '', event: setPaid }], 'items[0].orderId', 'invalidStoreArgument'],
        [
          [{ orderId: 'B-2002', event: setPaid, deliveryId: 7 }],
          'items[0].deliveryId',
          'invalidStoreArgument',
        ],
        [[{ orderId: 'B-2002' }], 'items[0].event', 'invalidStoreArgument'],
        // The placement and the event are the engine's to check, named from the item.
        [[{ placement: 'cheque' }], 'items[0].placement', 'invalidOrder'],
        [
          [{ placement: cheque }, { orderId: 'B-2002', event: {} }],
          'items[1].event.type',
          'invalidEvent',
        ],
      ];
      for (const [items, field, code] of cases) {
        expect(await rejection(store.applyAll(items as never))).toMatchObject({ code, field });
      }
      expect(await rowsOf(db)).toEqual([[], [], []]);
      expect(await store.applyAll([])).toEqual([]);
      const items = deepFreeze<GroupItem[]>([
        { placement: structuredClone(cheque) },
        { orderId: 'B-2002', event: structuredClone(setShipped), deliveryId: 'hook-1' },
      ]);
      const copy = structuredClone(items);
      await store.applyAll(items);
      expect(items).toEqual(copy);
      expect((await rowsOf(db))[1]).toHaveLength(2);
      await store.close();
      expect(await rejection(store.applyAll(items))).toMatchObject({ code: 'storeUnavailable' });
    });

    test('an order or a delivery id of any text is found again: quotes, commas, braces, backslashes, a lone surrogate (which PostgreSQL refuses, as from place)', async () => {
      const { db, store } = await open();
      const reader = await openStore(db.location, { now: () => T0 });
      try {
        // PostgreSQL refuses a lone surrogate in JSON (a single call's placement as much as a
        // group's): there, such an id is refused whole, as by `place`.
        if (name === 'PostgreSQL') {
          const odd: Placement = {
            order: { ...chequeOrder, id: 'O-\uD800-2' },
            settings: ignoringIncomplete,
          };
          await expect(store.place(odd)).rejects.toThrow(/json/);
          await expect(store.applyAll([{ placement: odd }])).rejects.toThrow(/json/);
          expect((await rowsOf(db))[0]).toEqual([]);
        }
        const ids = [`O'1,"{x}\\`, ...(name === 'SQLite' ? ['O-\uD800-2'] : [])];
        for (const id of ids) {
          const placement: Placement = {
            order: { ...chequeOrder, id },
            settings: ignoringIncomplete,
          };
          const group: GroupItem[] = [
            { placement },
            { orderId: id, event: setShipped, deliveryId: `${id}:hook` },
          ];
          const outcomes = async (s: OrderStore) =>
            (await s.applyAll(group)).map((committed) => committed.outcome);
          expect(await outcomes(store)).toEqual(['applied', 'applied']);
          // Another store holds no snapshot of its own: it reads the rows whole.
          expect(await outcomes(reader)).toEqual(['alreadyDelivered', 'alreadyDelivered']);
          expect(await outcomes(store)).toEqual(['alreadyDelivered', 'alreadyDelivered']);
          expect(await reader.apply(id, setShipped, { deliveryId: `${id}:hook` })).toMatchObject({
            outcome: 'alreadyDelivered',
            version: 1,
          });
        }
      } finally {
        await reader.close();
      }
    });

    test('groups racing other writers of the same orders (single calls, other groups, a dispatcher firing timers) leave each log whole: every delivery once, the outbox what the log decides', async () => {
      let now = T0;
      const { db, store } = await open(() => now);
      const other = await openStore(db.location, { now: () => now });
      const dispatcher = await openStore(db.location, { now: () => now });
      try {
        const ids = ['R-1', 'R-2', 'R-3'];
        await store.applyAll(
          ids.map((id) => ({
            placement: {
              order: { ...paypalOrder, id },
              settings: { ...ignoringIncomplete, paymentWindowMinutes: 30 },
            },
          })),
        );
        now += 31 * 60_000;
        const event = (i: number): OrderEvent => (i % 2 === 0 ? setPending : setPaid);
        const groups = Array.from({ length: 6 }, (_, g) =>
          Array.from({ length: 9 }, (_, i) => ({
            orderId: ids[(g + i) % ids.length] as string,
            event: event(i),
            // Groups 3-5 bring again the deliveries of groups 0-2: each is taken once.
            deliveryId: `group-${g % 3}-${i}`,
          })),
        );
        const singles = Array.from({ length: 18 }, (_, i) => ({
          orderId: ids[i % ids.length] as string,
          event: event(i + 1),
          deliveryId: `single-${i}`,
        }));
        // Four groups place the same new order at once, and bring two deliveries twice each.
        const late: Placement = {
          order: { ...paypalOrder, id: 'R-4' },
          settings: ignoringIncomplete,
        };
        const placing = Array.from({ length: 4 }, (_, g) => [
          { placement: late },
          { orderId: 'R-4', event: event(g), deliveryId: `late-${g % 2}` },
        ]);
        const handlers: EffectHandlers = {
          deductStock: 'notPerformed',
          restoreStock: 'notPerformed',
          voidAuthorization: 'notPerformed',
          sendEmail: 'notPerformed',
        };
        const results = await Promise.all([
          ...groups.map((group, g) => (g % 2 === 0 ? store : other).applyAll(group)),
          ...singles.map((single) =>
            other.apply(single.orderId, single.event, { deliveryId: single.deliveryId }),
          ),
          dispatcher.dispatch(handlers),
          ...placing.map((group, g) => (g % 2 === 0 ? other : store).applyAll(group)),
        ]);
        const taken = results
          .slice(0, groups.length)
          .flat()
          .filter((committed) => (committed as Committed).outcome !== 'alreadyDelivered');
        expect(taken).toHaveLength(27);
        const placed = results.slice(-placing.length) as Committed[][];
        expect(placed.map(([placement]) => placement?.outcome).sort()).toEqual([
          'alreadyDelivered',
          'alreadyDelivered',
          'alreadyDelivered',
          'applied',
        ]);
        expect(placed.filter(([, e]) => e?.outcome === 'alreadyDelivered')).toHaveLength(2);
        expect((await store.log('R-4')).map((entry) => entry.deliveryId).sort()).toEqual([
          'late-0',
          'late-1',
          null,
        ]);
        // On PostgreSQL writers of one order go on together: some of them lost a race and
        // started again (SQLite's writers take turns on the file's lock instead).
        if (name === 'PostgreSQL') expect(store.retries + other.retries).toBeGreaterThan(0);

        for (const id of ids) {
          const log = await store.log(id);
          const deliveries = log.slice(1).map((entry) => entry.deliveryId);
          expect(new Set(deliveries).size).toBe(deliveries.length);
          expect(deliveries.filter((d) => d?.startsWith('group-'))).toHaveLength(9);
          expect(deliveries.filter((d) => d?.startsWith('single-'))).toHaveLength(6);
          expect(deliveries.filter((d) => d?.startsWith(`${id}:`))).toEqual([
            `${id}:scheduleTimer:paymentWindow`,
          ]);
          const { effects, steps } = replayLog(log);
          const outbox = await store.effectsOf(id);
          expect(outbox.map(({ seq, effect }) => ({ seq, effect }))).toEqual(effects);
          expect((await store.get(id))?.view).toEqual(steps.at(-1)?.view);
        }
      } finally {
        await other.close();
        await dispatcher.close();
      }
    });
  });
}
