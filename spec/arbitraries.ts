/**
 * The arbitraries every property draws from: orders of both payment method kinds (one line per sku,
 * a known currency, totals of 0 sometimes), all settings (with and without a payment window), and
 * histories of every event the rules know: sales, authorizations captured in parts and voided,
 * refunds, chargebacks and reversals, of amounts around the order's total (split, short, over, too
 * large) and sometimes in another currency, from a small pool of transaction ids so that repeats
 * are common; failures, window elapses, merchant status changes, shipments and returns of some
 * units (sometimes of a sku not in the order, or too many), and cancellations.
 */
import fc from 'fast-check';
import type { Order, OrderEvent, OrderLine, Placement, Settings } from '../src/index.js';

export const settingsArb: fc.Arbitrary<Settings> = fc
  .tuple(
    fc.boolean(),
    fc.boolean(),
    fc.option(fc.integer({ min: 1, max: 10_080 }), { nil: undefined }),
  )
  .map(([ignoreIncompleteOrders, realtimeStock, paymentWindowMinutes]) => ({
    ignoreIncompleteOrders,
    realtimeStock,
    ...(paymentWindowMinutes === undefined ? {} : { paymentWindowMinutes }),
  }));

const gatewayMethodArb = fc.record({
  kind: fc.constant('gateway' as const),
  provider: fc.constantFrom('paypal', 'ideal', 'card'),
});
const manualMethodArb = fc.record({
  kind: fc.constant('manual' as const),
  provider: fc.constantFrom('cheque', 'bankTransfer', 'cashOnDelivery'),
});

/** A sku no generated order has: the one shipments and returns name when they name a wrong sku. */
export const UNKNOWN_SKU = 'NOT-IN-THE-ORDER';

const currencies = ['EUR', 'USD', 'GBP', 'JPY'] as const;

/** Mostly a few units, so that shipments and returns of some units often reach the whole line. */
const quantityArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 5 },
  { arbitrary: fc.integer({ min: 1, max: 1000 }), weight: 1 },
);

/** Mostly small totals, sometimes 0 (D12), sometimes large. */
const totalAmountArb = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 10 }), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 10_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 10_000_000 }), weight: 1 },
);

export const orderArb: fc.Arbitrary<Order> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 24 }),
  paymentMethod: fc.oneof(
    { arbitrary: gatewayMethodArb, weight: 3 },
    { arbitrary: manualMethodArb, weight: 1 },
  ),
  lines: fc.uniqueArray(
    fc.record({
      sku: fc
        .oneof(
          fc.constantFrom('TEE-M', 'TEE-L', 'MUG-RED', 'CAP'),
          fc.string({ minLength: 1, maxLength: 16 }),
        )
        .filter((sku) => sku !== UNKNOWN_SKU),
      quantity: quantityArb,
    }),
    { minLength: 1, maxLength: 4, selector: (line) => line.sku },
  ),
  total: fc.record({ amount: totalAmountArb, currency: fc.constantFrom(...currencies) }),
});

export const placementArb: fc.Arbitrary<Placement> = fc.record({
  order: orderArb,
  settings: settingsArb,
});

/** How a movement's amount relates to the order's total; mapped to at least 1 minor unit. */
const shareArb = fc.oneof(
  fc.constantFrom(
    'total' as const,
    'total' as const,
    'half' as const,
    'otherHalf' as const,
    'one' as const,
    'justUnder' as const,
    'justOver' as const,
    'double' as const,
  ),
  fc.record({ exactly: fc.integer({ min: 1, max: 20_000 }) }),
);
type Share = typeof shareArb extends fc.Arbitrary<infer T> ? T : never;

const amountOf = (share: Share, total: number): number => {
  const half = Math.floor(total / 2);
  const amount =
    typeof share === 'object'
      ? share.exactly
      : {
          total,
          half,
          otherHalf: total - half,
          one: 1,
          justUnder: total - 1,
          justOver: total + 1,
          double: 2 * total,
        }[share];
  return Math.max(1, amount);
};

