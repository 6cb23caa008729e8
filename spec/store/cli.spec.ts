/**
 * The command with a store: `replay FILE --db` commits the lines through the store in groups (again:
 * nothing changes), shipments, returns and refunds as much as the rest; a bad line inside a group
 * is reported as it would be alone, the lines before it committed; a line's delivery id comes from the
 * file's content, never its name, so the same content renamed or piped is already delivered and
 * another file of the same name is applied; `outbox --db` lists what is pending and counts all of
 * it, in a store the previous release wrote too (migrated when opened), and never creates a store
 * that is not there; a bad line or a bad location exits non-zero with the reason. On SQLite, and on
 * PostgreSQL when the specs have a server.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
/** The command with `input` on its standard input. */
const piped = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    input,
  });

/** The delivery id `replay --db` gives line `line` of `text`: its content up to that line, hashed. */
const contentId = (text: string, line: number) => {
  const upTo = `${text.split('\n').slice(0, line).join('\n')}\n`;
  return `sha256:${createHash('sha256').update(upTo).digest('hex').slice(0, 32)}:${line}`;
};
const jsonLines = (values: readonly unknown[]) =>
  `${values.map((value) => JSON.stringify(value)).join('\n')}\n`;

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
      /^stored 5 events and 2 placements in .* lines\/s\nevents: 4 applied, 0 unchanged, 0 refused, 1 already delivered; placements: 2 applied, 0 already delivered; 8 effects put in the outbox\n$/,
    );
    expect(first.status).toBe(0);
    const again = cli('replay', file, '--db', db);
    expect(again.stderr).toMatch(
      /\nevents: 0 applied, 0 unchanged, 0 refused, 5 already delivered; placements: 0 applied, 2 already delivered; 0 effects/,
    );

    const store = await openStore(db);
    try {
      const text = readFileSync(file, 'utf8');
      expect((await store.log('A-1001')).map((entry) => entry.deliveryId)).toEqual([
        null,
        contentId(text, 3),
        contentId(text, 7),
      ]);
      expect((await store.log('B-2002')).map((entry) => entry.deliveryId)).toEqual([
        null,
        'hook-1',
        contentId(text, 6),
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
    expect(outbox.stderr).toMatch(/^8 pending effects in [^,]*\n$/);

    const page = cli('outbox', '--db', db, '--limit', '3');
    expect(page.stdout.trim().split('\n')).toHaveLength(3);
    expect(page.stderr).toMatch(
      /^8 pending effects in .*, the first 3 listed \(--limit for more\)\n$/,
    );
  });

  test('delivery ids come from the content: day2/events.jsonl after day1/events.jsonl is applied; the same file renamed, piped or grown is not applied again', async () => {
    const db = await fresh();
    const day1 = join(folder, `day1-${Math.random().toString(36).slice(2)}`, 'events.jsonl');
    const day2 = join(folder, `day2-${Math.random().toString(36).slice(2)}`, 'events.jsonl');
    mkdirSync(join(day1, '..'));
    mkdirSync(join(day2, '..'));
    const day1Text = jsonLines([
      { order: chequeOrder, settings: ignoringIncomplete },
      { orderId: 'B-2002', ...setShipped },
    ]);
    const day2Text = jsonLines([
      {
        orderId: 'B-2002',
        type: 'merchant.linesReturned',
        lines: [{ sku: 'TEE-L', quantity: 1 }],
        restock: true,
      },
      { orderId: 'B-2002', type: 'merchant.orderCancelled' },
    ]);
    writeFileSync(day1, day1Text);
    writeFileSync(day2, day2Text);
    expect(cli('replay', day1, '--db', db).stderr).toMatch(
      /\nevents: 1 applied, 0 unchanged, 0 refused, 0 already delivered; placements: 1 applied, 0 already delivered;/,
    );
    const second = cli('replay', day2, '--db', db);
    expect(second.stderr).toMatch(
      /\nevents: 2 applied, 0 unchanged, 0 refused, 0 already delivered; placements: 0 applied, 0 already delivered;/,
    );
    expect(second.status).toBe(0);

    const renamed = join(folder, `renamed-${Math.random().toString(36).slice(2)}.jsonl`);
    copyFileSync(day2, renamed);
    const alreadyDelivered =
      /\nevents: 0 applied, 0 unchanged, 0 refused, 2 already delivered; placements: 0 applied, 0 already delivered; 0 effects/;
    expect(cli('replay', renamed, '--db', db).stderr).toMatch(alreadyDelivered);
    expect(piped(day2Text, 'replay', '-', '--db', db).stderr).toMatch(alreadyDelivered);
    expect(piped(day2Text.replaceAll('\n', '\r\n'), 'replay', '-', '--db', db).stderr).toMatch(
      alreadyDelivered,
    );

    // The same file with a line added: only the new line is delivered.
    const grown = `${day2Text}${JSON.stringify({ orderId: 'B-2002', type: 'merchant.paymentStatusChanged', status: 'paid' })}\n`;
    expect(piped(grown, 'replay', '-', '--db', db).stderr).toMatch(
      /\nevents: 0 applied, 0 unchanged, 1 refused, 2 already delivered;/,
    );

    const store = await openStore(db);
    try {
      expect((await store.log('B-2002')).map((entry) => entry.deliveryId)).toEqual([
        null,
        contentId(day1Text, 2),
        contentId(day2Text, 1),
        contentId(day2Text, 2),
        contentId(grown, 3),
      ]);
      expect((await store.get('B-2002'))?.view).toMatchObject({
        paymentStatus: 'cancelled',
        shippingStatus: 'partiallyReturned',
      });
    } finally {
      await store.close();
    }
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

describe.each(locations)('replay --db in groups on %s', (_name, fresh) => {
  test('a bad line inside a group: the lines before it are committed (those of its group too), it is reported as alone, the rest is not taken', async () => {
    const db = await fresh();
    const bad = join(folder, `bad-in-a-group-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(
      bad,
      jsonLines([
        lines[0],
        lines[1],
        { orderId: 'A-1001', deliveryId: 'a-1', ...paymentReport(paypalOrder) },
        { orderId: 'B-2002', deliveryId: 'b-1', ...setShipped },
        { orderId: 'B-2002', deliveryId: 'b-2', type: 'merchant.orderCancelled' },
        { orderId: 'Z-9', type: 'merchant.orderCancelled' },
        { orderId: 'A-1001', deliveryId: 'a-2', type: 'merchant.orderCancelled' },
      ]),
    );
    const run = cli('replay', bad, '--db', db, '--group', '2');
    expect([run.status, run.stderr]).toEqual([
      1,
      'order-rules replay: line 6: order Z-9 has not been placed\n',
    ]);
    const store = await openStore(db);
    try {
      expect((await store.log('A-1001')).map((entry) => entry.deliveryId)).toEqual([null, 'a-1']);
      expect((await store.log('B-2002')).map((entry) => entry.deliveryId)).toEqual([
        null,
        'b-1',
        'b-2',
      ]);
    } finally {
      await store.close();
    }
  });

  test('a line that is not JSON inside a group: the lines before it are committed', async () => {
    const db = await fresh();
    const run = piped(
      `${jsonLines([lines[1], { orderId: 'B-2002', deliveryId: 'b-1', ...setShipped }])}{"orderId":\n`,
      'replay',
      '-',
      '--db',
      db,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^order-rules replay: line 3: not valid JSON/);
    const store = await openStore(db);
    try {
      expect((await store.log('B-2002')).map((entry) => entry.deliveryId)).toEqual([null, 'b-1']);
    } finally {
      await store.close();
    }
  });
});

test('--group takes a whole number of lines from 1 to 20,000, and says so', () => {
  for (const group of ['0', '20001', 'many', '1.5']) {
    const run = cli('replay', file, '--db', join(folder, 'never.db'), '--group', group);
    expect(run.status).toBe(1);
    expect(
      run.stderr.startsWith(
        `--group must be a whole number from 1 to 20000, got ${group}\n\nUsage: order-rules replay [options]`,
      ),
    ).toBe(true);
  }
  expect(existsSync(join(folder, 'never.db'))).toBe(false);
});

test('outbox on a store that does not exist fails, exit code 1, and creates nothing', () => {
  for (const missing of [join(folder, 'typo.db'), join(folder, 'no-such-folder', 'orders.db')]) {
    const run = cli('outbox', '--db', missing);
    expect([run.status, run.stdout, run.stderr]).toEqual([
      1,
      '',
      `order-rules outbox: no store at ${missing}: the file does not exist (replay --db creates one; check the path)\n`,
    ]);
    expect(existsSync(missing)).toBe(false);
  }
});

test('a store that cannot be opened or reached is named, with exit code 1; replay of a missing file opens no store', () => {
  const notADatabase = join(folder, 'not-a-database.db');
  writeFileSync(notADatabase, 'hello, this is not SQLite'.repeat(10));
  const run = cli('outbox', '--db', notADatabase);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(
    new RegExp(
      `^order-rules outbox: ${notADatabase}: location could not be opened as a SQLite database`,
    ),
  );
  const unreachable = cli('outbox', '--db', 'postgres://shop:secret@127.0.0.1:1/orders');
  expect(unreachable.status).toBe(1);
  expect(unreachable.stderr).toMatch(
    /^order-rules outbox: postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/orders: location could not be opened as a PostgreSQL database \(connect ECONNREFUSED 127\.0\.0\.1:1\)\n$/,
  );

  const db = join(folder, 'never-created.db');
  const missingFile = cli('replay', join(folder, 'no-such-file.jsonl'), '--db', db);
  expect(missingFile.status).toBe(1);
  expect(missingFile.stderr).toMatch(/^order-rules replay: ENOENT: no such file or directory/);
  expect(existsSync(db)).toBe(false);
});

test('outbox on a store the previous release wrote migrates it, then lists its pending effects', () => {
  const old = join(folder, 'previous-release.db');
  copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'store-schema-1.db'), old);
  const run = cli('outbox', '--db', old, '--limit', '1000');
  expect(run.status).toBe(0);
  // 50 left pending by the previous release, and 2 payment windows its hosts were handed but never
  // reported elapsed: the migration arms them again, for the store to fire.
  expect(run.stderr).toMatch(/^52 pending effects in /);
  expect(run.stdout.trim().split('\n')).toHaveLength(52);
});
