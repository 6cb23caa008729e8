/**
 * The order store: the engine hosted on a database. Each placement or event reads the order, asks
 * the engine, and writes the log entry, the new snapshot, the view columns and the effects to the
 * outbox in one atomic write, or nothing at all; a write that lost a race to another writer of the
 * same order starts again from a fresh read (see `work.ts`). A group of placements and events
 * (`applyAll`, for imports) is decided the same way, item after item, and written in one
 * transaction (see `group.ts`). A dispatcher (`dispatcher.ts`) fires the store's timers and hands
 * the outbox's other effects to the host's handlers, at least once each, with their idempotency
 * key.
 * May touch: the database it opens, through the backend of `sqlite.ts` or `postgres.ts`.
 */
import * as v from 'valibot';
import { getOrderView, type OrderView } from '../engine.js';
import { OrderRulesError } from '../errors.js';
import type { OrderEvent } from '../events.js';
import type { Placement } from '../order.js';
import { type OrderSnapshot, readSnapshot } from '../snapshot.js';
import { validate } from '../validate.js';
import type { Backend, OrderListing, OutboxRecord } from './backend.js';
import {
  checkHandlers,
  checkPassOptions,
  checkRunOptions,
  Dispatcher,
  type DispatchPassOptions,
  type DispatchReport,
  type EffectHandlers,
  type RunDispatcherOptions,
} from './dispatcher.js';
import { checkGroup, decideGroup, type GroupItem, readsOf, SnapshotCache } from './group.js';
import {
  applyToOrder,
  type Committed,
  checkApplyArguments,
  type LogEntry,
  placeOrder,
} from './work.js';

/** How many orders' snapshots a store keeps from one `applyAll` to the next. */
const CACHED_ORDERS = 10_000;

/** How to open a store. */
export interface StoreOptions {
  /** SQLite: how long a writer waits for another process's write lock, in ms (default 5,000). */
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: the most connections the store opens at once (default 10). */
  readonly maxConnections?: number;
  /**
   * The store's clock, in ms since the epoch (default `Date.now`): when events are recorded and
   * effects decided, when timers fall due, when leases end. A test passes its own to move time.
   */
  readonly now?: () => number;
}

/** An order as the store holds it. */
export interface StoredOrder {
  readonly snapshot: OrderSnapshot;
  readonly view: OrderView;
  /** How many events the order's log holds. */
  readonly version: number;
}

/** A page of orders: how many (`limit`), after how many (`offset`), placed before when (ms). */
export interface Page {
  readonly limit?: number;
  readonly offset?: number;
  readonly placedBefore?: number;
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

/**
 * A store of orders on one database. Open it with `openStore`; every method is safe to call from
 * many processes on the same database at once.
 */
export class OrderStore {
  #backend: Backend | undefined;
  readonly #now: () => number;
  /** The snapshots `applyAll` wrote last, by order and version (see `SnapshotCache`). */
  readonly #cache = new SnapshotCache(CACHED_ORDERS);

  /** @internal Use `openStore`. */
  constructor(backend: Backend, now: () => number = Date.now) {
    this.#backend = backend;
    this.#now = now;
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
    return backend.transact(() => placeOrder(placement, this.#now()));
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
      applyToOrder(checked.orderId, event, checked.deliveryId, this.#now()),
    );
  }

  /**
   * Places orders and applies events as one group, in one transaction: all of it, or nothing.
   * Each item is `{ placement }` (as `place` takes it) or `{ orderId, event, deliveryId? }` (as
   * `apply` does), and is taken as that call would take it after the items before it: an event may
   * follow its order's placement in the same group; a delivery id logged already, or earlier in the
   * group, is `alreadyDelivered`. Answers one `Committed` an item, in order. Up to 20,000 items;
   * groups of thousands (the command's are 10,000 lines) import many times faster than one call a
   * line. If an item throws (a bad event, an order not placed, another order under a placed id),
   * or the database refuses a write, nothing of the group is written, and an item's error names
   * it: `items[3].event.status`. Safe beside other writers of the same orders: on SQLite a group
   * holds the file's write lock from its reads to its commit; on PostgreSQL a group that finds an
   * order placed or changed, or a delivery taken, since it read starts again, whole.
   *
   * @example
   * await store.applyAll([
   *   { placement: { order, settings } },
   *   { orderId: order.id, event: { type: 'merchant.paymentStatusChanged', status: 'paid' }, deliveryId: 'line-2' },
   * ]);
   * // => [{ outcome: 'applied', version: 0, ... }, { outcome: 'applied', version: 1, effects: [deductStock, ...] }]
   */
  async applyAll(items: readonly GroupItem[]): Promise<Committed[]> {
    const backend = this.#open();
    const checked = checkGroup(items);
    if (checked.length === 0) return [];
    const reads = readsOf(checked, this.#cache);
    const decided = await backend.transactGroup(reads, (found) =>
      decideGroup(checked, reads, found, this.#now()),
    );
    this.#cache.remember(decided.after);
    return [...decided.committed];
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
   * One pass of a dispatcher (see `runDispatcher`): fires the timers due now, then hands the
   * effects available now to `handlers`, each under its own lease, an order's effects one after
   * the other, until none is left (or `limit`, 100, are taken); resolves when their handlers have
   * ended. An effect that fails is handed again after a pause, never in the same pass.
   *
   * @example
   * await store.dispatch({
   *   deductStock: (effect, { idempotencyKey }) => stock.deduct(effect.lines, idempotencyKey),
   *   restoreStock: (effect, { idempotencyKey }) => stock.restore(effect.lines, idempotencyKey),
   *   voidAuthorization: 'notPerformed',
   *   sendEmail: (effect, { idempotencyKey }) => mailer.send(effect, idempotencyKey),
   * });
   * // => { handed: 3, delivered: 3, failed: 0, lost: 0, notPerformed: 0, timersFired: 0 }
   */
  async dispatch(
    handlers: EffectHandlers,
    options: DispatchPassOptions = {},
  ): Promise<DispatchReport> {
    const backend = this.#open();
    const checked = checkHandlers(handlers);
    const { limit = 100, ...rest } = checkPassOptions(options);
    return new Dispatcher(backend, checked, rest, this.#now).pass(limit);
  }

  /**
   * Runs a dispatcher until `signal` aborts: fires the store's due timers (their event applied to
   * their order, once), and hands every other effect to the handler of its type, at least once,
   * with its idempotency key. Each effect is leased alone and its lease renewed while its handler
   * runs; marking it delivered or failed needs the lease still held, so while a dispatcher lives
   * no other hands its effects. An order's effects are handed one after the other, in the order
   * they were decided; a failing one holds back only its own order. On abort it takes no more,
   * lets its running handlers end, settles their effects, and resolves with what it did.
   *
   * @example
   * const stop = new AbortController();
   * process.once('SIGTERM', () => stop.abort());
   * await store.runDispatcher(handlers, { signal: stop.signal, onError: console.error });
   * // => { handed: 1204, delivered: 1198, failed: 6, lost: 0, notPerformed: 0, timersFired: 17 }
   */
  async runDispatcher(
    handlers: EffectHandlers,
    options: RunDispatcherOptions,
  ): Promise<DispatchReport> {
    const backend = this.#open();
    const checked = checkHandlers(handlers);
    const { signal, pollMs = 1_000, ...rest } = checkRunOptions(options);
    return new Dispatcher(backend, checked, rest, this.#now).run(signal, pollMs);
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
