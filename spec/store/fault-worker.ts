/**
 * One worker process of the fault test and the store benchmark: it opens the store, takes its
 * share of deliveries from its parent, delivers each (placement or event), and reports. An event
 * for an order not placed yet goes to the back of its queue, as a webhook answered 404 is sent
 * again later. Run by `fault.ts` with `node --import tsx`.
 * May touch: the store it is told to open; messages to its parent.
 */
import { type OrderEvent, OrderRulesError, type Placement } from '../../src/index.js';
import { openStore } from '../../src/store/index.js';

/** One delivery: a placement, or an event for an order with the id that makes it unique. */
export type Delivery =
  | { readonly placement: Placement }
  | { readonly orderId: string; readonly deliveryId: string; readonly event: OrderEvent };

/** What the parent sends: where the store is, and the deliveries to make, in order. */
export interface WorkerTask {
  readonly location: string;
  readonly deliveries: readonly Delivery[];
}

/** What a worker tells its parent: progress, then its figures. */
export type WorkerReport = { readonly progress: number } | { readonly done: WorkerFigures };

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

process.once('message', (task: WorkerTask) => {
  work(task).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