/**
 * A transaction id: mostly one of a few of the report's own kind, sometimes the id of an earlier
 * report of any kind (D9 for every kind of report).
 */
const transactionArb = (prefix: string) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => `${prefix}-${n}`), weight: 5 },
    { arbitrary: fc.record({ earlier: fc.nat() }), weight: 1 },
  );

/** Mostly the order's currency, sometimes another one (B1): `otherCurrency` in 7 reports. */
const currencyChoiceArb = (otherCurrency: number) =>
  fc.oneof(
    { arbitrary: fc.constant('own' as const), weight: 7 - otherCurrency },
    { arbitrary: fc.constant('other' as const), weight: otherCurrency },
  );

const movementDraft = <const Type extends string>(
  type: Type,
  prefix: string,
  otherCurrency: number,
) =>
  fc.record({
    type: fc.constant(type),
    transaction: transactionArb(prefix),
    share: shareArb,
    currency: currencyChoiceArb(otherCurrency),
  });

/** Which authorization a capture or a void names: the latest or the first reported, or none known. */
const authorizationChoiceArb = fc.constantFrom(
  'latest' as const,
  'latest' as const,
  'latest' as const,
  'first' as const,
  'unknown' as const,
);

const saleDraft = (otherCurrency: number) =>
  movementDraft('gateway.paymentConfirmed', 'PAY', otherCurrency);
const authorizationDraft = (otherCurrency: number) =>
  movementDraft('gateway.paymentAuthorized', 'AUTH', otherCurrency);
const captureDraft = (otherCurrency: number) =>
  fc.record({
    type: fc.constant('gateway.paymentCaptured' as const),
    transaction: transactionArb('CAP'),
    authorization: authorizationChoiceArb,
    share: fc.oneof(
      shareArb,
      fc.constantFrom('wholeAuthorization' as const, 'halfAuthorization' as const),
    ),
    currency: currencyChoiceArb(otherCurrency),
  });
const voidDraft = fc.record({
  type: fc.constant('gateway.authorizationVoided' as const),
  transaction: transactionArb('VOID'),
  authorization: authorizationChoiceArb,
});
const refundDraft = (otherCurrency: number) =>
  movementDraft('gateway.refunded', 'REF', otherCurrency);
const chargebackDraft = (otherCurrency: number) =>
  movementDraft('gateway.chargeback', 'DSP', otherCurrency);
const reversalDraft = (otherCurrency: number) =>
  movementDraft('gateway.chargebackReversed', 'WON', otherCurrency);

/** Units of a line, from its ordered quantity: one, half, all of it, or one too many. */
const unitsArb = fc.constantFrom(
  'one' as const,
  'one' as const,
  'half' as const,
  'all' as const,
  'tooMany' as const,
);
const linesDraftArb = fc.record({
  picks: fc.array(fc.record({ line: fc.nat(), units: unitsArb }), { minLength: 1, maxLength: 3 }),
  unknownSku: fc.oneof(
    { arbitrary: fc.constant(false), weight: 9 },
    { arbitrary: fc.constant(true), weight: 1 },
  ),
});
const shipmentDraft = fc.record({
  type: fc.constant('merchant.linesShipped' as const),
  lines: linesDraftArb,
});
/** A return: mostly of units the latest shipment named (some or all of them), sometimes of any lines. */
const returnDraft = fc.record({
  type: fc.constant('merchant.linesReturned' as const),
  lines: fc.oneof(
    {
      arbitrary: fc.constantFrom('latestShipment' as const, 'oneOfLatestShipment' as const),
      weight: 2,
    },
    { arbitrary: linesDraftArb, weight: 1 },
  ),
  restock: fc.boolean(),
});

