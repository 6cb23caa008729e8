/**
 * Every statement the store runs, written once with `?` placeholders for both databases (the
 * PostgreSQL backend numbers them), and the mapping of rows back to records. Values are bound the
 * same way on both: JSON as text, booleans as 1 or 0, times as milliseconds since the epoch.
 * May touch: nothing; SQL text and plain data only.
 */

import type { OrderView } from '../engine.js';
import type { OrderSnapshot } from '../snapshot.js';
import type {
  ListingFilter,
  OrderListing,
  OutboxFilter,
  OutboxRecord,
  Settlement,
} from './backend.js';
import {
  type ChangedRow,
  deliveryKey,
  type GroupFound,
  type GroupReads,
  type GroupWrites,
} from './group.js';
import { type Dialect, OUTBOX_COLUMNS_OF_VERSION_2 } from './schema.js';
import type { Answers, LogEntry, OrderRow, OutboxEntry, Request } from './work.js';

/** A statement and the values bound to its placeholders, in order. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

const json = (value: unknown): string => JSON.stringify(value);
const bit = (value: boolean): number => (value ? 1 : 0);

/** A JSON column read back: text from SQLite, already parsed from PostgreSQL's JSONB. */
export const fromJson = (value: unknown): unknown =>
  typeof value === 'string' ? JSON.parse(value) : value;

/** The order's row. */
export const readOrder = (orderId: string): Statement => ({
  text: 'SELECT version, snapshot FROM orders WHERE order_id = ?',
  values: [orderId],
});

/** The view columns of an order's row, in the order the statements below name them. */
const viewValues = (view: OrderView): unknown[] => [
  view.paymentStatus,
  view.shippingStatus,
  bit(view.listed),
];

/** What an order's row holds besides its id and when it was placed. */
const rowValues = (row: OrderRow): unknown[] => [
  row.version,
  json(row.snapshot),
  ...viewValues(row.view),
  row.at,
];

