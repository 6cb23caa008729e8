/**
 * The fault test's dispatching half, on a store holding the first half's orders (see `fault.ts`):
 * gateway orders are placed with windows that fall due during the test; three dispatcher
 * processes hand the outbox to slow and failing handlers (see `fate` in `fault-worker.ts`) while
 * the store fires the timers; one dispatcher is killed with SIGKILL while it holds leases; later
 * every dispatcher is killed while timers are still pending, and two are started again. Then,
 * from the dispatchers' journals and the store: every effect handed at least once and delivered;
 * none handed again while the dispatcher that had it lived (a repeat only after a kill or a
 * failure); no effect handed before its order's earlier effects were delivered; every due timer
 * fired once, neither early nor stretched by the downtime; the timers not due still pending; and
 * how long the killed dispatcher's effects took to go out again.
 * May touch: the store it is given; the dispatcher processes it starts; a temporary folder.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Placement } from '../../src/index.js';
import { type DispatchReport, type OutboxRecord, openStore } from '../../src/store/index.js';
import { ignoringIncomplete, keepingIncomplete, paymentReport, paypalOrder } from '../play.js';
import type { DispatchTask, JournalLine, WorkerReport } from './fault-worker.js';

const workerFile = fileURLToPath(new URL('./fault-worker.ts', import.meta.url));
const MINUTE = 60_000;

/** The dispatchers' settings in this test: a short lease, so that a kill is seen within a second. */
const SETTINGS = { concurrency: 8, leaseMs: 1_000, pollMs: 50, retryAfterMs: 100 };

/** The dispatching half's figures, and what it found wrong (nothing, when the store holds). */
export interface DispatchFaultReport {
  /** Effects for the host in the outbox, all delivered at the end. */
  readonly effects: number;
  readonly handings: number;
  /** Handings whose handler threw (the effect handed again after a pause). */
  readonly failures: number;
  /** Handings of an effect again after a killed dispatcher had it (allowed: at least once). */
  readonly repeatsAfterKill: number;
  /** Handings of an effect again while the dispatcher that had it lived: must be none. */
  readonly doubles: number;
  /** Handings of an effect before an earlier effect of its order was delivered: must be none. */
  readonly orderViolations: number;
  readonly timersDue: number;
  /** Due timers whose event is in their order's log exactly once. */
  readonly timersFiredOnce: number;
  /** Timers not due at the end (the first half's, of 15 minutes or more), still pending. */
  readonly timersNotDue: number;
  /** The most a timer fired after it was due, or after a dispatcher was back when none ran (ms). */
  readonly timerLatenessMs: number;
  /** The effects the killed dispatcher held, and how long until the last went out again (ms). */
  readonly heldByKilled: number;
  readonly recoveryMs: number;
  readonly seconds: number;
  readonly problems: readonly string[];
}

interface DispatcherRun {
  readonly name: string;
  readonly pid: number;
  /** Whether the test killed it. */
  killed: boolean;
  readonly ready: Promise<number>;
  readonly stopped: Promise<DispatchReport | 'killed'>;
  holding: number;
  /** Handings in flight that take 200 ms or more. */
  slow: number;
  handed: number;
  kill(): void;
  stop(): void;
}

