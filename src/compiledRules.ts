/**
 * The compiled rules: the engine's fast path. For each kind of order, the order machine is explored
 * once, on first use, and every answer it gives is kept in a table keyed by everything its guards
 * read (see `guards.ts`):
 * - the kind of order: payment method kind, `ignoreIncompleteOrders`, `realtimeStock`, and whether
 *   a payment window is set (isManualPayment, ignoresIncompleteOrders, managesStock, hasPaymentWindow);
 * - the state of every region (isPaid, isPending, isCancelled, isConfirmed);
 * - whether the order has accepted a gateway report (hasGatewayReport);
 * - the event, reduced to what the guards ask of it: its type and status (asksPaid, asksPending,
 *   asksNotShipped), whether its transaction id is known (isKnownTransaction), and whether its
 *   amount and currency are the total (isAmountMismatch).
 * Looking up an answer is a map read; the machine stays the one definition of the rules, and a
 * property test holds the two to the same snapshots and effects.
 * May touch: its cache of tables, one per kind of order; nothing else.
 */

import { decide, type MachineSnapshot, place, toStored } from './decide.js';
import type { RefusalReason, UnchangedReason } from './decision.js';
import {
  deductStock,
  type Effect,
  type OrderEmailTemplate,
  orderEmail,
  type PaymentAlertCause,
  paymentAlert,
  restoreStock,
  scheduleTimer,
} from './effects.js';
import { eventsBesidesReports, type OrderEvent } from './events.js';
import type { Order, PaymentStatus, Placement } from './order.js';
import type { OrderState } from './snapshot.js';

/** An effect without the order it is for. */
export type EffectRecipe =
  | { readonly kind: 'deductStock' | 'restoreStock' | 'scheduleTimer' }
  | {
      readonly kind: 'orderEmail';
      readonly template: OrderEmailTemplate;
      readonly paymentStatus: PaymentStatus;
    }
  | { readonly kind: 'paymentAlert'; readonly cause: PaymentAlertCause };

/** The machine's answer to one event in one state, for one kind of order. */
export type CompiledStep =
  | {
      readonly outcome: 'applied';
      /** The state after the event. */
      readonly state: OrderState;
      /** The event's transaction id joins the reports the order remembers. */
      readonly recordsReport: boolean;
      readonly effects: readonly EffectRecipe[];
    }
  | { readonly outcome: 'refused'; readonly reason: RefusalReason }
  | { readonly outcome: 'unchanged'; readonly reason: UnchangedReason };

/** The table of one kind of order. */
export interface CompiledRules {
  readonly placement: { readonly state: OrderState; readonly effects: readonly EffectRecipe[] };
  /** The answer to `event` for an order in `state`; undefined if no such order can be in `state`. */
  step(
    state: OrderState,
    order: Order,
    reports: readonly string[],
    event: OrderEvent,
  ): CompiledStep | undefined;
  /** Whether an order of this kind can be in `state`, having accepted reports or not. */
  isReachable(state: OrderState, hasReports: boolean): boolean;
  /** Whether an order in `state` shows in the merchant's list (the machine's `listed` tag). */
  isListed(state: OrderState): boolean;
}

const tables = new Map<string, CompiledRules>();

/**
 * The compiled rules for the kind of order `placement` is; built from the machine on first use.
 *
 * @example
 * compiledRulesFor({ order, settings }).placement.state.payment; // => 'incomplete'
 */
export function compiledRulesFor({ order, settings }: Placement): CompiledRules {
  const hasWindow = settings.paymentWindowMinutes !== undefined;
  const kind = order.paymentMethod.kind;
  const key = `${kind} ${settings.ignoreIncompleteOrders} ${settings.realtimeStock} ${hasWindow}`;
  let rules = tables.get(key);
  if (rules === undefined) {
    rules = compile({
      order: {
        id: 'compile',
        paymentMethod: { kind, provider: 'compile' },
        lines: [{ sku: 'compile', quantity: 1 }],
        total: { amount: 100, currency: 'EUR' },
      },
      settings: {
        ignoreIncompleteOrders: settings.ignoreIncompleteOrders,
        realtimeStock: settings.realtimeStock,
        ...(hasWindow ? { paymentWindowMinutes: 30 } : {}),
      },
    });
    tables.set(key, rules);
  }
  return rules;
}

/**
 * The effects `recipes` make for `placement`'s order, in order.
 *
 * @example
 * effectsFor([{ kind: 'deductStock' }], { order, settings }); // => [deductStock(order)]
 */
