/**
 * The reference model: the rules of RULES.md (edition 2) written a second way, without the machine
 * and without the engine's money and goods modules, so the two can disagree.
 *
 * It keeps a timeline of the events the order took. Before each event it sums that whole timeline
 * again into the facts the rules read (money received and held, units shipped and returned, the
 * ids taken), then answers the event from those facts, event first and in rule-book order (the
 * machine goes state first). Once every event is answered, it reads the timeline of payment
 * statuses at once: where the confirmation is, where the cancellation is, and from there the stock,
 * the order emails and the views of every step.
 */
import type {
  Effect,
  Order,
  OrderEvent,
  OrderView,
  Outcome,
  PaymentAlertCause,
  PaymentStatus,
  ShippingStatus,
} from '../src/index.js';
import type { History } from './arbitraries.js';

export interface ExpectedStep {
  readonly outcome: Outcome;
  readonly reason: string | undefined;
  readonly effects: readonly Effect[];
  readonly view: OrderView;
}

/** The payment statuses that are a confirmation (S1d, S3a, D1-D3, M3). */
const CONFIRMING: readonly PaymentStatus[] = ['paid', 'pending', 'authorized'];

type MoneyEvent = Extract<OrderEvent, { transactionId: string }>;

/** One step of the timeline: what the rules answered, and how the order took the event. */
interface Entry {
  readonly event: OrderEvent | undefined;
  readonly outcome: Outcome;
  readonly reason?: string;
  /** The payment status after the step. */
  readonly payment: PaymentStatus;
  /**
   * A money report taken: counted in the order's currency, only noted (another currency, B1), or
   * the release of a noted authorization (its void: B1, B5).
   */
  readonly taken?: 'counted' | 'noted' | 'released';
  /** The effects the event itself calls for (alerts, voids, refund emails), before those that follow. */
  readonly own: readonly Effect[];
}

/** The facts the rules read, summed from the whole timeline so far. */
interface Facts {
  readonly payment: PaymentStatus;
  readonly confirmed: boolean;
  readonly confirmedAt: number;
  readonly ids: readonly string[];
  readonly captured: number;
  readonly refunded: number;
  readonly chargedBack: number;
  /** Per authorization reported in the order's currency, in report order: what it still holds. */
  readonly holds: readonly { readonly id: string; readonly left: number }[];
  /** The authorizations in another currency noted and not released since (B1, B5). */
  readonly otherHolds: readonly string[];
  readonly otherCurrency: boolean;
  readonly received: number;
  readonly held: number;
  /** Per order line, in line order. */
  readonly lines: readonly {
    readonly deducted: number;
    readonly shipped: number;
    readonly returned: number;
    readonly restored: number;
  }[];
}

const isMovement = (event: OrderEvent | undefined): event is MoneyEvent =>
  event?.type.startsWith('gateway.') === true && event.type !== 'gateway.paymentFailed';

