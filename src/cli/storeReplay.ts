/**
 * Replay into a store: the same JSON Lines as `replay`, each line committed through an
 * `order-rules/store` store (one transaction a line), its effects left in the store's outbox. Each
 * event is delivered with the line's `deliveryId`, or else `SOURCE:LINE`, so that replaying the
 * same file into the same store again changes nothing.
 * May touch: the input stream and the store it is given.
 */
import type { Readable } from 'node:stream';
import { OrderRulesError } from '../index.js';
import type { Committed, OrderStore } from '../store/index.js';
import { ReplayLineError, readOrderLines } from './lines.js';

/** What a replay into a store did. */
export interface StoreReplayStats {
  readonly placements: number;
  readonly events: number;
  /** How many lines of each outcome. */
  readonly outcomes: Readonly<Record<Committed['outcome'], number>>;
  /** How many effects the replay put in the outbox. */
  readonly effects: number;
  readonly seconds: number;
}

/**
 * Replays `input` into `store`; resolves with what it did, rejects with a `ReplayLineError` at the
 * first bad line (the lines before it stay committed). `source` names the input in delivery ids;
 * `onProgress` hears the bytes read so far.
 *
 * @example
 * await replayIntoStore(createReadStream('orders.jsonl'), store, { source: 'orders.jsonl' });
 * // => { placements: 1000, events: 20062, outcomes: { applied: 14001, ... }, effects: 4391, seconds: 4.2 }
 */
export async function replayIntoStore(
  input: Readable,
  store: OrderStore,
  {
    source,
    onProgress,
  }: { readonly source: string; readonly onProgress?: (bytes: number) => void },
): Promise<StoreReplayStats> {
  const started = performance.now();
  const outcomes = { applied: 0, unchanged: 0, refused: 0, alreadyDelivered: 0 };
  let placements = 0;
  let events = 0;
  let effects = 0;
  let bytes = 0;
  const counted = { lines: 0 };
  for await (const read of readOrderLines(input, counted)) {
    const { line } = read;
    let committed: Committed;
    try {
      if ('placement' in read) {
        committed = await store.place(read.placement);
        placements += 1;
      } else {
        const deliveryId = read.deliveryId ?? `${source}:${line}`;
        committed = await store.apply(read.orderId, read.event, { deliveryId });
        events += 1;
      }
    } catch (error) {
      if (!(error instanceof OrderRulesError)) throw error;
      if (error.code === 'orderNotFound' && !('placement' in read)) {
        throw new ReplayLineError(line, `order ${read.orderId} has not been placed`);
      }
      throw new ReplayLineError(line, `${error.message} [${error.code}]`);
    }
    outcomes[committed.outcome] += 1;
    effects += committed.effects.length;
    bytes += read.bytes;
    onProgress?.(bytes);
  }
  if (placements + events === 0) {
    throw new ReplayLineError(
      counted.lines,
      'no placement: the first line must be { "order": ..., "settings": ... }',
    );
  }
  return {
    placements,
    events,
    outcomes,
    effects,
    seconds: (performance.now() - started) / 1000,
  };
}
