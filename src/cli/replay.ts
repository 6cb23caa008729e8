/**
 * Replay: reads order histories as JSON Lines and writes one JSON decision a line. Many orders may
 * be interleaved in one file (see `replay` in the README for the format). It streams: memory holds
 * one snapshot per open order, whatever the file's length.
 * May touch: the input and output streams it is given.
 */
import type { Readable, Writable } from 'node:stream';
import {
  applyEvent,
  type Decision,
  getOrderView,
  OrderRulesError,
  type OrderSnapshot,
  startOrder,
} from '../index.js';
import { ReplayLineError, readOrderLines } from './lines.js';

export { ReplayLineError } from './lines.js';

/** What a replay did. */
export interface ReplayStats {
  readonly orders: number;
  readonly events: number;
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
  { quiet = false }: { readonly quiet?: boolean } = {},
): Promise<ReplayStats> {
  const started = performance.now();
  const open = new Map<string, OrderSnapshot>();
  const counted = { lines: 0 };
  let events = 0;
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
      const snapshot = open.get(orderId);
      if (snapshot === undefined) {
        throw new ReplayLineError(line, `order ${orderId} has not been placed`);
      }
      decision = decide(line, () => applyEvent(snapshot, read.event));
      events += 1;
    }
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
  return {
    orders: open.size,
    events,
    seconds: (performance.now() - started) / 1000,
    peakMemory: Math.max(peakMemory, process.memoryUsage.rss()),
  };
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
