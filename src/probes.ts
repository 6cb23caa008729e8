/**
 * The fixed set of cases ("probes") sent to an order to show what can happen from where it
 * stands: full, partial and over payment, another currency, a repeated report, an authorization,
 * captures, a void, refunds, a chargeback and its reversal, shipments, returns, the merchant's
 * changes, a failure, the window, a cancellation. The decision table (spec/DECISIONS.md) and the
 * explorer's "what can happen from here" send the same cases. Each takes its amounts and units
 * from the order as it stands (what is due, half of what was received, one unit more than is
 * out), so that it names one case of the rules whatever the history.
 * May touch: nothing; it builds events.
 */
import type { OrderEvent } from './events.js';
import { held, received } from './money.js';
import type { LineGoods, Money, Order } from './order.js';

/** What a probe reads of an order: the machine's context, or a stored snapshot, alike. */
export interface ProbedOrder {
  readonly order: Order;
  readonly transactionIds: readonly string[];
  readonly money: Money;
  readonly goods: readonly LineGoods[];
}

/** The name of each case, in the decision table's words. */
export const probeNames = [
  'pays in full',
  'pays half',
  'pays 1000 more',
  'pays in another currency',
  'repeats a report',
  'authorizes in full',
  'captures all held',
  'captures too much',
  'captures unknown',
  'voids',
  'refunds half',
  'refunds too much',
  'charged back',
  'reversed',
  'fails',
  'window elapses',
  'sets paid',
  'sets pending',
  'ships 1',
  'ships too many',
  'ships unknown sku',
  'sets shipped',
  'sets not shipped',
  '1 back, restock',
  '1 back, no restock',
  'too many back',
  'cancels',
] as const;

/** One case's name. */
export type ProbeName = (typeof probeNames)[number];

/**
 * A case: its name, and the event it sends to an order (none when the case cannot arise there:
 * no report to repeat, no authorization to capture, no unit out to come back).
 */
export interface Probe {
  readonly name: ProbeName;
  readonly event: (at: ProbedOrder) => OrderEvent | undefined;
}

/** The transaction id of the next report: the kind's prefix and one more than the order took. */
const fresh = (at: ProbedOrder, prefix: string) => `${prefix}-${at.transactionIds.length + 1}`;
const currencyOf = (at: ProbedOrder) => at.order.total.currency;
/** A currency that is not the order's. */
const otherCurrency = (at: ProbedOrder) => (currencyOf(at) === 'USD' ? 'EUR' : 'USD');
/** What the buyer still has to pay: the total less what was received or is held. */
const dueOf = (at: ProbedOrder) => at.order.total.amount - received(at.money) - held(at.money);
/** At least 1: a money report moves at least one minor unit (M9). */
const some = (amount: number) => Math.max(1, amount);
const heldAuthorization = (at: ProbedOrder) => at.money.authorizations.at(-1);
/** The order's first line, which the goods cases move. */
const firstLine = (at: ProbedOrder) => at.order.lines[0] ?? { sku: '?', quantity: 1 };
const unitsOf = (at: ProbedOrder) => at.goods[0] ?? { shipped: 0, returned: 0 };
const lines = (at: ProbedOrder, quantity: number) => [{ sku: firstLine(at).sku, quantity }];
/** A sku the order does not have. */
const unknownSku = (at: ProbedOrder) => {
  const skus = new Set(at.order.lines.map((line) => line.sku));
  let sku = 'HAT-L';
  for (let n = 2; skus.has(sku); n += 1) sku = `HAT-L-${n}`;
  return sku;
};

/** A money report of `type` moving `amount`, with a new transaction id of `prefix`. */
const report =
  (
    type: 'gateway.paymentConfirmed' | 'gateway.paymentAuthorized' | 'gateway.refunded',
    prefix: string,
    amount: (at: ProbedOrder) => number,
  ) =>
  (at: ProbedOrder): OrderEvent => ({
    type,
    transactionId: fresh(at, prefix),
    amount: some(amount(at)),
    currency: currencyOf(at),
  });

/** A capture of the latest authorization, of what it holds and `more`. */
const capture = (more: number) => (at: ProbedOrder) => {
  const authorization = heldAuthorization(at);
  return authorization === undefined
    ? undefined
    : ({
        type: 'gateway.paymentCaptured',
        transactionId: fresh(at, 'CAP'),
        authorizationId: authorization.id,
        amount: authorization.held + more,
        currency: currencyOf(at),
      } as const);
};

/** One unit back from the buyer, when a unit is out with the buyer. */
const returnOfOne = (at: ProbedOrder, restock: boolean): OrderEvent | undefined =>
  unitsOf(at).shipped > unitsOf(at).returned
    ? { type: 'merchant.linesReturned', lines: lines(at, 1), restock }
    : undefined;

