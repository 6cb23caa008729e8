/**
 * A group of placements and events committed together (`store.applyAll`), written once for both
 * databases. Each item is decided by the very unit of work `place` or `apply` runs (`work.ts`),
 * one after the other, in the group's order, over the rows the database holds and what the items
 * before it decided: an event may follow its order's placement in the same group, and a delivery
 * id logged already, or earlier in the group, is `alreadyDelivered`. Nothing is written while the
 * group decides; what it decided is then written at once, in the transaction that read it: each
 * order's row once (its last version), every log entry, every effect in the order decided. A
 * throw anywhere leaves nothing of the group written.
 * May touch: nothing; it decides, the backend reads and writes.
 */
import * as v from 'valibot';
import { OrderRulesError } from '../errors.js';
import type { OrderEvent } from '../events.js';
import { MAX_TEXT, type Placement, TextSchema } from '../order.js';
import { validate } from '../validate.js';
import {
  applyToOrder,
  type Committed,
  type LogEntry,
  type OrderRow,
  type OutboxEntry,
  placeOrder,
  type Request,
  runNow,
  type Work,
} from './work.js';

/** One item of a group: a placement, or an event for a placed order (with its delivery id, if any). */
export type GroupItem =
  | { readonly placement: Placement }
  | { readonly orderId: string; readonly event: OrderEvent; readonly deliveryId?: string };

/** The most items a group takes (its rows are held in memory until it commits). */
export const MAX_GROUP = 20_000;

/** An order's row as the database holds it: its version and its snapshot (parsed JSON, unread). */
export interface StoredRow {
  readonly version: number;
  readonly snapshot: unknown;
}

/**
 * What a group reads, named before it decides: its orders (with the version of each that the
 * store's cache holds, so that a row of that version is read without its snapshot) and its
 * events' delivery ids.
 */
export interface GroupReads {
  readonly orderIds: readonly string[];
  /** The snapshots the store's cache held for some of the orders when the group began. */
  readonly cached: ReadonlyMap<string, StoredRow>;
  readonly deliveries: readonly { readonly orderId: string; readonly deliveryId: string }[];
}

/**
 * What the database answered, in the group's transaction: each placed order's version, and its
 * snapshot unless it is the cached one (`snapshot` undefined); and the delivery ids logged
 * already (see `deliveryKey`).
 */
export interface GroupFound {
  readonly orders: ReadonlyMap<string, { readonly version: number; readonly snapshot?: unknown }>;
  readonly delivered: ReadonlySet<string>;
}

/**
 * How `GroupFound.delivered` names a delivery id of an order: the order id's length first, so
 * that no two pairs of texts, whatever they hold, give the same name.
 */
export const deliveryKey = (orderId: string, deliveryId: string): string =>
  `${orderId.length}:${orderId}${deliveryId}`;

/** An order placed before the group that the group changed: written once, as its last item left it. */
export interface ChangedRow {
  readonly orderId: string;
  /** The version the group read: the row is written only if it still has it. */
  readonly from: number;
  readonly version: number;
  /** Its new snapshot, view columns and time, when one of its events changed them. */
  readonly row?: OrderRow;
}

/** What a group writes, all of it or nothing. */
export interface GroupWrites {
  /** The orders it placed, as its last item left them, in the order they were placed. */
  readonly placed: readonly OrderRow[];
  /** The orders placed before it that it changed, in the order first changed. */
  readonly updated: readonly ChangedRow[];
  /** Every log entry, in the order decided. */
  readonly log: readonly LogEntry[];
  /** Every effect, in the order decided (their outbox ids follow it). */
  readonly outbox: readonly OutboxEntry[];
}

/** What a group decided: one `Committed` an item, in order, its writes, and its orders after it. */
export interface Decided {
  readonly committed: readonly Committed[];
  readonly writes: GroupWrites;
  /** Each order the group placed or changed, as it leaves it, for the store's cache. */
  readonly after: ReadonlyMap<string, StoredRow>;
}

const ITEM = 'must be { placement } or { orderId, event, deliveryId? }';
const PlacementItemSchema = v.strictObject({ placement: v.unknown() }, ITEM);
const EventItemSchema = v.strictObject(
  { orderId: TextSchema, event: v.unknown(), deliveryId: v.optional(TextSchema) },
  ITEM,
);

/**
 * Checks a group before the database is asked anything: an array of at most `MAX_GROUP` items,
 * each `{ placement }` or `{ orderId, event, deliveryId? }` (the placement and the event are the
 * engine's to check, as it decides). Answers the items as copies.
 */
