/**
 * The fault test, for one store: worker processes deliver the same shuffled stream of placements
 * and events, each delivered twice, at once; one worker is killed with SIGKILL in the middle of its
 * share and a new one delivers that share again from its start. Then every order's outbox must be
 * what the engine decides when its stored log is replayed, with no key twice, every event logged
 * exactly once, I1-I10 holding, and the merchant's list and the incomplete search showing each
 * order as the replay leaves it. Its outbox is then what the dispatching half
 * (`dispatch-fault.ts`) hands out. Also the store benchmark's driver (`deliver`).
 * May touch: the store it is given; the worker processes it starts.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { generateOrders } from '../../src/cli/generate.js';
import type { OrderEvent, Placement } from '../../src/index.js';
import { openStore } from '../../src/store/index.js';
import type { Delivery, WorkerFigures, WorkerReport, WorkerTask } from './fault-worker.js';
import { invariantBreaks, replayLog } from './replay-log.js';

const workerFile = fileURLToPath(new URL('./fault-worker.ts', import.meta.url));

/** A seeded shop's traffic: the generator's orders and events, each event with a delivery id. */
export function trafficOf(orders: number, seed: number): Delivery[] {
  const deliveries: Delivery[] = [];
  let line = 0;
  generateOrders({ orders, seed, concurrency: 100 }, (text) => {
    line += 1;
    const value = JSON.parse(text) as Placement | ({ orderId: string } & OrderEvent);
    if ('order' in value) deliveries.push({ placement: value });
    else {
      const { orderId, ...event } = value;
      deliveries.push({ orderId, deliveryId: `line-${line}`, event: event as OrderEvent });
    }
  });
  return deliveries;
}

/** A seeded shuffle (mulberry32 and Fisher-Yates), so that a seed gives the same stream. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface WorkerRun {
  readonly done: Promise<
    { delivered: number; notPlacedYet: number; lockRetries: number } | 'killed'
  >;
  kill(): void;
}

function startWorker(
  task: WorkerTask,
  onProgress: (delivered: number) => void = () => undefined,
): WorkerRun {
  const child = fork(workerFile, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let killed = false;
  let figures: WorkerFigures | undefined;
  child.on('message', (report: WorkerReport) => {
    if ('progress' in report) onProgress(report.progress);
    else if ('done' in report) figures = report.done;
  });
  child.send(task);
  return {
    done: new Promise((resolve, reject) => {
      child.on('exit', (code, signal) => {
        if (killed && signal === 'SIGKILL') resolve('killed');
        else if (code === 0 && figures !== undefined) resolve(figures);
        else reject(new Error(`worker ended with ${signal ?? `exit code ${code}`}`));
      });
    }),
    kill() {
      killed = true;
      child.kill('SIGKILL');
    },
  };
}

/**
 * Delivers each share of deliveries through its own worker process, all at once, and gives how
 * many were committed and the seconds from the first worker's start to the last one's end (the
 * workers' own clocks, after they opened the store).
 */
export async function deliver(
  location: string,
  shares: readonly (readonly Delivery[])[],
): Promise<{ seconds: number; delivered: number; lockRetries: number }> {
  const results = await Promise.all(
    shares.map((deliveries) => startWorker({ location, deliveries }).done),
  );
  const figures = results.filter((result): result is WorkerFigures => result !== 'killed');
  const started = Math.min(...figures.map((f) => f.startedAt));
  const ended = Math.max(...figures.map((f) => f.endedAt));
  return {
    seconds: (ended - started) / 1000,
    delivered: figures.reduce((sum, f) => sum + f.delivered, 0),
    lockRetries: figures.reduce((sum, f) => sum + f.lockRetries, 0),
  };
}

/** The fault test's figures, and what it found wrong (nothing, when the store holds). */
export interface FaultReport {
  readonly orders: number;
  readonly events: number;
  /** Deliveries made, the killed worker's (to its last report) and its replacement's included. */
  readonly deliveries: number;
  readonly kills: number;
  readonly retries: number;
  readonly lockRetries: number;
  readonly seconds: number;
  readonly effects: number;
  readonly problems: readonly string[];
}

