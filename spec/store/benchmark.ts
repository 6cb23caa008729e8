/**
 * `npm run bench:store`: the store's throughput, in events committed per second, on SQLite (a file,
 * WAL) and on PostgreSQL (a throwaway server on loopback, its default durability: fsync on), with 1
 * and with 4 worker processes. The traffic is the generator's (`order-rules generate`), split by
 * order among the workers, each line delivered once, each its own transaction. Each setting runs
 * three times on a fresh database; the median is printed. Then the migration of a store the previous
 * release wrote (its fixture's 20 orders copied to `--migrate` orders): how long opening it takes.
 *
 *   npm run bench:store                  # 2,000 orders (about 42,000 lines), 20,000 migrated
 *   npm run bench:store -- --orders 500 --migrate 100000
 * May touch: temporary files, a throwaway PostgreSQL server, the worker processes it starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { deliver, trafficOf } from './fault.js';
import type { Delivery } from './fault-worker.js';
import { freshDatabase, startPostgres } from './postgres-server.js';
import {
  copiesOfOrders,
  copySqliteFixture,
  FIXTURE_ORDERS,
  loadPostgresFixture,
} from './previous-release.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    migrate: { type: 'string', default: '20000' },
  },
});
const orders = Number(values.orders);
const runs = Number(values.runs);
if (!Number.isInteger(orders) || orders < 1)
  throw new Error(`--orders: a whole number, got ${values.orders}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs: a whole number, got ${values.runs}`);
const migrated = Number(values.migrate);
if (!Number.isInteger(migrated) || migrated < 20 || migrated % 20 !== 0)
  throw new Error(`--migrate: a multiple of 20 orders (the fixture's), got ${values.migrate}`);

const traffic = trafficOf(orders, 1);
const events = traffic.filter((delivery) => 'event' in delivery).length;

/** The traffic split among `workers`, every line of an order to the same worker, in its order. */
function sharesOf(workers: number): Delivery[][] {
  const shares: Delivery[][] = Array.from({ length: workers }, () => []);
  const owner = new Map<string, number>();
  for (const delivery of traffic) {
    const orderId = 'placement' in delivery ? delivery.placement.order.id : delivery.orderId;
    if (!owner.has(orderId)) owner.set(orderId, owner.size % workers);
    shares[owner.get(orderId) ?? 0]?.push(delivery);
  }
  return shares;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

async function measure(backend: string, fresh: (run: string) => Promise<string>) {
  for (const workers of [1, 4]) {
    const rates: number[] = [];
    let lockRetries = 0;
    for (let run = 0; run < runs; run += 1) {
      const location = await fresh(`w${workers}_r${run}`);
      const result = await deliver(location, sharesOf(workers));
      if (result.delivered !== traffic.length) {
        throw new Error(`${backend}: ${result.delivered} of ${traffic.length} lines committed`);
      }
      rates.push(events / result.seconds);
      lockRetries += result.lockRetries;
    }
    console.log(
      `${backend.padEnd(10)} ${workers} worker${workers === 1 ? ' ' : 's'}  ${count(median(rates)).padStart(7)} events/s committed ` +
        `(runs: ${rates.map(count).join(', ')}; ${lockRetries} lock retries)`,
    );
  }
}

/** Opens a store of the previous release's tables holding `migrated` orders, and says how long it took. */
async function measureMigration(backend: string, location: string) {
  const started = performance.now();
  const store = await openStore(location);
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  console.log(
    `${backend.padEnd(10)} migration  ${count(migrated / seconds).padStart(7)} orders/s migrated ` +
      `(${count(migrated)} orders of version 1 opened in ${seconds.toFixed(2)} s)`,
  );
}

console.log(
  `${orders} orders, ${events} events and ${traffic.length - events} placements, one transaction a line; median of ${runs} runs`,
);
const folder = mkdtempSync(join(tmpdir(), 'order-rules-bench-'));
try {
  await measure('SQLite', async (name) => join(folder, `${name}.db`));
  const old = copySqliteFixture(join(folder, 'previous-release.db'));
  const db = new Database(old);
  db.exec(copiesOfOrders('sqlite', migrated / FIXTURE_ORDERS));
  db.close();
  await measureMigration('SQLite', old);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
const server = await startPostgres();
try {
  await measure('PostgreSQL', (name) => freshDatabase(server.url, `bench_${name}`));
  const old = await loadPostgresFixture(server.url, 'bench_previous_release');
  const client = new pg.Client({ connectionString: old });
  await client.connect();
  await client.query(copiesOfOrders('postgres', migrated / FIXTURE_ORDERS));
  await client.end();
  await measureMigration('PostgreSQL', old);
} finally {
  server.stop();
}
