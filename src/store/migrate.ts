/**
 * Opening a database, written once for both: the store's tables created when they are not there,
 * or brought up to this version when an earlier release wrote them. The steps are a generator that
 * yields each statement and takes its result back, so that a backend runs them all in the one
 * transaction that opens the database, synchronously (SQLite) or not (PostgreSQL): a migration
 * that fails anywhere leaves the database exactly as it was.
 * May touch: nothing; it asks, the backend does.
 */
import { getOrderView } from '../engine.js';
import { OrderRulesError } from '../errors.js';
import { readSnapshot } from '../snapshot.js';
import * as q from './queries.js';
import {
  createTables,
  type Dialect,
  META_TABLE,
  readableVersion,
  STORE_SCHEMA_VERSION,
} from './schema.js';

/** The steps of opening a database: statements to run in order, each answered with its result. */
export type Opening = Generator<q.Statement, void, q.Result>;

/** How many orders a migration reads at a time. */
const PAGE = 500;

const ddl = (text: string): q.Statement => ({ text, values: [] });

/**
 * Opens the store's tables: creates them in an empty database; migrates tables of an earlier
 * version (see `fromVersion1`) and raises their version; refuses tables of any other version.
 *
 * @example
 * for (step = opening.next(); !step.done; step = opening.next(run(step.value)));
 */
export function* openTables(dialect: Dialect): Opening {
  yield ddl(META_TABLE);
  const found = (yield q.readMeta('schemaVersion')).rows[0]?.value;
  if (found === undefined) {
    for (const text of createTables(dialect)) yield ddl(text);
    yield q.writeMeta('schemaVersion', String(STORE_SCHEMA_VERSION));
    return;
  }
  const version = readableVersion(found);
  if (version === 1) yield* fromVersion1(dialect);
  for (const text of createTables(dialect)) yield ddl(text);
  if (version !== STORE_SCHEMA_VERSION) {
    yield q.setMeta('schemaVersion', String(STORE_SCHEMA_VERSION));
  }
}

/**
 * Version 1 (order-rules 0.1) kept snapshots of schema 2 and the view of edition 1 of the rules,
 * and handed its timers to the host. Each order's snapshot is read through the engine (which
 * brings it to the current schema: its ledgers, its lines one per sku) and written back with its view
 * columns computed again; the version, the times and the log stay as they are. The outbox gains
 * its columns of version 2 (see `migrateOutboxFromVersion1`): every timer its due time, and a
 * timer handed to a host of version 1 whose event its order's log does not hold is armed again,
 * since the host's own timer may be lost; the other effects stay as they are.
 */
function* fromVersion1(dialect: Dialect): Opening {
  const { rows } = yield q.outboxColumns(dialect);
  const present = new Set(rows.map((row) => String(row.name)));
  for (const statement of q.migrateOutboxFromVersion1(dialect, present)) yield statement;
  let after = '';
  for (;;) {
    const { rows } = yield q.readOrderPage(after, PAGE);
    const rewrites = rows.map((row) => {
      const orderId = String(row.order_id);
      return { orderId, ...readStoredSnapshot(orderId, q.fromJson(row.snapshot)) };
    });
    for (const statement of q.rewriteOrders(dialect, rewrites)) yield statement;
    after = rewrites.at(-1)?.orderId ?? after;
    if (rows.length < PAGE) return;
  }
}

/**
 * A stored snapshot read, brought up to date and checked, with its view; one that no release could
 * have written (edited by hand, say) is named, and the migration stops.
 */
function readStoredSnapshot(orderId: string, stored: unknown) {
  try {
    const snapshot = readSnapshot(stored);
    return { snapshot, view: getOrderView(snapshot) };
  } catch (error) {
    if (!(error instanceof OrderRulesError)) throw error;
    throw new OrderRulesError(
      'storeUnavailable',
      'location',
      `holds order ${JSON.stringify(orderId)}, whose snapshot cannot be migrated: ${error.message}; nothing was changed`,
    );
  }
}

/** Runs the steps of opening whose every answer is at hand at once (SQLite). */
export function openNow(opening: Opening, run: (statement: q.Statement) => q.Result): void {
  let step = opening.next();
  while (!step.done) step = opening.next(run(step.value));
}

/** Runs the steps of opening whose answers come from a server (PostgreSQL). */
export async function openAwaiting(
  opening: Opening,
  run: (statement: q.Statement) => Promise<q.Result>,
): Promise<void> {
  let step = opening.next();
  while (!step.done) step = opening.next(await run(step.value));
}
