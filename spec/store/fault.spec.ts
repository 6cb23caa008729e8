/**
 * The fault test on both backends (see `fault.ts`): 1,000 orders, every placement and event
 * delivered twice by four worker processes at once, one of them killed with SIGKILL midway and
 * replaced. Prints its figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { type FaultReport, runFaultTest } from './fault.js';
import { freshDatabase } from './postgres-server.js';

const print = (backend: string, r: FaultReport) =>
  console.log(
    `fault test on ${backend}: ${r.orders} orders, ${r.events} events, ${r.deliveries} deliveries, ` +
      `${r.kills} kill, ${r.retries} retries (event before its order), ${r.lockRetries} lock retries, ` +
      `${r.effects} effects, ${r.seconds.toFixed(1)} s`,
  );

const expectSound = (r: FaultReport) => {
  expect(r.problems).toEqual([]);
  expect(r.kills).toBe(1);
  expect(r.orders).toBeGreaterThanOrEqual(1000);
  expect(r.deliveries).toBeGreaterThanOrEqual(2 * (r.orders + r.events));
};

describe('fault test: concurrent workers, every delivery twice, one worker killed', () => {
  test('SQLite (one file, WAL)', { timeout: 600_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'order-rules-fault-'));
    try {
      const report = await runFaultTest(join(folder, 'orders.db'));
      print('SQLite', report);
      expectSound(report);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  const serverUrl = inject('postgresUrl');
  test.skipIf(serverUrl === null)('PostgreSQL', { timeout: 600_000 }, async () => {
    const location = await freshDatabase(serverUrl as string, `fault_${process.pid}`);
    const report = await runFaultTest(location);
    print('PostgreSQL', report);
    expectSound(report);
  });
});