/** Runs the fault test against the store at `location` (empty when it starts). */
export async function runFaultTest(
  location: string,
  { orders = 1000, workers = 4, seed = 7 } = {},
): Promise<FaultReport> {
  const traffic = trafficOf(orders, seed);
  const stream = shuffled([...traffic, ...traffic], seed);
  const shares = Array.from({ length: workers }, (_, w) =>
    stream.filter((_, i) => i % workers === w),
  );
  const started = performance.now();

  const victimShare = shares[0] ?? [];
  let replacement: WorkerRun | undefined;
  let deliveredByVictim = 0;
  const victim = startWorker({ location, deliveries: victimShare }, (delivered) => {
    deliveredByVictim = delivered;
    if (replacement === undefined && delivered >= victimShare.length / 2) {
      victim.kill();
      replacement = startWorker({ location, deliveries: victimShare });
    }
  });
  const others = shares.slice(1).map((deliveries) => startWorker({ location, deliveries }));
  const all = () => [victim, ...others, ...(replacement === undefined ? [] : [replacement])];
  let results: Awaited<WorkerRun['done']>[];
  try {
    results = [await victim.done, ...(await Promise.all(others.map((run) => run.done)))];
    if (replacement === undefined) throw new Error('the victim finished before it could be killed');
    results.push(await replacement.done);
  } catch (error) {
    for (const run of all()) run.kill();
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const finished = results.filter((result) => result !== 'killed');

  const problems = await check(location, traffic);
  return {
    orders,
    events: traffic.filter((delivery) => 'event' in delivery).length,
    deliveries: deliveredByVictim + finished.reduce((sum, r) => sum + r.delivered, 0),
    kills: results.length - finished.length,
    retries: finished.reduce((sum, r) => sum + r.notPlacedYet, 0),
    lockRetries: finished.reduce((sum, r) => sum + r.lockRetries, 0),
    seconds,
    effects: problems.effects,
    problems: problems.found,
  };
}

/** Reads every order back and compares it with the engine's replay of its log. */
async function check(
  location: string,
  traffic: readonly Delivery[],
): Promise<{ found: string[]; effects: number }> {
  const found: string[] = [];
  const store = await openStore(location);
  let effects = 0;
  try {
    const expectedDeliveries = new Map<string, string[]>();
    for (const delivery of traffic) {
      if ('placement' in delivery) expectedDeliveries.set(delivery.placement.order.id, []);
      else expectedDeliveries.get(delivery.orderId)?.push(delivery.deliveryId);
    }
    const keys = new Set<string>();
    const all = { limit: 10_000 };
    const listed = new Map((await store.listOrders(all)).map((row) => [row.orderId, row]));
    const incomplete = new Set((await store.findIncompleteOrders(all)).map((row) => row.orderId));
    for (const [orderId, deliveryIds] of expectedDeliveries) {
      const log = await store.log(orderId);
      const logged = log.slice(1).map((entry) => entry.deliveryId);
      if (JSON.stringify([...logged].sort()) !== JSON.stringify([...deliveryIds].sort())) {
        found.push(
          `${orderId}: logged ${logged.length} events, expected ${deliveryIds.length} once each`,
        );
        continue;
      }
      const replay = replayLog(log);
      const outbox = await store.effectsOf(orderId);
      effects += outbox.length;
      const stored = outbox.map(({ seq, effect }) => ({ seq, effect }));
      if (!isDeepStrictEqual(stored, replay.effects)) {
        found.push(`${orderId}: the outbox is not what replaying its log decides`);
      }
      for (const record of outbox) {
        if (keys.has(record.idempotencyKey)) found.push(`key ${record.idempotencyKey} twice`);
        keys.add(record.idempotencyKey);
      }
      for (const problem of invariantBreaks(replay.steps)) found.push(`${orderId}: ${problem}`);
      const view = replay.steps.at(-1)?.view;
      if (!isDeepStrictEqual((await store.get(orderId))?.view, view)) {
        found.push(`${orderId}: the view is not the replay's`);
      }
      const row = listed.get(orderId);
      const columns = row && [row.paymentStatus, row.shippingStatus];
      if (
        view?.listed !== (row !== undefined) ||
        (row !== undefined &&
          !isDeepStrictEqual(columns, [view.paymentStatus, view.shippingStatus])) ||
        (view?.listed === false) !== incomplete.has(orderId)
      ) {
        found.push(`${orderId}: the list or the incomplete search does not show the replay's view`);
      }
    }
  } finally {
    await store.close();
  }
  return { found, effects };
}