/** Sums the timeline into the facts after its last step. */
function factsOf(order: Order, realtimeStock: boolean, timeline: readonly Entry[]): Facts {
  const payment = (timeline[timeline.length - 1] as Entry).payment;
  const confirmedAt = timeline.findIndex((entry) => CONFIRMING.includes(entry.payment));
  const confirmed = confirmedAt !== -1;
  const counted = timeline.filter((entry) => entry.taken === 'counted').map((e) => e.event);
  const sum = (type: OrderEvent['type'], of = counted) =>
    of.reduce(
      (total, event) => total + (event?.type === type && 'amount' in event ? event.amount : 0),
      0,
    );

  const capturesOf = (id: string) =>
    counted.filter(
      (event) => event?.type === 'gateway.paymentCaptured' && event.authorizationId === id,
    );
  const holds = counted.flatMap((event) => {
    if (event?.type !== 'gateway.paymentAuthorized') return [];
    const voided = counted.some(
      (other) =>
        other?.type === 'gateway.authorizationVoided' &&
        other.authorizationId === event.transactionId,
    );
    const left = voided
      ? 0
      : event.amount - sum('gateway.paymentCaptured', capturesOf(event.transactionId));
    return left > 0 ? [{ id: event.transactionId, left }] : [];
  });
  const captured = sum('gateway.paymentConfirmed') + sum('gateway.paymentCaptured');
  const refunded = sum('gateway.refunded');
  const chargedBack = sum('gateway.chargeback') - sum('gateway.chargebackReversed');

  // Goods: each line's units, walked along the timeline (G1-G5).
  const lines = order.lines.map((line) => ({
    quantity: line.quantity,
    deducted: 0,
    shipped: 0,
    returned: 0,
    restored: 0,
  }));
  const unitsNamed = (named: readonly { sku: string; quantity: number }[], sku: string) =>
    named.find((line) => line.sku === sku)?.quantity ?? 0;
  let cancelled = false;
  timeline.forEach((entry, at) => {
    const { event } = entry;
    if (at === confirmedAt && realtimeStock) {
      for (const line of lines) line.deducted = line.quantity;
    }
    if (entry.outcome !== 'applied' || event === undefined) return;
    if (event.type === 'merchant.linesShipped') {
      order.lines.forEach((line, index) => {
        (lines[index] as (typeof lines)[number]).shipped += unitsNamed(event.lines, line.sku);
      });
    }
    if (event.type === 'merchant.shippingStatusChanged') {
      for (const line of lines) line.shipped = event.status === 'shipped' ? line.quantity : 0;
    }
    if (event.type === 'merchant.linesReturned') {
      order.lines.forEach((line, index) => {
        const units = unitsNamed(event.lines, line.sku);
        const kept = lines[index] as (typeof lines)[number];
        kept.returned += units;
        if (event.restock && kept.deducted > 0) kept.restored += units;
      });
    }
    if (entry.payment === 'cancelled' && !cancelled) {
      cancelled = true;
      for (const line of lines)
        line.restored += line.deducted - Math.min(line.deducted, line.shipped);
    }
  });

  const takenIds = timeline.flatMap((entry) =>
    entry.taken !== undefined && isMovement(entry.event) ? [entry.event.transactionId] : [],
  );
  return {
    payment,
    confirmed,
    confirmedAt,
    ids: [...takenIds, ...holds.map((hold) => hold.id)],
    captured,
    refunded,
    chargedBack,
    holds,
    otherHolds: timeline.flatMap(({ event, taken }) =>
      taken === 'noted' &&
      event?.type === 'gateway.paymentAuthorized' &&
      !timeline.some(
        (later) =>
          later.taken === 'released' &&
          later.event?.type === 'gateway.authorizationVoided' &&
          later.event.authorizationId === event.transactionId,
      )
        ? [event.transactionId]
        : [],
    ),
    otherCurrency: timeline.some((entry) => entry.taken === 'noted'),
    received: captured - refunded - chargedBack,
    held: holds.reduce((total, hold) => total + hold.left, 0),
    lines: lines.map(({ deducted, shipped, returned, restored }) => ({
      deducted,
      shipped,
      returned,
      restored,
    })),
  };
}

/** M2: the payment status the money sets. */
function statusOfMoney(
  total: number,
  confirmed: boolean,
  {
    received,
    held,
    refunded,
    chargedBack,
  }: Pick<Facts, 'received' | 'held' | 'refunded' | 'chargedBack'>,
): PaymentStatus {
  if (received >= total) return 'paid';
  if (received + held >= total) return 'authorized';
  if (refunded + chargedBack > 0) return received === 0 ? 'refunded' : 'partiallyRefunded';
  if (received + held > 0) return 'partiallyPaid';
  return confirmed ? 'voided' : 'incomplete';
}

/** G2, G3: the shipping status the goods leave. */
function shippingOf(order: Order, lines: Facts['lines']): ShippingStatus {
  const total = (count: 'shipped' | 'returned') =>
    lines.reduce((units, line) => units + line[count], 0);
  const ordered = order.lines.reduce((units, line) => units + line.quantity, 0);
  if (total('returned') > 0)
    return total('returned') === total('shipped') ? 'returned' : 'partiallyReturned';
  if (total('shipped') === ordered) return 'shipped';
  return total('shipped') > 0 ? 'partiallyShipped' : 'notShipped';
}

