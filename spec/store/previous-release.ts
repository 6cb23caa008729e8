/**
 * Stores the previous release wrote (tables of version 1, snapshots of schema 2), from the fixtures:
 * a copy of the SQLite file, or the PostgreSQL dump loaded into a new database; and more orders
 * of the same kinds, for the migration's pages and its benchmark.
 * May touch: the files and databases it is told to write.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freshDatabase } from './postgres-server.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** How many orders the fixtures hold. */
export const FIXTURE_ORDERS = 20;

/** A copy of the SQLite fixture at `location`. */
export function copySqliteFixture(location: string): string {
  copyFileSync(join(fixtures, 'store-schema-1.db'), location);
  return location;
}

/** A new database `name` on the server, holding the PostgreSQL fixture; its URL. */
export async function loadPostgresFixture(serverUrl: string, name: string): Promise<string> {
  const location = await freshDatabase(serverUrl, name);
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query(readFileSync(join(fixtures, 'store-schema-1.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  return location;
}

/**
 * SQL that copies the fixture's orders `times - 1` times under new ids (`ORD-7~1`, the snapshot's
 * order id too), so that the store holds `times` times as many orders; logs and outbox not copied.
 */
export function copiesOfOrders(dialect: 'sqlite' | 'postgres', times: number): string {
  return dialect === 'sqlite'
    ? `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${times - 1})
       INSERT INTO orders SELECT o.order_id || '~' || n.i, o.version,
         json_set(o.snapshot, '$.order.id', o.order_id || '~' || n.i),
         o.payment_status, o.shipping_status, o.listed, o.placed_at, o.updated_at
       FROM orders AS o, n WHERE o.order_id NOT LIKE '%~%'`
    : `INSERT INTO public.orders SELECT o.order_id || '~' || n.i, o.version,
         jsonb_set(o.snapshot, '{order,id}', to_jsonb(o.order_id || '~' || n.i)),
         o.payment_status, o.shipping_status, o.listed, o.placed_at, o.updated_at
       FROM public.orders AS o, generate_series(1, ${times - 1}) AS n (i)
       WHERE o.order_id NOT LIKE '%~%'`;
}
