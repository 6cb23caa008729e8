/**
 * `npm run bench:store`: the store's throughput, in events committed per second, on SQLite (a file,
 * WAL) and on PostgreSQL (a throwaway server on loopback, its default durability: fsync on).
 *
 * 1. Grouped import, against its targets (issue 14): `order-rules replay FILE --db`, the command
 *    itself, run on the generator's file (`order-rules generate --orders N --seed 1`), its lines
 *    committed in groups (`store.applyAll`, 5,000 lines a transaction unless `--group` says
 *    otherwise) on one connection; events per second from the command's own summary. Targets:
 *    30,000 events/s on SQLite, 10,000 on PostgreSQL.
 * 2. One transaction a line, as before: the generator's traffic split by order among 1 and 4
 *    worker processes, each line delivered once through `place` or `apply`; median of `--runs`
 *    (a smaller traffic: today's way takes minutes for the import's).
 * 3. The migration of a store the previous release wrote (its fixture's 20 orders copied to
 *    `--migrate` orders): how long opening it takes.
 *
 *   npm run bench:store                       # import of 10,000 orders (about 200,000 events)
 *   npm run bench:store -- --import 50000     # the 1,000,000-event import of issue 14
 *   npm run bench:store -- --orders 2000 --runs 5 --migrate 100000 --group 2000
 * May touch: temporary files, a throwaway PostgreSQL server, the processes it starts.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { generateOrders } from '../../src/cli/generate.js';
import { DEFAULT_GROUP } from '../../src/cli/storeReplay.js';
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
    import: { type: 'string', default: '10000' },
    group: { type: 'string', default: String(DEFAULT_GROUP) },
    orders: { type: 'string', default: '500' },
    runs: { type: 'string', default: '3' },
    migrate: { type: 'string', default: '20000' },
  },
});
const whole = (name: string, text: string | undefined, least: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < least)
    throw new Error(`--${name}: a whole number from ${least}, got ${text}`);
  return n;
};
const imported = whole('import', values.import, 1);
const group = whole('group', values.group, 1);
const orders = whole('orders', values.orders, 1);
const runs = whole('runs', values.runs, 1);
const migrated = whole('migrate', values.migrate, 20);
if (migrated % FIXTURE_ORDERS !== 0)
  throw new Error(`--migrate: a multiple of 20 orders (the fixture's), got ${values.migrate}`);

/** The targets of the grouped import, in events committed per second. */
const TARGETS = { SQLite: 30_000, PostgreSQL: 10_000 } as const;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const cliMain = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

/** The generator's file for `orders` orders, seed 1, as `order-rules generate` writes it. */
function generatedFile(folder: string, orders: number): { file: string; events: number } {
  const file = join(folder, `orders-${orders}.jsonl`);
  const fd = openSync(file, 'w');
  let buffer = '';
  const events = generateOrders({ orders, seed: 1 }, (line) => {
    buffer += line;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  });
  writeSync(fd, buffer);
  closeSync(fd);
  return { file, events };
}

/** Runs `order-rules replay FILE --db LOCATION --group N` and reads its summary: events, seconds. */
function replayCommand(file: string, location: string): { events: number; seconds: number } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', cliMain, 'replay', file, '--db', location, '--group', String(group)],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const summary = /^stored ([\d,]+) events and [\d,]+ placements in .* in ([\d.]+) s:/m.exec(
    run.stderr,
  );
  if (run.status !== 0 || summary === null) {
    throw new Error(`replay --db failed (exit ${run.status}): ${run.stderr}`);
  }
  return { events: Number(summary[1]?.replaceAll(',', '')), seconds: Number(summary[2]) };
}

/** The grouped import on one database: its figure, against its target. */
function measureImport(backend: keyof typeof TARGETS, file: string, location: string): void {
  const { events, seconds } = replayCommand(file, location);
  const rate = events / seconds;
  const target = TARGETS[backend];
  console.log(
    `${`${backend} import, grouped:`.padEnd(28)}${count(rate).padStart(7)} events/s ` +
      `(target ${count(target)}: ${(rate / target).toFixed(2)}x, ${rate >= target ? 'met' : 'NOT MET'}; ` +
      `${count(events)} events in ${seconds.toFixed(2)} s)`,
  );
}

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

/** One transaction a line, 1 and 4 workers: the median rate of each. */
async function measureLines(
  backend: keyof typeof TARGETS,
  fresh: (run: string) => Promise<string>,
) {
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
    const rate = median(rates);
    console.log(
      `${`${backend} a line, ${workers} worker${workers === 1 ? '' : 's'}:`.padEnd(28)}${count(rate).padStart(7)} events/s ` +
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
    `${`${backend} migration:`.padEnd(28)}${count(migrated / seconds).padStart(7)} orders/s migrated ` +
      `(${count(migrated)} orders of version 1 opened in ${seconds.toFixed(2)} s)`,
  );
}

const folder = mkdtempSync(join(tmpdir(), 'order-rules-bench-'));
const server = await startPostgres();
try {
  const { file, events: importedEvents } = generatedFile(folder, imported);
  console.log(
    `grouped import: order-rules replay FILE --db --group ${count(group)}, FILE the generator's ` +
      `${count(imported)} orders (${count(importedEvents)} events), one connection, once\n` +
      `one transaction a line: ${count(orders)} orders (${count(events)} events), ` +
      `median of ${runs} runs\n`,
  );
  measureImport('SQLite', file, join(folder, 'import.db'));
  measureImport('PostgreSQL', file, await freshDatabase(server.url, 'bench_import'));
  await measureLines('SQLite', async (name) => join(folder, `${name}.db`));
  await measureLines('PostgreSQL', (name) => freshDatabase(server.url, `bench_${name}`));

  const old = copySqliteFixture(join(folder, 'previous-release.db'));
  const db = new Database(old);
  db.exec(copiesOfOrders('sqlite', migrated / FIXTURE_ORDERS));
  db.close();
  await measureMigration('SQLite', old);
  const oldPostgres = await loadPostgresFixture(server.url, 'bench_previous_release');
  const client = new pg.Client({ connectionString: oldPostgres });
  await client.connect();
  await client.query(copiesOfOrders('postgres', migrated / FIXTURE_ORDERS));
  await client.end();
  await measureMigration('PostgreSQL', oldPostgres);
} finally {
  server.stop();
  rmSync(folder, { recursive: true, force: true });
}
