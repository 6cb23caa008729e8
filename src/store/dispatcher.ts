/**
 * The dispatcher: fires the store's due timers, and hands the outbox's other effects to the host's
 * handlers, each under a lease of its own that is renewed while its handler runs and that marking
 * it delivered or failed must still hold (its attempt number is the fencing token), an order's
 * effects one after the other in the order they were decided. `dispatch` is one pass of it;
 * `runDispatcher` runs it until its signal aborts.
 * May touch: the outbox and the orders (through the backend), the host's handlers, and timers of
 * its own (the leases' renewal, the pause between polls).
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { type Effect, effectTypes, type ScheduleTimer } from '../effects.js';
import { OrderRulesError } from '../errors.js';
import { validate } from '../validate.js';
import type { Backend, OutboxRecord, Settlement } from './backend.js';
import type { Lease } from './queries.js';
import { fireTimer } from './work.js';

/** The effects a host performs: every effect but the payment window's timer, which the store fires. */
export type HostEffect = Exclude<Effect, ScheduleTimer>;

/** The types of the effects a host performs. */
export type HostEffectType = HostEffect['type'];

/** The effect types a host performs, in the order `effectTypes` lists them. */
export const hostEffectTypes = effectTypes.filter(
  (type): type is HostEffectType => type !== 'scheduleTimer',
);

/** What a handler is given besides the effect. */
export interface Delivery {
  /** Unique to the effect: a handler keeps it to do the effect once, however often it is handed. */
  readonly idempotencyKey: string;
  /** 1 the first time this effect is handed, then 2, 3, ... */
  readonly attempt: number;
  /** When the effect was decided (ms since the epoch, the store's clock). */
  readonly decidedAt: number;
  /**
   * Aborted if this dispatcher lost the effect's lease (its renewal failed for a whole lease):
   * another dispatcher may hand it now, and this handler's end will not settle it. Stop if you can.
   */
  readonly signal: AbortSignal;
}

/** The handler of one effect type: it performs the effect; a throw (or rejection) means "not done". */
export type EffectHandler<T extends HostEffectType> = (
  effect: Extract<HostEffect, { readonly type: T }>,
  delivery: Delivery,
) => unknown;

/**
 * What a dispatcher does with each effect type the host performs; every type must be named (a
 * forgotten one is a type error, and `invalidStoreArgument` at run time):
 * - a handler: the dispatcher hands it each effect of that type;
 * - `'notPerformed'`: this host performs no effect of that type; the dispatcher marks each one
 *   delivered as `notPerformed`, unhanded, so that its order's later effects go on;
 * - `'elsewhere'`: another dispatcher (another process, with other handlers) performs them; this
 *   one leaves them pending, and their orders' later effects wait for that one.
 *
 * `scheduleTimer` is not among them: the store fires its timers itself.
 *
 * @example
 * const handlers: EffectHandlers = {
 *   deductStock: (effect, { idempotencyKey }) => stock.deduct(effect.lines, idempotencyKey),
 *   restoreStock: (effect, { idempotencyKey }) => stock.restore(effect.lines, idempotencyKey),
 *   voidAuthorization: 'notPerformed', // a shop whose provider voids by itself
 *   sendEmail: 'elsewhere', // the mail worker dispatches them
 * };
 */
export type EffectHandlers = {
  readonly [T in HostEffectType]: EffectHandler<T> | 'notPerformed' | 'elsewhere';
} & { readonly scheduleTimer?: never };

/** How a dispatcher takes effects. */
export interface DispatchOptions {
  /** The dispatcher's name in the outbox (`leasedBy`), for those who read it (default: unique per dispatcher). */
  readonly name?: string;
  /** How many handlers run at once, each on an effect of another order (default 4). */
  readonly concurrency?: number;
  /**
   * How long an effect is kept from other dispatchers, in ms (default 10,000): renewed every
   * quarter of it while its handler runs, so that a dispatcher that dies gives its effects back
   * within one lease.
   */
  readonly leaseMs?: number;
  /** The first pause before a failed effect is handed again, in ms, doubling each time up to an hour (default 1,000). */
  readonly retryAfterMs?: number;
}

/** How one `dispatch` takes effects. */
export interface DispatchPassOptions extends DispatchOptions {
  /** The most effects taken in one pass (default 100). */
  readonly limit?: number;
}