/** What the rules expect at placement and after each event of `history`, one entry per step. */
export function expectedSteps({ placement, events }: History): ExpectedStep[] {
  const { order, settings } = placement;
  const { amount: total, currency } = order.total;
  const gateway = order.paymentMethod.kind === 'gateway';
  const windowMinutes = gateway && total > 0 ? settings.paymentWindowMinutes : undefined;
  /** An id inside a key, its `%` and `:` written as %25 and %3A so that keys cannot collide. */
  const escaped = (id: string) => id.split('%').join('%25').split(':').join('%3A');
  const key = (name: string) => `${escaped(order.id)}:${name}`;

  const alert = (
    cause: PaymentAlertCause,
    about: { transactionId?: string; amount?: number; currency?: string },
  ): Effect => ({
    type: 'sendEmail',
    template: 'merchantPaymentAlert',
    orderId: order.id,
    cause,
    ...about,
    idempotencyKey: key(
      `sendEmail:merchantPaymentAlert:${cause}${about.transactionId === undefined ? '' : `:${escaped(about.transactionId)}`}`,
    ),
  });
  const movementAlert = (cause: PaymentAlertCause, event: MoneyEvent) =>
    alert(cause, {
      transactionId: event.transactionId,
      ...('amount' in event ? { amount: event.amount, currency: event.currency } : {}),
    });
  const voiding = (authorizationId: string): Effect => ({
    type: 'voidAuthorization',
    orderId: order.id,
    authorizationId,
    idempotencyKey: key(`voidAuthorization:${escaped(authorizationId)}`),
  });

  /** The answer to one event, from the facts of the timeline before it. */
  const answer = (event: OrderEvent, facts: Facts): Omit<Entry, 'event'> => {
    const { payment, confirmed } = facts;
    const keep = (outcome: Outcome, reason: string) => ({ outcome, reason, payment, own: [] });
    const become = (next: PaymentStatus, own: readonly Effect[] = []) => ({
      outcome: 'applied' as const,
      payment: next,
      own,
    });
    const unitsShipped = facts.lines.reduce((units, line) => units + line.shipped, 0);
    const namesUnknownSku = (lines: readonly { sku: string }[]) =>
      lines.some((named) => !order.lines.some((line) => line.sku === named.sku));
    const named = (lines: readonly { sku: string; quantity: number }[], sku: string) =>
      lines.find((line) => line.sku === sku)?.quantity ?? 0;

    switch (event.type) {
      case 'gateway.paymentConfirmed':
      case 'gateway.paymentAuthorized':
      case 'gateway.paymentCaptured':
      case 'gateway.authorizationVoided':
      case 'gateway.refunded':
      case 'gateway.chargeback':
      case 'gateway.chargebackReversed': {
        if (!gateway) return keep('refused', 'gatewayReportOnManualPayment'); // D8
        if (facts.ids.includes(event.transactionId))
          return keep('unchanged', 'duplicateGatewayReport'); // D9
        if ('currency' in event && event.currency !== currency) {
          // B1: noted, not counted; the merchant reviews it.
          const next = payment === 'cancelled' ? 'cancelled' : 'review';
          // B6: a cancelled order releases an authorization at once, in any currency.
          const released =
            payment === 'cancelled' && event.type === 'gateway.paymentAuthorized'
              ? [voiding(event.transactionId)]
              : [];
          return {
            ...become(next, [...released, movementAlert('currencyMismatch', event)]),
            taken: 'noted',
          };
        }
        // B1, B5: the void of an authorization in another currency: taken, nothing counted or told.
        if (
          event.type === 'gateway.authorizationVoided' &&
          facts.otherHolds.includes(event.authorizationId)
        ) {
          return { ...become(payment), taken: 'released' };
        }
        // The report must fit the money kept (M4, M7, M8, I8).
        const hold =
          'authorizationId' in event
            ? facts.holds.find((held) => held.id === event.authorizationId)
            : undefined;
        if ('authorizationId' in event && hold === undefined)
          return keep('refused', 'unknownAuthorization');
        if (event.type === 'gateway.paymentCaptured' && event.amount > (hold?.left ?? 0)) {
          return keep('refused', 'captureExceedsAuthorization');
        }
        if (event.type === 'gateway.refunded' && event.amount > facts.received) {
          return keep('refused', 'refundExceedsPayment');
        }
        if (event.type === 'gateway.chargeback' && event.amount > facts.received) {
          return keep('refused', 'chargebackExceedsPayment');
        }
        if (event.type === 'gateway.chargebackReversed' && event.amount > facts.chargedBack) {
          return keep('refused', 'reversalExceedsChargeback');
        }

        // Counted: the money as the report leaves it.
        const amount = 'amount' in event ? event.amount : 0;
        const received =
          facts.received +
          ([
            'gateway.paymentConfirmed',
            'gateway.paymentCaptured',
            'gateway.chargebackReversed',
          ].includes(event.type)
            ? amount
            : ['gateway.refunded', 'gateway.chargeback'].includes(event.type)
              ? -amount
              : 0);
        const held =
          event.type === 'gateway.paymentAuthorized'
            ? facts.held + amount
            : event.type === 'gateway.paymentCaptured'
              ? facts.held - amount
              : event.type === 'gateway.authorizationVoided'
                ? facts.held - (hold?.left ?? 0)
                : facts.held;
        const after = {
          received,
          held,
          refunded: facts.refunded + (event.type === 'gateway.refunded' ? amount : 0),
          chargedBack:
            facts.chargedBack +
            (event.type === 'gateway.chargeback' ? amount : 0) -
            (event.type === 'gateway.chargebackReversed' ? amount : 0),
        };
        const moneyIn = [
          'gateway.paymentConfirmed',
          'gateway.paymentCaptured',
          'gateway.chargebackReversed',
        ].includes(event.type);
        const own: Effect[] = [];
        if (event.type === 'gateway.refunded') {
          own.push({
            type: 'sendEmail',
            template: 'customerRefundNotification',
            orderId: order.id,
            transactionId: event.transactionId,
            amount,
            currency,
            idempotencyKey: key(
              `sendEmail:customerRefundNotification:${escaped(event.transactionId)}`,
            ),
          }); // M7
        }
        if (event.type === 'gateway.chargeback') own.push(movementAlert('chargeback', event)); // M8
        const overpayment = () =>
          alert('overpayment', {
            transactionId: event.transactionId,
            amount: received - Math.max(facts.received, total),
            currency,
          }); // M6
        const nothingLeftOnConfirmed =
          event.type === 'gateway.authorizationVoided' && confirmed && received + held === 0;
        const voidedAlert = () =>
          alert('authorizationVoided', { transactionId: event.transactionId }); // M4

        if (payment === 'cancelled') {
          // B6: stays cancelled; money in is told, an authorization released at once.
          if (event.type === 'gateway.paymentAuthorized') own.push(voiding(event.transactionId));
          if (moneyIn || event.type === 'gateway.paymentAuthorized') {
            own.push(movementAlert('paymentAfterCancellation', event));
          }
          return { ...become('cancelled', own), taken: 'counted' };
        }
        if (moneyIn && received > total) own.push(overpayment());
        if (nothingLeftOnConfirmed) own.push(voidedAlert());
        if (payment === 'review') {
          // B1: only money that covers the order ends the review.
          if (received >= total) return { ...become('paid', own), taken: 'counted' };
          if (received + held >= total) return { ...become('authorized', own), taken: 'counted' };
          return { ...become('review', own), taken: 'counted' };
        }
        const next = statusOfMoney(total, confirmed, after); // M2
        if (
          next === 'partiallyPaid' &&
          (event.type === 'gateway.paymentConfirmed' || event.type === 'gateway.paymentAuthorized')
        ) {
          own.push(
            alert('partialPayment', {
              transactionId: event.transactionId,
              amount: total - received - held,
              currency,
            }),
          ); // M5
        }
        return { ...become(next, own), taken: 'counted' };
      }

      case 'gateway.paymentFailed': // B3
        if (!gateway) return keep('refused', 'gatewayReportOnManualPayment'); // D8
        if (payment === 'review') return keep('unchanged', 'awaitingMerchantReview');
        if (payment === 'cancelled') return keep('unchanged', 'alreadyCancelled');
        if (payment === 'paid') return keep('refused', 'orderAlreadyPaid');
        if (facts.received > 0 || facts.held > 0) return keep('unchanged', 'paymentReceived');
        if (!confirmed) return keep('unchanged', 'buyerMayRetry');
        if (payment === 'failed') return keep('unchanged', 'statusAlreadySet');
        return become('failed');

      case 'timer.paymentWindowElapsed': // B4, I10
        if (windowMinutes === undefined) return keep('refused', 'noPaymentWindow');
        if (payment === 'review') return keep('unchanged', 'awaitingMerchantReview');
        if (payment === 'cancelled') return keep('unchanged', 'alreadyCancelled');
        if (facts.received > 0 || facts.held > 0) return keep('unchanged', 'paymentReceived');
        if (unitsShipped > 0) return keep('unchanged', 'goodsShipped');
        if (payment === 'paid') return keep('unchanged', 'alreadyPaid');
        if (payment === 'expired') return keep('unchanged', 'statusAlreadySet');
        if (!confirmed) return become('expired');
        if (settings.ignoreIncompleteOrders) return keep('unchanged', 'confirmedByMerchant');
        return become('cancelled');

      case 'merchant.paymentStatusChanged': // D2, D3, D4, D11, B5
        if (payment === 'cancelled') return keep('refused', 'orderCancelled');
        if (event.status === payment) return keep('unchanged', 'statusAlreadySet');
        return become(event.status);

      case 'merchant.orderCancelled': {
        // B5: each authorization still held released, the money received to refund.
        if (payment === 'cancelled') return keep('unchanged', 'statusAlreadySet');
        const own = [...facts.holds.map((hold) => hold.id), ...facts.otherHolds].map(voiding);
        if (facts.received > 0) own.push(alert('refundDue', { amount: facts.received, currency }));
        return become('cancelled', own);
      }

      case 'merchant.linesShipped': // G2, D5
        if (payment === 'cancelled') return keep('refused', 'orderCancelled');
        if (!confirmed) return keep('refused', 'orderNotConfirmed');
        if (namesUnknownSku(event.lines)) return keep('refused', 'unknownSku');
        if (
          order.lines.some(
            (line, at) =>
              (facts.lines[at]?.shipped ?? 0) + named(event.lines, line.sku) > line.quantity,
          )
        ) {
          return keep('refused', 'exceedsOrderedQuantity');
        }
        return become(payment);

      case 'merchant.shippingStatusChanged': // G2, D5, D11
        if (payment === 'cancelled') return keep('refused', 'orderCancelled');
        if (
          event.status === 'shipped' &&
          order.lines.every((line, at) => facts.lines[at]?.shipped === line.quantity)
        ) {
          return keep('unchanged', 'statusAlreadySet');
        }
        if (event.status === 'notShipped' && unitsShipped === 0)
          return keep('unchanged', 'statusAlreadySet');
        if (!confirmed) return keep('refused', 'orderNotConfirmed');
        if (event.status === 'notShipped' && facts.lines.some((line) => line.returned > 0)) {
          return keep('refused', 'linesReturned');
        }
        return become(payment);

      case 'merchant.linesReturned': // G3
        if (namesUnknownSku(event.lines)) return keep('refused', 'unknownSku');
        if (
          order.lines.some((line, at) => {
            const goods = facts.lines[at];
            return (goods?.returned ?? 0) + named(event.lines, line.sku) > (goods?.shipped ?? 0);
          })
        ) {
          return keep('refused', 'exceedsShippedQuantity');
        }
        return become(payment);
    }
  };

  // Pass 1: each event's answer, from the facts the whole timeline before it gives.
  const placed: PaymentStatus =
    total === 0 ? 'paid' : !gateway || !settings.ignoreIncompleteOrders ? 'pending' : 'incomplete'; // D12, S3a, D1, S1
  const timeline: Entry[] = [{ event: undefined, outcome: 'applied', payment: placed, own: [] }];
  const factsAfter: Facts[] = [factsOf(order, settings.realtimeStock, timeline)];
  for (const event of events) {
    const before = factsAfter[factsAfter.length - 1] as Facts;
    timeline.push({ event, ...answer(event, before) });
    factsAfter.push(factsOf(order, settings.realtimeStock, timeline));
  }

  // Pass 2: the confirmation and the cancellation, read from the timeline of statuses at once.
  const confirmedAt = timeline.findIndex((entry) => CONFIRMING.includes(entry.payment));
  const cancelledAt = timeline.findIndex((entry) => entry.payment === 'cancelled');
  const restoredUnits = (facts: Facts) =>
    facts.lines.reduce((units, line) => units + line.restored, 0);

  return timeline.map((entry, at) => {
    const facts = factsAfter[at] as Facts;
    const before = factsAfter[at - 1];
    const effects: Effect[] = [];
    const restoration = (): Effect[] => {
      if (before === undefined) return [];
      const lines = order.lines.flatMap((line, index) => {
        const units = (facts.lines[index]?.restored ?? 0) - (before.lines[index]?.restored ?? 0);
        return units > 0 ? [{ sku: line.sku, quantity: units }] : [];
      });
      if (lines.length === 0) return [];
      return [
        {
          type: 'restoreStock',
          orderId: order.id,
          lines,
          idempotencyKey: key(`restoreStock:${restoredUnits(facts)}`),
        },
      ];
    };

    if (at === 0 && windowMinutes !== undefined) {
      effects.push({
        type: 'scheduleTimer',
        orderId: order.id,
        timer: 'paymentWindow',
        afterMinutes: windowMinutes,
        idempotencyKey: key('scheduleTimer:paymentWindow'),
      }); // B4
    }
    effects.push(...entry.own);
    if (entry.event?.type === 'merchant.linesReturned') effects.push(...restoration()); // G3
    if (at === confirmedAt) {
      if (settings.realtimeStock) {
        effects.push({
          type: 'deductStock',
          orderId: order.id,
          lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
          idempotencyKey: key('deductStock'),
        }); // I1
      }
      for (const template of ['merchantOrderNotification', 'customerOrderConfirmation'] as const) {
        effects.push({
          type: 'sendEmail',
          template,
          orderId: order.id,
          paymentStatus: entry.payment,
          idempotencyKey: key(`sendEmail:${template}`),
        }); // I4
      }
    }
    if (at === cancelledAt && confirmedAt !== -1 && confirmedAt < at) {
      effects.push(...restoration()); // G4
      effects.push({
        type: 'sendEmail',
        template: 'customerOrderCancellation',
        orderId: order.id,
        idempotencyKey: key('sendEmail:customerOrderCancellation'),
      }); // D13
    }

    const confirmed = confirmedAt !== -1 && at >= confirmedAt;
    return {
      outcome: entry.outcome,
      reason: entry.reason,
      effects,
      view: {
        orderId: order.id,
        paymentStatus: entry.payment,
        shippingStatus: shippingOf(order, facts.lines),
        listed:
          confirmed ||
          entry.payment === 'review' ||
          facts.received > 0 ||
          facts.held > 0 ||
          facts.otherCurrency, // I6
        confirmed,
        stockDeducted: facts.lines.some((line) => line.deducted > line.restored),
        amounts: {
          total,
          held: facts.held,
          captured: facts.captured,
          refunded: facts.refunded,
          chargedBack: facts.chargedBack,
          received: facts.received,
          due: total - facts.received,
        },
        lines: order.lines.map((line, index) => ({
          sku: line.sku,
          quantity: line.quantity,
          ...(facts.lines[index] as Facts['lines'][number]),
        })),
      },
    };
  });
}
