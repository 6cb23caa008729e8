/**
 * The pure API: place an order, apply an event, read an order's view. Each call checks what it is
 * given, reads the machine's answer from the compiled rules, and returns fresh data; it never
 * changes its arguments.
 * May touch: nothing; each call is a function of its arguments.
 */
import * as v from 'valibot';
import { type CompiledRules, compiledRulesFor, effectsFor } from './compiledRules.js';
import { stateOf } from './decide.js';
import type { Decision } from './decision.js';
import { OrderRulesError } from './errors.js';
import { type OrderEvent, OrderEventSchema } from './events.js';
import {
  OrderSchema,
  type PaymentStatus,
  type Placement,
  REMEMBERED_REPORTS,
  SettingsSchema,
  type ShippingStatus,
} from './order.js';
import {
  isSealed,
  type OrderSnapshot,
  readSnapshot,
  SCHEMA_VERSION,
  sealSnapshot,
} from './snapshot.js';
import { validate } from './validate.js';

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

const PlacementSchema = v.object(
  { order: v.unknown(), settings: v.unknown() },
  'must be an object { order, settings }',
);

/**
 * Places an order: captures the order and the settings (D6) and decides what placement does.
 *
 * @example
 * const { snapshot, effects, outcome } = startOrder({ order, settings });
 * // effects => [] for a gateway order with ignoreIncompleteOrders on (S1a, S1c); outcome => 'applied'
 */
export function startOrder(placement: Placement): Decision {
  const { order, settings } = validate(PlacementSchema, placement, 'invalidOrder', 'placement');
  const input = {
    order: validate(OrderSchema, order, 'invalidOrder', 'order'),
    settings: validate(SettingsSchema, settings, 'invalidSettings', 'settings'),
  };
  const start = compiledRulesFor(input).placement;
  return {
    outcome: 'applied',
    snapshot: sealSnapshot({
      schemaVersion: SCHEMA_VERSION,
      state: stateOf(start.state),
      ...input,
      gatewayTransactionIds: [],
    }),
    effects: effectsFor(start.effects, input),
  };
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
  const { stored, rules } = read(snapshot);
  const checked = validate(OrderEventSchema, event, 'invalidEvent', 'event');
  const reports = stored.gatewayTransactionIds;
  const step = rules.step(stored.state, stored.order, reports, checked);
  if (step === undefined) throw new Error(`order-rules: no compiled answer for ${checked.type}`);
  if (step.outcome !== 'applied') return { ...step, snapshot, effects: [] };
  const recorded =
    step.recordsReport && 'transactionId' in checked && checked.transactionId !== undefined
      ? [...reports, checked.transactionId].slice(-REMEMBERED_REPORTS)
      : reports;
  return {
    outcome: 'applied',
    snapshot: sealSnapshot({
      ...stored,
      state: stateOf(step.state),
      gatewayTransactionIds: recorded,
    }),
    effects: effectsFor(step.effects, stored),
  };
}

/**
 * The view of a stored order: its statuses, whether it is listed, confirmed, and has its stock deducted.
 *
 * @example
 * getOrderView(startOrder({ order, settings }).snapshot).listed; // => false for an incomplete order (S1b)
 */
export function getOrderView(snapshot: OrderSnapshot): OrderView {
  const { stored, rules } = read(snapshot);
  return {
    orderId: stored.order.id,
    paymentStatus: stored.state.payment,
    shippingStatus: stored.state.shipping,
    listed: rules.isListed(stored.state),
    confirmed: stored.state.confirmation === 'confirmed',
    stockDeducted: stored.state.stock === 'deducted',
  };
}

/**
 * Reads a stored snapshot and the rules of its kind of order, and refuses one whose state no order
 * of that kind can be in (edited by hand, say), or whose remembered reports do not fit it.
 * A snapshot this engine made and sealed is what it made: it needs no check.
 */
function read(snapshot: unknown): { stored: OrderSnapshot; rules: CompiledRules } {
  if (isSealed(snapshot)) return { stored: snapshot, rules: compiledRulesFor(snapshot) };
  const stored = readSnapshot(snapshot);
  const rules = compiledRulesFor(stored);
  const reports = stored.gatewayTransactionIds;
  if (new Set(reports).size !== reports.length) {
    throw new OrderRulesError(
      'invalidSnapshot',
      'snapshot.gatewayTransactionIds',
      'must not repeat an id',
    );
  }
  if (!rules.isReachable(stored.state, reports.length > 0)) {
    throw new OrderRulesError(
      'invalidSnapshot',
      'snapshot.state',
      `is not a state an order like this one can reach (${JSON.stringify(stored.state)})`,
    );
  }
  return { stored, rules };
}