function startDispatcher(location: string, name: string, journalDir: string): DispatcherRun {
  const child = fork(workerFile, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let report: DispatchReport | undefined;
  let markReady: (at: number) => void = () => undefined;
  const run: DispatcherRun = {
    name,
    pid: child.pid ?? 0,
    killed: false,
    ready: new Promise((resolve) => {
      markReady = resolve;
    }),
    stopped: new Promise((resolve, reject) => {
      child.on('exit', (code, signal) => {
        if (run.killed && signal === 'SIGKILL') resolve('killed');
        else if (code === 0 && report !== undefined) resolve(report);
        else reject(new Error(`dispatcher ${name} ended with ${signal ?? `exit code ${code}`}`));
      });
    }),
    holding: 0,
    slow: 0,
    handed: 0,
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      run.killed = true;
      child.kill('SIGKILL');
    },
    stop() {
      child.send({ stop: true });
    },
  };
  child.on('message', (message: WorkerReport) => {
    if ('ready' in message) markReady(message.ready);
    else if ('holding' in message) {
      run.holding = message.holding;
      run.slow = message.slow;
      run.handed = message.handed;
    } else if ('stopped' in message) report = message.stopped as DispatchReport;
  });
  const task: DispatchTask = {
    location,
    dispatch: { name, journal: join(journalDir, `${name}-${child.pid}.jsonl`), ...SETTINGS },
  };
  child.send(task);
  return run;
}

/**
 * Places `count` gateway orders whose windows fall due from `firstDue` to `lastDue` (ms since the
 * epoch), each placed its window before: a third keep incomplete orders (confirmed: the timer
 * cancels them, restoring stock), a third ignore them (the timer expires them), a third are paid
 * (the timer changes nothing).
 */
async function placeTimedOrders(
  location: string,
  count: number,
  firstDue: number,
  lastDue: number,
): Promise<void> {
  let at = 0;
  const store = await openStore(location, { now: () => at });
  try {
    for (let i = 0; i < count; i += 1) {
      const minutes = i % 2 === 0 ? 15 : 30;
      at = Math.round(firstDue + ((lastDue - firstDue) * i) / (count - 1)) - minutes * MINUTE;
      const order = { ...paypalOrder, id: `TMR-${i}` };
      const settings = i % 3 === 0 ? keepingIncomplete : ignoringIncomplete;
      const placement: Placement = {
        order,
        settings: { ...settings, paymentWindowMinutes: minutes },
      };
      await store.place(placement);
      at += MINUTE;
      if (i % 3 === 2) await store.apply(order.id, paymentReport(order));
    }
  } finally {
    await store.close();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 120_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await pause(10);
  }
}

/** One handing, from a journal: its start, and its end if the handler ended. */
interface Handing {
  readonly key: string;
  readonly pid: number;
  readonly attempt: number;
  readonly started: number;
  ended?: number;
  ok?: boolean;
}

function readJournals(dir: string): Handing[] {
  const handings = new Map<string, Handing>();
  for (const file of readdirSync(dir)) {
    for (const text of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (text === '') continue;
      const line = JSON.parse(text) as JournalLine;
      const id = `${line.key}#${line.attempt}@${line.pid}`;
      const handing = handings.get(id);
      if (handing === undefined) {
        handings.set(id, {
          key: line.key,
          pid: line.pid,
          attempt: line.attempt,
          started: line.at,
        });
      } else {
        handing.ended = line.at;
        handing.ok = line.ok === true;
      }
    }
  }
  return [...handings.values()].sort((a, b) => a.started - b.started);
}