export function checkGroup(items: unknown): GroupItem[] {
  const plain = readPlainGroup(items);
  if (plain !== undefined) return plain;
  const list = validate(
    v.pipe(
      v.array(v.unknown(), `must be an array of items, each ${ITEM.slice(8)}`),
      v.maxLength(MAX_GROUP, `must have at most ${MAX_GROUP} items`),
    ),
    items,
    'invalidStoreArgument',
    'items',
  );
  return list.map((item, index) => {
    if (hasPlacement(item)) {
      return validate(PlacementItemSchema, item, 'invalidStoreArgument', at(index)) as GroupItem;
    }
    const { orderId, event, deliveryId } = validate(
      EventItemSchema,
      item,
      'invalidStoreArgument',
      at(index),
    );
    return {
      orderId,
      event: event as OrderEvent,
      ...(deliveryId === undefined ? {} : { deliveryId }),
    };
  });
}

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/**
 * A group of plain objects that the schemas below take, copied as they would copy it, without
 * running them (a group of thousands is read in a fraction of the time); undefined for anything
 * else, which the schemas then read, and name what is wrong.
 */
function readPlainGroup(items: unknown): GroupItem[] | undefined {
  try {
    if (!Array.isArray(items) || items.length > MAX_GROUP) return undefined;
    const copies: GroupItem[] = [];
    for (const item of items as unknown[]) {
      if (typeof item !== 'object' || item === null) return undefined;
      if (Object.getPrototypeOf(item) !== Object.prototype) return undefined;
      const keys = Object.keys(item);
      const fields = item as { placement?: unknown; orderId?: unknown; event?: unknown };
      if (keys.length === 1 && keys[0] === 'placement') {
        copies.push({ placement: fields.placement as Placement });
        continue;
      }
      const { orderId, event, deliveryId } = item as Record<string, unknown>;
      if (!isText(orderId) || !keys.includes('event')) return undefined;
      if (keys.some((key) => key !== 'orderId' && key !== 'event' && key !== 'deliveryId')) {
        return undefined;
      }
      if (deliveryId === undefined) copies.push({ orderId, event: event as OrderEvent });
      else if (isText(deliveryId)) copies.push({ orderId, event: event as OrderEvent, deliveryId });
      else return undefined;
    }
    return copies;
  } catch {
    // A getter or a proxy that throws: the schemas say what is wrong.
    return undefined;
  }
}

/** Whether an item names a placement (an object that cannot be read names none). */
function hasPlacement(item: unknown): boolean {
  try {
    return typeof item === 'object' && item !== null && 'placement' in item;
  } catch {
    return false;
  }
}

const at = (index: number) => `items[${index}]`;

/** What a group reads: its orders' ids (with the snapshots `cache` holds) and its delivery ids. */
export function readsOf(items: readonly GroupItem[], cache: SnapshotCache): GroupReads {
  const orderIds = new Set<string>();
  const deliveries: { orderId: string; deliveryId: string }[] = [];
  for (const item of items) {
    if ('placement' in item) {
      const id = placedId(item.placement);
      if (id !== undefined) orderIds.add(id);
    } else {
      orderIds.add(item.orderId);
      if (item.deliveryId !== undefined) {
        deliveries.push({ orderId: item.orderId, deliveryId: item.deliveryId });
      }
    }
  }
  const cached = new Map<string, StoredRow>();
  for (const orderId of orderIds) {
    const row = cache.get(orderId);
    if (row !== undefined) cached.set(orderId, row);
  }
  return { orderIds: [...orderIds], cached, deliveries };
}

