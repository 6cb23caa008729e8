/**
 * The PostgreSQL backend, through `pg` (an optional peer dependency, loaded when a store is
 * opened), for hosts that run many workers on many machines. A unit of work is two statements, its
 * read and its write, the write one atomic statement (see `guarded` in `queries.ts`): no
 * transaction is held open while the engine decides. Two writers of one order that read the same
 * version race for the same log entry (unique by order and `seq`); the loser's write fails whole,
 * and it starts again from a fresh read. Writers of other orders never wait for each other. A
 * group (`applyAll`) is one transaction: two reads (its orders' rows, its delivery ids), the
 * engine's decisions in memory, then one statement a table, the values bound as arrays, guarded as
 * a single write is (and each order's row written only if it still has the version read); a group
 * that finds an order placed or changed, or a delivery taken, since it read starts again whole.
 * Opening creates the tables, or migrates an earlier version's, in one transaction that holds a
 * lock, so that workers starting together do not collide.
 * May touch: the database it is given: the tables of `schema.ts` only.
 */
import type pg from 'pg';
import { OrderRulesError } from '../errors.js';
import { type Backend, LostRace, retrying, type Settlement } from './backend.js';
import { openAwaiting, openTables } from './migrate.js';
import * as q from './queries.js';
import { runAwaiting, type Work } from './work.js';

/** Options of a PostgreSQL store. */
export interface PostgresOptions {
  /** The most connections the store opens at once. */
  readonly maxConnections: number;
}

/** Errors worth starting a unit of work again for: serialisation failure, deadlock, lock timeout. */
const TRANSIENT = new Set(['40001', '40P01', '55P03']);
/** The log entry another writer of the same order took first: a stale read, read again. */
const LOST_RACE = { code: '23505', constraint: 'order_events_pkey' };
/** A lock taken while the tables are created, so that workers starting together do not collide. */
const SCHEMA_LOCK = 0x6f72_6465;

export async function openPostgres(url: string, options: PostgresOptions): Promise<Backend> {
  let driver: typeof pg;
  try {
    driver = (await import('pg')).default;
  } catch (error) {
    throw new OrderRulesError(
      'storeUnavailable',
      'location',
      `is a PostgreSQL URL, and pg is not installed: npm install pg@8 (${(error as Error).message})`,
    );
  }
  const integers = (oid: number, format?: string) =>
    oid === driver.types.builtins.INT8 ? Number : driver.types.getTypeParser(oid, format as 'text');
  const pool = new driver.Pool({
    connectionString: url,
    max: options.maxConnections,
    types: { getTypeParser: integers as never },
  });
  pool.on('error', () => {
    // An idle connection the server closed: the pool drops it and opens another when needed.
  });
  const run = async (
    client: pg.PoolClient | pg.Pool,
    statement: q.Statement,
  ): Promise<q.Result> => {
    const result = await client.query({
      ...prepared(statement.text),
      values: statement.values as unknown[],
    });
    return { rows: result.rows, changes: result.rowCount ?? 0 };
  };

  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await openAwaiting(openTables('postgres'), async ({ text, values }) => {
        const result = await client.query(prepared(text).text, values as unknown[]);
        return { rows: result.rows, changes: result.rowCount ?? 0 };
      });
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof OrderRulesError) throw error;
    throw new OrderRulesError(
      'storeUnavailable',
      'location',
      `could not be opened as a PostgreSQL database (${(error as Error).message})`,
    );
  }

  let retries = 0;
  const counted = () => {
    retries += 1;
  };
  return {
    dialect: 'postgres',
    get retries() {
      return retries;
    },
    transact<T>(work: () => Work<T>): Promise<T> {
      return retrying(
        () =>
          runAwaiting(work(), async (request) => {
            const results: q.Result[] = [];
            for (const statement of q.statementsFor('postgres', request)) {
              results.push(await run(pool, statement));
            }
            return q.answerOf(request, results);
          }),
        isTransient,
        counted,
      );
    },
    transactGroup(reads, decide) {
      return retrying(
        () =>
          inTransaction(pool, async (client) => {
            const [orders, logged] = q.groupReads('postgres', reads);
            const decided = decide(
              q.groupFound(
                reads,
                await run(client, orders),
                reads.deliveries.length === 0
                  ? { rows: [], changes: 0 }
                  : await run(client, logged),
              ),
            );
            for (const statement of q.groupWrites('postgres', decided.writes)) {
              const { changes } = await run(client, statement);
              if (statement.changes !== undefined && changes !== statement.changes) {
                throw new LostRace('order-rules/store: an order changed since the group read it');
              }
            }
            return decided;
          }),
        isGroupTransient,
        counted,
      );
    },
    async readOrder(orderId) {
      return q.storedOrderOf(await run(pool, q.readOrder(orderId)));
    },
    async readLog(orderId) {
      return (await run(pool, q.readLog(orderId))).rows.map(q.toLogEntry);
    },
    async readOutbox(filter) {
      return (await run(pool, q.readOutbox(filter))).rows.map(q.toOutboxRecord);
    },
    async listOrders(filter) {
      return (await run(pool, q.listOrders(filter))).rows.map(q.toListing);
    },
    async claim(types, limit, now, until, by, holding) {
      const { rows } = await run(pool, q.claim('postgres', types, limit, now, until, by, holding));
      return rows.map(q.toOutboxRecord).sort((a, b) => a.id - b.id);
    },
    async renew(leases, until) {
      if (leases.length === 0) return [];
      const { rows } = await run(pool, q.renew('postgres', leases, until));
      return rows.map((row) => Number(row.id));
    },
    async settle(lease: q.Lease, settlement: Settlement) {
      return (await run(pool, q.settle(lease, settlement))).changes === 1;
    },
    async dueTimers(now, limit) {
      return (await run(pool, q.dueTimers(now, limit))).rows.map(q.toOutboxRecord);
    },
    async close() {
      await pool.end();
    },
  };
}

/** Runs `body` between BEGIN and COMMIT on one connection; any throw rolls back. */
async function inTransaction<T>(
  pool: pg.Pool,
  body: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A statement as PostgreSQL takes it: `?` placeholders numbered `$1`, `$2`, ... (the statements
 * hold no `?` of their own), and a name, so that each connection parses and plans it once.
 */
const preparedByText = new Map<string, { readonly name: string; readonly text: string }>();
function prepared(text: string): { readonly name: string; readonly text: string } {
  let statement = preparedByText.get(text);
  if (statement === undefined) {
    let n = 0;
    statement = {
      name: `order_rules_${preparedByText.size}`,
      text: text.replace(/\?/g, () => `$${++n}`),
    };
    preparedByText.set(text, statement);
  }
  return statement;
}

/**
 * A group also starts again when its write finds an order placed, or an event logged, by another
 * writer since it read (a repeated key of `orders` or `order_events`: it checked both as it read),
 * or an order's version changed.
 */
function isGroupTransient(error: unknown): boolean {
  if (error instanceof LostRace || isTransient(error)) return true;
  const { code, table } = (error ?? {}) as { code?: unknown; table?: unknown };
  return code === '23505' && (table === 'orders' || table === 'order_events');
}

function isTransient(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code === LOST_RACE.code && constraint === LOST_RACE.constraint) return true;
  return typeof code === 'string' && TRANSIENT.has(code);
}
