/**
 * The SQLite backend, through `better-sqlite3` (an optional peer dependency, loaded when a store is
 * opened): one database file in WAL mode, shared by any number of processes. A unit of work runs
 * whole inside `BEGIN IMMEDIATE`, which takes the file's write lock, so writers never interleave
 * and no read is stale; a writer that waits past the busy timeout starts its unit again. A group
 * (`applyAll`) is one such transaction too: its two reads, the engine's decisions, and one
 * prepared statement a row. Opening creates the tables, or migrates an earlier version's, in one
 * such transaction.
 * May touch: the database file it is given (and its `-wal` and `-shm` files).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { OrderRulesError } from '../errors.js';
import { type Backend, LostRace, retrying, type Settlement } from './backend.js';
import { openNow, openTables } from './migrate.js';
import * as q from './queries.js';
import { type Request, runNow, type Work } from './work.js';

/** Options of a SQLite store. */
export interface SqliteOptions {
  /** How long a writer waits for another process's write lock before starting again, in ms. */
  readonly busyTimeoutMs: number;
}

/**
 * A connection that has imported a group (`applyAll`): its page cache, in KiB (64 MiB, against
 * SQLite's 2 MiB), and how many pages its write-ahead log may hold before they are copied into
 * the file (16,384: 64 MiB, against 1,000).
 */
const IMPORT_CACHE_KIB = -65_536;
const IMPORT_CHECKPOINT_PAGES = 16_384;

export async function openSqlite(path: string, options: SqliteOptions): Promise<Backend> {
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new OrderRulesError(
      'storeUnavailable',
      'location',
      `is a SQLite file, and better-sqlite3 is not installed: npm install better-sqlite3@12 (${(error as Error).message})`,
    );
  }
  const unavailable = (error: unknown) =>
    error instanceof OrderRulesError
      ? error
      : new OrderRulesError(
          'storeUnavailable',
          'location',
          `could not be opened as a SQLite database (${(error as Error).message})`,
        );
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw unavailable(error);
  }
  const prepared = new Map<string, BetterSqlite3.Statement>();
  function run(statement: q.Statement): q.Result {
    let prepare = prepared.get(statement.text);
    if (prepare === undefined) {
      prepare = db.prepare(statement.text);
      prepared.set(statement.text, prepare);
    }
    if (prepare.reader) return { rows: prepare.all(...statement.values) as never, changes: 0 };
    return { rows: [], changes: prepare.run(...statement.values).changes };
  }
  let retries = 0;
  const counted = () => {
    retries += 1;
  };
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Processes opening a new file together: switching it to WAL, or taking its write lock while
    // another does, can be refused at once (SQLite skips the busy timeout where waiting could
    // deadlock): start again.
    await retrying(
      async () => {
        db.pragma('journal_mode = WAL');
        db.transaction(() => openNow(openTables('sqlite'), run)).immediate();
      },
      isBusy,
      counted,
    );
  } catch (error) {
    db.close();
    throw unavailable(error);
  }

  /** Runs a request's statements; a write's first statement is its guard (see `statementsFor`). */
  const answer = (request: Request) => {
    const results: q.Result[] = [];
    for (const statement of q.statementsFor('sqlite', request)) {
      const result = run(statement);
      results.push(result);
      if (request.op !== 'readOrder' && result.changes === 0) break;
    }
    return q.answerOf(request, results);
  };
  const immediately = db.transaction(<T>(write: () => T): T => write());

  let importing = false;

  /** Runs `write` holding the write lock, again when the lock stayed taken past the busy timeout. */
  const writing = <T>(write: () => T): Promise<T> =>
    retrying(async () => immediately.immediate(write) as T, isBusy, counted);
  return {
    dialect: 'sqlite',
    get retries() {
      return retries;
    },
    transact<T>(work: () => Work<T>): Promise<T> {
      return writing(() => runNow(work(), answer));
    },
    transactGroup(reads, decide) {
      if (!importing) {
        // A connection that imports keeps more of the file in memory (its groups touch pages
        // all over the indexes), and lets its log grow larger before copying it back.
        db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
        db.pragma(`wal_autocheckpoint = ${IMPORT_CHECKPOINT_PAGES}`);
        importing = true;
      }
      return writing(() => {
        const [orders, logged] = q.groupReads('sqlite', reads);
        const decided = decide(q.groupFound(reads, run(orders), run(logged)));
        for (const statement of q.groupWrites('sqlite', decided.writes)) {
          const { changes } = run(statement);
          if (statement.changes !== undefined && changes !== statement.changes) {
            // The file's write lock is held from the reads on: no other writer comes between.
            throw new LostRace('order-rules/store: an order changed under the write lock');
          }
        }
        return decided;
      });
    },
    async readOrder(orderId) {
      return q.storedOrderOf(run(q.readOrder(orderId)));
    },
    async readLog(orderId) {
      return run(q.readLog(orderId)).rows.map(q.toLogEntry);
    },
    async readOutbox(filter) {
      return run(q.readOutbox(filter)).rows.map(q.toOutboxRecord);
    },
    async listOrders(filter) {
      return run(q.listOrders(filter)).rows.map(q.toListing);
    },
    async claim(types, limit, now, until, by, holding) {
      const claimed = await writing(
        () => run(q.claim('sqlite', types, limit, now, until, by, holding)).rows,
      );
      return claimed.map(q.toOutboxRecord).sort((a, b) => a.id - b.id);
    },
    async renew(leases, until) {
      if (leases.length === 0) return [];
      const { rows } = await writing(() => run(q.renew('sqlite', leases, until)));
      return rows.map((row) => Number(row.id));
    },
    async settle(lease: q.Lease, settlement: Settlement) {
      const { changes } = await writing(() => run(q.settle(lease, settlement)));
      return changes === 1;
    },
    async dueTimers(now, limit) {
      return run(q.dueTimers(now, limit)).rows.map(q.toOutboxRecord);
    },
    async close() {
      db.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  );
}
