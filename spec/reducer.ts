/**
 * The order rules of edition 2 as a hand-written reducer: plain functions and switch statements, no
 * XState, no schema checks. It is the floor the benchmark measures the engine against, and a second
 * oracle for the properties: it answers with the engine's `Decision` and stores the engine's
 * `OrderSnapshot`, so the two compare step by step. It decides on the order in full (every status,
 * the ledgers in full), which it unfolds from the stored form, and folds back; it keeps the full order
 * on each snapshot it made, as the engine does. Events are taken as valid (the engine checks
 * them; this does not).
 * May touch: nothing; each call returns fresh data and never changes its arguments.
 */
import type { Decision, RefusalReason, UnchangedReason } from '../src/decision.js';
import {
  cancellationEmail,
  deductStock,
  type Effect,
  orderEmail,
  paymentAlert,
  refundEmail,
  restoreStock,
  scheduleTimer,
  voidAuthorization,
} from '../src/effects.js';
import type { MoneyReport, OrderEvent } from '../src/events.js';
import type {
  Authorization,
  LineGoods,
  Money,
  Order,
  OrderLine,
  PaymentStatus,
  Placement,
  ShippingStatus,
} from '../src/order.js';
import {
  type OrderSnapshot,
  type OrderState,
  SCHEMA_VERSION,
  type StoredLineGoods,
  type StoredMoney,
} from '../src/snapshot.js';

/** The order in full: every status, the ledgers with nothing left out. */
interface Full {
  readonly state: OrderState;
  readonly order: Order;
  readonly settings: Placement['settings'];
  readonly transactionIds: readonly string[];
  readonly money: Money;
  readonly goods: readonly LineGoods[];
}

/** A decision on the order in full. */
type Answer = Decision extends infer Each
  ? Each extends Decision
    ? Omit<Each, 'snapshot'> & { readonly snapshot: Full }
    : never
  : never;

/**
 * Where a snapshot this reducer made keeps its full order: a property under a symbol of this
 * module, not enumerable (as the engine keeps its machine form; neither JSON nor deep equality
 * sees it).
 */
const FULL = Symbol('full order');

/**
 * Places an order (D1, D6, D12, S1, S3a, B4): its first snapshot and the effects of placing it.
 *
 * @example
 * place({ order, settings }).effects; // => [] for a gateway order with ignoreIncompleteOrders on
 */
export function place(placement: Placement): Decision {
  return folded(placeFull(placement));
}

/**
 * Applies one (valid) event to an order.
 *
 * @example
 * reduce(snapshot, { type: 'merchant.orderCancelled' }).snapshot.state.payment; // => 'cancelled'
 */
export function reduce(current: OrderSnapshot, event: OrderEvent): Decision {
  const full = (current as { [FULL]?: Full })[FULL] ?? unfold(current);
  const answer = reduceFull(full, event);
  return answer.snapshot === full ? { ...answer, snapshot: current } : folded(answer);
}

function folded(answer: Answer): Decision {
  const { state, order, settings, transactionIds, money, goods } = answer.snapshot;
  const keptMoney: { -readonly [K in keyof StoredMoney]: StoredMoney[K] } = {};
  if (money.captured) keptMoney.captured = money.captured;
  if (money.refunded) keptMoney.refunded = money.refunded;
  if (money.chargedBack) keptMoney.chargedBack = money.chargedBack;
  if (money.authorizations.length) keptMoney.authorizations = money.authorizations;
  if (money.otherCurrency) keptMoney.otherCurrency = true;
  if (money.otherCurrencyAuthorizations.length) {
    keptMoney.otherCurrencyAuthorizations = money.otherCurrencyAuthorizations;
  }
  const keptGoods = goods.map((line) => {
    const kept: { -readonly [K in keyof StoredLineGoods]: StoredLineGoods[K] } = {};
    if (line.shipped) kept.shipped = line.shipped;
    if (line.returned) kept.returned = line.returned;
    if (line.restored) kept.restored = line.restored;
    return kept;
  });
  const snapshot: OrderSnapshot = {
    schemaVersion: SCHEMA_VERSION,
    state: {
      payment: state.payment,
      shipping: state.shipping,
      confirmation: state.confirmation,
      stock: state.stock,
      orderEmails: state.orderEmails,
    },
    order,
    settings,
    transactionIds,
    money: keptMoney,
    goods: keptGoods,
  };
  Object.defineProperty(snapshot, FULL, { value: answer.snapshot });
  return { ...answer, snapshot } as Decision;
}