/** How `runDispatcher` runs. */
export interface RunDispatcherOptions extends DispatchOptions {
  /** Stops the dispatcher: it takes no more effects, lets its running handlers end, settles them, and resolves. */
  readonly signal: AbortSignal;
  /** The pause when there is nothing to hand, and between two looks for due timers, in ms (default 1,000). */
  readonly pollMs?: number;
  /**
   * Hears each error of the database (a claim, a renewal, a settlement, a timer that cannot be
   * fired); the dispatcher pauses (from `pollMs`, doubling up to 30 s) and goes on. Without it, the
   * first such error stops the dispatcher, which rejects with it once its handlers have ended.
   */
  readonly onError?: (error: unknown) => void;
}

/** What a dispatcher did. */
export interface DispatchReport {
  /** Effects handed to a handler. */
  readonly handed: number;
  /** Of those, marked delivered: the handler returned while the dispatcher held the lease. */
  readonly delivered: number;
  /** Of those, left to be handed again after a pause: the handler threw. */
  readonly failed: number;
  /** Of those, not settled by this dispatcher: its lease had been lost, another may have it. */
  readonly lost: number;
  /** Effects marked delivered unhanded: their type is `'notPerformed'`. */
  readonly notPerformed: number;
  /** Timers fired: their event applied to their order. */
  readonly timersFired: number;
}

const count = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const commonOptions = {
  name: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.nonEmpty('must not be empty'),
      v.maxLength(200, 'must be at most 200 characters'),
    ),
  ),
  concurrency: v.optional(count(1, 1_000)),
  leaseMs: v.optional(count(100, 24 * 3_600_000)),
  retryAfterMs: v.optional(count(0, 3_600_000)),
};

const DispatchPassSchema = v.strictObject(
  { ...commonOptions, limit: v.optional(count(1, 10_000)) },
  'must be an object { name?, concurrency?, leaseMs?, retryAfterMs?, limit? }',
);

const RunSchema = v.strictObject(
  {
    ...commonOptions,
    signal: v.instance(AbortSignal, 'must be an AbortSignal'),
    pollMs: v.optional(count(1, 3_600_000)),
    onError: v.optional(v.function('must be a function')),
  },
  'must be an object { signal, name?, concurrency?, leaseMs?, retryAfterMs?, pollMs?, onError? }',
);

const HandlerSchema = v.union(
  [v.function(), v.picklist(['notPerformed', 'elsewhere'])],
  "must be a function, 'notPerformed' or 'elsewhere'",
);

const HandlersSchema = v.strictObject(
  Object.fromEntries(hostEffectTypes.map((type) => [type, HandlerSchema])) as Record<
    HostEffectType,
    typeof HandlerSchema
  >,
  `must be an object naming each effect type the host performs (${hostEffectTypes.join(', ')})`,
);

/** Checks a dispatcher's handlers: each host effect type named, no handler for the store's timers. */
export function checkHandlers(handlers: unknown): EffectHandlers {
  if (typeof handlers === 'object' && handlers !== null && 'scheduleTimer' in handlers) {
    throw new OrderRulesError(
      'invalidStoreArgument',
      'handlers.scheduleTimer',
      'is not a host effect: the store fires its timers itself (remove this handler)',
    );
  }
  return validate(HandlersSchema, handlers, 'invalidStoreArgument', 'handlers') as EffectHandlers;
}

/** Checks the options of one `dispatch`. */
export const checkPassOptions = (options: unknown) =>
  validate(DispatchPassSchema, options, 'invalidStoreArgument', 'options');

/** Checks the options of `runDispatcher`. */
export const checkRunOptions = (options: unknown) =>
  validate(RunSchema, options, 'invalidStoreArgument', 'options');

const MAX_RETRY_PAUSE_MS = 3_600_000;
const MAX_ERROR_PAUSE_MS = 30_000;
/** How many due timers are read at a time. */
const TIMER_PAGE = 100;

/** An effect a dispatcher holds: its lease, its handler's signal, and the job that settles it. */
interface Held {
  readonly lease: Lease;
  readonly controller: AbortController;
  settling: boolean;
  job: Promise<void>;
}

/**
 * One dispatcher on one store: its handlers, its options, the effects it holds. `pass` and `run`
 * each use it once.
 */
