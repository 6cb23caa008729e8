/**
 * The command with a store: `replay FILE --db` commits each line through the store (again: nothing
 * changes), shipments, returns and refunds as much as the rest; `outbox --db` lists what is
 * pending, in a store the previous release wrote too (migrated when opened); a bad line or a bad
 * location exits non-zero with the reason. On SQLite, and on PostgreSQL when the specs have a
 * server.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { openStore } from '../../src/store/index.js';
import {
  chequeOrder,
  ignoringIncomplete,
  paymentReport,
  paypalOrder,
  setShipped,
} from '../play.js';
import { freshDatabase } from './postgres-server.js';

const folder = mkdtempSync(join(tmpdir(), 'order-rules-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const lines = [
  { order: paypalOrder, settings: ignoringIncomplete },
  { order: chequeOrder, settings: ignoringIncomplete },
  { orderId: 'A-1001', ...paymentReport(paypalOrder) },
  { orderId: 'B-2002', deliveryId: 'hook-1', ...setShipped },
  { orderId: 'B-2002', deliveryId: 'hook-1', ...setShipped },
  {
    orderId: 'B-2002',
    type: 'merchant.linesReturned',
    lines: [{ sku: 'TEE-L', quantity: 1 }],
    restock: true,
  },
  {
    orderId: 'A-1001',
    type: 'gateway.refunded',
    transactionId: 'REF-1',
    amount: 990,
    currency: 'EUR',
  },
];
const file = join(folder, 'orders.jsonl');
writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });

const serverUrl = inject('postgresUrl');
const locations: [string, () => Promise<string>][] = [
  ['SQLite', async () => join(folder, `store-${Math.random().toString(36).slice(2)}.db`)],
];
if (serverUrl !== null) {
  locations.push(['PostgreSQL', () => freshDatabase(serverUrl, `cli_spec_${process.pid}`)]);
}

describe.each(locations)('replay --db and outbox on %s', (_name, fresh) => {
  test('replay commits every line once; again, every line is already delivered; outbox lists the pending effects', async () => {
    const db = await fresh();
    const first = cli('replay', file, '--db', db);
    expect(first.stderr).toMatch(
      /stored 5 events and 2 placements in .* 6 applied, 0 unchanged, 0 refused, 1 already delivered; 8 effects put in the outbox/,
    );
    expect(first.status).toBe(0);
    const again = cli('replay', file, '--db', db);
    expect(again.stderr).toMatch(
      /0 applied, 0 unchanged, 0 refused, 7 already delivered; 0 effects/,
    );

    const store = await openStore(db);
    try {
      expect((await store.log('A-1001')).map((entry) => entry.deliveryId)).toEqual([
        null,
        'orders.jsonl:3',
        'orders.jsonl:7',
      ]);
      expect((await store.get('B-2002'))?.view.shippingStatus).toBe('partiallyReturned');
      expect((await store.get('A-1001'))?.view).toMatchObject({
        paymentStatus: 'partiallyRefunded',
        amounts: { received: 3000, due: 990 },
      });
    } finally {
      await store.close();
    }

    const outbox = cli('outbox', '--db', db, '--limit', '10');
    expect(outbox.status).toBe(0);
    const listed = outbox.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { idempotencyKey: string; attempts: number });
    expect(listed.map((record) => record.idempotencyKey)).toEqual([
      'B-2002:deductStock',
      'B-2002:sendEmail:merchantOrderNotification',
      'B-2002:sendEmail:customerOrderConfirmation',
      'A-1001:deductStock',
      'A-1001:sendEmail:merchantOrderNotification',
      'A-1001:sendEmail:customerOrderConfirmation',
      'B-2002:restoreStock:1',
      'A-1001:sendEmail:customerRefundNotification:REF-1',
    ]);
    expect(listed.every((record) => record.attempts === 0)).toBe(true);
    expect(outbox.stderr).toMatch(/^8 pending effects in /);
  });

  test('a line for an order never placed stops the replay there, exit code 1, the lines before it kept', async () => {
    const db = await fresh();
    const bad = join(folder, 'bad.jsonl');
    writeFileSync(
      bad,
      [lines[0], { orderId: 'Z-9', type: 'merchant.orderCancelled' }, lines[1]]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const run = cli('replay', bad, '--db', db);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('order-rules replay: line 2: order Z-9 has not been placed\n');
    const store = await openStore(db);
    try {
      expect(await store.get('A-1001')).toBeDefined();
      expect(await store.get('B-2002')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

test('a store that cannot be opened is named, with exit code 1', () => {
  const run = cli('outbox', '--db', join(folder, 'no-such-folder', 'orders.db'));
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(
    /^order-rules outbox: location could not be opened as a SQLite database/,
  );
  const badLimit = cli('outbox', '--limit', '0');
  expect(badLimit.status).toBe(1);
  expect(badLimit.stderr).toMatch(/--limit must be a whole number from 1 to 10000, got 0/);
});

test('outbox on a store the previous release wrote migrates it, then lists its pending effects', () => {
  const old = join(folder, 'previous-release.db');
  copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'store-schema-1.db'), old);
  const run = cli('outbox', '--db', old, '--limit', '1000');
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/^50 pending effects in /);
  expect(run.stdout.trim().split('\n')).toHaveLength(50);
});