/** The money reports (M1-M8, B1, D9), probed on a gateway order. */
const moneyProbes: readonly Probe[] = [
  {
    name: 'pays in full',
    event: (at) => {
      const amount = dueOf(at) > 0 ? dueOf(at) : at.order.total.amount;
      return amount === 0 ? undefined : report('gateway.paymentConfirmed', 'PAY', () => amount)(at);
    },
  },
  {
    name: 'pays half',
    event: (at) =>
      dueOf(at) < 2
        ? undefined
        : report('gateway.paymentConfirmed', 'PAY', () => Math.floor(dueOf(at) / 2))(at),
  },
  {
    name: 'pays 1000 more',
    event: report('gateway.paymentConfirmed', 'PAY', (at) => Math.max(0, dueOf(at)) + 1000),
  },
  {
    name: 'pays in another currency',
    event: (at) => ({
      type: 'gateway.paymentConfirmed',
      transactionId: fresh(at, 'PAY'),
      amount: some(at.order.total.amount),
      currency: otherCurrency(at),
    }),
  },
  {
    name: 'repeats a report',
    event: (at) => {
      const transactionId = at.transactionIds.at(-1);
      return transactionId === undefined
        ? undefined
        : {
            type: 'gateway.paymentConfirmed',
            transactionId,
            amount: some(at.order.total.amount),
            currency: currencyOf(at),
          };
    },
  },
  {
    name: 'authorizes in full',
    event: (at) =>
      dueOf(at) < 1 ? undefined : report('gateway.paymentAuthorized', 'AUTH', dueOf)(at),
  },
  { name: 'captures all held', event: capture(0) },
  { name: 'captures too much', event: capture(1) },
  {
    name: 'captures unknown',
    event: (at) => ({
      type: 'gateway.paymentCaptured',
      transactionId: fresh(at, 'CAP'),
      authorizationId: 'AUTH-0',
      amount: 100,
      currency: currencyOf(at),
    }),
  },
  {
    name: 'voids',
    event: (at) => {
      const authorization = heldAuthorization(at);
      return authorization === undefined
        ? undefined
        : {
            type: 'gateway.authorizationVoided',
            transactionId: fresh(at, 'VOID'),
            authorizationId: authorization.id,
          };
    },
  },
  {
    name: 'refunds half',
    event: (at) =>
      received(at.money) === 0
        ? undefined
        : report('gateway.refunded', 'REF', () => Math.ceil(received(at.money) / 2))(at),
  },
  {
    name: 'refunds too much',
    event: (at) => ({
      type: 'gateway.refunded',
      transactionId: fresh(at, 'REF'),
      amount: received(at.money) + 1,
      currency: currencyOf(at),
    }),
  },
  {
    name: 'charged back',
    event: (at) => ({
      type: 'gateway.chargeback',
      transactionId: fresh(at, 'CB'),
      amount: some(received(at.money)),
      currency: currencyOf(at),
    }),
  },
  {
    name: 'reversed',
    event: (at) => ({
      type: 'gateway.chargebackReversed',
      transactionId: fresh(at, 'CBR'),
      amount: some(at.money.chargedBack),
      currency: currencyOf(at),
    }),
  },
];

/** The events besides money reports, probed on every order. */
const otherProbes: readonly Probe[] = [
  { name: 'fails', event: () => ({ type: 'gateway.paymentFailed' }) },
  { name: 'window elapses', event: () => ({ type: 'timer.paymentWindowElapsed' }) },
  { name: 'sets paid', event: () => ({ type: 'merchant.paymentStatusChanged', status: 'paid' }) },
  {
    name: 'sets pending',
    event: () => ({ type: 'merchant.paymentStatusChanged', status: 'pending' }),
  },
  { name: 'ships 1', event: (at) => ({ type: 'merchant.linesShipped', lines: lines(at, 1) }) },
  {
    name: 'ships too many',
    event: (at) => ({
      type: 'merchant.linesShipped',
      lines: lines(at, firstLine(at).quantity - unitsOf(at).shipped + 1),
    }),
  },
  {
    name: 'ships unknown sku',
    event: (at) => ({
      type: 'merchant.linesShipped',
      lines: [{ sku: unknownSku(at), quantity: 1 }],
    }),
  },
  {
    name: 'sets shipped',
    event: () => ({ type: 'merchant.shippingStatusChanged', status: 'shipped' }),
  },
  {
    name: 'sets not shipped',
    event: () => ({ type: 'merchant.shippingStatusChanged', status: 'notShipped' }),
  },
  { name: '1 back, restock', event: (at) => returnOfOne(at, true) },
  { name: '1 back, no restock', event: (at) => returnOfOne(at, false) },
  {
    name: 'too many back',
    event: (at) => ({
      type: 'merchant.linesReturned',
      lines: lines(at, unitsOf(at).shipped - unitsOf(at).returned + 1),
      restock: true,
    }),
  },
  { name: 'cancels', event: () => ({ type: 'merchant.orderCancelled' }) },
];

/**
 * The cases for an order: every case on a gateway order; on a manual-payment order, one money
 * report stands for them all (each is refused alike, D8).
 *
 * @example
 * probesFor(order).map((probe) => probe.name); // => ['pays in full', 'pays half', ..., 'cancels']
 */
export function probesFor(order: Order): readonly Probe[] {
  return order.paymentMethod.kind === 'gateway'
    ? [...moneyProbes, ...otherProbes]
    : [...moneyProbes.slice(0, 1), ...otherProbes];
}

/**
 * The events the cases for `at` send it, each with its case; the cases that cannot arise there
 * left out.
 *
 * @example
 * probeEvents(snapshot)[0]; // => { probe: { name: 'pays in full', ... }, event: { type: 'gateway.paymentConfirmed', ... } }
 */
export function probeEvents(at: ProbedOrder): { probe: Probe; event: OrderEvent }[] {
  return probesFor(at.order).flatMap((probe) => {
    const event = probe.event(at);
    return event === undefined ? [] : [{ probe, event }];
  });
}
