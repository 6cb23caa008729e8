/**
 * Replay into a store: the same JSON Lines as `replay`, each line committed through an
 * `order-rules/store` store (one transaction a line), its effects left in the store's outbox. Each
 * event is delivered with the line's `deliveryId`, or else an id made from the input's content up
 * to that line (`sha256:HASH:LINE`, see `readOrderLines`), never from the file's name: the same
 * content again, under any name or piped, changes nothing; another file is applied.
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
  /** How many events of each outcome (placements not counted). */
  readonly outcomes: Readonly<Record<Committed['outcome'], number>>;
  /** How many placements were placed, and how many were placed already (the same placement). */
  readonly placementOutcomes: Readonly<Record<'applied' | 'alreadyDelivered', number>>;
  /** How many effects the replay put in the outbox. */
  readonly effects: number;
  readonly seconds: number;
}

/**
 * Replays `input` into `store`; resolves with what it did, rejects with a `ReplayLineError` at the
 * first bad line (the lines before it stay committed). `onProgress` hears the bytes read so far.
 *
 * @example
 * await replayIntoStore(createReadStream('orders.jsonl'), store);
 * // => { placements: 1000, events: 20062, outcomes: { applied: 13001, ... },
 * //      placementOutcomes: { applied: 1000, alreadyDelivered: 0 }, effects: 4391, seconds: 4.2 }
 */
export async function replayIntoStore(
  input: Readable,
  store: OrderStore,
  { onProgress }: { readonly onProgress?: (bytes: number) => void } = {},
): Promise<StoreReplayStats> {
  const started = performance.now();
  const outcomes = { applied: 0, unchanged: 0, refused: 0, alreadyDelivered: 0 };
  const placementOutcomes = { applied: 0, alreadyDelivered: 0 };
  let placements = 0;
  let events = 0;
  let effects = 0;
  let bytes = 0;
  const counted = { lines: 0 };
  for await (const read of readOrderLines(input, counted, { contentIds: true })) {
    const { line } = read;
    let committed: Committed;
    try {
      if ('placement' in read) {
        committed = await store.place(read.placement);
        placements += 1;
        placementOutcomes[
          committed.outcome === 'alreadyDelivered' ? 'alreadyDelivered' : 'applied'
        ] += 1;
      } else {
        const deliveryId = read.deliveryId ?? read.contentId;
        committed = await store.apply(
          read.orderId,
          read.event,
          deliveryId === undefined ? {} : { deliveryId },
        );
        events += 1;
        outcomes[committed.outcome] += 1;
      }
    } catch (error) {
      if (!(error instanceof OrderRulesError)) throw error;
      if (error.code === 'orderNotFound' && !('placement' in read)) {
        throw new ReplayLineError(line, `order ${read.orderId} has not been placed`);
      }
      throw new ReplayLineError(line, `${error.message} [${error.code}]`);
    }
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
    placementOutcomes,
    effects,
    seconds: (performance.now() - started) / 1000,
  };
}
