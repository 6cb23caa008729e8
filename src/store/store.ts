/**
 * The order store: the engine hosted on a database. Each placement or event reads the order, asks
 * the engine, and writes the log entry, the new snapshot, the view columns and the effects to the
 * outbox in one atomic write, or nothing at all; a write that lost a race to another writer of the
 * same order starts again from a fresh read (see `work.ts`). A dispatcher
 * hands the outbox's pending effects to the host's handlers, at least once each, with their
 * idempotency key.
 * May touch: the database it opens, through the backend of `sqlite.ts` or `postgres.ts`.
 */
import * as v from 'valibot';
import { type Effect, effectTypes } from '../effects.js';
import { getOrderView, type OrderView } from '../engine.js';
import { OrderRulesError } from '../errors.js';
import type { OrderEvent } from '../events.js';
import type { Placement } from '../order.js';
import { type OrderSnapshot, readSnapshot } from '../snapshot.js';
import { validate } from '../validate.js';
import type { Backend, OrderListing, OutboxRecord } from './backend.js';
import {
  applyToOrder,
  type Committed,
  checkApplyArguments,
  type LogEntry,
  placeOrder,
} from './work.js';

/** How to open a store. */
export interface StoreOptions {
  /** SQLite: how long a writer waits for another process's write lock, in ms (default 5,000). */
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: the most connections the store opens at once (default 10). */
  readonly maxConnections?: number;
}

/** An order as the store holds it. */
export interface StoredOrder {
  readonly snapshot: OrderSnapshot;
  readonly view: OrderView;
  /** How many events the order's log holds. */
  readonly version: number;
}

/** What `dispatch` hands each effect's handler besides the effect. */
export interface Delivery {
  /** Unique to the effect: a handler keeps it to do the effect once, however often it is handed. */
  readonly idempotencyKey: string;
  /** 1 the first time this effect is handed, then 2, 3, ... */
  readonly attempt: number;
}

/**
 * The host's handlers, by effect type. An effect whose type has no handler stays pending.
 * A handler that throws (or rejects) leaves its effect pending, handed again after a pause.
 * Effects decided before a store of version 1 was migrated keep the shape they were decided in: a
 * `merchantPaymentAlert` of cause `amountMismatch` or `possibleDoublePayment`, with no amount; a
 * `restoreStock` of the whole order, keyed `${orderId}:restoreStock`.
 */
export type EffectHandlers = {
  readonly [T in Effect['type']]?: (
    effect: Extract<Effect, { readonly type: T }>,
    delivery: Delivery,
  ) => unknown;
};

/** A page of orders: how many (`limit`), after how many (`offset`), placed before when (ms). */
export interface Page {
  readonly limit?: number;
  readonly offset?: number;
  readonly placedBefore?: number;
}

/** How one `dispatch` went. */
export interface DispatchReport {
  readonly claimed: number;
  readonly delivered: number;
  readonly failed: number;
}

/** How `dispatch` takes effects. */
export interface DispatchOptions {
  /** The most effects taken in one call (default 100). */
  readonly limit?: number;
  /** How long a taken effect is kept from other dispatchers, in ms (default 60,000): if this one dies, another takes it after. */
  readonly leaseMs?: number;
  /** The first pause before a failed effect is handed again, in ms, doubling each time up to an hour (default 1,000). */
  readonly retryAfterMs?: number;
}

const count = (max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be a whole number'),
    v.minValue(0, 'must not be negative'),
    v.maxValue(max, `must be at most ${max}`),
  );

const PageSchema = v.strictObject(
  {
    limit: v.optional(v.pipe(count(10_000), v.minValue(1, 'must be at least 1'))),
    offset: v.optional(count(Number.MAX_SAFE_INTEGER)),
    placedBefore: v.optional(count(Number.MAX_SAFE_INTEGER)),
  },
  'must be an object { limit?, offset?, placedBefore? }',
);

