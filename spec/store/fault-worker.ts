/**
 * One worker process of the fault test and the store benchmark. A delivering worker opens the
 * store, takes its share of deliveries from its parent, delivers each (placement or event), and
 * reports; an event for an order not placed yet goes to the back of its queue, as a webhook
 * answered 404 is sent again later. A dispatching worker runs `runDispatcher` with slow and
 * failing handlers that write each handing's start and end to a journal file (written before the
 * handler goes on, so that a SIGKILL loses none), until its parent tells it to stop. Run by
 * `fault.ts` with `node --import tsx`.
 * May touch: the store it is told to open; its journal file; messages to its parent.
 */
import { appendFileSync } from 'node:fs';
import { type OrderEvent, OrderRulesError, type Placement } from '../../src/index.js';
import {
  type EffectHandlers,
  type Delivery as Handing,
  type HostEffect,
  openStore,
} from '../../src/store/index.js';

/** One delivery: a placement, or an event for an order with the id that makes it unique. */
export type Delivery =
  | { readonly placement: Placement }
  | { readonly orderId: string; readonly deliveryId: string; readonly event: OrderEvent };

/** What the parent sends a delivering worker: where the store is, and the deliveries to make, in order. */
export interface WorkerTask {
  readonly location: string;
  readonly deliveries: readonly Delivery[];
}

/** What the parent sends a dispatching worker, then `{ stop: true }` when it is to stop. */
export interface DispatchTask {
  readonly location: string;
  readonly dispatch: {
    readonly name: string;
    readonly journal: string;
    readonly concurrency: number;
    readonly leaseMs: number;
    readonly pollMs: number;
    readonly retryAfterMs: number;
  };
}

/** A line of a dispatcher's journal: a handing started, or ended (`ok`: the handler returned). */
export interface JournalLine {
  readonly at: number;
  readonly pid: number;
  readonly key: string;
  readonly orderId: string;
  readonly attempt: number;
  readonly ok?: boolean;
}

/** What a worker tells its parent: progress, then its figures. */
export type WorkerReport =
  | { readonly progress: number }
  | { readonly done: WorkerFigures }
  | { readonly ready: number }
  | { readonly holding: number; readonly slow: number; readonly handed: number }
  | { readonly stopped: unknown };

/** A worker's figures: what it delivered, what it retried, and when it started and ended (ms). */
export interface WorkerFigures {
  readonly delivered: number;
  readonly notPlacedYet: number;
  readonly lockRetries: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** How long a worker waits for the orders its remaining events need, when nothing else moves. */
const GIVE_UP_AFTER_MS = 120_000;

const send = (report: WorkerReport) =>
  new Promise<void>((resolve) => process.send?.(report, () => resolve()));

async function work({ location, deliveries }: WorkerTask): Promise<void> {
  const store = await openStore(location, { maxConnections: 2 });
  const queue = [...deliveries];
  const startedAt = Date.now();
  let delivered = 0;
  let notPlacedYet = 0;
  let missesInARow = 0;
  let lastProgress = Date.now();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    try {
      if ('placement' in next) await store.place(next.placement);
      else await store.apply(next.orderId, next.event, { deliveryId: next.deliveryId });
      missesInARow = 0;
      lastProgress = Date.now();
    } catch (error) {
      if (!(error instanceof OrderRulesError) || error.code !== 'orderNotFound') throw error;
      if (Date.now() - lastProgress > GIVE_UP_AFTER_MS) {
        throw new Error(`${queue.length + 1} deliveries wait for orders never placed`);
      }
      notPlacedYet += 1;
      queue.push(next);
      missesInARow += 1;
      if (missesInARow > queue.length) await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    delivered += 1;
    if (delivered % 100 === 0) await send({ progress: delivered });
  }
  const endedAt = Date.now();
  const lockRetries = store.retries;
  await store.close();
  await send({ done: { delivered, notPlacedYet, lockRetries, startedAt, endedAt } });
}

/** A number from 0 to 999 made from a text, the same every time (FNV-1a). */
export function dice(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % 1000;
}

/**
 * How long a handing takes and whether it fails, decided by its key and attempt: most take a few
 * ms, 5% take 200 ms, 1% take 1.5 s (longer than the test's lease: renewed while it runs); a
 * first attempt fails for 10% of the stock effects and voids, 5% of the emails.
 */
export function fate(key: string, attempt: number, type: HostEffect['type']) {
  const roll = dice(`${key}#${attempt}`);
  const ms = roll < 10 ? 1_500 : roll < 60 ? 200 : 2 + (roll % 20);
  const failRate = type === 'sendEmail' ? 50 : 100;
  return { ms, fails: attempt === 1 && dice(key) < failRate };
}

async function dispatch({ location, dispatch: options }: DispatchTask): Promise<void> {
  const store = await openStore(location, { maxConnections: 4 });
  let holding = 0;
  let slow = 0;
  let handed = 0;
  const hand = async (effect: HostEffect, { idempotencyKey: key, attempt }: Handing) => {
    const line = { pid: process.pid, key, orderId: effect.orderId, attempt };
    appendFileSync(options.journal, `${JSON.stringify({ ...line, at: Date.now() })}\n`);
    const { ms, fails } = fate(key, attempt, effect.type);
    holding += 1;
    if (ms >= 200) slow += 1;
    handed += 1;
    process.send?.({ holding, slow, handed });
    await new Promise((resolve) => setTimeout(resolve, ms));
    holding -= 1;
    if (ms >= 200) slow -= 1;
    appendFileSync(options.journal, `${JSON.stringify({ ...line, at: Date.now(), ok: !fails })}\n`);
    if (fails) throw new Error(`${effect.type} service down`);
  };
  const handlers: EffectHandlers = {
    deductStock: hand,
    restoreStock: hand,
    voidAuthorization: hand,
    sendEmail: hand,
  };
  const stop = new AbortController();
  process.on('message', (message: { stop?: boolean }) => {
    if (message.stop) stop.abort();
  });
  const { journal: _, ...rest } = options;
  const running = store.runDispatcher(handlers, {
    ...rest,
    signal: stop.signal,
    onError: (error) => console.error(`${options.name}:`, error),
  });
  await send({ ready: Date.now() });
  const report = await running;
  await store.close();
  await send({ stopped: report });
}

process.once('message', (task: WorkerTask | DispatchTask) => {
  ('dispatch' in task ? dispatch(task) : work(task)).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
