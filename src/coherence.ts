/**
 * What a stored snapshot must be, beyond its shape, to be one an order can be in: ledgers within
 * their bounds, and regions that agree with one another, with the ledgers and with the kind of
 * order. The engine checks a snapshot it did not make itself (one read back from storage) with
 * this, so that a snapshot edited by hand is refused rather than decided on.
 * May touch: nothing; it reads the snapshot and throws.
 */
import { OrderRulesError } from './errors.js';
import { shippingStatusOf } from './goods.js';
import { held, received } from './money.js';
import type { MachineForm } from './snapshot.js';

const refuse = (field: string, problem: string): never => {
  throw new OrderRulesError('invalidSnapshot', `snapshot.${field}`, problem);
};

/**
 * Throws `invalidSnapshot`, naming the field, when `snapshot` holds what no order can.
 *
 * @example
 * checkCoherence({ state, context: { ...context, goods: [] } }); // throws: snapshot.goods must have one entry per order line
 */
export function checkCoherence({ state, context }: MachineForm): void {
  const { order, settings, money, goods, transactionIds } = context;
  const gateway = order.paymentMethod.kind === 'gateway';
  const confirmed = state.confirmation === 'confirmed';

  // The ledgers, within their bounds (I1, I8).
  if (repeats(transactionIds)) refuse('transactionIds', 'must not repeat an id');
  const counted = money.authorizations.map((authorization) => authorization.id);
  const others = money.otherCurrencyAuthorizations;
  if (repeats(counted)) refuse('money.authorizations', 'must not repeat an id');
  if (others.length > 0 && repeats([...counted, ...others])) {
    refuse('money.otherCurrencyAuthorizations', 'must not repeat an id, nor one of authorizations');
  }
  if (others.length > 0 && !money.otherCurrency) {
    refuse('money.otherCurrency', 'must be true when an authorization in another currency is kept');
  }
  if (!Number.isSafeInteger(held(money))) {
    refuse(
      'money.authorizations',
      `must hold at most ${Number.MAX_SAFE_INTEGER} minor units in all (M9)`,
    );
  }
  if (received(money) < 0) {
    refuse('money', 'must not refund or charge back more than was captured (I8)');
  }
  if (!gateway && transactionIds.length > 0) {
    refuse('transactionIds', 'must be empty for a manual-payment order (D8)');
  }
  if (!gateway && (money.captured > 0 || held(money) > 0 || money.otherCurrency)) {
    refuse('money', 'must be empty for a manual-payment order (D8)');
  }
  if (counted.some((id) => !transactionIds.includes(id))) {
    refuse('money.authorizations', 'must name authorizations among transactionIds (D9)');
  }
  if (others.some((id) => !transactionIds.includes(id))) {
    refuse(
      'money.otherCurrencyAuthorizations',
      'must name authorizations among transactionIds (D9)',
    );
  }
  if (goods.length !== order.lines.length) {
    refuse('goods', `must have one entry per order line (${order.lines.length})`);
  }
  goods.forEach((line, at) => {
    const quantity = order.lines[at]?.quantity ?? 0;
    const field = `goods[${at}]`;
    if (line.deducted !== 0 && line.deducted !== quantity) {
      refuse(`${field}.deducted`, `must be 0 or the line's quantity ${quantity} (I1)`);
    }
    if (line.shipped > quantity) refuse(`${field}.shipped`, `must be at most ${quantity} (G2)`);
    if (line.returned > line.shipped) refuse(`${field}.returned`, 'must be at most shipped (G3)');
    if (line.restored > line.deducted) refuse(`${field}.restored`, 'must be at most deducted (I1)');
    if (line.restored > line.returned && state.payment !== 'cancelled') {
      refuse(
        `${field}.restored`,
        'must be at most returned unless the order is cancelled (G3, G4)',
      );
    }
  });

  // The regions, with one another and with the ledgers.
  const deducted = goods.some((line) => line.deducted > 0);
  if (deducted && goods.some((line) => line.deducted === 0)) {
    refuse(
      'goods',
      'must have every line deducted, or none (I1: the confirmation deducts every unit)',
    );
  }
  if ((state.stock === 'notDeducted') === deducted) {
    refuse('state.stock', `must be "notDeducted" exactly when no unit is deducted`);
  }
  if ((state.stock !== 'notDeducted') !== (confirmed && settings.realtimeStock)) {
    refuse(
      'state.stock',
      'must be "notDeducted" exactly until a confirmation deducts it, with realtimeStock (I3, I5, D7)',
    );
  }
  if (state.stock === 'restored' && state.payment !== 'cancelled') {
    refuse('state.stock', 'must not be "restored" unless the order is cancelled (G4)');
  }
  if (state.stock === 'deducted' && state.payment === 'cancelled') {
    refuse('state.stock', 'must be "restored" once the order is cancelled (G4)');
  }
  if ((state.orderEmails === 'notSent') === confirmed) {
    refuse('state.orderEmails', 'must be "notSent" exactly when the order is not confirmed (I4)');
  }
  if ((state.orderEmails === 'cancellationSent') !== (confirmed && state.payment === 'cancelled')) {
    refuse(
      'state.orderEmails',
      'must be "cancellationSent" exactly when a confirmed order is cancelled (D13)',
    );
  }
  const mustBeConfirmed = ['paid', 'pending', 'authorized', 'failed', 'voided'];
  if (!confirmed && mustBeConfirmed.includes(state.payment)) {
    refuse('state.confirmation', `must be "confirmed" for payment status "${state.payment}"`);
  }
  const unconfirmedOnly = ['incomplete', 'expired'];
  if (confirmed && unconfirmedOnly.includes(state.payment)) {
    refuse('state.confirmation', `must be "unconfirmed" for payment status "${state.payment}"`);
  }
  if (!confirmed && !(gateway && settings.ignoreIncompleteOrders)) {
    refuse(
      'state.confirmation',
      'must be "confirmed" unless the order is a gateway order placed with ignoreIncompleteOrders on (S3a, D1)',
    );
  }
  if (goods.some((line) => line.shipped > 0) && !confirmed)
    refuse('goods', 'must have no unit shipped before the confirmation (D5)');
  const shipping = shippingStatusOf(order, goods);
  if (state.shipping !== shipping) {
    refuse('state.shipping', `must be "${shipping}" for the units shipped and returned (G2, G3)`);
  }
  const holdsBuyersMoney = received(money) > 0 || held(money) > 0 || money.otherCurrency;
  const listed = confirmed || state.payment === 'review' || holdsBuyersMoney;
  if ((state.listing === 'listed') !== listed) {
    refuse('state.listing', `must be "${listed ? 'listed' : 'hidden'}" (I6)`);
  }
  const window = gateway && settings.paymentWindowMinutes !== undefined;
  if (state.paymentWindow === 'scheduled' && !window) {
    refuse('state.paymentWindow', 'must be "none" for an order without a payment window (B4)');
  }
  if (state.paymentWindow === 'none' && window && order.total.amount > 0) {
    refuse(
      'state.paymentWindow',
      'must be "scheduled" for a gateway order with a payment window (B4)',
    );
  }
}

/** True when `ids` has an id twice. */
function repeats(ids: readonly string[]): boolean {
  return ids.length > 1 && new Set(ids).size !== ids.length;
}