/** Runs the dispatching half on the store at `location`, which the delivering half filled. */
export async function runDispatchFaultTest(
  location: string,
  { timedOrders = 150 } = {},
): Promise<DispatchFaultReport> {
  const journals = mkdtempSync(join(tmpdir(), 'order-rules-journal-'));
  const started = Date.now();
  const problems: string[] = [];
  const running: DispatcherRun[] = [];
  try {
    const firstDue = started + 1_500;
    const lastDue = started + 14_000;
    await placeTimedOrders(location, timedOrders, firstDue, lastDue);
    const start = (name: string) => {
      const run = startDispatcher(location, name, journals);
      running.push(run);
      return run;
    };
    const [victim, second, third] = ['one', 'two', 'three'].map(start) as [
      DispatcherRun,
      DispatcherRun,
      DispatcherRun,
    ];
    const firstReady = Math.min(...(await Promise.all(running.map((run) => run.ready))));
    const store = await openStore(location);
    try {
      // A dispatcher killed while it holds leases (one of them a slow handing, so that the kill
      // surely finds it running): its effects must go out again within a lease.
      await until(
        () => victim.slow >= 1 && running.reduce((n, run) => n + run.handed, 0) >= 200,
        'the victim to hold leases',
        60_000,
      );
      victim.kill();
      const killedAt = Date.now();
      await victim.stopped;
      const leasedByVictim = (await store.pendingEffects({ limit: 10_000 })).filter(
        (record) => record.leasedBy === 'one',
      );

      // Every dispatcher killed while timers are pending; two started again after a downtime.
      await until(() => Date.now() >= Math.max(started + 6_000, killedAt + 2_500), 'the time');
      second.kill();
      third.kill();
      const downAt = Date.now();
      await Promise.all([second.stopped, third.stopped]);
      await pause(2_000);
      const restarted = [start('two'), start('three')];
      const backAt = Math.min(...(await Promise.all(restarted.map((run) => run.ready))));
      await until(async () => {
        if (Date.now() < lastDue + 500) return false;
        const pending = await store.pendingEffects({ limit: 10_000 });
        return pending.every((record) => record.dueAt !== null && record.dueAt > Date.now());
      }, 'the outbox to be delivered and the due timers fired');
      for (const run of restarted) run.stop();
      const reports = await Promise.all(restarted.map((run) => run.stopped));
      for (const report of reports) {
        if (report === 'killed' || report.lost > 0) {
          problems.push(`a restarted dispatcher stopped with ${JSON.stringify(report)}`);
        }
      }
      const endedAt = Date.now();

      const outbox = await allEffects(store);
      const handings = readJournals(journals);
      const killedPids = new Set(running.filter((run) => run.killed).map((run) => run.pid));
      const analysis = analyse(outbox, handings, killedPids);
      problems.push(...analysis.problems);

      // Recovery: each effect the victim held (leased, its handler not failed), handed again by
      // another dispatcher after the kill. On PostgreSQL, a settlement the victim sent just before
      // it was killed may still be committed by the server: such an effect was not lost.
      const settledByVictim = new Set(
        outbox
          .filter((record) => record.leasedBy === 'one' && record.deliveredAt !== null)
          .map((record) => record.id),
      );
      const heldByVictim = leasedByVictim.filter(
        (record) =>
          !settledByVictim.has(record.id) &&
          !handings.some(
            (h) =>
              h.pid === victim.pid &&
              h.key === record.idempotencyKey &&
              h.attempt === record.attempts &&
              h.ok === false,
          ),
      );
      let recoveryMs = 0;
      for (const record of heldByVictim) {
        const again = handings.find(
          (h) => h.key === record.idempotencyKey && h.started >= killedAt,
        );
        if (again === undefined) problems.push(`${record.idempotencyKey}: never handed again`);
        else recoveryMs = Math.max(recoveryMs, again.started - killedAt);
      }
      if (heldByVictim.length === 0) problems.push('the victim held no lease when killed');

      // Timers: each due one fired once, not before it was due, and not stretched by the downtime:
      // fired soon after it fell due, or soon after the dispatchers were back when it fell due
      // while none ran (or just before they were killed, before they could fire it).
      const expected = (dueAt: number) => {
        if (dueAt < firstReady) return firstReady;
        return dueAt < downAt - 1_000 || dueAt >= backAt ? dueAt : backAt;
      };
      let timersFiredOnce = 0;
      let timerLatenessMs = 0;
      const timers = outbox.filter((record) => record.dueAt !== null);
      const due = timers.filter((record) => (record.dueAt as number) <= endedAt - 500);
      for (const timer of due) {
        const fired = (await store.log(timer.orderId)).filter(
          (entry) => entry.deliveryId === timer.idempotencyKey,
        );
        const at = fired[0]?.at ?? Number.NaN;
        const dueAt = timer.dueAt as number;
        if (fired.length !== 1 || timer.deliveredAs !== 'fired') {
          problems.push(`${timer.idempotencyKey}: fired ${fired.length} times`);
          continue;
        }
        timersFiredOnce += 1;
        if (at < dueAt) problems.push(`${timer.idempotencyKey}: fired ${dueAt - at} ms early`);
        timerLatenessMs = Math.max(timerLatenessMs, at - expected(dueAt));
      }
      if (timerLatenessMs > 2_000) problems.push(`a timer fired ${timerLatenessMs} ms late`);
      const notDue = timers.filter((record) => (record.dueAt as number) > endedAt + 60_000);
      for (const timer of notDue) {
        if (timer.deliveredAt !== null) problems.push(`${timer.idempotencyKey}: fired before due`);
      }
      if (due.length < timedOrders) problems.push(`only ${due.length} timers fell due`);

      return {
        effects: analysis.effects,
        handings: handings.length,
        failures: handings.filter((h) => h.ok === false).length,
        repeatsAfterKill: analysis.repeatsAfterKill,
        doubles: analysis.doubles,
        orderViolations: analysis.orderViolations,
        timersDue: due.length,
        timersFiredOnce,
        timersNotDue: notDue.length,
        timerLatenessMs,
        heldByKilled: heldByVictim.length,
        recoveryMs,
        seconds: (endedAt - started) / 1000,
        problems,
      };
    } finally {
      await store.close();
    }
  } finally {
    for (const run of running) run.kill();
    rmSync(journals, { recursive: true, force: true });
  }
}