/** The id a placement names, if it names one (else the engine refuses it, as it decides). */
function placedId(placement: unknown): string | undefined {
  try {
    const id = (placement as { order?: { id?: unknown } } | null)?.order?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The snapshots a store last wrote through `applyAll`, by order, each with its version, the most
 * recently used kept (up to `capacity` orders). An order's version counts every write of its row,
 * so a row of the same version holds the same snapshot: a group reads that row without its
 * snapshot, and the engine takes the one it sealed itself, without reading JSON again. A row of
 * another version (another writer's) is read whole.
 */
export class SnapshotCache {
  readonly #rows = new Map<string, StoredRow>();

  constructor(readonly capacity: number) {}

  get(orderId: string): StoredRow | undefined {
    const row = this.#rows.get(orderId);
    if (row !== undefined) {
      this.#rows.delete(orderId);
      this.#rows.set(orderId, row);
    }
    return row;
  }

  /** Remembers the orders a committed group left. */
  remember(rows: ReadonlyMap<string, StoredRow>): void {
    for (const [orderId, row] of rows) {
      this.#rows.delete(orderId);
      this.#rows.set(orderId, row);
    }
    for (const oldest of this.#rows.keys()) {
      if (this.#rows.size <= this.capacity) break;
      this.#rows.delete(oldest);
    }
  }
}

/** An order as the group has left it so far. */
interface Pending {
  version: number;
  snapshot: unknown;
  /** Its row as last changed (by its placement, or an event applied); none if none changed it. */
  row: OrderRow | undefined;
  /** The version read, or -1 for an order the group placed. */
  readonly from: number;
}

/**
 * Decides every item of a group, in order, over what the database holds (`found`, with the
 * snapshots `reads` took from the cache) and what the items before it decided, each by the unit of
 * work `place` or `apply` runs, at `at` (ms since the epoch). Writes nothing.
 * Throws the error of the first item that fails, its field named from the item
 * (`items[3].event.status`).
 */
export function decideGroup(
  items: readonly GroupItem[],
  reads: GroupReads,
  found: GroupFound,
  at: number,
): Decided {
  const named = new Set(reads.orderIds);
  /** The order's row as the database holds it, its snapshot the cached one when it is the same. */
  const stored = (orderId: string): StoredRow | undefined => {
    if (!named.has(orderId)) {
      // Only a placement whose id changed between two reads of it names an order not read.
      throw new OrderRulesError('invalidOrder', 'placement', 'could not be read as plain data');
    }
    const row = found.orders.get(orderId);
    if (row === undefined || row.snapshot !== undefined) return row as StoredRow | undefined;
    const cached = reads.cached.get(orderId);
    if (cached?.version !== row.version) {
      throw new Error(`order-rules/store: order ${orderId} was read without its snapshot`);
    }
    return cached;
  };
  const orders = new Map<string, Pending>();
  const delivered = new Set<string>();
  const log: LogEntry[] = [];
  const outbox: OutboxEntry[] = [];
  /** The order as the items before it have left it, or else as the database holds it. */
  const current = (orderId: string): StoredRow | undefined =>
    orders.get(orderId) ?? stored(orderId);

  const answer = (request: Request): unknown => {
    switch (request.op) {
      case 'readOrder':
        return current(request.orderId);
      case 'place': {
        const { row } = request;
        if (current(row.orderId) !== undefined) return false;
        orders.set(row.orderId, { version: 0, snapshot: row.snapshot, row, from: -1 });
        log.push(request.entry);
        outbox.push(...request.effects);
        return true;
      }
      case 'commit': {
        const { row, entry } = request;
        if (entry.deliveryId !== null) {
          const key = deliveryKey(row.orderId, entry.deliveryId);
          if (delivered.has(key) || found.delivered.has(key)) {
            return false;
          }
          delivered.add(key);
        }
        const before = current(row.orderId);
        if (before === undefined)
          throw new Error(`order-rules/store: order ${row.orderId} vanished`);
        const pending = orders.get(row.orderId) ?? {
          version: before.version,
          snapshot: before.snapshot,
          row: undefined,
          from: before.version,
        };
        pending.version = row.version;
        if (request.changed) {
          pending.snapshot = row.snapshot;
          pending.row = row;
        }
        orders.set(row.orderId, pending);
        log.push(entry);
        outbox.push(...request.effects);
        return true;
      }
      case 'markFired':
        throw new Error('order-rules/store: a group fires no timer');
    }
  };

  const committed = items.map((item, index) => {
    const work: Work<Committed> =
      'placement' in item
        ? placeOrder(item.placement, at)
        : applyToOrder(item.orderId, item.event, item.deliveryId, at);
    try {
      return runNow(work, answer);
    } catch (error) {
      throw itemError(error, index, 'placement' in item);
    }
  });

  const placed: OrderRow[] = [];
  const updated: ChangedRow[] = [];
  const after = new Map<string, StoredRow>();
  for (const [orderId, { version, snapshot, row, from }] of orders) {
    after.set(orderId, { version, snapshot });
    if (from === -1 && row !== undefined) placed.push({ ...row, version });
    else
      updated.push({
        orderId,
        from,
        version,
        ...(row === undefined ? {} : { row: { ...row, version } }),
      });
  }
  return { committed, writes: { placed, updated, log, outbox }, after };
}

/** An item's error, its field named from the item: `items[3].event.status`, `items[0].placement.order.lines`. */
function itemError(error: unknown, index: number, isPlacement: boolean): unknown {
  if (!(error instanceof OrderRulesError)) return error;
  const problem = error.message.startsWith(`${error.field} `)
    ? error.message.slice(error.field.length + 1)
    : error.message;
  let field = error.field;
  if (field === 'options.deliveryId') field = 'deliveryId';
  else if (isPlacement && !field.startsWith('placement')) field = `placement.${field}`;
  return new OrderRulesError(error.code, `${at(index)}.${field}`, problem);
}
