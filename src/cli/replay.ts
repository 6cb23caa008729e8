/**
 * Replay: reads one order's history as JSON Lines (the placement, then one event a line) and writes
 * one JSON decision a line. Streams: memory stays that of one order, whatever the file's length.
 * May touch: the input and output streams it is given.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  applyEvent,
  type Decision,
  getOrderView,
  type OrderEvent,
  OrderRulesError,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../index.js';

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

/**
 * Replays `input` to `output`; resolves with the number of decisions written, rejects with a
 * `ReplayLineError` at the first bad line. Blank lines are skipped.
 *
 * @example
 * // input:  {"order":{...},"settings":{...}}
 * //         {"type":"merchant.paymentStatusChanged","status":"paid"}
 * // output: {"line":1,"outcome":"applied","effects":[],"view":{...}}
 * //         {"line":2,"outcome":"applied","effects":[{"type":"deductStock",...},...],"view":{...}}
 */
export async function replay(input: Readable, output: Writable): Promise<number> {
  let snapshot: OrderSnapshot | undefined;
  let line = 0;
  let written = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1;
    if (text.trim() === '') continue;
    const value = parseLine(text, line);
    const decision = decide(line, () =>
      snapshot === undefined
        ? startOrder(value as Placement)
        : applyEvent(snapshot, value as OrderEvent),
    );
    snapshot = decision.snapshot;
    written += 1;
    if (!output.write(`${JSON.stringify(toLine(line, decision))}\n`)) {
      await new Promise((resolve) => output.once('drain', resolve));
    }
  }
  if (snapshot === undefined)
    throw new ReplayLineError(
      line,
      'no placement: the first line must be { "order": ..., "settings": ... }',
    );
  return written;
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReplayLineError(line, `not valid JSON (${(error as Error).message})`);
  }
}

function decide(line: number, run: () => Decision): Decision {
  try {
    return run();
  } catch (error) {
    if (error instanceof OrderRulesError)
      throw new ReplayLineError(line, `${error.message} [${error.code}]`);
    throw error;
  }
}

function toLine(line: number, decision: Decision) {
  return {
    line,
    outcome: decision.outcome,
    ...('reason' in decision ? { reason: decision.reason } : {}),
    effects: decision.effects,
    view: getOrderView(decision.snapshot),
  };
}
