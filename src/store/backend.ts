/**
 * What the store asks of a database, the records it reads back, and the retry of a unit of work
 * that lost a race. `sqlite.ts` and `postgres.ts` each answer it with the statements of
 * `queries.ts`; `store.ts` uses nothing else.
 * May touch: nothing; types and a timer only.
 */
import type { Effect } from '../effects.js';
import type { PaymentStatus, ShippingStatus } from '../order.js';
import type { Decided, GroupFound, GroupReads } from './group.js';
import type { Lease } from './queries.js';
import type { Dialect } from './schema.js';
import type { LogEntry, Work } from './work.js';

/** An effect in the outbox, with its delivery record. */
export interface OutboxRecord {
  readonly id: number;
  readonly idempotencyKey: string;
  readonly orderId: string;
  /** The log entry that decided it (0: the placement). */
  readonly seq: number;
  readonly effect: Effect;
  /** When it was decided (ms since the epoch). */
  readonly createdAt: number;
  /** When a dispatcher may take it next (a lease, renewed while its handler runs, or a retry pushes it later). */
  readonly availableAt: number;
  /** How many times a dispatcher took it; the last one's number is its lease's fencing token. */
  readonly attempts: number;
  readonly lastError: string | null;
  /** When it was delivered; null while pending. */
  readonly deliveredAt: number | null;
  /**
   * How it was delivered: `handled` (a host's handler returned), `notPerformed` (the host's
   * handlers perform none of its type), `fired` (a timer the store fired); null while pending.
   */
  readonly deliveredAs: 'handled' | 'notPerformed' | 'fired' | null;
  /** A timer's due time: when it was decided plus its minutes; null for an effect for the host. */
  readonly dueAt: number | null;
  /** The dispatcher that took it last, by name; null if none has. */
  readonly leasedBy: string | null;
}

/** An order as its view columns show it, for the merchant's list and the incomplete-orders search. */
export interface OrderListing {
  readonly orderId: string;
  readonly paymentStatus: PaymentStatus;
  readonly shippingStatus: ShippingStatus;
  readonly listed: boolean;
  readonly placedAt: number;
  readonly updatedAt: number;
}

/** Which orders to list, newest placed first. */
export interface ListingFilter {
  readonly listed?: boolean;
  readonly paymentStatus?: PaymentStatus;
  readonly placedBefore?: number;
  readonly limit: number;
  readonly offset: number;
}

/** Which outbox effects to read, oldest first. */
export interface OutboxFilter {
  readonly orderId?: string;
  readonly pendingOnly: boolean;
  readonly limit: number;
}

/** How a dispatcher left an effect it had claimed. */
export type Settlement =
  | { readonly delivered: true; readonly at: number; readonly as: 'handled' | 'notPerformed' }
  | { readonly delivered: false; readonly error: string; readonly retryAt: number };

/** One database, as the store uses it. */
export interface Backend {
  readonly dialect: Dialect;
  /** Runs a unit of work all or nothing, again from its start after it lost a race to another writer. */
  transact<T>(work: () => Work<T>): Promise<T>;
  /**
   * Runs a group in one transaction, all or nothing: reads what `reads` names, gives it to
   * `decide`, then writes what it decided; again from its start after it lost a race to another
   * writer of one of its orders. Answers what it decided.
   */
  transactGroup(reads: GroupReads, decide: (found: GroupFound) => Decided): Promise<Decided>;
  readOrder(orderId: string): Promise<{ version: number; snapshot: unknown } | undefined>;
  readLog(orderId: string): Promise<LogEntry[]>;
  readOutbox(filter: OutboxFilter): Promise<OutboxRecord[]>;
  listOrders(filter: ListingFilter): Promise<OrderListing[]>;
  /**
   * Leases to `by`, until `until`, up to `limit` pending effects of these types, available at
   * `now`, each the first undelivered effect of its order, none of those `by` holds; oldest first.
   */
  claim(
    types: readonly string[],
    limit: number,
    now: number,
    until: number,
    by: string,
    holding: readonly number[],
  ): Promise<OutboxRecord[]>;
  /** Renews the leases still held until `until`; answers the ids of the effects it renewed. */
  renew(leases: readonly Lease[], until: number): Promise<number[]>;
  /** Settles an effect if `lease` still holds it; answers whether it did. */
  settle(lease: Lease, settlement: Settlement): Promise<boolean>;
  /** Up to `limit` timers due at `now`, the earliest first. */
  dueTimers(now: number, limit: number): Promise<OutboxRecord[]>;
  /** How many units of work were run again after losing a race. */
  readonly retries: number;
  close(): Promise<void>;
}

/**
 * A group's write found an order changed since the group read it (another writer's event came
 * between): the group starts again from a fresh read.
 */
export class LostRace extends Error {
  override readonly name = 'LostRace';
}

/** How many times a unit of work that lost a race is started again before its error is thrown. */
export const MAX_RETRIES = 50;

/**
 * Runs `attempt` until it succeeds, again after a short, growing, jittered pause whenever it fails
 * with an error `isTransient` accepts (a lock held too long, a deadlock), at most `MAX_RETRIES` times.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  isTransient: (error: unknown) => boolean,
  onRetry: () => void,
): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error) || tries >= MAX_RETRIES) throw error;
      onRetry();
      const ms = Math.min(2 ** tries, 100) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}
