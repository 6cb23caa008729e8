/**
 * The machine's own answer: runs `orderMachine` with XState's pure `transition()` and reads what it
 * decided from the actions it returns. The docs are built from this, and
 * the compiled machine is held to it.
 * May touch: nothing; pure functions of their arguments.
 */
import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { RefusalReason, UnchangedReason } from './decision.js';
import { type Effect, effectTypes } from './effects.js';
import type { OrderEvent } from './events.js';
import { orderMachine } from './machine/index.js';
import type { Placement } from './order.js';
import { machineFormOf, type OrderSnapshot, type OrderState, snapshotOf } from './snapshot.js';

/** A snapshot of the order machine, as XState holds it. */
export type MachineSnapshot = SnapshotFrom<typeof orderMachine>;
/** An action the machine took, as `transition()` hands it back: its type and its data. */
type TakenAction = { readonly type: string; readonly params?: unknown };

/** What the machine decides for one event, before anything is stored. */
export type Verdict =
  | { readonly outcome: 'applied'; readonly next: MachineSnapshot; readonly effects: Effect[] }
  | { readonly outcome: 'refused'; readonly reason: RefusalReason }
  | { readonly outcome: 'unchanged'; readonly reason: UnchangedReason };

/**
 * The machine's placement of an order: its first snapshot and the effects of placing it.
 *
 * @example
 * place({ order, settings }).effects; // => [] for a gateway order with ignoreIncompleteOrders on
 */
export function place(placement: Placement): {
  readonly next: MachineSnapshot;
  readonly effects: Effect[];
} {
  const [next, actions] = initialTransition(orderMachine, placement);
  return { next, effects: effectsOf(actions) };
}

/**
 * The machine's answer to `event` in `current`: refused or unchanged when the transition it takes
 * says so (D10), applied otherwise, with the effects its actions carry.
 *
 * @example
 * decide(toMachine(snapshot), { type: 'merchant.paymentStatusChanged', status: 'paid' }).outcome; // => 'applied'
 */
export function decide(current: MachineSnapshot, event: OrderEvent): Verdict {
  const [next, taken] = transition(orderMachine, current, event);
  const actions = taken as readonly TakenAction[];
  for (const action of actions) {
    if (action.type === 'refuse') {
      return { outcome: 'refused', reason: (action.params as { reason: RefusalReason }).reason };
    }
    if (action.type === 'leaveUnchanged') {
      return {
        outcome: 'unchanged',
        reason: (action.params as { reason: UnchangedReason }).reason,
      };
    }
  }
  return { outcome: 'applied', next, effects: effectsOf(actions) };
}

/** The machine's snapshot for a stored order. */
export function toMachine(stored: OrderSnapshot): MachineSnapshot {
  const { state, context } = machineFormOf(stored);
  return orderMachine.resolveState({ value: stateOf(state), context });
}

/** The stored form of a machine snapshot at rest. */
export function toStored(snapshot: MachineSnapshot): OrderSnapshot {
  const { value, context } = snapshot;
  // `placed` and `opening` only exist within placement's own step: the machine leaves them at once.
  return snapshotOf({ state: stateOf(value as OrderState), context });
}

/** A copy of a state, its regions in a fixed order. */
export function stateOf(value: OrderState): OrderState {
  return {
    payment: value.payment,
    shipping: value.shipping,
    confirmation: value.confirmation,
    stock: value.stock,
    orderEmails: value.orderEmails,
    paymentWindow: value.paymentWindow,
    listing: value.listing,
  };
}

/**
 * The effects among `actions`, in order: an effect action's data is one effect, or a list of them
 * (a void for each authorization held).
 */
export function effectsOf(actions: readonly TakenAction[]): Effect[] {
  const effects: Effect[] = [];
  for (const { type, params } of actions) {
    if (!isEffectType.has(type)) continue;
    if (Array.isArray(params)) effects.push(...(params as Effect[]));
    else effects.push(params as Effect);
  }
  return effects;
}

const isEffectType = new Set<string>(effectTypes);
