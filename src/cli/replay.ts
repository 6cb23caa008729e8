/**
 * Replay: reads order histories as JSON Lines and writes one JSON decision a line. Many orders may
 * be interleaved in one file (see `replay` in the README for the format). It streams: the orders
 * that took an event lately (the latest `HOT_ORDERS`) are held as the engine's snapshots, ready for
 * their next event; every other order as its stored JSON, a few hundred bytes, read back when an
 * event comes for it.
 * May touch: the input and output streams it is given.
 */
import type { Readable, Writable } from 'node:stream';
import {
  applyEvent,
  type Decision,
  getOrderView,
  OrderRulesError,
  type OrderSnapshot,
  type PaymentStatus,
  readSnapshot,
  type ShippingStatus,
  startOrder,
} from '../index.js';
import { describeOutcomes } from './describe.js';
import { ReplayLineError, readOrderLines } from './lines.js';

export { ReplayLineError } from './lines.js';

/** What a replay did. */
export interface ReplayStats {
  readonly orders: number;
  readonly events: number;
  /** How many events of each outcome (placements not counted). */
  readonly outcomes: Readonly<Record<Decision['outcome'], number>>;
  /** How many effects the decisions asked for, placements included. */
  readonly effects: number;
  /** How many orders end in each payment status, and in each shipping status (none left out). */
  readonly paymentStatuses: Readonly<Partial<Record<PaymentStatus, number>>>;
  readonly shippingStatuses: Readonly<Partial<Record<ShippingStatus, number>>>;
  readonly seconds: number;
  /** The largest resident set size seen while replaying, in bytes. */
  readonly peakMemory: number;
}

/**
 * Replays `input` to `output` (no output with `quiet`); resolves with what it did, rejects with a
 * `ReplayLineError` at the first bad line. Blank lines are skipped.
 *
 * @example
 * // input:  {"order":{"id":"A-1",...},"settings":{...}}
 * //         {"orderId":"A-1","type":"merchant.paymentStatusChanged","status":"paid"}
 * // output: {"line":1,"orderId":"A-1","outcome":"applied","effects":[],"view":{...}}
 * //         {"line":2,"orderId":"A-1","outcome":"applied","effects":[{"type":"deductStock",...},...],"view":{...}}
 */
export async function replay(
  input: Readable,
  output: Writable,
  {
    quiet = false,
    hotOrders = HOT_ORDERS,
    onDecided,
  }: {
    readonly quiet?: boolean;
    /** How many orders to hold as snapshots, the latest to take an event (`HOT_ORDERS`). */
    readonly hotOrders?: number;
    /** Called once every line is decided, while the orders are still held (a benchmark weighs them). */
    readonly onDecided?: () => void;
  } = {},
): Promise<ReplayStats> {
  const started = performance.now();
  const open = new Orders(hotOrders);
  const counted = { lines: 0 };
  let events = 0;
  let effects = 0;
  const outcomes = { applied: 0, unchanged: 0, refused: 0 };
  let peakMemory = process.memoryUsage.rss();
  for await (const read of readOrderLines(input, counted)) {
    const { line } = read;
    let orderId: string;
    let decision: Decision;
    if ('placement' in read) {
      decision = decide(line, () => startOrder(read.placement));
      orderId = decision.snapshot.order.id;
      if (open.has(orderId)) throw new ReplayLineError(line, `order ${orderId} is already placed`);
    } else {
      orderId = read.orderId;
      const snapshot = open.take(orderId);
      if (snapshot === undefined) {
        throw new ReplayLineError(line, `order ${orderId} has not been placed`);
      }
      decision = decide(line, () => applyEvent(snapshot, read.event));
      events += 1;
      outcomes[decision.outcome] += 1;
    }
    effects += decision.effects.length;
    open.set(orderId, decision.snapshot);
    if (!quiet && !output.write(`${JSON.stringify(toLine(line, orderId, decision))}\n`)) {
      await new Promise((resolve) => output.once('drain', resolve));
    }
    if (line % 10_000 === 0) peakMemory = Math.max(peakMemory, process.memoryUsage.rss());
  }
  if (open.size === 0) {
    throw new ReplayLineError(
      counted.lines,
      'no placement: the first line must be { "order": ..., "settings": ... }',
    );
  }
  const seconds = (performance.now() - started) / 1000;
  onDecided?.();
  const paymentStatuses: Partial<Record<PaymentStatus, number>> = {};
  const shippingStatuses: Partial<Record<ShippingStatus, number>> = {};
  for (const snapshot of open.all()) {
    const { paymentStatus, shippingStatus } = getOrderView(snapshot);
    paymentStatuses[paymentStatus] = (paymentStatuses[paymentStatus] ?? 0) + 1;
    shippingStatuses[shippingStatus] = (shippingStatuses[shippingStatus] ?? 0) + 1;
  }
  return {
    orders: open.size,
    events,
    outcomes,
    effects,
    paymentStatuses,
    shippingStatuses,
    seconds,
    peakMemory: Math.max(peakMemory, process.memoryUsage.rss()),
  };
}

