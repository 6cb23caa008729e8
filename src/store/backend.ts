/**
 * What the store asks of a database, the records it reads back, and the retry of a unit of work
 * that lost a race. `sqlite.ts` and `postgres.ts` each answer it with the statements of
 * `queries.ts`; `store.ts` uses nothing else.
 * May touch: nothing; types and a timer only.
 */
import type { Effect } from '../effects.js';
import type { PaymentStatus, ShippingStatus } from '../order.js';
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
  readonly createdAt: number;
  /** When a dispatcher may take it next (a lease or a retry pushes it later). */
  readonly availableAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
  /** When a handler took it; null while pending. */
  readonly deliveredAt: number | null;
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
  | { readonly delivered: true; readonly at: number }
  | { readonly delivered: false; readonly error: string; readonly retryAt: number };

/** One database, as the store uses it. */
export interface Backend {
  readonly dialect: Dialect;
  /** Runs a unit of work all or nothing, again from its start after it lost a race to another writer. */
  transact<T>(work: () => Work<T>): Promise<T>;
  readOrder(orderId: string): Promise<{ version: number; snapshot: unknown } | undefined>;
  readLog(orderId: string): Promise<LogEntry[]>;
  readOutbox(filter: OutboxFilter): Promise<OutboxRecord[]>;
  listOrders(filter: ListingFilter): Promise<OrderListing[]>;
  /** Leases up to `limit` pending effects of these types, available at `now`, until `until`. */
  claim(
    types: readonly string[],
    limit: number,
    now: number,
    until: number,
  ): Promise<OutboxRecord[]>;
  settle(id: number, settlement: Settlement): Promise<void>;
  /** How many units of work were run again after losing a race. */
  readonly retries: number;
  close(): Promise<void>;
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