/** Every effect in the outbox, of every order. */
async function allEffects(store: Awaited<ReturnType<typeof openStore>>): Promise<OutboxRecord[]> {
  const all = { limit: 10_000 };
  const orders = [...(await store.listOrders(all)), ...(await store.findIncompleteOrders(all))];
  const records: OutboxRecord[] = [];
  for (const { orderId } of orders) records.push(...(await store.effectsOf(orderId)));
  return records.sort((a, b) => a.id - b.id);
}

/**
 * What the journals and the outbox say: effects never handed or not delivered, doubles (a handing
 * of an effect while, or after, a handing of it by a dispatcher that lived and whose handler did
 * not throw), repeats after a kill, and handings before an earlier effect of the order was
 * delivered.
 */
function analyse(
  outbox: readonly OutboxRecord[],
  handings: readonly Handing[],
  killedPids: ReadonlySet<number>,
) {
  const problems: string[] = [];
  const host = outbox.filter((record) => record.dueAt === null);
  const byKey = new Map<string, Handing[]>();
  for (const h of handings) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
  let doubles = 0;
  let repeatsAfterKill = 0;
  let orderViolations = 0;
  const earlierOf = new Map<string, OutboxRecord[]>();
  for (const record of host) {
    const earlier = earlierOf.get(record.orderId) ?? [];
    const mine = byKey.get(record.idempotencyKey) ?? [];
    if (record.deliveredAs !== 'handled') problems.push(`${record.idempotencyKey}: not delivered`);
    if (!mine.some((h) => h.ok === true)) problems.push(`${record.idempotencyKey}: never done`);
    for (const [i, h] of mine.entries()) {
      for (const before of mine.slice(0, i)) {
        if (before.ok === false) continue; // its handler threw: handed again, as promised
        if (killedPids.has(before.pid)) repeatsAfterKill += 1;
        else doubles += 1;
        break;
      }
      for (const e of earlier) {
        if (e.deliveredAt === null || e.deliveredAt > h.started) orderViolations += 1;
      }
    }
    earlierOf.set(record.orderId, [...earlier, record]);
  }
  if (doubles > 0) problems.push(`${doubles} effects handed twice while their dispatcher lived`);
  if (orderViolations > 0) problems.push(`${orderViolations} handings before an earlier effect`);
  return { effects: host.length, doubles, repeatsAfterKill, orderViolations, problems };
}
