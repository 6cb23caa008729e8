/**
 * What one call to the store does inside its transaction, written once for both databases: place an
 * order, or apply an event to one. A unit of work is a generator that yields the reads and writes it
 * needs, as data; a backend answers each one with its own SQL, synchronously (SQLite) or not
 * (PostgreSQL), inside one transaction. A throw anywhere rolls the whole unit back.
 * May touch: nothing; it asks, the backend does.
 */
import * as v from 'valibot';
import type { Outcome, RefusalReason, UnchangedReason } from '../decision.js';
import type { Effect } from '../effects.js';
import { applyEvent, getOrderView, type OrderView, startOrder } from '../engine.js';
import { OrderRulesError } from '../errors.js';
import { type OrderEvent, OrderEventSchema } from '../events.js';
import { OrderSchema, type Placement, SettingsSchema, TextSchema } from '../order.js';
import type { OrderSnapshot } from '../snapshot.js';
import { validate } from '../validate.js';

/** An order's row: its snapshot and the view columns kept beside it. */
export interface OrderRow {
  readonly orderId: string;
  readonly version: number;
  readonly snapshot: OrderSnapshot;
  readonly view: OrderView;
  readonly at: number;
}

/** One entry of an order's log: the placement (`seq` 0) or an event, and what the engine decided. */
export interface LogEntry {
  readonly orderId: string;
  readonly seq: number;
  readonly deliveryId: string | null;
  readonly entry: { readonly placement: Placement } | { readonly event: OrderEvent };
  readonly outcome: Outcome;
  readonly reason: RefusalReason | UnchangedReason | null;
  readonly at: number;
}

/** An effect as the outbox keeps it: which order, from which log entry. */
export interface OutboxEntry {
  readonly orderId: string;
  readonly seq: number;
  readonly effect: Effect;
  readonly at: number;
}

/** The reads and writes a unit of work asks of the database, inside its transaction. */
export type Request =
  /** The order's row, locked against other writers until the transaction ends; none if not placed. */
  | { readonly op: 'readOrder'; readonly orderId: string }
  /** Adds the row unless an order of that id exists; answers whether it was added. */
  | { readonly op: 'insertOrder'; readonly row: OrderRow }
  /** Sets the row's version, and its snapshot and view columns when `row.snapshot` changed. */
  | { readonly op: 'updateOrder'; readonly row: OrderRow; readonly changed: boolean }
  /** Appends to the order's log unless its delivery id is there already; answers whether it did. */
  | { readonly op: 'appendLog'; readonly entry: LogEntry }
  /** Adds effects to the outbox; a repeated idempotency key fails the transaction. */
  | { readonly op: 'enqueue'; readonly effects: readonly OutboxEntry[] };

/** What the database answers to each request. */
export interface Answers {
  readonly readOrder: { readonly version: number; readonly snapshot: unknown } | undefined;
  readonly insertOrder: boolean;
  readonly updateOrder: undefined;
  readonly appendLog: boolean;
  readonly enqueue: undefined;
}

/** A unit of work that ends with a `T`. */
export type Work<T> = Generator<Request, T, unknown>;

function* ask<R extends Request>(request: R): Generator<Request, Answers[R['op']], unknown> {
  return (yield request) as Answers[R['op']];
}

/**
 * What the store did with a placement or an event: the engine's outcome (or `alreadyDelivered`
 * for a delivery it had taken before), the effects it put in the outbox, the order's view after.
 */
export interface Committed {
  readonly orderId: string;
  readonly outcome: Outcome | 'alreadyDelivered';
  readonly reason?: RefusalReason | UnchangedReason;
  /** The effects this call queued in the outbox; none when nothing was decided. */
  readonly effects: readonly Effect[];
  readonly view: OrderView;
  /** How many events the order's log holds after the call. */
  readonly version: number;
}

const DeliveryIdSchema = v.optional(TextSchema);

/**
 * Places an order. Placing the very same order again is `alreadyDelivered`; placing another order
 * or other settings under a placed id throws `orderConflict`.
 */
