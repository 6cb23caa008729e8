/**
 * Every statement the store runs, written once with `?` placeholders for both databases (the
 * PostgreSQL backend numbers them), and the mapping of rows back to records. Values are bound the
 * same way on both: JSON as text, booleans as 1 or 0, times as milliseconds since the epoch.
 * May touch: nothing; SQL text and plain data only.
 */
import type { OrderListing, OutboxFilter, OutboxRecord } from './backend.js';
import type { Dialect } from './schema.js';
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

/** The order's row; `lock`: locked until the transaction ends (PostgreSQL locks rows, SQLite the file). */
export const readOrder = (orderId: string, lock: boolean): Statement => ({
  text: `SELECT version, snapshot FROM orders WHERE order_id = ?${lock ? ' FOR UPDATE' : ''}`,
  values: [orderId],
});

export const insertOrder = (row: OrderRow): Statement => ({
  text: `INSERT INTO orders (order_id, version, snapshot, payment_status, shipping_status, listed, placed_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
  values: [
    row.orderId,
    row.version,
    json(row.snapshot),
    row.view.paymentStatus,
    row.view.shippingStatus,
    bit(row.view.listed),
    row.at,
    row.at,
  ],
});

export const updateOrder = (row: OrderRow, changed: boolean): Statement =>
  changed
    ? {
        text: `UPDATE orders SET version = ?, snapshot = ?, payment_status = ?, shipping_status = ?, listed = ?, updated_at = ?
          WHERE order_id = ?`,
        values: [
          row.version,
          json(row.snapshot),
          row.view.paymentStatus,
          row.view.shippingStatus,
          bit(row.view.listed),
          row.at,
          row.orderId,
        ],
      }
    : {
        text: 'UPDATE orders SET version = ? WHERE order_id = ?',
        values: [row.version, row.orderId],
      };

export const appendLog = (entry: LogEntry): Statement => ({
  text: `INSERT INTO order_events (order_id, seq, delivery_id, entry, outcome, reason, recorded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, delivery_id) DO NOTHING`,
  values: [
    entry.orderId,
    entry.seq,
    entry.deliveryId,
    json(entry.entry),
    entry.outcome,
    entry.reason,
    entry.at,
  ],
});

export const enqueue = (entries: readonly OutboxEntry[]): Statement => ({
  text: `INSERT INTO outbox (idempotency_key, order_id, seq, type, effect, created_at, available_at)
    VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
  values: entries.flatMap((entry) => [
    entry.effect.idempotencyKey,
    entry.orderId,
    entry.seq,
    entry.effect.type,
    json(entry.effect),
    entry.at,
    entry.at,
  ]),
});

export const readLog = (orderId: string): Statement => ({
  text: `SELECT order_id, seq, delivery_id, entry, outcome, reason, recorded_at
    FROM order_events WHERE order_id = ? ORDER BY seq`,
  values: [orderId],
});

const OUTBOX_COLUMNS =
  'id, idempotency_key, order_id, seq, effect, created_at, available_at, attempts, last_error, delivered_at';

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

export const listOrders = (filter: {
  readonly listed?: boolean;
  readonly paymentStatus?: string;
  readonly placedBefore?: number;
  readonly limit: number;
  readonly offset: number;
}): Statement => {
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
 * Leases pending effects: marks them taken until `until` and counts the attempt, in one statement.
 * PostgreSQL skips rows another dispatcher is leasing at that moment; SQLite has one writer at a time.
 */
export const claim = (
  dialect: Dialect,
  types: readonly string[],
  limit: number,
  now: number,
  until: number,
): Statement => ({
  text: `UPDATE outbox SET available_at = ?, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE delivered_at IS NULL AND available_at <= ? AND type IN (${types.map(() => '?').join(', ')})
      ORDER BY available_at, id LIMIT ?${dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}
    )
    RETURNING ${OUTBOX_COLUMNS}`,
  values: [until, now, ...types, limit],
});

export const markDelivered = (id: number, at: number): Statement => ({
  text: 'UPDATE outbox SET delivered_at = ?, last_error = NULL WHERE id = ? AND delivered_at IS NULL',
  values: [at, id],
});

export const markFailed = (id: number, error: string, retryAt: number): Statement => ({
  text: 'UPDATE outbox SET last_error = ?, available_at = ? WHERE id = ? AND delivered_at IS NULL',
  values: [error, retryAt, id],
});

export const readMeta = (key: string): Statement => ({
  text: 'SELECT value FROM order_rules_meta WHERE key = ?',
  values: [key],
});

export const writeMeta = (key: string, value: string): Statement => ({
  text: 'INSERT INTO order_rules_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  values: [key, value],
});

/** What a statement gave back: its rows (for a query) and how many rows it changed. */
export interface Result {
  readonly rows: readonly Row[];
  readonly changes: number;
}

type Row = Record<string, unknown>;

/** The one statement that answers a unit of work's request. */
export function statementFor(dialect: Dialect, request: Request): Statement {
  switch (request.op) {
    case 'readOrder':
      return readOrder(request.orderId, dialect === 'postgres');
    case 'insertOrder':
      return insertOrder(request.row);
    case 'updateOrder':
      return updateOrder(request.row, request.changed);
    case 'appendLog':
      return appendLog(request.entry);
    case 'enqueue':
      return enqueue(request.effects);
  }
}

/** The answer a unit of work expects, read off the statement's result. */
export function answerOf(request: Request, result: Result): Answers[Request['op']] {
  switch (request.op) {
    case 'readOrder': {
      const row = result.rows[0];
      return row === undefined
        ? undefined
        : { version: Number(row.version), snapshot: fromJson(row.snapshot) };
    }
    case 'insertOrder':
    case 'appendLog':
      return result.changes === 1;
    default:
      return undefined;
  }
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
});

export const toListing = (row: Row): OrderListing => ({
  orderId: row.order_id as string,
  paymentStatus: row.payment_status as OrderListing['paymentStatus'],
  shippingStatus: row.shipping_status as OrderListing['shippingStatus'],
  listed: row.listed === true || row.listed === 1,
  placedAt: Number(row.placed_at),
  updatedAt: Number(row.updated_at),
});