/** The order in full, from a snapshot this reducer did not make. */
function unfold(snapshot: OrderSnapshot): Full {
  const { state, order, settings, transactionIds, money } = snapshot;
  const ledger: Money = {
    captured: money.captured ?? 0,
    refunded: money.refunded ?? 0,
    chargedBack: money.chargedBack ?? 0,
    authorizations: money.authorizations ?? [],
    otherCurrency: money.otherCurrency ?? false,
    otherCurrencyAuthorizations: money.otherCurrencyAuthorizations ?? [],
  };
  const confirmed = state.confirmation === 'confirmed';
  const listed =
    confirmed ||
    state.payment === 'review' ||
    receivedOf(ledger) > 0 ||
    heldOf(ledger) > 0 ||
    ledger.otherCurrency;
  return {
    state: {
      ...state,
      paymentWindow: hasWindow(order, settings.paymentWindowMinutes) ? 'scheduled' : 'none',
      listing: listed ? 'listed' : 'hidden',
    },
    order,
    settings,
    transactionIds,
    money: ledger,
    goods: snapshot.goods.map((line, at) => ({
      deducted: state.stock === 'notDeducted' ? 0 : (order.lines[at]?.quantity ?? 0),
      shipped: line.shipped ?? 0,
      returned: line.returned ?? 0,
      restored: line.restored ?? 0,
    })),
  };
}

const noAuthorizations: readonly Authorization[] = [];

/**
 * Places an order (D1, D6, D12, S1, S3a, B4): its first snapshot and the effects of placing it.
 *
 * @example
 * place({ order, settings }).effects; // => [] for a gateway order with ignoreIncompleteOrders on
 */
function placeFull(placement: Placement): Answer {
  const { order, settings } = placement;
  const gateway = order.paymentMethod.kind === 'gateway';
  const payment: PaymentStatus =
    order.total.amount === 0
      ? 'paid'
      : !gateway || !settings.ignoreIncompleteOrders
        ? 'pending'
        : 'incomplete';
  const window = hasWindow(order, settings.paymentWindowMinutes);
  const effects: Effect[] = window
    ? [scheduleTimer(order, settings.paymentWindowMinutes as number)]
    : [];
  const start: Full = {
    state: {
      payment,
      shipping: 'notShipped',
      confirmation: 'unconfirmed',
      stock: 'notDeducted',
      orderEmails: 'notSent',
      paymentWindow: window ? 'scheduled' : 'none',
      listing: 'hidden',
    },
    order,
    settings,
    transactionIds: [],
    money: {
      captured: 0,
      refunded: 0,
      chargedBack: 0,
      authorizations: noAuthorizations,
      otherCurrency: false,
      otherCurrencyAuthorizations: [],
    },
    goods: order.lines.map(() => ({ deducted: 0, shipped: 0, returned: 0, restored: 0 })),
  };
  return follow(start, payment, start.transactionIds, start.money, start.goods, effects);
}

/**
 * Applies one (valid) event to an order.
 *
 * @example
 * reduce(snapshot, { type: 'merchant.orderCancelled' }).snapshot.state.payment; // => 'cancelled'
 */
