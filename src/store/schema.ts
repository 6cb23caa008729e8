/**
 * The store's tables, written once and rendered for each database: the orders with their view
 * columns, each order's event log, and the outbox of effects. Both backends create exactly these.
 * May touch: nothing; it only writes SQL text.
 */
import { OrderRulesError } from '../errors.js';

/** The databases the store runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** Column types that differ between the two databases; everything else is the same SQL. */
const types = {
  sqlite: { json: 'TEXT', bool: 'INTEGER', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { json: 'JSONB', bool: 'BOOLEAN', serial: 'BIGSERIAL PRIMARY KEY' },
} as const;

/**
 * The version of these tables, kept in `order_rules_meta`. Version 1 (order-rules 0.1) held
 * snapshots of schema 2; version 2 holds snapshots of schema 3 or 4 (order-rules 0.2 and 0.3: each
 * read as the engine reads it, written back as 4 with its next event) with the view columns of
 * edition 2 of the rules, and an outbox that knows its timers' due times and who leased each
 * effect. Opening a database of version 1 migrates it (see `migrate.ts`).
 */
export const STORE_SCHEMA_VERSION = 2;

/** The versions of the tables this release migrates to `STORE_SCHEMA_VERSION` when it opens them. */
export const MIGRATED_VERSIONS = [1] as const;

/**
 * The version of the tables found, as a number this release reads (the current one, or one it
 * migrates); refuses any other (a later release's, say): reading or writing those tables as this
 * version's could lose what they hold.
 */
export function readableVersion(found: unknown): number {
  const known: readonly number[] = [...MIGRATED_VERSIONS, STORE_SCHEMA_VERSION];
  const version = known.find((candidate) => String(candidate) === found);
  if (version !== undefined) return version;
  throw new OrderRulesError(
    'storeUnavailable',
    'location',
    `holds the store's tables of version ${JSON.stringify(found)}; this release reads version ${STORE_SCHEMA_VERSION}, and migrates version ${MIGRATED_VERSIONS.join(', ')} to it`,
  );
}

/** The table of the store's own facts (its tables' version), created first so it can be read. */
export const META_TABLE = `CREATE TABLE IF NOT EXISTS order_rules_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    )`;

/**
 * The statements that create the tables and their indexes, if they are not there yet.
 *
 * - `orders`: one row an order, its sealed snapshot as JSON, `version` counting its logged events,
 *   and the view columns the merchant's list and the incomplete-orders search read (indexed).
 * - `order_events`: each order's log, placement first (`seq` 0); `delivery_id` makes a redelivered
 *   event a no-op. Replaying an order's log through the engine gives its outbox back (for an
 *   order migrated from version 1, the entries before the migration were decided by the previous
 *   rules: the ones after it follow from the migrated snapshot).
 * - `outbox`: the effects decided, unique by idempotency key, pending until delivered. An effect
 *   for the host is leased by one dispatcher (`leased_by`) until `available_at`, its lease renewed
 *   while its handler runs; `attempts`, counted by each lease, is the fencing token that marking it
 *   delivered or failed must name. A timer (`scheduleTimer`) has a `due_at` instead, and the store
 *   fires it itself. `delivered_as` says how an effect was delivered: `handled` by a host's
 *   handler, `notPerformed` (the host's handlers perform none of its type), or `fired` (a timer).
 *   Partial indexes find the effects to hand, oldest decided first (`outbox_to_hand`), an
 *   order's earlier undelivered effects (`outbox_pending_by_order`, for per-order order) and the
 *   due timers (`outbox_timers`).
 */
export function createTables(dialect: Dialect): string[] {
  const t = types[dialect];
  return [
    META_TABLE,
    `CREATE TABLE IF NOT EXISTS orders (
      order_id TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      snapshot ${t.json} NOT NULL,
      payment_status TEXT NOT NULL,
      shipping_status TEXT NOT NULL,
      listed ${t.bool} NOT NULL,
      placed_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS orders_by_listed ON orders (listed, placed_at, order_id)',
    'CREATE INDEX IF NOT EXISTS orders_by_payment_status ON orders (payment_status, placed_at, order_id)',
    `CREATE TABLE IF NOT EXISTS order_events (
      order_id TEXT NOT NULL REFERENCES orders (order_id),
      seq INTEGER NOT NULL,
      delivery_id TEXT,
      entry ${t.json} NOT NULL,
      outcome TEXT NOT NULL,
      reason TEXT,
      recorded_at BIGINT NOT NULL,
      PRIMARY KEY (order_id, seq),
      UNIQUE (order_id, delivery_id)
    )`,
    `CREATE TABLE IF NOT EXISTS outbox (
      id ${t.serial},
      idempotency_key TEXT NOT NULL UNIQUE,
      order_id TEXT NOT NULL REFERENCES orders (order_id),
      seq INTEGER NOT NULL,
      type TEXT NOT NULL,
      effect ${t.json} NOT NULL,
      created_at BIGINT NOT NULL,
      available_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      delivered_at BIGINT,
      ${OUTBOX_COLUMNS_OF_VERSION_2.join(',\n      ')}
    )`,
    'CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (available_at, id) WHERE delivered_at IS NULL',
    'CREATE INDEX IF NOT EXISTS outbox_by_order ON outbox (order_id, seq)',
    `CREATE INDEX IF NOT EXISTS outbox_to_hand ON outbox (id)
      WHERE delivered_at IS NULL AND due_at IS NULL`,
    `CREATE INDEX IF NOT EXISTS outbox_pending_by_order ON outbox (order_id, id)
      WHERE delivered_at IS NULL AND due_at IS NULL`,
    `CREATE INDEX IF NOT EXISTS outbox_timers ON outbox (due_at, id)
      WHERE delivered_at IS NULL AND due_at IS NOT NULL`,
  ];
}

/**
 * The outbox's columns that version 1 did not have, as `CREATE TABLE` names them and as the
 * migration from version 1 adds them: a timer's due time, the dispatcher that leased an effect
 * last, and how a delivered effect was delivered.
 */
export const OUTBOX_COLUMNS_OF_VERSION_2 = [
  'due_at BIGINT',
  'leased_by TEXT',
  'delivered_as TEXT',
] as const;