export function effectsFor(
  recipes: readonly EffectRecipe[],
  { order, settings }: Placement,
): Effect[] {
  return recipes.map((recipe) => {
    switch (recipe.kind) {
      case 'deductStock':
        return deductStock(order);
      case 'restoreStock':
        return restoreStock(order);
      case 'scheduleTimer':
        return scheduleTimer(order, settings.paymentWindowMinutes as number);
      case 'orderEmail':
        return orderEmail(order, recipe.template, recipe.paymentStatus);
      default:
        return paymentAlert(order, recipe.cause);
    }
  });
}

/** A state as one string, its regions in a fixed order. */
function stateKey(state: OrderState): string {
  const { amountMismatch, possibleDoublePayment, paymentAfterCancellation } = state.paymentAlerts;
  return `${state.payment} ${state.shipping} ${state.confirmation} ${state.stock} ${state.orderEmails} ${state.paymentWindow} ${amountMismatch} ${possibleDoublePayment} ${paymentAfterCancellation}`;
}

/** An event as what the guards ask of it. */
function eventKey(event: OrderEvent, order: Order, reports: readonly string[]): string {
  switch (event.type) {
    case 'gateway.paymentConfirmed': {
      const known = reports.includes(event.transactionId) ? 'known' : 'new';
      const matching =
        event.amount === order.total.amount && event.currency === order.total.currency;
      return `${event.type} ${known} ${matching ? 'matching' : 'mismatched'}`;
    }
    case 'merchant.paymentStatusChanged':
    case 'merchant.shippingStatusChanged':
      return `${event.type} ${event.status}`;
    default:
      return event.type;
  }
}

/** One event of each key the guards tell apart, to send to an order in `snapshot`. */
function probeEvents(snapshot: MachineSnapshot, fresh: string): OrderEvent[] {
  const { amount, currency } = snapshot.context.order.total;
  const known = snapshot.context.gatewayTransactionIds[0];
  const report = (transactionId: string, paid: number): OrderEvent => ({
    type: 'gateway.paymentConfirmed',
    transactionId,
    amount: paid,
    currency,
  });
  return [
    report(fresh, amount),
    report(fresh, amount + 1),
    ...(known === undefined ? [] : [report(known, amount), report(known, amount + 1)]),
    ...eventsBesidesReports,
  ];
}

/** Explores the machine for the kind of order `probe` is, breadth first, and keeps every answer. */
function compile(probe: Placement): CompiledRules {
  const steps = new Map<string, CompiledStep>();
  const listed = new Map<string, boolean>();
  const placed = place(probe);
  const abstractKey = (snapshot: MachineSnapshot) =>
    `${stateKey(toStored(snapshot).state)} ${snapshot.context.gatewayTransactionIds.length > 0}`;
  const seen = new Set([abstractKey(placed.next)]);
  const queue = [placed.next];
  let reports = 0;
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    const before = toStored(current);
    listed.set(stateKey(before.state), current.hasTag('listed'));
    reports += 1;
    for (const event of probeEvents(current, `compile-${reports}`)) {
      const verdict = decide(current, event);
      const key = `${abstractKey(current)} ${eventKey(event, before.order, before.gatewayTransactionIds)}`;
      if (verdict.outcome !== 'applied') {
        steps.set(key, verdict);
        continue;
      }
      const next = verdict.next;
      steps.set(key, {
        outcome: 'applied',
        state: toStored(next).state,
        recordsReport: next.context.gatewayTransactionIds !== current.context.gatewayTransactionIds,
        effects: recipesOf(verdict.effects, probe),
      });
      if (!seen.has(abstractKey(next))) {
        seen.add(abstractKey(next));
        queue.push(next);
      }
    }
  }
  return {
    placement: { state: toStored(placed.next).state, effects: recipesOf(placed.effects, probe) },
    step: (state, order, reports, event) =>
      steps.get(`${stateKey(state)} ${reports.length > 0} ${eventKey(event, order, reports)}`),
    isReachable: (state, hasReports) => seen.has(`${stateKey(state)} ${hasReports}`),
    isListed: (state) => listed.get(stateKey(state)) === true,
  };
}

/** The recipes of `effects`, checked to make the very same effects again. */
function recipesOf(effects: readonly Effect[], probe: Placement): EffectRecipe[] {
  const recipes = effects.map((effect): EffectRecipe => {
    if (effect.type !== 'sendEmail') return { kind: effect.type };
    if ('cause' in effect) return { kind: 'paymentAlert', cause: effect.cause };
    return { kind: 'orderEmail', template: effect.template, paymentStatus: effect.paymentStatus };
  });
  if (JSON.stringify(effectsFor(recipes, probe)) !== JSON.stringify(effects)) {
    throw new Error(
      `an effect of the machine has more than its recipe keeps: ${JSON.stringify(effects)}`,
    );
  }
  return recipes;
}