function reduceFull(current: Full, event: OrderEvent): Answer {
  switch (event.type) {
    case 'gateway.paymentConfirmed':
    case 'gateway.paymentAuthorized':
    case 'gateway.paymentCaptured':
    case 'gateway.authorizationVoided':
    case 'gateway.refunded':
    case 'gateway.chargeback':
    case 'gateway.chargebackReversed':
      return moneyReport(current, event);
    case 'gateway.paymentFailed':
      return paymentFailed(current);
    case 'timer.paymentWindowElapsed':
      return windowElapsed(current);
    case 'merchant.paymentStatusChanged':
      return paymentStatusChanged(current, event.status);
    case 'merchant.orderCancelled':
      return orderCancelled(current);
    case 'merchant.linesShipped':
      return linesShipped(current, event.lines);
    case 'merchant.shippingStatusChanged':
      return shippingStatusChanged(current, event.status);
    case 'merchant.linesReturned':
      return linesReturned(current, event.lines, event.restock);
  }
}

const refused = (current: Full, reason: RefusalReason): Answer => ({
  outcome: 'refused',
  reason,
  snapshot: current,
  effects: [],
});

const unchanged = (current: Full, reason: UnchangedReason): Answer => ({
  outcome: 'unchanged',
  reason,
  snapshot: current,
  effects: [],
});

/** B4: only a gateway order with something to pay and a window set has a window. */
const hasWindow = (order: Order, minutes: number | undefined) =>
  order.paymentMethod.kind === 'gateway' && minutes !== undefined && order.total.amount > 0;

const receivedOf = (money: Money) => money.captured - money.refunded - money.chargedBack;

function heldOf(money: Money): number {
  let sum = 0;
  for (const authorization of money.authorizations) sum += authorization.held;
  return sum;
}

/** What authorization `id` still holds, or -1 when none of that id holds money. */
function heldBy(money: Money, id: string): number {
  for (const authorization of money.authorizations) {
    if (authorization.id === id) return authorization.held;
  }
  return -1;
}

/** The authorizations with `amount` taken from `id`; one left holding nothing is gone. */
function release(
  authorizations: readonly Authorization[],
  id: string,
  amount: number,
): readonly Authorization[] {
  const left: Authorization[] = [];
  for (const authorization of authorizations) {
    if (authorization.id !== id) left.push(authorization);
    else if (authorization.held > amount) left.push({ id, held: authorization.held - amount });
  }
  return left;
}

/** The ids an order has taken once it has taken report `id` (D9). */
function remember(ids: readonly string[], id: string): readonly string[] {
  const kept = ids.slice();
  kept.push(id);
  return kept;
}

/**
 * A money report (M1-M8, B1, B6, D8, D9): screened, checked against the ledger, counted, and the
 * payment status set from the money it leaves.
 */