const paymentStatusArb = fc.record({
  type: fc.constant('merchant.paymentStatusChanged' as const),
  status: fc.constantFrom('paid' as const, 'pending' as const),
});
const shippingStatusArb = fc.record({
  type: fc.constant('merchant.shippingStatusChanged' as const),
  status: fc.constantFrom('shipped' as const, 'notShipped' as const),
});
const paymentFailedArb = fc.record(
  {
    type: fc.constant('gateway.paymentFailed' as const),
    transactionId: fc.constantFrom('PAY-1', 'PAY-9'),
    reason: fc.constantFrom('denied', 'expired'),
  },
  { requiredKeys: ['type'] },
);
const windowElapsedArb = fc.constant({ type: 'timer.paymentWindowElapsed' as const });
const cancelledArb = fc.record(
  {
    type: fc.constant('merchant.orderCancelled' as const),
    reason: fc.constantFrom('out of stock', ''),
  },
  { requiredKeys: ['type'] },
);

/**
 * How often the merchant steps in. Most histories see a cancellation seldom and many status
 * changes, and money mostly in the order's currency; some see a cancellation early, so that what
 * follows it is tried too (money and returns on a cancelled order, B5, B6); some see few status
 * changes, so that orders stay unconfirmed while money comes in (M2, M5); some see much money in
 * another currency (B1, I6).
 */
const tempoArb = {
  cancellations: fc.oneof(
    { arbitrary: fc.constant(1), weight: 3 },
    { arbitrary: fc.constant(8), weight: 1 },
  ),
  statusChanges: fc.oneof(
    { arbitrary: fc.constant(6), weight: 3 },
    { arbitrary: fc.constant(1), weight: 1 },
  ),
  otherCurrency: fc.oneof(
    { arbitrary: fc.constant(1), weight: 3 },
    { arbitrary: fc.constant(4), weight: 1 },
  ),
};
interface Tempo {
  readonly cancellations: number;
  readonly statusChanges: number;
  readonly otherCurrency: number;
}

/**
 * Every kind of event; `cancellations` and `statusChanges` weigh the merchant's cancellations and
 * payment status changes against the rest.
 */
const draftsArb = ({ cancellations, statusChanges, otherCurrency }: Tempo) =>
  fc.oneof(
    { arbitrary: saleDraft(otherCurrency), weight: 12 },
    { arbitrary: authorizationDraft(otherCurrency), weight: 6 },
    { arbitrary: captureDraft(otherCurrency), weight: 6 },
    { arbitrary: voidDraft, weight: 4 },
    { arbitrary: refundDraft(otherCurrency), weight: 4 },
    { arbitrary: chargebackDraft(otherCurrency), weight: 4 },
    { arbitrary: reversalDraft(otherCurrency), weight: 2 },
    { arbitrary: paymentStatusArb, weight: statusChanges },
    { arbitrary: shippingStatusArb, weight: 6 },
    { arbitrary: shipmentDraft, weight: 6 },
    { arbitrary: returnDraft, weight: 6 },
    { arbitrary: paymentFailedArb, weight: 2 },
    { arbitrary: windowElapsedArb, weight: 4 },
    { arbitrary: cancelledArb, weight: cancellations },
  );
type Draft = ReturnType<typeof draftsArb> extends fc.Arbitrary<infer T> ? T : never;

/** An order's placement and the events that follow it. */
export interface History {
  readonly placement: Placement;
  readonly events: readonly OrderEvent[];
}

/**
 * The events of `drafts`, given amounts, currencies, ids and lines from `order` and from the drafts
 * before each one: captures and voids name authorizations reported earlier, repeats name earlier ids.
 */
