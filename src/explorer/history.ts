/**
 * An order's history as the explorer plays it: a placement and the events after it. Plays one
 * through the engine step by step, says what each step changed, and reads and writes histories:
 * as a link's fragment, as a JSON file, and from the lines `order-rules generate` writes or the
 * log a store keeps (`store.log(orderId)`).
 * May touch: nothing; pure functions of their arguments.
 */
import type { Decision } from '../decision.js';
import { applyEvent, getOrderView, type OrderView, startOrder } from '../engine.js';
import type { OrderEvent } from '../events.js';
import type { Placement } from '../order.js';
import { machineFormOf, type OrderSnapshot, type OrderState } from '../snapshot.js';

/** An order's history: how it was placed, and every event sent to it since, in order. */
export interface History {
  readonly placement: Placement;
  readonly events: readonly OrderEvent[];
}

/** One region that moved: `from` is undefined at placement. */
export interface RegionMove {
  readonly region: keyof OrderState;
  readonly from: string | undefined;
  readonly to: string;
}

/** One field of the view that changed, by its path (`amounts.received`, `lines.TEE-M.shipped`). */
export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** One step of a history: the event (none for the placement), what the engine decided, the view. */
export interface Step {
  readonly event: OrderEvent | undefined;
  readonly decision: Decision;
  readonly view: OrderView;
  /** The regions that moved: the transitions the step took. */
  readonly moves: readonly RegionMove[];
  /** The fields of the view that changed. */
  readonly changes: readonly FieldChange[];
}

/** A history that cannot be played: which step, and why (the engine's message). */
export class HistoryError extends Error {
  constructor(
    /** 0 for the placement, n for the nth event. */
    readonly step: number,
    message: string,
  ) {
    super(step === 0 ? `the placement: ${message}` : `event ${step}: ${message}`);
    this.name = 'HistoryError';
  }
}

/**
 * Plays `history` through the engine; throws `HistoryError` naming the step the engine refuses as
 * bad input (an invalid order, settings or event).
 *
 * @example
 * playHistory({ placement, events: [paid] }).map((step) => step.view.paymentStatus); // => ['incomplete', 'paid']
 */
export function playHistory(history: History): Step[] {
  const first = attempt(0, () => startOrder(history.placement));
  const steps: Step[] = [stepOf(undefined, first, undefined)];
  let snapshot = first.snapshot;
  history.events.forEach((event, at) => {
    const decision = attempt(at + 1, () => applyEvent(snapshot, event));
    steps.push(stepOf(event, decision, snapshot));
    snapshot = decision.snapshot;
  });
  return steps;
}

/**
 * The step `event` would take from where `steps` leave the order, without keeping it; throws
 * `HistoryError` for a bad event.
 *
 * @example
 * nextStep(steps, { type: 'merchant.orderCancelled' }).decision.outcome; // => 'applied'
 */
export function nextStep(steps: readonly Step[], event: OrderEvent): Step {
  const before = steps.at(-1)?.decision.snapshot;
  if (before === undefined) throw new HistoryError(0, 'the order is not placed');
  return stepOf(
    event,
    attempt(steps.length, () => applyEvent(before, event)),
    before,
  );
}

function attempt(step: number, decide: () => Decision): Decision {
  try {
    return decide();
  } catch (error) {
    throw new HistoryError(step, error instanceof Error ? error.message : String(error));
  }
}

function stepOf(
  event: OrderEvent | undefined,
  decision: Decision,
  before: OrderSnapshot | undefined,
): Step {
  const view = getOrderView(decision.snapshot);
  const after = machineFormOf(decision.snapshot).state;
  const was = before === undefined ? undefined : machineFormOf(before).state;
  const moves = (Object.keys(after) as (keyof OrderState)[]).flatMap((region): RegionMove[] => {
    const to = after[region];
    const from = was?.[region];
    return from === to ? [] : [{ region, from, to }];
  });
  const changes = before === undefined ? [] : diff(flatten(getOrderView(before)), flatten(view));
  return { event, decision, view, moves, changes };
}

/** The view's fields by path, the lines by sku. */
function flatten(view: OrderView): Map<string, unknown> {
  const fields = new Map<string, unknown>([
    ['paymentStatus', view.paymentStatus],
    ['shippingStatus', view.shippingStatus],
    ['listed', view.listed],
    ['confirmed', view.confirmed],
    ['stockDeducted', view.stockDeducted],
  ]);
  for (const [name, value] of Object.entries(view.amounts)) fields.set(`amounts.${name}`, value);
  for (const line of view.lines)
    for (const name of ['deducted', 'shipped', 'returned', 'restored'] as const)
      fields.set(`lines.${line.sku}.${name}`, line[name]);
  return fields;
}

function diff(before: Map<string, unknown>, after: Map<string, unknown>): FieldChange[] {
  return [...after].flatMap(([field, to]) => {
    const from = before.get(field);
    return from === to ? [] : [{ field, from, to }];
  });
}

/** What a history file says it is. */
const FORMAT = 'order-rules history';