function moneyReport(current: Full, event: MoneyReport): Answer {
  const { order, money, state } = current;
  if (order.paymentMethod.kind === 'manual') {
    return refused(current, 'gatewayReportOnManualPayment'); // D8
  }
  const id = event.transactionId;
  if (current.transactionIds.includes(id) || heldBy(money, id) >= 0) {
    return unchanged(current, 'duplicateGatewayReport'); // D9
  }
  const payment = state.payment;
  const currency = order.total.currency;
  const effects: Effect[] = [];
  if (event.type !== 'gateway.authorizationVoided' && event.currency !== currency) {
    // B1: not counted; the buyer's money all the same. B6: released at once when cancelled.
    if (payment === 'cancelled' && event.type === 'gateway.paymentAuthorized') {
      effects.push(voidAuthorization(order, id));
    }
    effects.push(
      paymentAlert(order, 'currencyMismatch', {
        transactionId: id,
        amount: event.amount,
        currency: event.currency,
      }),
    );
    const after = payment === 'cancelled' || payment === 'review' ? payment : 'review';
    const ledger: Money = {
      ...money,
      otherCurrency: true,
      otherCurrencyAuthorizations:
        event.type === 'gateway.paymentAuthorized'
          ? [...money.otherCurrencyAuthorizations, id]
          : money.otherCurrencyAuthorizations,
    };
    return follow(
      current,
      after,
      remember(current.transactionIds, id),
      ledger,
      current.goods,
      effects,
    );
  }

  const before = receivedOf(money);
  let { captured, refunded, chargedBack, authorizations } = money;
  let raisesReceived = false;
  switch (event.type) {
    case 'gateway.paymentConfirmed':
      captured += event.amount;
      raisesReceived = true;
      break;
    case 'gateway.paymentAuthorized':
      authorizations = [...authorizations, { id, held: event.amount }];
      break;
    case 'gateway.paymentCaptured': {
      const held = heldBy(money, event.authorizationId);
      if (held < 0) return refused(current, 'unknownAuthorization'); // M4
      if (event.amount > held) return refused(current, 'captureExceedsAuthorization'); // M4
      captured += event.amount;
      authorizations = release(authorizations, event.authorizationId, event.amount);
      raisesReceived = true;
      break;
    }
    case 'gateway.authorizationVoided':
      if (money.otherCurrencyAuthorizations.includes(event.authorizationId)) {
        // B1, B5: released, not counted, no alert, the status as it was.
        const ledger: Money = {
          ...money,
          otherCurrencyAuthorizations: money.otherCurrencyAuthorizations.filter(
            (other) => other !== event.authorizationId,
          ),
        };
        return follow(
          current,
          payment,
          remember(current.transactionIds, id),
          ledger,
          current.goods,
          effects,
        );
      }
      if (heldBy(money, event.authorizationId) < 0) {
        return refused(current, 'unknownAuthorization'); // M4
      }
      authorizations = release(authorizations, event.authorizationId, Number.POSITIVE_INFINITY);
      break;
    case 'gateway.refunded':
      if (event.amount > before) return refused(current, 'refundExceedsPayment'); // M7
      refunded += event.amount;
      effects.push(refundEmail(order, id, event.amount));
      break;
    case 'gateway.chargeback':
      if (event.amount > before) return refused(current, 'chargebackExceedsPayment'); // M8
      chargedBack += event.amount;
      effects.push(
        paymentAlert(order, 'chargeback', { transactionId: id, amount: event.amount, currency }),
      );
      break;
    case 'gateway.chargebackReversed':
      if (event.amount > chargedBack) return refused(current, 'reversalExceedsChargeback'); // M8
      chargedBack -= event.amount;
      raisesReceived = true;
      break;
  }
  const ledger: Money = {
    captured,
    refunded,
    chargedBack,
    authorizations,
    otherCurrency: money.otherCurrency,
    otherCurrencyAuthorizations: money.otherCurrencyAuthorizations,
  };
  const ids = remember(current.transactionIds, id);
  const received = captured - refunded - chargedBack;
  const held = heldOf(ledger);
  const total = order.total.amount;
  const confirmed = state.confirmation === 'confirmed';

  if (payment === 'cancelled') {
    // B6: stays cancelled; money that comes in is told, an authorization released at once.
    if (event.type === 'gateway.paymentAuthorized') effects.push(voidAuthorization(order, id));
    if (
      event.type !== 'gateway.authorizationVoided' &&
      event.type !== 'gateway.refunded' &&
      event.type !== 'gateway.chargeback'
    ) {
      effects.push(
        paymentAlert(order, 'paymentAfterCancellation', {
          transactionId: id,
          amount: event.amount,
          currency,
        }),
      );
    }
    return follow(current, payment, ids, ledger, current.goods, effects);
  }

  // M2: the status the money leaves; M4-M6: the alerts it calls for.
  const refundedAny = refunded + chargedBack > 0;
  const nothingLeft = received + held === 0;
  const isVoid = event.type === 'gateway.authorizationVoided';
  let after: PaymentStatus;
  if (raisesReceived && received > total && received > before) {
    after = 'paid'; // M6
    effects.push(
      paymentAlert(order, 'overpayment', {
        transactionId: id,
        amount: received - Math.max(before, total),
        currency,
      }),
    );
  } else if (received >= total) {
    after = 'paid';
    if (isVoid && nothingLeft && confirmed) {
      // M4: a void leaving nothing, on an order with nothing to pay (D12).
      effects.push(paymentAlert(order, 'authorizationVoided', { transactionId: id }));
    }
  } else if (received + held >= total) {
    after = 'authorized'; // M3
  } else if (payment === 'review') {
    after = 'review'; // B1: only a report that covers the order resolves the review
    if (isVoid && nothingLeft && confirmed) {
      effects.push(paymentAlert(order, 'authorizationVoided', { transactionId: id }));
    }
  } else if (refundedAny && received === 0) {
    after = 'refunded';
    if (isVoid && nothingLeft && confirmed) {
      effects.push(paymentAlert(order, 'authorizationVoided', { transactionId: id })); // M4
    }
  } else if (refundedAny) {
    after = 'partiallyRefunded';
  } else if (!nothingLeft) {
    after = 'partiallyPaid'; // M5
    if (event.type === 'gateway.paymentConfirmed' || event.type === 'gateway.paymentAuthorized') {
      effects.push(
        paymentAlert(order, 'partialPayment', {
          transactionId: id,
          amount: total - received - held,
          currency,
        }),
      );
    }
  } else if (confirmed) {
    after = 'voided';
    if (isVoid) {
      effects.push(paymentAlert(order, 'authorizationVoided', { transactionId: id })); // M4
    }
  } else {
    after = 'incomplete';
  }
  return follow(current, after, ids, ledger, current.goods, effects);
}

