/**
 * Replay into a store: the same JSON Lines as `replay`, committed through an `order-rules/store`
 * store in groups of lines (`store.applyAll`, one transaction a group, 10,000 lines by default;
 * one a line with a group of 1), their effects left in the store's outbox. Each event is delivered
 * with the line's `deliveryId`, or else an id made from the input's content up to that line
 * (`sha256:HASH:LINE`, see `readOrderLines`), never from the file's name: the same content again,
 * under any name or piped, changes nothing; another file is applied. A group that fails is
 * written not at all, and its lines are then taken one at a time: those before the bad line are
 * committed, and the bad line is reported as it would be alone.
 * May touch: the input stream and the store it is given.
 */
import type { Readable } from 'node:stream';
import { OrderRulesError } from '../index.js';
import type { Committed, GroupItem, OrderStore } from '../store/index.js';
import { type OrderLine, ReplayLineError, readOrderLines } from './lines.js';

/** How many lines `replay --db` commits in one transaction, unless told otherwise. */
export const DEFAULT_GROUP = 10_000;

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

/** How to replay into a store. */
export interface StoreReplayOptions {
  /** Hears the bytes read and committed so far. */
  readonly onProgress?: (bytes: number) => void;
  /** How many lines to commit in one transaction (default 10,000; 1: each line alone). */
  readonly group?: number;
}

/**
 * Replays `input` into `store`; resolves with what it did, rejects with a `ReplayLineError` at the
 * first bad line (the lines before it stay committed). `onProgress` hears the bytes read so far.
 *
 * @example
 * await replayIntoStore(createReadStream('orders.jsonl'), store);
 * // => { placements: 1000, events: 20062, outcomes: { applied: 13001, ... },
 * //      placementOutcomes: { applied: 1000, alreadyDelivered: 0 }, effects: 4391, seconds: 1.1 }
 */
export async function replayIntoStore(
  input: Readable,
  store: OrderStore,
  { onProgress, group = DEFAULT_GROUP }: StoreReplayOptions = {},
): Promise<StoreReplayStats> {
  const started = performance.now();
  const outcomes = { applied: 0, unchanged: 0, refused: 0, alreadyDelivered: 0 };
  const placementOutcomes = { applied: 0, alreadyDelivered: 0 };
  let placements = 0;
  let events = 0;
  let effects = 0;
  let bytes = 0;
  const counted = { lines: 0 };

  const tally = (read: OrderLine, committed: Committed) => {
    if ('placement' in read) {
      placements += 1;
      placementOutcomes[
        committed.outcome === 'alreadyDelivered' ? 'alreadyDelivered' : 'applied'
      ] += 1;
    } else {
      events += 1;
      outcomes[committed.outcome] += 1;
    }
    effects += committed.effects.length;
    bytes += read.bytes;
  };

  const pending: OrderLine[] = [];
  /** Commits the lines read and not committed yet: as a group, or one at a time if the group fails. */
  const flush = async () => {
    const lines = pending.splice(0);
    if (lines.length === 0) return;
    let committed: readonly Committed[] | undefined;
    if (lines.length > 1) {
      try {
        committed = await store.applyAll(lines.map(itemOf));
      } catch {
        // Nothing of the group is written: its lines are taken again one at a time, below.
      }
    }
    if (committed === undefined) {
      for (const read of lines) tally(read, await commitLine(store, read));
    } else {
      for (const [index, read] of lines.entries()) tally(read, committed[index] as Committed);
    }
    onProgress?.(bytes);
  };

  try {
    for await (const read of readOrderLines(input, counted, { contentIds: true })) {
      pending.push(read);
      if (pending.length >= group) await flush();
    }
  } catch (error) {
    // A line that cannot be read: the lines before it are committed first (or an earlier bad
    // line among them is the one reported).
    await flush();
    throw error;
  }
  await flush();
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

/** The delivery id of an event line: its own, or else the one made from the content. */
const deliveryIdOf = (read: Extract<OrderLine, { readonly orderId: string }>) =>
  read.deliveryId ?? read.contentId;

/** A line as an item of `store.applyAll`. */
function itemOf(read: OrderLine): GroupItem {
  if ('placement' in read) return { placement: read.placement };
  const deliveryId = deliveryIdOf(read);
  return {
    orderId: read.orderId,
    event: read.event,
    ...(deliveryId === undefined ? {} : { deliveryId }),
  };
}

/** Commits one line alone, in its own transaction; a line the store refuses is a `ReplayLineError`. */
async function commitLine(store: OrderStore, read: OrderLine): Promise<Committed> {
  try {
    if ('placement' in read) return await store.place(read.placement);
    const deliveryId = deliveryIdOf(read);
    return await store.apply(
      read.orderId,
      read.event,
      deliveryId === undefined ? {} : { deliveryId },
    );
  } catch (error) {
    if (!(error instanceof OrderRulesError)) throw error;
    if (error.code === 'orderNotFound' && !('placement' in read)) {
      throw new ReplayLineError(read.line, `order ${read.orderId} has not been placed`);
    }
    throw new ReplayLineError(read.line, `${error.message} [${error.code}]`);
  }
}
