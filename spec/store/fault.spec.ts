/**
 * The fault test on both backends (see `fault.ts` and `dispatch-fault.ts`): 1,000 orders, every
 * placement and event delivered twice by four worker processes at once, one of them killed with
 * SIGKILL midway and replaced; then three dispatcher processes hand the outbox to slow and failing
 * handlers while the store fires 150 timers falling due, one dispatcher killed with SIGKILL while
 * it holds leases, later all of them killed while timers are pending and two started again. Prints
 * the figures of both halves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { type DispatchFaultReport, runDispatchFaultTest } from './dispatch-fault.js';
import { type FaultReport, runFaultTest } from './fault.js';
import { freshDatabase } from './postgres-server.js';

const print = (backend: string, r: FaultReport) =>
  console.log(
    `fault test on ${backend}: ${r.orders} orders, ${r.events} events, ${r.deliveries} deliveries, ` +
      `${r.kills} kill, ${r.retries} retries (event before its order), ${r.lockRetries} lock retries, ` +
      `${r.effects} effects, ${r.seconds.toFixed(1)} s`,
  );

const printDispatch = (backend: string, r: DispatchFaultReport) =>
  console.log(
    `dispatch fault test on ${backend}: ${r.effects} effects, ${r.handings} handings ` +
      `(${r.failures} failed, ${r.repeatsAfterKill} again after a kill), ${r.doubles} doubles, ` +
      `${r.orderViolations} order violations, ${r.timersFiredOnce} of ${r.timersDue} due timers fired once ` +
      `(at most ${(r.timerLatenessMs / 1000).toFixed(2)} s late), ${r.timersNotDue} not due still pending, ` +
      `${r.heldByKilled} effects of the killed dispatcher out again within ${(r.recoveryMs / 1000).toFixed(2)} s, ` +
      `${r.seconds.toFixed(1)} s${r.problems.length > 0 ? `; PROBLEMS: ${r.problems.slice(0, 10).join('; ')}` : ''}`,
  );

const expectSound = (r: FaultReport) => {
  expect(r.problems).toEqual([]);
  expect(r.kills).toBe(1);
  expect(r.orders).toBeGreaterThanOrEqual(1000);
  expect(r.deliveries).toBeGreaterThanOrEqual(2 * (r.orders + r.events));
};

const expectDispatchSound = (r: DispatchFaultReport) => {
  expect(r.problems).toEqual([]);
  expect({ doubles: r.doubles, orderViolations: r.orderViolations }).toEqual({
    doubles: 0,
    orderViolations: 0,
  });
  expect(r.timersFiredOnce).toBe(r.timersDue);
  expect(r.timersDue).toBeGreaterThanOrEqual(150);
  expect(r.failures).toBeGreaterThan(0);
  expect(r.heldByKilled).toBeGreaterThan(0);
  expect(r.recoveryMs).toBeLessThan(5_000);
};

describe('fault test: concurrent workers, every delivery twice, one worker killed; then dispatchers killed', () => {
  test('SQLite (one file, WAL)', { timeout: 900_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'order-rules-fault-'));
    try {
      const location = join(folder, 'orders.db');
      const report = await runFaultTest(location);
      print('SQLite', report);
      expectSound(report);
      const dispatched = await runDispatchFaultTest(location);
      printDispatch('SQLite', dispatched);
      expectDispatchSound(dispatched);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  const serverUrl = inject('postgresUrl');
  test.skipIf(serverUrl === null)('PostgreSQL', { timeout: 900_000 }, async () => {
    const location = await freshDatabase(serverUrl as string, `fault_${process.pid}`);
    const report = await runFaultTest(location);
    print('PostgreSQL', report);
    expectSound(report);
    const dispatched = await runDispatchFaultTest(location);
    printDispatch('PostgreSQL', dispatched);
    expectDispatchSound(dispatched);
  });
});
