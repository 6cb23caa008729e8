/**
 * What one call to the store does, written once for both databases: place an order, apply an
 * event to one, or fire a due timer (its event applied, the timer marked fired). A unit of work
 * is a generator that yields the read and the write it needs, as data; a backend answers each
 * with its own SQL, synchronously (SQLite, inside one transaction that holds the file's write
 * lock) or not (PostgreSQL, one atomic statement each). A throw anywhere leaves nothing written;
 * a write that lost a race to another writer fails, and the backend starts the unit again from
 * its read.
 * May touch: nothing; it asks, the backend does.
 */
import * as v from 'valibot';
import type { Outcome, RefusalReason, UnchangedReason } from '../decision.js';
import type { Effect } from '../effects.js';
import { applyEvent, getOrderView, type OrderView, startOrder } from '../engine.js';
import { OrderRulesError } from '../errors.js';
import type { OrderEvent } from '../events.js';
import { OrderSchema, type Placement, SettingsSchema, TextSchema } from '../order.js';
import { parseEvent } from '../parse.js';
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

/**
 * One entry of an order's log: the placement (`seq` 0) or an event, and what the engine decided.
 * Entries written before a store of version 1 was migrated are kept as they were: their placement
 * may have a sku on several lines, their reasons those of the previous rules.
 */
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

/**
 * What a unit of work asks of the database: one read, then one write that is all or nothing. Each
 * write is guarded by an insert that only one writer can make (the order's row; the log entry,
 * unique by order and `seq`, and by order and delivery id), so a writer that read a stale order
 * fails there and starts again, and one that brings a delivery again writes nothing.
 */
export type Request =
  /** The order's row; none if not placed. */
  | { readonly op: 'readOrder'; readonly orderId: string }
  /**
   * Adds the order's row, its log entry 0 and its effects, unless an order of that id exists;
   * answers whether it did.
   */
  | {
      readonly op: 'place';
      readonly row: OrderRow;
      readonly entry: LogEntry;
      readonly effects: readonly OutboxEntry[];
    }
  /**
   * Appends the log entry, sets the row's version (and its snapshot and view columns when
   * `changed`), adds the effects, and marks the timer `fires` fired when there is one, unless the
   * log holds that delivery id already; answers whether it did. A repeated idempotency key fails it.
   */
  | {
      readonly op: 'commit';
      readonly row: OrderRow;
      readonly changed: boolean;
      readonly entry: LogEntry;
      readonly effects: readonly OutboxEntry[];
      readonly fires?: number;
    }
  /** Marks the timer of outbox id `id` fired, unless it is already; answers whether it did. */
  | { readonly op: 'markFired'; readonly id: number; readonly at: number };

/** What the database answers to each request. */
export interface Answers {
  readonly readOrder: { readonly version: number; readonly snapshot: unknown } | undefined;
  readonly place: boolean;
  readonly commit: boolean;
  readonly markFired: boolean;
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
  const placed = yield* ask({
    op: 'place',
    row,
    entry: {
      orderId,
      seq: 0,
      deliveryId: null,
      entry: { placement: { order: snapshot.order, settings: snapshot.settings } },
      outcome: 'applied',
      reason: null,
      at,
    },
    effects: effects.map((effect) => ({ orderId, seq: 0, effect, at })),
  });
  if (placed) return { orderId, outcome: 'applied', effects, view: row.view, version: 0 };
  const stored = yield* ask({ op: 'readOrder', orderId });
  if (stored === undefined) throw new Error(`order-rules/store: order ${orderId} vanished`);
  const { order, settings } = stored.snapshot as OrderSnapshot;
  if (!samePlacement({ order, settings }, snapshot)) {
    throw new OrderRulesError(
      'orderConflict',
      'placement.order.id',
      `is already placed with another order or other settings (received ${JSON.stringify(orderId)})`,
    );
  }
  const view = getOrderView(stored.snapshot as OrderSnapshot);
  return { orderId, outcome: 'alreadyDelivered', effects: [], view, version: stored.version };
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
  fires?: number,
): Work<Committed> {
  const checked = parseEvent(event);
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
  const view = getOrderView(decision.snapshot);
  const { effects } = decision;
  const committed = yield* ask({
    op: 'commit',
    row: { orderId, version, snapshot: decision.snapshot, view, at },
    changed: decision.outcome === 'applied',
    entry: {
      orderId,
      seq: version,
      deliveryId: deliveryId ?? null,
      entry: { event: checked },
      outcome: decision.outcome,
      reason: reason ?? null,
      at,
    },
    effects: effects.map((effect) => ({ orderId, seq: version, effect, at })),
    ...(fires === undefined ? {} : { fires }),
  });
  if (!committed) {
    const before = getOrderView(stored.snapshot as OrderSnapshot);
    return {
      orderId,
      outcome: 'alreadyDelivered',
      effects: [],
      view: before,
      version: stored.version,
    };
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

/** A timer in the outbox: its id there, its order, and its key (the delivery id of its event). */
export interface Timer {
  readonly id: number;
  readonly orderId: string;
  readonly idempotencyKey: string;
}

/**
 * Fires a due timer: applies `timer.paymentWindowElapsed` to its order as any event is applied,
 * delivered under the timer's idempotency key, and marks the timer fired in the same write. A
 * timer fired already (by another dispatcher at the same moment, say) is `alreadyDelivered`: its
 * order's log holds its event once, and it is marked fired.
 */
export function* fireTimer(timer: Timer, at: number): Work<Committed> {
  const event: OrderEvent = { type: 'timer.paymentWindowElapsed' };
  const committed = yield* applyToOrder(timer.orderId, event, timer.idempotencyKey, at, timer.id);
  if (committed.outcome === 'alreadyDelivered') {
    yield* ask({ op: 'markFired', id: timer.id, at });
  }
  return committed;
}

/** Checks the arguments of `apply` before the database is asked anything. */
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