function eventsOf(order: Order, drafts: readonly Draft[]): OrderEvent[] {
  const { amount: total, currency } = order.total;
  const otherCurrency = currency === 'EUR' ? 'USD' : 'EUR';
  const ids: string[] = [];
  let latestShipment: readonly OrderLine[] = [];
  const authorizations: { id: string; amount: number }[] = [];
  const idOf = (transaction: string | { earlier: number }, fallback: string) => {
    const id =
      typeof transaction === 'string'
        ? transaction
        : (ids[transaction.earlier % Math.max(ids.length, 1)] ?? fallback);
    ids.push(id);
    return id;
  };
  const authorizationOf = (choice: 'latest' | 'first' | 'unknown') =>
    choice === 'unknown'
      ? undefined
      : choice === 'first'
        ? authorizations[0]
        : authorizations[authorizations.length - 1];
  const linesOf = ({
    picks,
    unknownSku,
  }: Extract<Draft, { type: 'merchant.linesShipped' }>['lines']) => {
    const lines: OrderLine[] = [];
    for (const { line, units } of picks) {
      const ordered = order.lines[line % order.lines.length] as OrderLine;
      if (lines.some((named) => named.sku === ordered.sku)) continue;
      const half = Math.max(1, Math.floor(ordered.quantity / 2));
      const quantity = { one: 1, half, all: ordered.quantity, tooMany: ordered.quantity + 1 }[
        units
      ];
      lines.push({ sku: ordered.sku, quantity });
    }
    return unknownSku ? [...lines, { sku: UNKNOWN_SKU, quantity: 1 }] : lines;
  };

  return drafts.map((draft): OrderEvent => {
    switch (draft.type) {
      case 'gateway.paymentConfirmed':
      case 'gateway.paymentAuthorized':
      case 'gateway.refunded':
      case 'gateway.chargeback':
      case 'gateway.chargebackReversed': {
        const transactionId = idOf(draft.transaction, 'PAY-1');
        const amount = amountOf(draft.share, total);
        if (draft.type === 'gateway.paymentAuthorized') {
          authorizations.push({ id: transactionId, amount });
        }
        return {
          type: draft.type,
          transactionId,
          amount,
          currency: draft.currency === 'own' ? currency : otherCurrency,
        };
      }
      case 'gateway.paymentCaptured': {
        const authorization = authorizationOf(draft.authorization);
        const held = authorization?.amount ?? total;
        const amount =
          draft.share === 'wholeAuthorization'
            ? Math.max(1, held)
            : draft.share === 'halfAuthorization'
              ? Math.max(1, Math.floor(held / 2))
              : amountOf(draft.share, total);
        return {
          type: draft.type,
          transactionId: idOf(draft.transaction, 'CAP-1'),
          authorizationId: authorization?.id ?? 'AUTH-UNKNOWN',
          amount,
          currency: draft.currency === 'own' ? currency : otherCurrency,
        };
      }
      case 'gateway.authorizationVoided':
        return {
          type: draft.type,
          transactionId: idOf(draft.transaction, 'VOID-1'),
          authorizationId: authorizationOf(draft.authorization)?.id ?? 'AUTH-UNKNOWN',
        };
      case 'merchant.linesShipped':
        latestShipment = linesOf(draft.lines);
        return { type: draft.type, lines: latestShipment };
      case 'merchant.shippingStatusChanged':
        if (draft.status === 'shipped') latestShipment = order.lines;
        return draft;
      case 'merchant.linesReturned': {
        const lines =
          typeof draft.lines === 'object'
            ? linesOf(draft.lines)
            : draft.lines === 'latestShipment' && latestShipment.length > 0
              ? latestShipment
              : [
                  {
                    sku: (latestShipment[0] ?? (order.lines[0] as OrderLine)).sku,
                    quantity: 1,
                  },
                ];
        return { type: draft.type, lines, restock: draft.restock };
      }
      default:
        return draft;
    }
  });
}

/**
 * Histories of `minEvents` to `maxEvents` events (0 to 40 by default) of every kind, amounts
 * drawn around the order's total, at a tempo drawn for each history.
 */
export const historyArb = (maxEvents = 40, minEvents = 0): fc.Arbitrary<History> =>
  fc
    .tuple(
      placementArb,
      fc
        .record(tempoArb)
        .chain((tempo) =>
          fc.array(draftsArb(tempo), { minLength: minEvents, maxLength: maxEvents, size: 'max' }),
        ),
    )
    .map(([placement, drafts]) => ({ placement, events: eventsOf(placement.order, drafts) }));

/** Any value at all: primitives, arrays, objects with or without prototype, maps, boxes, dates, big integers... */
export const junkArb = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});