const DispatchOptionsSchema = v.strictObject(
  {
    limit: v.optional(v.pipe(count(10_000), v.minValue(1, 'must be at least 1'))),
    leaseMs: v.optional(count(24 * 3_600_000)),
    retryAfterMs: v.optional(count(3_600_000)),
  },
  'must be an object { limit?, leaseMs?, retryAfterMs? }',
);

const HandlersSchema = v.pipe(
  v.strictObject(
    Object.fromEntries(
      effectTypes.map((type) => [type, v.optional(v.function('must be a function'))]),
    ) as Record<
      (typeof effectTypes)[number],
      v.OptionalSchema<v.FunctionSchema<string>, undefined>
    >,
    `must be an object of handlers by effect type (${effectTypes.join(', ')})`,
  ),
  v.check((handlers) => Object.values(handlers).some(Boolean), 'must have at least one handler'),
);

const MAX_RETRY_PAUSE_MS = 3_600_000;

/**
 * A store of orders on one database. Open it with `openStore`; every method is safe to call from
 * many processes on the same database at once.
 */
export class OrderStore {
  #backend: Backend | undefined;

  /** @internal Use `openStore`. */
  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** The database this store runs on. */
  get backend(): 'sqlite' | 'postgres' {
    return this.#open().dialect;
  }

  /** How many calls were started again after losing a race to another writer, since opening. */
  get retries(): number {
    return this.#open().retries;
  }

  /**
   * Places an order, all or nothing: its row, log entry 0 and the placement's effects.
   * The same placement again is `alreadyDelivered`; another one under a placed id throws `orderConflict`.
   *
   * @example
   * const { effects, view } = await store.place({ order, settings });
   * // a cheque order => effects: deductStock and both emails (S3a), queued in the outbox
   */
  async place(placement: Placement): Promise<Committed> {
    const backend = this.#open();
    return backend.transact(() => placeOrder(placement, Date.now()));
  }

  /**
   * Applies an event to a placed order, all or nothing. Give a `deliveryId` (a webhook's id, say)
   * so that the same delivery twice is taken once: the second is `alreadyDelivered`.
   *
   * @example
   * await store.apply('A-1001', { type: 'merchant.paymentStatusChanged', status: 'paid' }, { deliveryId: 'evt-17' });
   * // => { outcome: 'applied', effects: [deductStock, two sendEmail], view: { listed: true, ... }, version: 1 }
   */
  async apply(
    orderId: string,
    event: OrderEvent,
    options: { readonly deliveryId?: string } = {},
  ): Promise<Committed> {
    const backend = this.#open();
    const given = validate(
      v.object({ deliveryId: v.optional(v.unknown()) }, 'must be an object { deliveryId? }'),
      options,
      'invalidStoreArgument',
      'options',
    );
    const checked = checkApplyArguments(orderId, given.deliveryId);
    return backend.transact(() =>
      applyToOrder(checked.orderId, event, checked.deliveryId, Date.now()),
    );
  }

  /**
   * The order's snapshot (of the current schema, whichever a writer stored), view and version;
   * undefined if it is not placed.
   */
  async get(orderId: string): Promise<StoredOrder | undefined> {
    const backend = this.#open();
    const stored = await backend.readOrder(checkOrderId(orderId));
    if (stored === undefined) return undefined;
    const snapshot = readSnapshot(stored.snapshot);
    return { snapshot, view: getOrderView(snapshot), version: stored.version };
  }

  /** The order's log: its placement (`seq` 0), then every event taken, with what the engine decided. */
  async log(orderId: string): Promise<LogEntry[]> {
    return this.#open().readLog(checkOrderId(orderId));
  }