export class Dispatcher {
  readonly #backend: Backend;
  readonly #handlers: EffectHandlers;
  /** The types it takes from the outbox: those it hands, and those it marks `notPerformed`. */
  readonly #types: readonly HostEffectType[];
  readonly #name: string;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #retryAfterMs: number;
  readonly #now: () => number;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #held = new Map<number, Held>();
  #renewal: Promise<void> | undefined;
  /** The error that stops the dispatcher, when no `onError` hears it. */
  #error: { readonly error: unknown } | undefined;
  /** How many database errors it met, so far. */
  #errorsHeard = 0;
  /** How many of the effects it held it has let go (settled, or lost), so far. */
  #ended = 0;
  readonly #report = {
    handed: 0,
    delivered: 0,
    failed: 0,
    lost: 0,
    notPerformed: 0,
    timersFired: 0,
  };

  constructor(
    backend: Backend,
    handlers: EffectHandlers,
    options: {
      readonly [K in keyof RunDispatcherOptions]?: RunDispatcherOptions[K] | undefined;
    },
    now: () => number,
  ) {
    this.#backend = backend;
    this.#handlers = handlers;
    this.#types = hostEffectTypes.filter((type) => handlers[type] !== 'elsewhere');
    this.#name = options.name ?? `dispatcher-${randomUUID()}`;
    this.#concurrency = options.concurrency ?? 4;
    this.#leaseMs = options.leaseMs ?? 10_000;
    this.#retryAfterMs = options.retryAfterMs ?? 1_000;
    this.#onError = options.onError;
    this.#now = now;
  }

  /**
   * One pass: fires the timers due now, then hands the effects available now, one order's after
   * the other as each is delivered, until none is left to hand (or `limit` are taken). An effect
   * that fails is not handed again in the same pass.
   */
  async pass(limit: number): Promise<DispatchReport> {
    const since = this.#now();
    return this.#renewing(async () => {
      await this.#fireDueTimers(since);
      let taken = 0;
      while (this.#error === undefined && taken < limit) {
        const ended = this.#ended;
        const room = Math.min(this.#concurrency - this.#held.size, limit - taken);
        const claimed = room > 0 ? await this.#claim(since, room) : 0;
        taken += claimed;
        // Nothing to take, nothing held, and nothing settled meanwhile that could let an order go on.
        if (claimed === 0 && this.#held.size === 0 && this.#ended === ended) break;
        if (claimed === 0 || this.#held.size >= this.#concurrency) await this.#anyEnds();
      }
    });
  }

  /** Runs until `signal` aborts: fires due timers, hands effects, pauses when there is nothing to do. */
  async run(signal: AbortSignal, pollMs: number): Promise<DispatchReport> {
    return this.#renewing(async () => {
      let lastTimers = Number.NEGATIVE_INFINITY;
      let pause = pollMs;
      while (!signal.aborted && this.#error === undefined) {
        const errors = this.#errorsHeard;
        const ended = this.#ended;
        if (performance.now() - lastTimers >= pollMs) {
          lastTimers = performance.now();
          await this.#fireDueTimers(this.#now());
        }
        const room = this.#concurrency - this.#held.size;
        const claimed = room > 0 ? await this.#claim(this.#now(), room) : 0;
        if (this.#errorsHeard > errors) {
          await sleep(pause, signal);
          pause = Math.min(pause * 2, MAX_ERROR_PAUSE_MS);
          continue;
        }
        pause = pollMs;
        if (claimed > 0 || this.#ended !== ended) continue;
        // Nothing to take now: wait for a handler to end (its order may go on), or poll again.
        await sleep(
          pollMs,
          signal,
          [...this.#held.values()].map((held) => held.job),
        );
      }
    });
  }

  /** A database error: heard by `onError`, or else it stops the dispatcher (so does an `onError` that throws). */
  #fail(error: unknown): void {
    this.#errorsHeard += 1;
    if (this.#onError === undefined) {
      this.#error ??= { error };
      return;
    }
    try {
      this.#onError(error);
    } catch (thrown) {
      this.#error ??= { error: thrown };
    }
  }

  /**
   * Runs `body` with the leases of the effects held renewed every quarter of a lease; then waits
   * for every handler still running to end and its effect to be settled, and reports.
   */
  async #renewing(body: () => Promise<void>): Promise<DispatchReport> {
    const timer = setInterval(() => this.#renew(), Math.max(1, Math.floor(this.#leaseMs / 4)));
    try {
      await body();
      while (this.#held.size > 0) await this.#anyEnds();
    } finally {
      clearInterval(timer);
      await this.#renewal;
    }
    if (this.#error !== undefined) throw this.#error.error;
    return { ...this.#report };
  }

  /**
   * Renews the leases held (one renewal at a time). A lease not renewed was lost: another
   * dispatcher took the effect after this one could not renew it for a whole lease; its handler's
   * signal is aborted.
   */
  #renew(): void {
    if (this.#renewal !== undefined || this.#held.size === 0) return;
    const held = [...this.#held.values()];
    this.#renewal = this.#backend
      .renew(
        held.map((h) => h.lease),
        this.#now() + this.#leaseMs,
      )
      .then(
        (ids) => {
          const renewed = new Set(ids);
          for (const h of held) {
            if (!renewed.has(h.lease.id) && !h.settling) h.controller.abort(leaseLost(h.lease));
          }
        },
        (error: unknown) => this.#fail(error),
      )
      .finally(() => {
        this.#renewal = undefined;
      });
  }

  /** Leases up to `room` effects available at `now` and starts each one's job; how many it leased. */
  async #claim(now: number, room: number): Promise<number> {
    if (this.#types.length === 0) return 0;
    let claimed: OutboxRecord[];
    try {
      claimed = await this.#backend.claim(
        this.#types,
        room,
        now,
        this.#now() + this.#leaseMs,
        this.#name,
        [...this.#held.keys()],
      );
    } catch (error) {
      this.#fail(error);
      return 0;
    }
    for (const record of claimed) this.#start(record);
    return claimed.length;
  }

  /** Hands a leased effect to its handler (or marks it `notPerformed`), then settles it. */
  #start(record: OutboxRecord): void {
    const lease: Lease = { id: record.id, attempts: record.attempts };
    const held: Held = {
      lease,
      controller: new AbortController(),
      settling: false,
      job: Promise.resolve(),
    };
    this.#held.set(record.id, held);
    held.job = (async () => {
      const settlement = await this.#perform(record, held.controller.signal);
      held.settling = true;
      try {
        const kept = await this.#backend.settle(lease, settlement);
        this.#count(settlement, kept);
      } catch (error) {
        this.#fail(error);
      } finally {
        this.#held.delete(record.id);
        this.#ended += 1;
      }
    })();
  }

  /** What became of an effect: the settlement its handler earned. */
  async #perform(record: OutboxRecord, signal: AbortSignal): Promise<Settlement> {
    const handler = this.#handlers[record.effect.type as HostEffectType];
    if (handler === 'notPerformed') return { delivered: true, at: this.#now(), as: 'notPerformed' };
    this.#report.handed += 1;
    try {
      await (handler as (effect: Effect, delivery: Delivery) => unknown)(record.effect, {
        idempotencyKey: record.idempotencyKey,
        attempt: record.attempts,
        decidedAt: record.createdAt,
        signal,
      });
      return { delivered: true, at: this.#now(), as: 'handled' };
    } catch (error) {
      const pauseMs = Math.min(this.#retryAfterMs * 2 ** (record.attempts - 1), MAX_RETRY_PAUSE_MS);
      return {
        delivered: false,
        error: error instanceof Error ? error.message : String(error),
        // At least 1 ms: an effect that failed is never handed again in the same pass.
        retryAt: this.#now() + Math.max(1, pauseMs),
      };
    }
  }

  #count(settlement: Settlement, kept: boolean): void {
    const report = this.#report;
    if (settlement.delivered && settlement.as === 'notPerformed') {
      if (kept) report.notPerformed += 1;
    } else if (!kept) report.lost += 1;
    else if (settlement.delivered) report.delivered += 1;
    else report.failed += 1;
  }

  /** Resolves when one of the effects held is settled (at once when none is held). */
  async #anyEnds(): Promise<void> {
    if (this.#held.size > 0) await Promise.race([...this.#held.values()].map((held) => held.job));
  }

  /**
   * Fires the timers due at `now`, each through `fireTimer`: its event applied to its order and
   * the timer marked fired in one write. A timer another dispatcher fired first changes nothing.
   */
  async #fireDueTimers(now: number): Promise<void> {
    for (;;) {
      let due: OutboxRecord[];
      try {
        due = await this.#backend.dueTimers(now, TIMER_PAGE);
      } catch (error) {
        this.#fail(error);
        return;
      }
      let fired = 0;
      for (const timer of due) {
        try {
          const committed = await this.#backend.transact(() => fireTimer(timer, this.#now()));
          if (committed.outcome !== 'alreadyDelivered') this.#report.timersFired += 1;
          fired += 1;
        } catch (error) {
          this.#fail(error);
        }
      }
      if (due.length < TIMER_PAGE || fired === 0 || this.#error !== undefined) return;
    }
  }
}

function leaseLost(lease: Lease): Error {
  return new Error(
    `order-rules/store: the lease of outbox effect ${lease.id} (attempt ${lease.attempts}) was lost; another dispatcher may hand it`,
  );
}

/** Resolves after `ms`, or as soon as `signal` aborts or one of `jobs` ends. */
function sleep(
  ms: number,
  signal: AbortSignal,
  jobs: readonly Promise<void>[] = [],
): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    for (const job of jobs) void job.then(done);
  });
}