export const insertOrder = (row: OrderRow): Statement => ({
  text: `INSERT INTO orders (order_id, placed_at, version, snapshot, payment_status, shipping_status, listed, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
  values: [row.orderId, row.at, ...rowValues(row)],
});

export const updateOrder = (row: OrderRow, changed: boolean): Statement =>
  changed
    ? {
        text: `UPDATE orders SET version = ?, snapshot = ?, payment_status = ?, shipping_status = ?, listed = ?, updated_at = ?
          WHERE order_id = ?`,
        values: [...rowValues(row), row.orderId],
      }
    : {
        text: 'UPDATE orders SET version = ? WHERE order_id = ?',
        values: [row.version, row.orderId],
      };

/** A page of orders' snapshots, by id, after `after` (a migration reads them all, page by page). */
export const readOrderPage = (after: string, limit: number): Statement => ({
  text: 'SELECT order_id, snapshot FROM orders WHERE order_id > ? ORDER BY order_id LIMIT ?',
  values: [after, limit],
});

/** The columns of a log entry, their PostgreSQL types, and an entry's values for them. */
const LOG_COLUMNS = 'order_id, seq, delivery_id, entry, outcome, reason, recorded_at';
const LOG_TYPES = ['text', 'integer', 'text', 'jsonb', 'text', 'text', 'bigint'];
const logValues = (entry: LogEntry): unknown[] => [
  entry.orderId,
  entry.seq,
  entry.deliveryId,
  json(entry.entry),
  entry.outcome,
  entry.reason,
  entry.at,
];

/** The columns of an effect in the outbox, their PostgreSQL types, and an effect's values for them. */
const OUTBOX_INSERT_COLUMNS =
  'idempotency_key, order_id, seq, type, effect, created_at, available_at, due_at';
const OUTBOX_TYPES = ['text', 'text', 'integer', 'text', 'jsonb', 'bigint', 'bigint', 'bigint'];
const outboxValues = (entry: OutboxEntry): unknown[] => [
  entry.effect.idempotencyKey,
  entry.orderId,
  entry.seq,
  entry.effect.type,
  json(entry.effect),
  entry.at,
  entry.at,
  dueAt(entry),
];

/**
 * When the store fires a timer: when it was decided, plus its minutes (a restart neither loses nor
 * stretches it). Null for an effect handed to the host.
 */
const dueAt = ({ effect, at }: OutboxEntry): number | null =>
  effect.type === 'scheduleTimer' ? at + effect.afterMinutes * 60_000 : null;

/** `(?, ?, ...)` for each row, typed (`?::jsonb`) where PostgreSQL cannot tell the type from a column. */
const tuples = (rows: number, types: readonly string[], typed: boolean): string =>
  Array.from(
    { length: rows },
    () => `(${types.map((type) => (typed ? `?::${type}` : '?')).join(', ')})`,
  ).join(', ');

/** An order's snapshot brought up to date by a migration, with its view. */
export interface Rewrite {
  readonly orderId: string;
  readonly snapshot: OrderSnapshot;
  readonly view: OrderView;
}

/**
 * Orders' snapshots and view columns written again, their versions and times kept (a migration):
 * one statement an order on SQLite, one for them all on PostgreSQL (a round trip saved each).
 */
export const rewriteOrders = (dialect: Dialect, rewrites: readonly Rewrite[]): Statement[] => {
  const values = (rewrite: Rewrite) => [
    json(rewrite.snapshot),
    ...viewValues(rewrite.view),
    rewrite.orderId,
  ];
  if (dialect === 'sqlite') {
    return rewrites.map((rewrite) => ({
      text: `UPDATE orders SET snapshot = ?, payment_status = ?, shipping_status = ?, listed = ?
        WHERE order_id = ?`,
      values: values(rewrite),
    }));
  }
  if (rewrites.length === 0) return [];
  const types = ['jsonb', 'text', 'text', 'integer', 'text'];
  return [
    {
      text: `UPDATE orders SET snapshot = v.snapshot, payment_status = v.payment_status,
        shipping_status = v.shipping_status, listed = v.listed <> 0
        FROM (VALUES ${tuples(rewrites.length, types, true)})
          AS v (snapshot, payment_status, shipping_status, listed, order_id)
        WHERE orders.order_id = v.order_id`,
      values: rewrites.flatMap(values),
    },
  ];
};

/** Appends a log entry unless the order's log holds its delivery id (then it changes nothing). */
export const appendLog = (entry: LogEntry): Statement => ({
  text: `INSERT INTO order_events (${LOG_COLUMNS}) VALUES ${tuples(1, LOG_TYPES, false)}
    ON CONFLICT (order_id, delivery_id) DO NOTHING`,
  values: logValues(entry),
});

/** Adds effects to the outbox; a repeated idempotency key fails. */
export const enqueue = (entries: readonly OutboxEntry[]): Statement => ({
  text: `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS}) VALUES ${tuples(entries.length, OUTBOX_TYPES, false)}`,
  values: entries.flatMap(outboxValues),
});

/**
 * PostgreSQL: one statement that makes `guard`, then, only if the guard's insert changed a row,
 * the other writes; it answers one row when it did, none when it did not. One statement is atomic:
 * all of it or nothing.
 */
function guarded(
  guard: Statement,
  then: readonly {
    readonly insert: string;
    readonly types: readonly string[];
    readonly rows: unknown[][];
  }[],
  updates: readonly Statement[] = [],
): Statement {
  const parts = [`guard AS (${guard.text} RETURNING 1)`];
  const values = [...guard.values];
  updates.forEach((update, index) => {
    parts.push(`updated${index} AS (${update.text} AND EXISTS (SELECT 1 FROM guard) RETURNING 1)`);
    values.push(...update.values);
  });
  then.forEach(({ insert, types, rows }, index) => {
    if (rows.length === 0) return;
    parts.push(
      `then${index} AS (${insert} SELECT * FROM (VALUES ${tuples(rows.length, types, true)}) AS added
        WHERE EXISTS (SELECT 1 FROM guard) RETURNING 1)`,
    );
    values.push(...rows.flat());
  });
  return { text: `WITH ${parts.join(',\n')}\nSELECT 1 FROM guard`, values };
}

/**
 * A statement of a group's write, and how many rows it must change: fewer means another writer
 * changed an order since the group read it (the group lost a race, and starts again).
 */
export interface GroupStatement extends Statement {
  readonly changes?: number;
}

const ORDER_COLUMNS =
  'order_id, placed_at, version, snapshot, payment_status, shipping_status, listed, updated_at';
const placedValues = (row: OrderRow): unknown[] => [row.orderId, row.at, ...rowValues(row)];
const orderValues = (rows: number) => tuples(rows, ORDER_COLUMNS.split(', '), false);

/** SQLite: each of a group's rows is one prepared statement, run in the group's transaction. */
const SQLITE_GROUP = {
  insertOrder: `INSERT INTO orders (${ORDER_COLUMNS}) VALUES ${orderValues(1)}`,
  appendLog: `INSERT INTO order_events (${LOG_COLUMNS}) VALUES ${tuples(1, LOG_TYPES, false)}`,
  updateOrder: `UPDATE orders SET version = ?, snapshot = ?, payment_status = ?, shipping_status = ?,
    listed = ?, updated_at = ? WHERE order_id = ? AND version = ?`,
  setVersion: 'UPDATE orders SET version = ? WHERE order_id = ? AND version = ?',
  enqueue: `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS}) VALUES ${tuples(1, OUTBOX_TYPES, false)}`,
} as const;

/** `unnest(?::t1[], ?::t2[], ...)`: one array parameter a column, however many rows (PostgreSQL). */
const unnest = (types: readonly string[]) =>
  `unnest(${types.map((type) => `?::${type === 'jsonb' ? 'text' : type}[]`).join(', ')})`;

/**
 * PostgreSQL: each of a group's writes is one statement, whatever its number of rows, its values
 * bound as one array a column (JSON as text, cast as it is read). The orders' rows and the log
 * entries are written sorted by order id (and sequence number), so that two groups sharing orders
 * wait for each other in the same order, never in a circle.
 */
const POSTGRES_GROUP = {
  insertOrders: `INSERT INTO orders (${ORDER_COLUMNS})
    SELECT order_id, placed_at, version, snapshot::jsonb, payment_status, shipping_status,
      listed <> 0, updated_at
    FROM ${unnest(['text', 'bigint', 'integer', 'jsonb', 'text', 'text', 'integer', 'bigint'])}
      AS v (${ORDER_COLUMNS})
    ORDER BY order_id`,
  appendLog: `INSERT INTO order_events (${LOG_COLUMNS})
    SELECT order_id, seq, delivery_id, entry::jsonb, outcome, reason, recorded_at
    FROM ${unnest(LOG_TYPES)} AS v (${LOG_COLUMNS})
    ORDER BY order_id, seq`,
  updateOrders: `UPDATE orders SET version = v.version,
      snapshot = COALESCE(v.snapshot::jsonb, orders.snapshot),
      payment_status = COALESCE(v.payment_status, orders.payment_status),
      shipping_status = COALESCE(v.shipping_status, orders.shipping_status),
      listed = COALESCE(v.listed <> 0, orders.listed),
      updated_at = COALESCE(v.updated_at, orders.updated_at)
    FROM ${unnest(['text', 'integer', 'integer', 'jsonb', 'text', 'text', 'integer', 'bigint'])}
      AS v (order_id, from_version, version, snapshot, payment_status, shipping_status, listed, updated_at)
    WHERE orders.order_id = v.order_id AND orders.version = v.from_version`,
  enqueue: `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS})
    SELECT idempotency_key, order_id, seq, type, effect::jsonb, created_at, available_at, due_at
    FROM ${unnest(OUTBOX_TYPES)} WITH ORDINALITY AS v (${OUTBOX_INSERT_COLUMNS}, n)
    ORDER BY n`,
} as const;

/** The columns of `rows` (arrays of values, one a row): one array a column. */
const columnsOf = (rows: readonly unknown[][], width: number): unknown[][] =>
  Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));

/** An order's changed row as `UPDATE` binds it: null for what did not change. */
const updatedValues = ({ orderId, from, version, row }: ChangedRow): unknown[] =>
  row === undefined
    ? [orderId, from, version, null, null, null, null, null]
    : [orderId, from, version, json(row.snapshot), ...viewValues(row.view), row.at];

/**
 * Log entries by order id, then sequence number: the order the indexes keep them in. An order's
 * entries are decided in sequence, so only the orders' ids are sorted.
 */
function byKey(entries: readonly LogEntry[]): LogEntry[] {
  const byOrder = new Map<string, LogEntry[]>();
  for (const entry of entries) {
    const list = byOrder.get(entry.orderId);
    if (list === undefined) byOrder.set(entry.orderId, [entry]);
    else list.push(entry);
  }
  const ids = [...byOrder.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.flatMap((id) => byOrder.get(id) ?? []);
}

/**
 * The statements that write what a group decided, in the group's transaction: the orders it
 * placed, every log entry (by order, then sequence number), the orders it changed (each only if
 * it still has the version the group read), every effect in the order decided. SQLite: one
 * statement a row, made as it is run; PostgreSQL: one statement a table.
 */
export function* groupWrites(dialect: Dialect, writes: GroupWrites): Generator<GroupStatement> {
  const log = byKey(writes.log);
  if (dialect === 'sqlite') {
    const { insertOrder, appendLog, updateOrder, setVersion, enqueue } = SQLITE_GROUP;
    for (const row of writes.placed)
      yield { text: insertOrder, values: placedValues(row), changes: 1 };
    for (const entry of log) yield { text: appendLog, values: logValues(entry), changes: 1 };
    for (const changed of writes.updated) {
      const [orderId, from, version, snapshot, ...rest] = updatedValues(changed);
      yield snapshot === null
        ? { text: setVersion, values: [version, orderId, from], changes: 1 }
        : { text: updateOrder, values: [version, snapshot, ...rest, orderId, from], changes: 1 };
    }
    for (const entry of writes.outbox) yield { text: enqueue, values: outboxValues(entry) };
    return;
  }
  const { insertOrders, appendLog, updateOrders, enqueue } = POSTGRES_GROUP;
  const columns = (text: string, rows: unknown[][], width: number, changes?: number) => ({
    text,
    values: columnsOf(rows, width),
    ...(changes === undefined ? {} : { changes }),
  });
  if (writes.placed.length > 0) yield columns(insertOrders, writes.placed.map(placedValues), 8);
  if (log.length > 0) yield columns(appendLog, log.map(logValues), 7);
  if (writes.updated.length > 0) {
    yield columns(updateOrders, writes.updated.map(updatedValues), 8, writes.updated.length);
  }
  if (writes.outbox.length > 0) yield columns(enqueue, writes.outbox.map(outboxValues), 8);
}

/**
 * A group's reads, two queries whatever its size: its orders' rows, each with its snapshot unless
 * it is of the version the store's cache holds (then null), and which of its delivery ids their
 * logs hold. The values are bound as arrays (one JSON array on SQLite, read by `json_each`; one
 * array a column on PostgreSQL), and each row found names the place of what it answers in them
 * (`i`, from 0): an id is never read back as text, which the database may have stored otherwise
 * (a lone surrogate, say).
 */
export function groupReads(dialect: Dialect, reads: GroupReads): [Statement, Statement] {
  const versions = reads.orderIds.map((orderId) => reads.cached.get(orderId)?.version ?? -1);
  const row = `SELECT wanted.i, orders.version,
      CASE WHEN orders.version = wanted.version THEN NULL ELSE orders.snapshot END AS snapshot`;
  const pairs = 'logged.order_id = wanted.order_id AND logged.delivery_id = wanted.delivery_id';
  if (dialect === 'sqlite') {
    const each = (second: string) => `(SELECT key AS i, json_extract(value, '$[0]') AS order_id,
        json_extract(value, '$[1]') AS ${second} FROM json_each(?)) AS wanted`;
    return [
      {
        text: `${row} FROM ${each('version')} JOIN orders ON orders.order_id = wanted.order_id`,
        values: [JSON.stringify(reads.orderIds.map((orderId, i) => [orderId, versions[i]]))],
      },
      {
        text: `SELECT wanted.i FROM ${each('delivery_id')} JOIN order_events AS logged ON ${pairs}`,
        values: [
          JSON.stringify(reads.deliveries.map(({ orderId, deliveryId }) => [orderId, deliveryId])),
        ],
      },
    ];
  }
  const wanted = (second: string, type: string) =>
    `(SELECT order_id, ${second}, i - 1 AS i
      FROM unnest(?::text[], ?::${type}[]) WITH ORDINALITY AS given (order_id, ${second}, i)) AS wanted`;
  return [
    {
      text: `${row} FROM ${wanted('version', 'integer')} JOIN orders ON orders.order_id = wanted.order_id`,
      values: [reads.orderIds, versions],
    },
    {
      text: `SELECT wanted.i FROM ${wanted('delivery_id', 'text')}
        JOIN order_events AS logged ON ${pairs}`,
      values: [
        reads.deliveries.map((delivery) => delivery.orderId),
        reads.deliveries.map((delivery) => delivery.deliveryId),
      ],
    },
  ];
}

/** What a group's reads found (see `groupReads`), under the ids the group gave. */
export function groupFound(reads: GroupReads, orders: Result, logged: Result): GroupFound {
  const found = new Map<string, { version: number; snapshot?: unknown }>();
  for (const row of orders.rows) {
    const orderId = reads.orderIds[Number(row.i)];
    if (orderId === undefined) throw new Error(`order-rules/store: no order at ${row.i}`);
    const version = Number(row.version);
    found.set(
      orderId,
      row.snapshot === null ? { version } : { version, snapshot: fromJson(row.snapshot) },
    );
  }
  const delivered = new Set<string>();
  for (const row of logged.rows) {
    const delivery = reads.deliveries[Number(row.i)];
    if (delivery === undefined) throw new Error(`order-rules/store: no delivery at ${row.i}`);
    delivered.add(deliveryKey(delivery.orderId, delivery.deliveryId));
  }
  return { orders: found, delivered };
}

export const readLog = (orderId: string): Statement => ({
  text: `SELECT order_id, seq, delivery_id, entry, outcome, reason, recorded_at
    FROM order_events WHERE order_id = ? ORDER BY seq`,
  values: [orderId],
});

const OUTBOX_COLUMNS =
  'id, idempotency_key, order_id, seq, effect, created_at, available_at, attempts, last_error, delivered_at, due_at, leased_by, delivered_as';

export const readOutbox = (filter: OutboxFilter): Statement => {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.orderId !== undefined) {
    where.push('order_id = ?');
    values.push(filter.orderId);
  }
  if (filter.pendingOnly) where.push('delivered_at IS NULL');
  return {
    text: `SELECT ${OUTBOX_COLUMNS} FROM outbox${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id LIMIT ?`,
    values: [...values, filter.limit],
  };
};

export const listOrders = (filter: ListingFilter): Statement => {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.listed !== undefined) {
    where.push('listed = ?');
    values.push(bit(filter.listed));
  }
  if (filter.paymentStatus !== undefined) {
    where.push('payment_status = ?');
    values.push(filter.paymentStatus);
  }
  if (filter.placedBefore !== undefined) {
    where.push('placed_at < ?');
    values.push(filter.placedBefore);
  }
  return {
    text: `SELECT order_id, payment_status, shipping_status, listed, placed_at, updated_at FROM orders
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY placed_at DESC, order_id DESC LIMIT ? OFFSET ?`,
    values: [...values, filter.limit, filter.offset],
  };
};

/**
 * Leases the next effects to hand: pending, of these types, available at `now` (not leased, or
 * their lease or retry pause over), not among those the dispatcher still holds (`holding`: it
 * never hands one twice at once, even one whose lease it lost), and the first undelivered effect
 * of their order (per-order order: an order's earlier effect, delivered by no one yet, holds back
 * its later ones; timers, fired by the store, hold back nothing). Marks each leased by `by` until
 * `until` and counts the attempt, which is the lease's fencing token, in one statement. The
 * oldest decided go first, so that an effect a dead dispatcher held, or one whose retry pause is
 * over, goes ahead of those decided after it. PostgreSQL skips rows another dispatcher is leasing
 * at that moment; SQLite has one writer at a time.
 */
export const claim = (
  dialect: Dialect,
  types: readonly string[],
  limit: number,
  now: number,
  until: number,
  by: string,
  holding: readonly number[] = [],
): Statement => ({
  text: `UPDATE outbox SET available_at = ?, attempts = attempts + 1, leased_by = ?
    WHERE id IN (
      SELECT id FROM outbox AS candidate
      WHERE delivered_at IS NULL AND due_at IS NULL AND available_at <= ?
        AND type IN (${types.map(() => '?').join(', ')})${
          holding.length > 0
            ? `
        AND id NOT IN (${holding.map(() => '?').join(', ')})`
            : ''
        }
        AND NOT EXISTS (
          SELECT 1 FROM outbox AS earlier
          WHERE earlier.order_id = candidate.order_id AND earlier.id < candidate.id
            AND earlier.delivered_at IS NULL AND earlier.due_at IS NULL
        )
      ORDER BY id LIMIT ?${dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}
    )
    RETURNING ${OUTBOX_COLUMNS}`,
  values: [until, by, now, ...types, ...holding, limit],
});

/** A lease a dispatcher holds: the effect, and the attempt that leased it (its fencing token). */
export interface Lease {
  readonly id: number;
  readonly attempts: number;
}

/**
 * Renews leases until `until`, those still held (their attempt is still the effect's last, and it
 * is not delivered); answers the ids it renewed.
 */
export const renew = (dialect: Dialect, leases: readonly Lease[], until: number): Statement => ({
  text: `UPDATE outbox SET available_at = ?
    WHERE delivered_at IS NULL
      AND (id, attempts) IN (VALUES ${tuples(leases.length, ['bigint', 'integer'], dialect === 'postgres')})
    RETURNING id`,
  values: [until, ...leases.flatMap((lease) => [lease.id, lease.attempts])],
});

/** Marks an effect delivered, if `lease` still holds it; changes nothing otherwise. */
export const markDelivered = (
  lease: Lease,
  at: number,
  as: 'handled' | 'notPerformed',
): Statement => ({
  text: `UPDATE outbox SET delivered_at = ?, delivered_as = ?, last_error = NULL
    WHERE id = ? AND attempts = ? AND delivered_at IS NULL`,
  values: [at, as, lease.id, lease.attempts],
});

/** Leaves an effect to be handed again at `retryAt`, if `lease` still holds it; changes nothing otherwise. */
export const markFailed = (lease: Lease, error: string, retryAt: number): Statement => ({
  text: `UPDATE outbox SET last_error = ?, available_at = ?
    WHERE id = ? AND attempts = ? AND delivered_at IS NULL`,
  values: [error, retryAt, lease.id, lease.attempts],
});

/** The statement that settles an effect as `settlement` says, if `lease` still holds it. */
export const settle = (lease: Lease, settlement: Settlement): Statement =>
  settlement.delivered
    ? markDelivered(lease, settlement.at, settlement.as)
    : markFailed(lease, settlement.error, settlement.retryAt);

/** The timers due at `now`, the earliest due first. */
export const dueTimers = (now: number, limit: number): Statement => ({
  text: `SELECT ${OUTBOX_COLUMNS} FROM outbox
    WHERE delivered_at IS NULL AND due_at IS NOT NULL AND due_at <= ?
    ORDER BY due_at, id LIMIT ?`,
  values: [now, limit],
});

/** Marks a timer fired (its event is in its order's log), unless it is already. */
export const markFired = (id: number, at: number): Statement => ({
  text: `UPDATE outbox SET delivered_at = ?, delivered_as = 'fired' WHERE id = ? AND delivered_at IS NULL`,
  values: [at, id],
});

/** The names of the outbox's columns (`name`), as the database has them. */
export const outboxColumns = (dialect: Dialect): Statement => ({
  text:
    dialect === 'sqlite'
      ? "SELECT name FROM pragma_table_info('outbox')"
      : `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'outbox'`,
  values: [],
});

/**
 * The outbox of version 1 brought to version 2: the new columns added (those `present` lacks);
 * each timer's due time (when it was decided, plus its minutes); the delivered effects marked
 * `handled`; and a timer handed to the host whose event (`timer.paymentWindowElapsed`) its order's
 * log does not hold made pending again, for the store to fire.
 */
export const migrateOutboxFromVersion1 = (
  dialect: Dialect,
  present: ReadonlySet<string>,
): Statement[] => {
  const minutes =
    dialect === 'sqlite'
      ? "CAST(json_extract(effect, '$.afterMinutes') AS INTEGER)"
      : "(effect ->> 'afterMinutes')::bigint";
  const eventType =
    dialect === 'sqlite'
      ? "json_extract(logged.entry, '$.event.type')"
      : "logged.entry -> 'event' ->> 'type'";
  const statement = (text: string): Statement => ({ text, values: [] });
  return [
    ...OUTBOX_COLUMNS_OF_VERSION_2.filter((column) => !present.has(column.split(' ')[0] ?? '')).map(
      (column) => statement(`ALTER TABLE outbox ADD COLUMN ${column}`),
    ),
    statement(
      `UPDATE outbox SET due_at = created_at + 60000 * ${minutes} WHERE type = 'scheduleTimer'`,
    ),
    statement(
      "UPDATE outbox SET delivered_as = 'handled' WHERE delivered_at IS NOT NULL AND delivered_as IS NULL",
    ),
    statement(
      `UPDATE outbox SET delivered_at = NULL, delivered_as = NULL
        WHERE type = 'scheduleTimer' AND delivered_at IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM order_events AS logged
          WHERE logged.order_id = outbox.order_id AND ${eventType} = 'timer.paymentWindowElapsed'
        )`,
    ),
  ];
};

export const readMeta = (key: string): Statement => ({
  text: 'SELECT value FROM order_rules_meta WHERE key = ?',
  values: [key],
});

export const writeMeta = (key: string, value: string): Statement => ({
  text: 'INSERT INTO order_rules_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  values: [key, value],
});

export const setMeta = (key: string, value: string): Statement => ({
  text: `INSERT INTO order_rules_meta (key, value) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  values: [key, value],
});

