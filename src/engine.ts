/**
 * The pure API over the order machine: place an order, apply an event, read an order's view.
 * Every public function validates what it is given, never changes it, and returns fresh data.
 * `decide`, `toMachine`, `toStored` and `viewOf` work on input already checked; the docs use them.
 * May touch: nothing; each call is a function of its arguments.
 */
import * as v from 'valibot';
import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { Decision, RefusalReason, UnchangedReason } from './decision.js';
import { type Effect, effectTypes } from './effects.js';
import { type OrderEvent, OrderEventSchema } from './events.js';
import { orderMachine } from './machine.js';
import {
  OrderSchema,
  type PaymentStatus,
  type Placement,
  SettingsSchema,
  type ShippingStatus,
} from './order.js';
import { type OrderSnapshot, type OrderState, readSnapshot, SCHEMA_VERSION } from './snapshot.js';
import { validate } from './validate.js';

/** A snapshot of the order machine, as XState holds it. */
export type MachineSnapshot = SnapshotFrom<typeof orderMachine>;
type MachineAction = ReturnType<typeof transition<typeof orderMachine>>[1][number];

/**
 * The columns a host keeps for its order list and its search for incomplete orders.
 *
 * @example
 * // => { orderId: 'A-1001', paymentStatus: 'incomplete', shippingStatus: 'notShipped',
 * //      listed: false, confirmed: false, stockDeducted: false }
 */
export interface OrderView {
  readonly orderId: string;
  readonly paymentStatus: PaymentStatus;
  readonly shippingStatus: ShippingStatus;
  /** Shown in the merchant's default order list; the search for incomplete orders finds the others. */
  readonly listed: boolean;
  /** The order has had its confirmation (emails sent, stock deducted where the shop manages it). */
  readonly confirmed: boolean;
  /** The order's stock is deducted now. */
  readonly stockDeducted: boolean;
}

/**
 * Places an order: captures the order and the settings (D6) and decides what placement does.
 *
 * @example
 * const { snapshot, effects, outcome } = startOrder({ order, settings });
 * // effects => [] for a gateway order with ignoreIncompleteOrders on (S1a, S1c); outcome => 'applied'
 */
export function startOrder(placement: Placement): Decision {
  const { order, settings } = validate(
    v.object(
      { order: v.unknown(), settings: v.unknown() },
      'must be an object { order, settings }',
    ),
    placement,
    'invalidOrder',
    'placement',
  );
  const input = {
    order: validate(OrderSchema, order, 'invalidOrder', 'order'),
    settings: validate(SettingsSchema, settings, 'invalidSettings', 'settings'),
  };
  const [next, actions] = initialTransition(orderMachine, input);
  return { outcome: 'applied', snapshot: toStored(next), effects: effectsOf(actions) };
}

/**
 * Applies one event to a stored order and decides what it does.
 * A refused event, or one that changes nothing, gives back `snapshot` itself and no effect (D10).
 *
 * @example
 * applyEvent(snapshot, { type: 'gateway.paymentConfirmed', transactionId: 'PAY-9', amount: 3990, currency: 'EUR' });
 * // => { outcome: 'applied', snapshot: { ... }, effects: [deductStock, two sendEmail stating 'paid'] }
 */
export function applyEvent(snapshot: OrderSnapshot, event: OrderEvent): Decision {
  const current = toMachine(readSnapshot(snapshot));
  const verdict = decide(current, validate(OrderEventSchema, event, 'invalidEvent', 'event'));
  return verdict.outcome === 'applied'
    ? { outcome: 'applied', snapshot: toStored(verdict.next), effects: verdict.effects }
    : { ...verdict, snapshot, effects: [] };
}

/** What the machine decides for one event, before anything is stored. */
export type Verdict =
  | { readonly outcome: 'applied'; readonly next: MachineSnapshot; readonly effects: Effect[] }
  | { readonly outcome: 'refused'; readonly reason: RefusalReason }
  | { readonly outcome: 'unchanged'; readonly reason: UnchangedReason };

/**
 * The machine's answer to `event` in `current`: refused or unchanged when the transition it takes
 * says so (D10), applied otherwise, with the effects its actions carry.
 *
 * @example
 * decide(toMachine(snapshot), { type: 'merchant.paymentStatusChanged', status: 'paid' }).outcome; // => 'applied'
 */
export function decide(current: MachineSnapshot, event: OrderEvent): Verdict {
  const [next, actions] = transition(orderMachine, current, event);
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

/**
 * The view of a stored order: its statuses, whether it is listed, confirmed, and has its stock deducted.
 *
 * @example
 * getOrderView(startOrder({ order, settings }).snapshot).listed; // => false for an incomplete order (S1b)
 */
export function getOrderView(snapshot: OrderSnapshot): OrderView {
  return viewOf(readSnapshot(snapshot));
}

/** The view of a snapshot already read. */
export function viewOf(stored: OrderSnapshot): OrderView {
  return {
    orderId: stored.order.id,
    paymentStatus: stored.state.payment,
    shippingStatus: stored.state.shipping,
    listed: toMachine(stored).hasTag('listed'),
    confirmed: stored.state.confirmation === 'confirmed',
    stockDeducted: stored.state.stock === 'deducted',
  };
}

/** The machine's snapshot for a stored order. */
export function toMachine(stored: OrderSnapshot): MachineSnapshot {
  return orderMachine.resolveState({
    value: stateOf(stored.state),
    context: {
      order: stored.order,
      settings: stored.settings,
      gatewayTransactionIds: stored.gatewayTransactionIds,
    },
  });
}

/** The stored form of a machine snapshot at rest. */
export function toStored(snapshot: MachineSnapshot): OrderSnapshot {
  const { value, context } = snapshot;
  return {
    schemaVersion: SCHEMA_VERSION,
    // `placed` and `opening` only exist within placement's own step: the machine leaves them at once.
    state: stateOf(value as OrderState),
    order: context.order,
    settings: context.settings,
    gatewayTransactionIds: [...context.gatewayTransactionIds],
  };
}

function stateOf(value: OrderState): OrderState {
  return {
    payment: value.payment,
    shipping: value.shipping,
    confirmation: value.confirmation,
    stock: value.stock,
    orderEmails: value.orderEmails,
    paymentWindow: value.paymentWindow,
    paymentAlerts: { ...value.paymentAlerts },
  };
}

function effectsOf(actions: readonly MachineAction[]): Effect[] {
  return actions.flatMap((action) =>
    (effectTypes as readonly string[]).includes(action.type) ? [action.params as Effect] : [],
  );
}