  /** Every effect decided for the order, delivered or not, in the order they were decided. */
  async effectsOf(orderId: string): Promise<OutboxRecord[]> {
    return this.#open().readOutbox({
      orderId: checkOrderId(orderId),
      pendingOnly: false,
      limit: Number.MAX_SAFE_INTEGER,
    });
  }

  /** The effects not delivered yet, oldest first (default 100). */
  async pendingEffects(options: { readonly limit?: number } = {}): Promise<OutboxRecord[]> {
    const { limit = 100 } = checkPage(options);
    return this.#open().readOutbox({ pendingOnly: true, limit });
  }

  /**
   * The merchant's order list: listed orders, newest placed first (default 50 a page); with
   * `placedBefore` (ms since the epoch), only those placed before it.
   */
  async listOrders(page: Page = {}): Promise<OrderListing[]> {
    return this.#list({ listed: true }, page);
  }

  /**
   * The search for incomplete orders (S1b): the orders the merchant's list does not show (I6),
   * gateway orders never paid (incomplete, expired, cancelled before any payment...), newest placed
   * first (default 50 a page); with `placedBefore` (ms since the epoch), only those placed before it.
   */
  async findIncompleteOrders(page: Page = {}): Promise<OrderListing[]> {
    return this.#list({ listed: false }, page);
  }

  /**
   * Takes pending effects and hands each to its handler, one at a time, with its idempotency key;
   * marks it delivered when the handler returns. Delivery is at least once: a handler that throws,
   * or a dispatcher that dies, leaves the effect to be handed again.
   *
   * @example
   * await store.dispatch({
   *   deductStock: (effect, { idempotencyKey }) => stock.deduct(effect.lines, idempotencyKey),
   *   sendEmail: (effect, { idempotencyKey }) => mailer.send(effect, idempotencyKey),
   * });
   * // => { claimed: 3, delivered: 3, failed: 0 }
   */
  async dispatch(handlers: EffectHandlers, options: DispatchOptions = {}): Promise<DispatchReport> {
    const backend = this.#open();
    const checked = validate(HandlersSchema, handlers, 'invalidStoreArgument', 'handlers');
    const {
      limit = 100,
      leaseMs = 60_000,
      retryAfterMs = 1_000,
    } = validate(DispatchOptionsSchema, options, 'invalidStoreArgument', 'options');
    const types = effectTypes.filter((type) => checked[type] !== undefined);
    const now = Date.now();
    const claimed = await backend.claim(types, limit, now, now + leaseMs);
    let delivered = 0;
    for (const record of claimed) {
      const handler = checked[record.effect.type] as (
        effect: Effect,
        delivery: Delivery,
      ) => unknown;
      try {
        await handler(record.effect, {
          idempotencyKey: record.idempotencyKey,
          attempt: record.attempts,
        });
      } catch (error) {
        const pauseMs = Math.min(retryAfterMs * 2 ** (record.attempts - 1), MAX_RETRY_PAUSE_MS);
        await backend.settle(record.id, {
          delivered: false,
          error: error instanceof Error ? error.message : String(error),
          retryAt: Date.now() + pauseMs,
        });
        continue;
      }
      await backend.settle(record.id, { delivered: true, at: Date.now() });
      delivered += 1;
    }
    return { claimed: claimed.length, delivered, failed: claimed.length - delivered };
  }

  /** Closes the database; the store takes no more calls. */
  async close(): Promise<void> {
    const backend = this.#backend;
    this.#backend = undefined;
    await backend?.close();
  }

  #list(filter: { readonly listed: boolean }, page: Page): Promise<OrderListing[]> {
    const { limit = 50, offset = 0, placedBefore } = checkPage(page);
    return this.#open().listOrders({
      ...filter,
      limit,
      offset,
      ...(placedBefore === undefined ? {} : { placedBefore }),
    });
  }

  #open(): Backend {
    if (this.#backend === undefined) {
      throw new OrderRulesError('storeUnavailable', 'store', 'is closed');
    }
    return this.#backend;
  }
}

function checkOrderId(orderId: unknown): string {
  return checkApplyArguments(orderId, undefined).orderId;
}

function checkPage(options: unknown) {
  return validate(PageSchema, options, 'invalidStoreArgument', 'options');
}