/** What a statement gave back: its rows (for a query) and how many rows it changed. */
export interface Result {
  readonly rows: readonly Row[];
  readonly changes: number;
}

type Row = Record<string, unknown>;

/**
 * The statements that answer a unit of work's request. On SQLite, a write is several statements in
 * the unit's transaction, the first its guard: when the guard changes nothing, the rest is skipped.
 * On PostgreSQL, every request is one statement.
 */
export function statementsFor(dialect: Dialect, request: Request): Statement[] {
  if (request.op === 'readOrder') return [readOrder(request.orderId)];
  if (request.op === 'markFired') return [markFired(request.id, request.at)];
  const log = { insert: `INSERT INTO order_events (${LOG_COLUMNS})`, types: LOG_TYPES };
  const outbox = { insert: `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS})`, types: OUTBOX_TYPES };
  const effects = request.effects.length > 0 ? [enqueue(request.effects)] : [];
  if (request.op === 'place') {
    if (dialect === 'sqlite')
      return [insertOrder(request.row), appendLog(request.entry), ...effects];
    return [
      guarded(insertOrder(request.row), [
        { ...log, rows: [logValues(request.entry)] },
        { ...outbox, rows: request.effects.map(outboxValues) },
      ]),
    ];
  }
  const update = updateOrder(request.row, request.changed);
  const fired = request.fires === undefined ? [] : [markFired(request.fires, request.entry.at)];
  // SQLite: the timer's mark last, after the statements that must each change rows.
  if (dialect === 'sqlite') return [appendLog(request.entry), update, ...effects, ...fired];
  return [
    guarded(
      appendLog(request.entry),
      [{ ...outbox, rows: request.effects.map(outboxValues) }],
      [update, ...fired],
    ),
  ];
}

