/**
 * The JSON Lines that `replay` reads, one order's placement or event a line, many orders
 * interleaved (see `replay` in the README): read as a stream, line by line, told apart, and
 * numbered, so that every problem names its line.
 * May touch: the input stream it is given.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { OrderEvent, Placement } from '../index.js';

/** A line the replay could not use: which line, and what is wrong with it. */
export class ReplayLineError extends Error {
  override readonly name = 'ReplayLineError';

  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

/** One line read: its number, its size in bytes, and what it holds. */
export type OrderLine = { readonly line: number; readonly bytes: number } & (
  | { readonly placement: Placement }
  | {
      /** The order named, or else the order placed last. */
      readonly orderId: string;
      /** The line's own `deliveryId`, if it has one. */
      readonly deliveryId: string | undefined;
      /** The event as written, `orderId` and `deliveryId` left out; the engine checks it. */
      readonly event: OrderEvent;
    }
);

/**
 * Yields each line that is not blank. Rejects with a `ReplayLineError` on a line that is not JSON,
 * or an event line before any placement that names no order. Placements and events are not
 * checked here: the engine checks them. `read.lines` counts every line read, blank ones too.
 */
export async function* readOrderLines(
  input: Readable,
  read: { lines: number } = { lines: 0 },
): AsyncGenerator<OrderLine> {
  let latest: string | undefined;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1;
    read.lines = line;
    const bytes = Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    const value = parseLine(text, line);
    if (typeof value === 'object' && value !== null && 'order' in value && 'settings' in value) {
      const placement = value as Placement;
      const id = (placement.order as { id?: unknown } | null)?.id;
      if (typeof id === 'string') latest = id;
      yield { line, bytes, placement };
      continue;
    }
    const { orderId, deliveryId, ...event } = (value ?? {}) as {
      orderId?: unknown;
      deliveryId?: unknown;
    };
    if (orderId !== undefined && typeof orderId !== 'string') {
      throw new ReplayLineError(
        line,
        `orderId must be a string (received ${JSON.stringify(orderId)})`,
      );
    }
    if (deliveryId !== undefined && typeof deliveryId !== 'string') {
      throw new ReplayLineError(
        line,
        `deliveryId must be a string (received ${JSON.stringify(deliveryId)})`,
      );
    }
    const named = orderId ?? latest;
    if (named === undefined) {
      throw new ReplayLineError(
        line,
        'no order placed yet: the first line must be { "order": ..., "settings": ... }',
      );
    }
    yield {
      line,
      bytes,
      orderId: named,
      deliveryId,
      event: (typeof value === 'object' && value !== null ? event : value) as OrderEvent,
    };
  }
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReplayLineError(line, `not valid JSON (${(error as Error).message})`);
  }
}
