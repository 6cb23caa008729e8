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

/** The version of these tables, kept in `order_rules_meta` so a later release can migrate. */
export const STORE_SCHEMA_VERSION = 1;

/**
 * Refuses a database whose tables another version of the store wrote (a later release, say):
 * reading or writing them as version 1 could lose what they hold.
 */
export function checkSchemaVersion(found: unknown): void {
  if (found === String(STORE_SCHEMA_VERSION)) return;
  throw new OrderRulesError(
    'storeUnavailable',
    'location',
    `holds the store's tables of version ${JSON.stringify(found)}; this release reads version ${STORE_SCHEMA_VERSION} only`,
  );
}

/**
 * The statements that create the tables and their indexes, if they are not there yet.
 *
 * - `orders`: one row an order, its sealed snapshot as JSON, `version` counting its logged events,
 *   and the view columns the merchant's list and the incomplete-orders search read (indexed).
 * - `order_events`: each order's log, placement first (`seq` 0); `delivery_id` makes a redelivered
 *   event a no-op. Replaying an order's log through the engine gives its outbox back.
 * - `outbox`: the effects decided, unique by idempotency key, pending until a dispatcher hands them
 *   to the host and marks them delivered.
 */
export function createTables(dialect: Dialect): string[] {
  const t = types[dialect];
  return [
    `CREATE TABLE IF NOT EXISTS order_rules_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    )`,
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
      delivered_at BIGINT
    )`,
    'CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (available_at, id) WHERE delivered_at IS NULL',
    'CREATE INDEX IF NOT EXISTS outbox_by_order ON outbox (order_id, seq)',
  ];
}