export function* placeOrder(placement: Placement, at: number): Work<Committed> {
  const decision = startOrder(placement);
  const { snapshot, effects } = decision;
  const orderId = snapshot.order.id;
  const row: OrderRow = { orderId, version: 0, snapshot, view: getOrderView(snapshot), at };
  if (!(yield* ask({ op: 'insertOrder', row }))) {
    const stored = yield* ask({ op: 'readOrder', orderId });
    if (stored === undefined) throw new Error(`order-rules/store: order ${orderId} vanished`);
    const view = getOrderView(stored.snapshot as OrderSnapshot);
    const placed = (stored.snapshot as OrderSnapshot).order;
    const settings = (stored.snapshot as OrderSnapshot).settings;
    if (!samePlacement({ order: placed, settings }, snapshot)) {
      throw new OrderRulesError(
        'orderConflict',
        'placement.order.id',
        `is already placed with another order or other settings (received ${JSON.stringify(orderId)})`,
      );
    }
    return { orderId, outcome: 'alreadyDelivered', effects: [], view, version: stored.version };
  }
  const placed = { order: snapshot.order, settings: snapshot.settings };
  yield* ask({
    op: 'appendLog',
    entry: {
      orderId,
      seq: 0,
      deliveryId: null,
      entry: { placement: placed },
      outcome: 'applied',
      reason: null,
      at,
    },
  });
  if (effects.length > 0) {
    yield* ask({
      op: 'enqueue',
      effects: effects.map((effect) => ({ orderId, seq: 0, effect, at })),
    });
  }
  return { orderId, outcome: 'applied', effects, view: row.view, version: 0 };
}

/**
 * Applies an event to a placed order. With a `deliveryId`, a second delivery of the same event is
 * `alreadyDelivered` and changes nothing; without one, the engine's own rules screen repeats
 * (a gateway report's transaction id, a status already set).
 */
export function* applyToOrder(
  orderId: string,
  event: OrderEvent,
  deliveryId: string | undefined,
  at: number,
): Work<Committed> {
  const checked = validate(OrderEventSchema, event, 'invalidEvent', 'event');
  const stored = yield* ask({ op: 'readOrder', orderId });
  if (stored === undefined) {
    throw new OrderRulesError(
      'orderNotFound',
      'orderId',
      `names no order placed in this store (received ${JSON.stringify(orderId)})`,
    );
  }
  const decision = applyEvent(stored.snapshot as OrderSnapshot, checked);
  const version = stored.version + 1;
  const reason = 'reason' in decision ? decision.reason : undefined;
  const logged = yield* ask({
    op: 'appendLog',
    entry: {
      orderId,
      seq: version,
      deliveryId: deliveryId ?? null,
      entry: { event: checked },
      outcome: decision.outcome,
      reason: reason ?? null,
      at,
    },
  });
  if (!logged) {
    const view = getOrderView(stored.snapshot as OrderSnapshot);
    return { orderId, outcome: 'alreadyDelivered', effects: [], view, version: stored.version };
  }
  const view = getOrderView(decision.snapshot);
  yield* ask({
    op: 'updateOrder',
    row: { orderId, version, snapshot: decision.snapshot, view, at },
    changed: decision.outcome === 'applied',
  });
  const { effects } = decision;
  if (effects.length > 0) {
    yield* ask({
      op: 'enqueue',
      effects: effects.map((effect) => ({ orderId, seq: version, effect, at })),
    });
  }
  return {
    orderId,
    outcome: decision.outcome,
    ...(reason === undefined ? {} : { reason }),
    effects,
    view,
    version,
  };
}

/** Checks the arguments of `apply` before any transaction starts. */
export function checkApplyArguments(
  orderId: unknown,
  deliveryId: unknown,
): { orderId: string; deliveryId: string | undefined } {
  return {
    orderId: validate(TextSchema, orderId, 'invalidStoreArgument', 'orderId'),
    deliveryId: validate(
      DeliveryIdSchema,
      deliveryId,
      'invalidStoreArgument',
      'options.deliveryId',
    ),
  };
}

function samePlacement(stored: Placement, snapshot: OrderSnapshot): boolean {
  const order = v.safeParse(OrderSchema, stored.order);
  const settings = v.safeParse(SettingsSchema, stored.settings);
  return (
    order.success &&
    settings.success &&
    JSON.stringify(order.output) === JSON.stringify(snapshot.order) &&
    JSON.stringify(settings.output) === JSON.stringify(snapshot.settings)
  );
}

/** Runs a unit of work whose every answer is at hand at once (SQLite). */
export function runNow<T>(work: Work<T>, answer: (request: Request) => unknown): T {
  let step = work.next();
  while (!step.done) step = work.next(answer(step.value));
  return step.value;
}

/** Runs a unit of work whose answers come from a server (PostgreSQL). */
export async function runAwaiting<T>(
  work: Work<T>,
  answer: (request: Request) => Promise<unknown>,
): Promise<T> {
  let step = work.next();
  while (!step.done) step = work.next(await answer(step.value));
  return step.value;
}