/** How many orders a replay holds as the engine's snapshots: those that took an event lately. */
export const HOT_ORDERS = 10_000;

/**
 * The orders of a replay: the latest `most` to take an event as the engine's (sealed) snapshots,
 * the others as their stored JSON.
 */
class Orders {
  readonly #hot = new Map<string, OrderSnapshot>(); // oldest first
  readonly #cold = new Map<string, string>();
  readonly #most: number;

  constructor(most: number) {
    this.#most = most;
  }

  get size(): number {
    return this.#hot.size + this.#cold.size;
  }

  has(orderId: string): boolean {
    return this.#hot.has(orderId) || this.#cold.has(orderId);
  }

  /** The order's snapshot, for its next event; undefined if not placed. */
  take(orderId: string): OrderSnapshot | undefined {
    const hot = this.#hot.get(orderId);
    if (hot !== undefined) return hot;
    const cold = this.#cold.get(orderId);
    return cold === undefined ? undefined : readSnapshot(JSON.parse(cold));
  }

  /** Holds `snapshot` as the order's latest, among the hot ones; the oldest hot one cools. */
  set(orderId: string, snapshot: OrderSnapshot): void {
    this.#hot.delete(orderId);
    this.#cold.delete(orderId);
    this.#hot.set(orderId, snapshot);
    if (this.#hot.size <= this.#most) return;
    const [oldest, kept] = this.#hot.entries().next().value as [string, OrderSnapshot];
    this.#hot.delete(oldest);
    this.#cold.set(oldest, JSON.stringify(kept));
  }

  /** Every order's snapshot. */
  *all(): Iterable<OrderSnapshot> {
    yield* this.#hot.values();
    for (const json of this.#cold.values()) yield readSnapshot(JSON.parse(json));
  }
}

export function decide(line: number, run: () => Decision): Decision {
  try {
    return run();
  } catch (error) {
    if (error instanceof OrderRulesError)
      throw new ReplayLineError(line, `${error.message} [${error.code}]`);
    throw error;
  }
}

function toLine(line: number, orderId: string, decision: Decision) {
  return {
    line,
    orderId,
    outcome: decision.outcome,
    ...('reason' in decision ? { reason: decision.reason } : {}),
    effects: decision.effects,
    view: getOrderView(decision.snapshot),
  };
}

/**
 * The summary of a replay, as printed on standard error: speed, outcomes, effects, and how the
 * orders end (most frequent status first).
 *
 * @example
 * describeReplay(stats);
 * // => 'replayed 39,543 events of 2,000 orders in 0.52 s: 76,044 events/s, peak memory 98 MiB\n' +
 * //    'events: 12,000 applied, 24,000 unchanged, 3,543 refused; placements: 2,000 applied; 4,300 effects\n' +
 * //    'payment: 1,361 paid, 381 pending, ...\nshipping: 1,522 shipped, 232 notShipped, ...'
 */
export function describeReplay(stats: ReplayStats): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const counted = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
  const tally = (counts: Readonly<Record<string, number | undefined>>) =>
    Object.entries(counts)
      .flatMap(([status, n]) => (n === undefined ? [] : [{ status, n }]))
      .sort((a, b) => b.n - a.n || a.status.localeCompare(b.status))
      .map(({ status, n }) => `${count(n)} ${status}`)
      .join(', ');
  const rate = Math.round(stats.events / Math.max(stats.seconds, 1e-9));
  return [
    `replayed ${counted(stats.events, 'event')} of ${counted(stats.orders, 'order')} in ${stats.seconds.toFixed(2)} s: ` +
      `${count(rate)} events/s, peak memory ${Math.round(stats.peakMemory / 2 ** 20)} MiB`,
    `${describeOutcomes(stats.outcomes, { applied: stats.orders })}; ${counted(stats.effects, 'effect')}`,
    `orders by payment status: ${tally(stats.paymentStatuses)}`,
    `orders by shipping status: ${tally(stats.shippingStatuses)}`,
  ].join('\n');
}