/** B3: a failure report. */
function paymentFailed(current: Full): Answer {
  const { order, state, money } = current;
  if (order.paymentMethod.kind === 'manual')
    return refused(current, 'gatewayReportOnManualPayment');
  switch (state.payment) {
    case 'review':
      return unchanged(current, 'awaitingMerchantReview');
    case 'cancelled':
      return unchanged(current, 'alreadyCancelled');
    case 'paid':
      return refused(current, 'orderAlreadyPaid');
    default:
      if (receivedOf(money) > 0 || heldOf(money) > 0) return unchanged(current, 'paymentReceived');
      if (state.confirmation === 'unconfirmed') return unchanged(current, 'buyerMayRetry');
      if (state.payment === 'failed') return unchanged(current, 'statusAlreadySet');
      return follow(current, 'failed', current.transactionIds, money, current.goods, []);
  }
}

/** B4, I10: the payment window elapsed. */
function windowElapsed(current: Full): Answer {
  const { order, settings, state, money, goods } = current;
  if (!hasWindow(order, settings.paymentWindowMinutes)) return refused(current, 'noPaymentWindow');
  switch (state.payment) {
    case 'review':
      return unchanged(current, 'awaitingMerchantReview');
    case 'cancelled':
      return unchanged(current, 'alreadyCancelled');
    default:
      break;
  }
  if (receivedOf(money) > 0 || heldOf(money) > 0) return unchanged(current, 'paymentReceived');
  for (const line of goods) if (line.shipped > 0) return unchanged(current, 'goodsShipped');
  switch (state.payment) {
    case 'paid':
      return unchanged(current, 'alreadyPaid');
    case 'expired':
      return unchanged(current, 'statusAlreadySet');
    default:
      break;
  }
  if (state.confirmation === 'unconfirmed') {
    return follow(current, 'expired', current.transactionIds, money, goods, []);
  }
  if (settings.ignoreIncompleteOrders) return unchanged(current, 'confirmedByMerchant');
  return follow(current, 'cancelled', current.transactionIds, money, goods, []);
}

/** D2-D4, D11: the merchant sets paid or pending; the money does not move. */
function paymentStatusChanged(current: Full, status: 'paid' | 'pending'): Answer {
  const payment = current.state.payment;
  if (payment === 'cancelled') return refused(current, 'orderCancelled');
  if (payment === status) return unchanged(current, 'statusAlreadySet');
  return follow(current, status, current.transactionIds, current.money, current.goods, []);
}