/** The answer a unit of work expects, read off its statements' results. */
export function answerOf(request: Request, results: readonly Result[]): Answers[Request['op']] {
  const [first] = results;
  if (request.op !== 'readOrder') return first?.changes === 1;
  return first === undefined ? undefined : storedOrderOf(first);
}

/** The order `readOrder` found: its version and its snapshot, parsed; none if not placed. */
export function storedOrderOf(result: Result): Answers['readOrder'] {
  const row = result.rows[0];
  return row === undefined
    ? undefined
    : { version: Number(row.version), snapshot: fromJson(row.snapshot) };
}

export const toLogEntry = (row: Row): LogEntry => ({
  orderId: row.order_id as string,
  seq: Number(row.seq),
  deliveryId: (row.delivery_id as string | null) ?? null,
  entry: fromJson(row.entry) as LogEntry['entry'],
  outcome: row.outcome as LogEntry['outcome'],
  reason: (row.reason as LogEntry['reason']) ?? null,
  at: Number(row.recorded_at),
});

export const toOutboxRecord = (row: Row): OutboxRecord => ({
  id: Number(row.id),
  idempotencyKey: row.idempotency_key as string,
  orderId: row.order_id as string,
  seq: Number(row.seq),
  effect: fromJson(row.effect) as OutboxRecord['effect'],
  createdAt: Number(row.created_at),
  availableAt: Number(row.available_at),
  attempts: Number(row.attempts),
  lastError: (row.last_error as string | null) ?? null,
  deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  deliveredAs: (row.delivered_as as OutboxRecord['deliveredAs']) ?? null,
  dueAt: row.due_at === null ? null : Number(row.due_at),
  leasedBy: (row.leased_by as string | null) ?? null,
});

export const toListing = (row: Row): OrderListing => ({
  orderId: row.order_id as string,
  paymentStatus: row.payment_status as OrderListing['paymentStatus'],
  shippingStatus: row.shipping_status as OrderListing['shippingStatus'],
  listed: row.listed === true || row.listed === 1,
  placedAt: Number(row.placed_at),
  updatedAt: Number(row.updated_at),
});
