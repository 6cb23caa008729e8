/**
 * Which states an order can be in: found by exploring the order machine itself, once per kind of
 * order (payment method kind and settings), so a snapshot edited by hand into a state the rules
 * could never produce is refused rather than decided on.
 * May touch: a cache of the states found, per kind of order; nothing else.
 */
import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { OrderEvent } from './events.js';
import { orderMachine } from './machine.js';
import type { Order, Settings } from './order.js';
import type { OrderSnapshot, OrderState } from './snapshot.js';

type MachineSnapshot = SnapshotFrom<typeof orderMachine>;

const reachableByKind = new Map<string, ReadonlySet<string>>();

/**
 * True when the machine can bring an order of this kind into the snapshot's state, and the
 * snapshot's gateway transactions fit it (none on a manual payment, no repeats, one behind every alert).
 *
 * @example
 * isReachable(startOrder({ order, settings }).snapshot); // => true
 */
export function isReachable(snapshot: OrderSnapshot): boolean {
  const { order, settings, state, gatewayTransactionIds: ids } = snapshot;
  const alerted = Object.values(state.paymentAlerts).includes('sent');
  const transactionsFit =
    new Set(ids).size === ids.length &&
    (order.paymentMethod.kind === 'gateway' || ids.length === 0) &&
    (!alerted || ids.length > 0);
  return transactionsFit && statesOf(order.paymentMethod.kind, settings).has(stateKey(state));
}

/** A state as one string, its regions in a fixed order. */
export function stateKey(state: OrderState): string {
  const { amountMismatch, possibleDoublePayment, paymentAfterCancellation } = state.paymentAlerts;
  return [
    state.payment,
    state.shipping,
    state.confirmation,
    state.stock,
    state.orderEmails,
    state.paymentWindow,
    amountMismatch,
    possibleDoublePayment,
    paymentAfterCancellation,
  ].join(' ');
}

function statesOf(kind: Order['paymentMethod']['kind'], settings: Settings): ReadonlySet<string> {
  const hasWindow = settings.paymentWindowMinutes !== undefined;
  const kindKey = [kind, settings.ignoreIncompleteOrders, settings.realtimeStock, hasWindow].join(
    ' ',
  );
  let states = reachableByKind.get(kindKey);
  if (states === undefined) {
    states = explore({
      order: {
        id: 'explore',
        paymentMethod: { kind, provider: 'explore' },
        lines: [{ sku: 'explore', quantity: 1 }],
        total: { amount: 100, currency: 'EUR' },
      },
      settings: {
        ignoreIncompleteOrders: settings.ignoreIncompleteOrders,
        realtimeStock: settings.realtimeStock,
        ...(hasWindow ? { paymentWindowMinutes: 30 } : {}),
      },
    });
    reachableByKind.set(kindKey, states);
  }
  return states;
}

/**
 * Breadth-first over every event the rules know, with a new transaction id for every report: the
 * guards read the settings, the event and whether a transaction is known, so the states are all
 * found whatever else the context holds.
 */
function explore(placement: { order: Order; settings: Settings }): ReadonlySet<string> {
  let reports = 0;
  const report = (amount: number): OrderEvent => {
    reports += 1;
    return {
      type: 'gateway.paymentConfirmed',
      transactionId: `explore-${reports}`,
      amount,
      currency: 'EUR',
    };
  };
  const events = (): OrderEvent[] => [
    report(100),
    report(99),
    { type: 'gateway.paymentFailed' },
    { type: 'timer.paymentWindowElapsed' },
    { type: 'merchant.paymentStatusChanged', status: 'paid' },
    { type: 'merchant.paymentStatusChanged', status: 'pending' },
    { type: 'merchant.shippingStatusChanged', status: 'shipped' },
    { type: 'merchant.shippingStatusChanged', status: 'notShipped' },
    { type: 'merchant.orderCancelled' },
  ];
  const [start] = initialTransition(orderMachine, placement);
  const seen = new Set([keyOf(start)]);
  const queue: MachineSnapshot[] = [start];
  for (let snapshot = queue.shift(); snapshot !== undefined; snapshot = queue.shift()) {
    for (const event of events()) {
      const [next] = transition(orderMachine, snapshot, event);
      const key = keyOf(next);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return seen;
}

function keyOf(snapshot: MachineSnapshot): string {
  return stateKey(snapshot.value as OrderState);
}