/** B5: the merchant cancels; held authorizations are voided, money received is to refund. */
function orderCancelled(current: Full): Answer {
  const { order, money } = current;
  if (current.state.payment === 'cancelled') return unchanged(current, 'statusAlreadySet');
  const effects: Effect[] = [];
  for (const authorization of money.authorizations) {
    effects.push(voidAuthorization(order, authorization.id));
  }
  for (const id of money.otherCurrencyAuthorizations) effects.push(voidAuthorization(order, id));
  const received = receivedOf(money);
  if (received > 0) {
    effects.push(
      paymentAlert(order, 'refundDue', { amount: received, currency: order.total.currency }),
    );
  }
  return follow(current, 'cancelled', current.transactionIds, money, current.goods, effects);
}

/** The units `lines` names for each line of the order, in line order (0 for a line not named). */
function unitsByLine(order: Order, lines: readonly OrderLine[]): number[] | undefined {
  const units = new Array<number>(order.lines.length).fill(0);
  for (const named of lines) {
    const at = order.lines.findIndex((line) => line.sku === named.sku);
    if (at < 0) return undefined; // G2, G3: a sku not in the order
    units[at] = (units[at] as number) + named.quantity;
  }
  return units;
}

/** G2: the merchant ships some units. */
function linesShipped(current: Full, lines: readonly OrderLine[]): Answer {
  const { order, state, goods } = current;
  if (state.payment === 'cancelled') return refused(current, 'orderCancelled');
  if (state.confirmation === 'unconfirmed') return refused(current, 'orderNotConfirmed');
  const units = unitsByLine(order, lines);
  if (units === undefined) return refused(current, 'unknownSku');
  const after: LineGoods[] = [];
  for (let at = 0; at < goods.length; at += 1) {
    const line = goods[at] as LineGoods;
    const shipped = line.shipped + (units[at] as number);
    if (shipped > (order.lines[at] as OrderLine).quantity) {
      return refused(current, 'exceedsOrderedQuantity');
    }
    after.push(shipped === line.shipped ? line : { ...line, shipped });
  }
  return withGoods(current, after, []);
}

/** G2, D5, D11: `shipped` ships every unit left, `notShipped` undoes the shipments. */
function shippingStatusChanged(current: Full, status: 'shipped' | 'notShipped'): Answer {
  const { order, state, goods } = current;
  if (state.payment === 'cancelled') return refused(current, 'orderCancelled');
  let anyShipped = false;
  let allShipped = true;
  let anyReturned = false;
  for (let at = 0; at < goods.length; at += 1) {
    const line = goods[at] as LineGoods;
    if (line.shipped > 0) anyShipped = true;
    if (line.shipped !== (order.lines[at] as OrderLine).quantity) allShipped = false;
    if (line.returned > 0) anyReturned = true;
  }
  if (status === 'shipped' ? allShipped : !anyShipped) {
    return unchanged(current, 'statusAlreadySet');
  }
  if (state.confirmation === 'unconfirmed') return refused(current, 'orderNotConfirmed');
  if (status === 'notShipped' && anyReturned) return refused(current, 'linesReturned');
  const after = goods.map((line, at) => ({
    ...line,
    shipped: status === 'shipped' ? (order.lines[at] as OrderLine).quantity : 0,
  }));
  return withGoods(current, after, []);
}

/** G3: the buyer returns units; with restock, and where the shop manages stock, they are restored. */
function linesReturned(current: Full, lines: readonly OrderLine[], restock: boolean): Answer {
  const { order, goods } = current;
  const units = unitsByLine(order, lines);
  if (units === undefined) return refused(current, 'unknownSku');
  const after: LineGoods[] = [];
  const restoredLines: OrderLine[] = [];
  let restoredInAll = 0;
  for (let at = 0; at < goods.length; at += 1) {
    const line = goods[at] as LineGoods;
    const back = units[at] as number;
    if (line.returned + back > line.shipped) return refused(current, 'exceedsShippedQuantity');
    const put = restock ? Math.min(back, line.deducted - line.restored) : 0;
    if (put > 0) restoredLines.push({ sku: (order.lines[at] as OrderLine).sku, quantity: put });
    restoredInAll += line.restored + put;
    after.push(
      back === 0
        ? line
        : { ...line, returned: line.returned + back, restored: line.restored + put },
    );
  }
  const effects: Effect[] =
    restock && current.settings.realtimeStock
      ? [restoreStock(order, restoredLines, restoredInAll)]
      : [];
  return withGoods(current, after, effects);
}