/**
 * A history as a JSON file: `{ format, version, placement, events }`, indented.
 *
 * @example
 * JSON.parse(historyFile(history)).format; // => 'order-rules history'
 */
export function historyFile(history: History): string {
  return `${JSON.stringify({ format: FORMAT, version: 1, ...history }, null, 2)}\n`;
}

/**
 * A history as a link's fragment: its JSON, base64url-encoded (UTF-8).
 *
 * @example
 * `${location.origin}/#history=${encodeHistory(history)}`
 */
export function encodeHistory(history: History): string {
  const bytes = new TextEncoder().encode(JSON.stringify(history));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The history a link's fragment holds; throws an error that says what is wrong with it.
 *
 * @example
 * decodeHistory(encodeHistory(history)); // => history
 */
export function decodeHistory(encoded: string): History {
  let text: string;
  try {
    const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (char) => char.charCodeAt(0)),
    );
  } catch {
    throw new Error('the link does not hold a history: it is not base64url of UTF-8 text');
  }
  const [found] = readHistories(text);
  if (found === undefined) throw new Error('the link holds no history');
  return found.history;
}

/** One history read from a file, with the order's id. */
export interface FoundHistory {
  readonly orderId: string;
  readonly history: History;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every order's history in `text`, in the order they are first met. Reads a history file (or a
 * link's JSON), the JSON Lines of `order-rules generate` and `order-rules replay` (placements
 * `{ order, settings }` and events, with `orderId` or for the order placed last), and a store's
 * log (`store.log(orderId)` as a JSON array, or one entry a line). Throws an error naming the
 * line or the entry that cannot be read.
 *
 * @example
 * readHistories(generated).map((found) => found.orderId); // => ['G-000001', 'G-000002', ...]
 */
export function readHistories(text: string): FoundHistory[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('there is nothing to read: the text is empty');
  const whole = parseJson(trimmed);
  if (whole.ok && isObject(whole.value) && 'placement' in whole.value)
    return [historyOf(whole.value)];
  if (whole.ok && Array.isArray(whole.value))
    return fromRecords(whole.value, (at) => `entry ${at + 1}`);
  const records = trimmed.split(/\r?\n/).flatMap((line, at) => {
    if (line.trim() === '') return [];
    const parsed = parseJson(line);
    if (!parsed.ok) throw new Error(`line ${at + 1} is not JSON: ${parsed.message}`);
    return [{ value: parsed.value, line: at + 1 }];
  });
  const lineOf = new Map(records.map((record, at) => [at, record.line]));
  return fromRecords(
    records.map((record) => record.value),
    (at) => `line ${lineOf.get(at) ?? at + 1}`,
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function historyOf(file: Json): FoundHistory {
  const { placement, events = [] } = file;
  if (!isObject(placement) || !isObject(placement.order))
    throw new Error('a history needs a placement { order, settings }');
  if (!Array.isArray(events)) throw new Error('a history needs events: an array');
  const orderId = typeof placement.order.id === 'string' ? placement.order.id : '?';
  return {
    orderId,
    history: { placement: placement as unknown as Placement, events: events as OrderEvent[] },
  };
}

/** Histories from log entries or from replay lines, told apart by their fields. */
function fromRecords(records: readonly unknown[], where: (at: number) => string): FoundHistory[] {
  const histories = new Map<string, { placement: Placement; events: OrderEvent[] }>();
  let last: string | undefined;
  records.forEach((record, at) => {
    if (!isObject(record)) throw new Error(`${where(at)} is not a JSON object`);
    if (isObject(record.entry)) {
      const orderId = String(record.orderId);
      const { entry } = record;
      if (isObject(entry.placement)) {
        histories.set(orderId, { placement: entry.placement as unknown as Placement, events: [] });
      } else if (isObject(entry.event)) {
        const history = histories.get(orderId);
        if (history === undefined)
          throw new Error(`${where(at)}: order ${orderId} has no placement before it`);
        history.events.push(entry.event as unknown as OrderEvent);
      } else throw new Error(`${where(at)}: a log entry holds a placement or an event`);
      return;
    }
    if (isObject(record.order) && 'settings' in record) {
      const orderId = String(record.order.id);
      const placement = { order: record.order, settings: record.settings };
      histories.set(orderId, { placement: placement as unknown as Placement, events: [] });
      last = orderId;
      return;
    }
    if (typeof record.type === 'string') {
      const { orderId = last, deliveryId: _delivery, ...event } = record;
      const history = typeof orderId === 'string' ? histories.get(orderId) : undefined;
      if (history === undefined)
        throw new Error(
          `${where(at)}: no order ${String(orderId ?? '')} is placed before this event`.replace(
            '  ',
            ' ',
          ),
        );
      history.events.push(event as unknown as OrderEvent);
      return;
    }
    throw new Error(
      `${where(at)} is neither a placement { order, settings }, an event { type, ... } nor a log entry { orderId, seq, entry }`,
    );
  });
  if (histories.size === 0) throw new Error('no order is placed in the text');
  return [...histories].map(([orderId, history]) => ({ orderId, history }));
}
