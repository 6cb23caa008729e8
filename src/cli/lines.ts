/**
 * The JSON Lines that `replay` reads, one order's placement or event a line, many orders
 * interleaved (see `replay` in the README): read as a stream, line by line, told apart, and
 * numbered, so that every problem names its line.
 * May touch: the input stream it is given.
 */
import { createHash } from 'node:crypto';
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
      /**
       * With `contentIds`: `sha256:HASH:LINE`, HASH the SHA-256 of the input's text up to and
       * including this line (see `readOrderLines`), LINE its number.
       */
      readonly contentId?: string;
      /** The event as written, `orderId` and `deliveryId` left out; the engine checks it. */
      readonly event: OrderEvent;
    }
);

/**
 * Yields each line that is not blank. Rejects with a `ReplayLineError` on a line that is not JSON,
 * or an event line before any placement that names no order. Placements and events are not
 * checked here: the engine checks them. `read.lines` counts every line read, blank ones too.
 *
 * With `contentIds`, each event line gets an id made from the input's content alone, as it
 * streams: the SHA-256 of every line up to and including it (blank ones too, each followed by a
 * newline, so a CRLF file and a missing last newline read the same), and its number. The same
 * content gives the same ids whatever the file is called or however it arrives (a file, a pipe);
 * a file that differs gives other ids from its first differing line on; a file that grew since it
 * was read keeps the ids of the lines it had.
 */
export async function* readOrderLines(
  input: Readable,
  read: { lines: number } = { lines: 0 },
  { contentIds = false }: { readonly contentIds?: boolean } = {},
): AsyncGenerator<OrderLine> {
  let latest: string | undefined;
  let line = 0;
  const content = contentIds ? createHash('sha256') : undefined;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1;
    read.lines = line;
    const bytes = Buffer.byteLength(text) + 1;
    content?.update(text).update('\n');
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
      ...(content === undefined
        ? {}
        : { contentId: `sha256:${content.copy().digest('hex').slice(0, 32)}:${line}` }),
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