/** G2, G3: the shipping status the goods leave. */
function shippingStatusOf(order: Order, goods: readonly LineGoods[]): ShippingStatus {
  let ordered = 0;
  let shipped = 0;
  let returned = 0;
  for (let at = 0; at < goods.length; at += 1) {
    const line = goods[at] as LineGoods;
    ordered += (order.lines[at] as OrderLine).quantity;
    shipped += line.shipped;
    returned += line.returned;
  }
  if (returned > 0) return returned === shipped ? 'returned' : 'partiallyReturned';
  if (shipped === ordered) return 'shipped';
  return shipped > 0 ? 'partiallyShipped' : 'notShipped';
}

/** The order with new goods: a shipment, an undone shipment or a return (nothing else follows). */
function withGoods(current: Full, goods: LineGoods[], effects: Effect[]): Answer {
  return {
    outcome: 'applied',
    snapshot: {
      ...current,
      state: { ...current.state, shipping: shippingStatusOf(current.order, goods) },
      goods,
    },
    effects,
  };
}

/**
 * What follows a new payment status and ledgers: the confirmation with its stock and order emails
 * (I1, I4), the cancellation with its restoration and email (G4, D13), and the listing (I6).
 * `effects` are the event's own; those that follow are pushed after them.
 */
function follow(
  current: Full,
  payment: PaymentStatus,
  transactionIds: readonly string[],
  money: Money,
  goods: readonly LineGoods[],
  effects: Effect[],
): Answer {
  const { order, settings } = current;
  let { confirmation, stock, orderEmails } = current.state;
  const commits = payment === 'paid' || payment === 'pending' || payment === 'authorized';
  if (confirmation === 'unconfirmed' && commits) confirmation = 'confirmed';
  const confirmed = confirmation === 'confirmed';
  let after = goods;
  if (stock === 'notDeducted' && confirmed && settings.realtimeStock) {
    stock = 'deducted'; // I1: every unit, once
    effects.push(deductStock(order));
    after = goods.map((line, at) => ({
      ...line,
      deducted: (order.lines[at] as OrderLine).quantity,
    }));
  } else if (stock === 'deducted' && payment === 'cancelled') {
    stock = 'restored'; // G4: the deducted units that never shipped
    const lines: OrderLine[] = [];
    let restoredInAll = 0;
    const restored = goods.map((line, at) => {
      const put = line.deducted === 0 ? 0 : line.deducted - line.shipped;
      restoredInAll += line.restored + put;
      if (put === 0) return line;
      lines.push({ sku: (order.lines[at] as OrderLine).sku, quantity: put });
      return { ...line, restored: line.restored + put };
    });
    if (lines.length > 0) {
      after = restored;
      effects.push(restoreStock(order, lines, restoredInAll));
    }
  }
  if (orderEmails === 'notSent' && confirmed && commits) {
    orderEmails = 'sent'; // I4: stating the status at the confirmation
    effects.push(
      orderEmail(order, 'merchantOrderNotification', payment),
      orderEmail(order, 'customerOrderConfirmation', payment),
    );
  } else if (orderEmails === 'sent' && payment === 'cancelled') {
    orderEmails = 'cancellationSent'; // D13
    effects.push(cancellationEmail(order));
  }
  const listed =
    confirmed ||
    payment === 'review' ||
    money.captured - money.refunded - money.chargedBack > 0 ||
    heldOf(money) > 0 ||
    money.otherCurrency;
  const state: OrderState = {
    payment,
    shipping: current.state.shipping,
    confirmation,
    stock,
    orderEmails,
    paymentWindow: current.state.paymentWindow,
    listing: listed ? 'listed' : 'hidden',
  };
  return {
    outcome: 'applied',
    snapshot: {
      state,
      order,
      settings,
      transactionIds,
      money,
      goods: after,
    },
    effects,
  };
}
