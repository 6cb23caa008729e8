/**
 * The pure API: place an order, apply an event, read an order's view. Each call checks what it is
 * given, runs the compiled machine, and returns fresh data; it never changes its arguments.
 * May touch: nothing; each call is a function of its arguments.
 */
import { placeCompiled, runCompiled } from './compiledMachine.js';
import type { Decision, RefusalReason, UnchangedReason } from './decision.js';
import { OrderRulesError } from './errors.js';
import type { OrderEvent } from './events.js';
import { noGoods } from './goods.js';
import { due, held, noMoney, received } from './money.js';
import type { LineGoods, PaymentStatus, Placement, ShippingStatus } from './order.js';
import { parseEvent, parsePlacement } from './parse.js';
import {
  type MachineForm,
  type OrderSnapshot,
  readStored,
  sealedForm,
  sealSnapshot,
  snapshotOf,
} from './snapshot.js';

/**
 * The columns a host keeps for its order list and its search for incomplete orders, the order's
 * money and its goods line by line.
 *
 * @example
 * // => { orderId: 'A-1001', paymentStatus: 'incomplete', shippingStatus: 'notShipped',
 * //      listed: false, confirmed: false, stockDeducted: false,
 * //      amounts: { total: 3990, held: 0, captured: 0, refunded: 0, chargedBack: 0, received: 0, due: 3990 },
 * //      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 0, shipped: 0, returned: 0, restored: 0 }] }
 */
export interface OrderView {
  readonly orderId: string;
  readonly paymentStatus: PaymentStatus;
  readonly shippingStatus: ShippingStatus;
  /** Shown in the merchant's default order list; the search for incomplete orders finds the others. */
  readonly listed: boolean;
  /** The order has had its confirmation (emails sent, stock deducted where the shop manages it). */
  readonly confirmed: boolean;
  /** Some unit of the order is deducted from stock now (deducted and not restored). */
  readonly stockDeducted: boolean;
  /** The order's money in minor units of its currency; `due` is negative when overpaid. */
  readonly amounts: {
    readonly total: number;
    readonly held: number;
    readonly captured: number;
    readonly refunded: number;
    readonly chargedBack: number;
    readonly received: number;
    readonly due: number;
  };
  /** Each line's units: ordered, deducted, shipped, returned, restored. */
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    readonly deducted: number;
    readonly shipped: number;
    readonly returned: number;
    readonly restored: number;
  }[];
}

/**
 * Places an order: captures the order and the settings (D6) and decides what placement does.
 *
 * @example
 * const { snapshot, effects, outcome } = startOrder({ order, settings });
 * // effects => [] for a gateway order with ignoreIncompleteOrders on (S1a, S1c); outcome => 'applied'
 */
export function startOrder(placement: Placement): Decision {
  const { order, settings } = parsePlacement(placement);
  const run = placeCompiled({
    order,
    settings,
    transactionIds: [],
    money: noMoney,
    goods: noGoods(order),
  });
  const form = { state: run.state, context: run.context };
  return {
    outcome: 'applied',
    snapshot: sealSnapshot(snapshotOf(form), form),
    effects: run.effects,
  };
}

/**
 * Applies one event to a stored order and decides what it does.
 * A refused event, or one that changes nothing, gives back `snapshot` itself and no effect (D10).
 * A snapshot the engine made and sealed (from `startOrder`, or from a call on a sealed one: an
 * order kept in memory) is taken as it is, and the one given back is sealed too: deep-frozen. Any
 * other (read back from storage) is checked first, and the one given back is plain JSON data.
 *
 * @example
 * applyEvent(snapshot, { type: 'gateway.paymentConfirmed', transactionId: 'PAY-9', amount: 3990, currency: 'EUR' });
 * // => { outcome: 'applied', snapshot: { ... }, effects: [deductStock, two sendEmail stating 'paid'] }
 */
export function applyEvent(snapshot: OrderSnapshot, event: OrderEvent): Decision {
  const before = read(snapshot);
  const checked = parseEvent(event);
  const run = runCompiled(before.form.state, before.form.context, checked);
  const { stoppedBy } = run;
  if (stoppedBy?.type === 'refuse') {
    const { reason } = stoppedBy.params as { reason: RefusalReason };
    return { outcome: 'refused', reason, snapshot, effects: [] };
  }
  if (stoppedBy?.type === 'leaveUnchanged') {
    const { reason } = stoppedBy.params as { reason: UnchangedReason };
    return { outcome: 'unchanged', reason, snapshot, effects: [] };
  }
  const money = run.context.money;
  if (
    money !== before.form.context.money &&
    !(
      Number.isSafeInteger(money.captured) &&
      Number.isSafeInteger(money.refunded) &&
      Number.isSafeInteger(money.chargedBack) &&
      Number.isSafeInteger(held(money))
    )
  ) {
    // M9: amounts are counted exactly, so no sum of them may pass 2^53 - 1.
    throw new OrderRulesError(
      'invalidEvent',
      'event.amount',
      `would take the order's money past ${Number.MAX_SAFE_INTEGER} minor units`,
    );
  }
  const form = { state: run.state, context: run.context };
  return {
    outcome: 'applied',
    // A snapshot the engine made and sealed gives a sealed one, sharing what did not change with
    // it; one read back from storage gives a plain one, which the host stores (freezing it would
    // only slow down its `JSON.stringify`).
    snapshot: before.sealed ? sealSnapshot(snapshotOf(form, before), form) : snapshotOf(form),
    effects: run.effects,
  };
}

/**
 * The view of a stored order: its statuses, whether it is listed, confirmed, has stock deducted,
 * its amounts and its lines.
 *
 * @example
 * getOrderView(startOrder({ order, settings }).snapshot).listed; // => false for an incomplete order (S1b)
 */
export function getOrderView(snapshot: OrderSnapshot): OrderView {
  const { state, context } = read(snapshot).form;
  const { order, money, goods } = context;
  return {
    orderId: order.id,
    paymentStatus: state.payment,
    shippingStatus: state.shipping,
    listed: state.listing === 'listed',
    confirmed: state.confirmation === 'confirmed',
    stockDeducted: goods.some((line) => line.deducted > line.restored),
    amounts: {
      total: order.total.amount,
      held: held(money),
      captured: money.captured,
      refunded: money.refunded,
      chargedBack: money.chargedBack,
      received: received(money),
      due: due(money, order.total.amount),
    },
    lines: order.lines.map((line, at) => ({
      sku: line.sku,
      quantity: line.quantity,
      ...(goods[at] as LineGoods),
    })),
  };
}

/**
 * Reads a stored snapshot with its machine form, and refuses one whose state no order can be in
 * (edited by hand, say). A snapshot this engine made and sealed is what it made: it needs no check.
 */
function read(snapshot: unknown): {
  readonly form: MachineForm;
  readonly snapshot: OrderSnapshot;
  readonly sealed: boolean;
} {
  const form = sealedForm(snapshot);
  if (form !== undefined) return { form, snapshot: snapshot as OrderSnapshot, sealed: true };
  const stored = readStored(snapshot);
  return { form: stored.form, snapshot: stored.snapshot, sealed: false };
}
