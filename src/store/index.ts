/**
 * order-rules/store: the engine hosted on a database, with an outbox of effects delivered at least
 * once, in each order's order, and timers the store fires itself. SQLite (a file, through better-sqlite3) by default; PostgreSQL (a URL, through pg) for many
 * workers on many machines. Both drivers are optional peer dependencies, loaded by `openStore`;
 * importing `order-rules` alone never loads them. This file is the entry point's public API.
 * May touch: the database `openStore` is given.
 */
import * as v from 'valibot';
import { validate } from '../validate.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import { OrderStore, type StoreOptions } from './store.js';

export type { OrderListing, OutboxRecord } from './backend.js';
export {
  type Delivery,
  type DispatchOptions,
  type DispatchPassOptions,
  type DispatchReport,
  type EffectHandler,
  type EffectHandlers,
  type HostEffect,
  type HostEffectType,
  hostEffectTypes,
  type RunDispatcherOptions,
} from './dispatcher.js';
export { type GroupItem, MAX_GROUP } from './group.js';
export type { OrderStore, StoredOrder, StoreOptions } from './store.js';
export type { Committed, LogEntry } from './work.js';

const LocationSchema = v.pipe(
  v.string('must be a string: a SQLite file path or a postgres:// URL'),
  v.nonEmpty('must not be empty: a SQLite file path or a postgres:// URL'),
);

const StoreOptionsSchema = v.strictObject(
  {
    busyTimeoutMs: v.optional(
      v.pipe(
        v.number('must be a number'),
        v.safeInteger('must be a whole number of ms'),
        v.minValue(0, 'must not be negative'),
      ),
    ),
    maxConnections: v.optional(
      v.pipe(
        v.number('must be a number'),
        v.safeInteger('must be a whole number'),
        v.minValue(1, 'must be at least 1'),
        v.maxValue(1000, 'must be at most 1000'),
      ),
    ),
    now: v.optional(v.function('must be a function that gives the time in ms')),
  },
  'must be an object { busyTimeoutMs?, maxConnections?, now? }',
);

/** Whether a location names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/**
 * Opens a store, creating its tables if they are not there: `location` is a `postgres://` (or
 * `postgresql://`) URL, or else a SQLite file path (`:memory:` for a database that lives as long as
 * the store). Tables the previous release wrote (version 1) are migrated in place first, in one
 * transaction: each order's snapshot brought to the current schema and its view columns computed
 * again; its log and its effects kept as they are. Throws `OrderRulesError` `storeUnavailable` when the driver
 * is missing, the database cannot be opened, or its tables are of a version this release neither
 * reads nor migrates.
 *
 * @example
 * const store = await openStore('orders.db');
 * await store.place({ order, settings });
 * await store.apply(order.id, { type: 'merchant.paymentStatusChanged', status: 'paid' });
 * await store.dispatch({ deductStock, restoreStock, voidAuthorization, sendEmail });
 * await store.close();
 */
export async function openStore(location: string, options: StoreOptions = {}): Promise<OrderStore> {
  const where = validate(LocationSchema, location, 'invalidStoreArgument', 'location');
  const {
    busyTimeoutMs = 5_000,
    maxConnections = 10,
    now,
  } = validate(StoreOptionsSchema, options, 'invalidStoreArgument', 'options');
  const backend = isPostgresUrl(where)
    ? await openPostgres(where, { maxConnections })
    : await openSqlite(where, { busyTimeoutMs });
  return new OrderStore(backend, now === undefined ? Date.now : () => Number(now()));
}
