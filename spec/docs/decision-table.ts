/**
 * The decision table: every state an order can reach, for each kind of order, and what the engine
 * decides for every event there. Found by exploring `orderMachine` with the path helpers of
 * `xstate/graph`, with explicit event payloads so that every guard is exercised.
 */
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describeEffect, describeEvent } from '../../src/cli/describe.js';
import { decide, type MachineSnapshot, toStored } from '../../src/decide.js';
import { eventsBesidesReports } from '../../src/events.js';
import {
  type Effect,
  type OrderEvent,
  type OrderView,
  type Placement,
  startOrder,
} from '../../src/index.js';
import { orderMachine } from '../../src/machine.js';
import type { OrderState } from '../../src/snapshot.js';

/** One kind of order: its payment method kind and the settings it was placed with. */
export interface OrderKind {
  readonly title: string;
  readonly placement: Placement;
}

/** One reachable state, the shortest way to it, and the engine's answer to every event there. */
export interface StateRows {
  readonly state: OrderState;
  readonly view: OrderView;
  /** The events that lead from placement to this state. */
  readonly path: readonly OrderEvent[];
  readonly rows: readonly Row[];
}

export interface Row {
  readonly event: OrderEvent;
  readonly outcome: string;
  readonly view: OrderView;
  readonly effects: readonly Effect[];
  readonly rules: readonly string[];
}

export interface KindTable {
  readonly kind: OrderKind;
  readonly placementEffects: readonly Effect[];
  readonly states: readonly StateRows[];
}

const total = { amount: 3990, currency: 'EUR' };

/** The 8 kinds of order: gateway or manual payment, x "Ignore Incomplete Orders", x realtime stock. */
export const orderKinds: readonly OrderKind[] = (['gateway', 'manual'] as const).flatMap((kind) =>
  [true, false].flatMap((ignoreIncompleteOrders) =>
    [true, false].map((realtimeStock) => ({
      title: `${kind === 'gateway' ? 'Gateway payment (PayPal, iDEAL, card)' : 'Manual payment (cheque, bank transfer)'}, Ignore Incomplete Orders ${ignoreIncompleteOrders ? 'on' : 'off'}, realtime stock ${realtimeStock ? 'on' : 'off'}`,
      placement: {
        order: {
          id: 'A-1001',
          paymentMethod: { kind, provider: kind === 'gateway' ? 'paypal' : 'cheque' },
          lines: [{ sku: 'TEE-M', quantity: 2 }],
          total,
        },
        settings: { ignoreIncompleteOrders, realtimeStock, paymentWindowMinutes: 30 },
      },
    })),
  ),
);

/** Every event there is to send in `snapshot`: a new matching report, a new mismatched one, a repeat... */
function eventsIn(snapshot: MachineSnapshot): OrderEvent[] {
  const known = snapshot.context.gatewayTransactionIds;
  const fresh = `PAY-${known.length + 1}`;
  return [
    { type: 'gateway.paymentConfirmed', transactionId: fresh, ...total },
    { type: 'gateway.paymentConfirmed', transactionId: fresh, amount: 399, currency: 'EUR' },
    ...known.slice(0, 1).map(
      (transactionId): OrderEvent => ({
        type: 'gateway.paymentConfirmed',
        transactionId,
        ...total,
      }),
    ),
    ...eventsBesidesReports,
  ];
}

/** Explores the machine for one kind of order. */
export function exploreKind(kind: OrderKind): KindTable {
  const paths = getShortestPaths(orderMachine, {
    input: kind.placement,
    events: eventsIn,
    serializeState: (snapshot) => JSON.stringify(snapshot.value),
  });
  const states = paths.map((path): StateRows => {
    // Replayed from placement, so the context (the transactions known) is the path's own.
    const events = path.steps.slice(1).map((step) => step.event as OrderEvent);
    const reached = events.reduce(
      (snapshot, event) => transition(orderMachine, snapshot, event)[0],
      initialTransition(orderMachine, kind.placement)[0],
    );
    const stored = toStored(reached);
    const before = viewOf(reached);
    return {
      state: stored.state,
      view: before,
      path: events,
      rows: eventsIn(reached).map((event) => {
        const verdict = decide(reached, event);
        const after = verdict.outcome === 'applied' ? viewOf(verdict.next) : before;
        const effects = verdict.outcome === 'applied' ? verdict.effects : [];
        const outcome =
          verdict.outcome === 'applied' ? 'applied' : `${verdict.outcome}: ${verdict.reason}`;
        return {
          event,
          outcome,
          view: after,
          effects,
          rules: rulesOf(kind, stored.state, event, outcome, effects),
        };
      }),
    };
  });
  return {
    kind,
    placementEffects: [...startOrder(kind.placement).effects],
    states: states.sort((a, b) => order(a) - order(b)),
  };
}

/** Explores every kind of order. */
export function exploreAll(): KindTable[] {
  return orderKinds.map(exploreKind);
}

/** The view of a machine snapshot, read from the machine itself (its `listed` tag). */
function viewOf(snapshot: MachineSnapshot): OrderView {
  const { state, order } = toStored(snapshot);
  return {
    orderId: order.id,
    paymentStatus: state.payment,
    shippingStatus: state.shipping,
    listed: snapshot.hasTag('listed'),
    confirmed: state.confirmation === 'confirmed',
    stockDeducted: state.stock === 'deducted',
  };
}

const paymentOrder = ['incomplete', 'pending', 'review', 'failed', 'expired', 'paid', 'cancelled'];
const order = (rows: StateRows) =>
  paymentOrder.indexOf(rows.state.payment) * 1000 +
  rows.path.length * 10 +
  (rows.state.shipping === 'shipped' ? 1 : 0);

/** The rule ids a row illustrates. */
function rulesOf(
  kind: OrderKind,
  before: StateRows['state'],
  event: OrderEvent,
  outcome: string,
  effects: readonly Effect[],
): string[] {
  const reason = outcome.split(': ')[1];
  if (reason !== undefined) return [ruleOfReason[reason] ?? '?'];
  const alerted = effects.some((effect) => 'cause' in effect);
  const confirms = effects.some((effect) => 'paymentStatus' in effect);
  const noStock = kind.placement.settings.realtimeStock ? [] : ['D7'];
  switch (event.type) {
    case 'gateway.paymentConfirmed':
      if (before.payment === 'cancelled') return alerted ? ['B6'] : ['B6', 'B7'];
      if (before.payment === 'paid') {
        return alerted || before.paymentAlerts.possibleDoublePayment === 'notSent'
          ? ['B2']
          : ['B2', 'B7'];
      }
      if (event.amount !== total.amount) return alerted ? ['B1'] : ['B1', 'B7'];
      if (before.payment === 'expired') return ['B6', ...noStock];
      if (confirms) return ['S1d', 'S2a', 'S2b', ...noStock];
      return before.payment === 'review' ? ['B1', 'D4'] : ['D1', 'D4'];
    case 'gateway.paymentFailed':
      return ['B3'];
    case 'timer.paymentWindowElapsed':
      return ['B4'];
    case 'merchant.paymentStatusChanged':
      if (confirms)
        return [
          event.status === 'paid' ? 'D2' : 'D3',
          ...(before.payment === 'review' ? ['B1'] : []),
          ...noStock,
        ];
      return kind.placement.order.paymentMethod.kind === 'manual' && event.status === 'paid'
        ? ['S3b', 'D4']
        : ['D4'];
    case 'merchant.shippingStatusChanged':
      return ['D5'];
    case 'merchant.orderCancelled':
      return ['B5'];
  }
}

const ruleOfReason: Record<string, string> = {
  gatewayReportOnManualPayment: 'D8',
  duplicateGatewayReport: 'D9',
  orderNotConfirmed: 'D5',
  statusAlreadySet: 'D11',
  orderAlreadyPaid: 'B3',
  buyerMayRetry: 'B3',
  noPaymentWindow: 'B4',
  confirmedByMerchant: 'B4',
  alreadyPaid: 'B4',
  awaitingMerchantReview: 'B1',
  alreadyCancelled: 'B5',
  orderCancelled: 'B5',
};

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function describeState(rows: StateRows): string {
  const { state, view } = rows;
  const alerts = Object.entries(state.paymentAlerts)
    .filter(([, sent]) => sent === 'sent')
    .map(([cause]) => cause);
  return [
    view.paymentStatus,
    view.shippingStatus,
    view.confirmed ? 'confirmed' : 'not confirmed',
    view.listed ? 'listed' : 'not listed',
    `stock ${state.stock === 'notDeducted' ? 'not deducted' : state.stock}`,
    ...(alerts.length > 0 ? [`alerted: ${alerts.join(', ')}`] : []),
  ].join(' · ');
}

const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replaceAll(' ', '-');

/** The decision table as Markdown. */
export function toMarkdown(tables: readonly KindTable[]): string {
  const states = tables.reduce((sum, table) => sum + table.states.length, 0);
  const rows = tables.reduce(
    (sum, table) => sum + table.states.reduce((n, s) => n + s.rows.length, 0),
    0,
  );
  const out: string[] = [
    '# Decision table',
    '',
    '<!-- Generated by `npm run docs` from `orderMachine`; do not edit by hand. -->',
    '',
    `Every state an order can reach, for each of the 8 kinds of order, and what the engine decides`,
    `for every event there: ${states} reachable states, ${rows} rows. Each state is reached by the`,
    'shortest history given under its heading; every kind is placed with a payment window of 30 minutes',
    '(without a window, no timer is scheduled and `timer.paymentWindowElapsed` is refused:',
    '`noPaymentWindow`). Reports use a new transaction id (`PAY-n`) unless marked as a repeat;',
    'the order total is 3990 EUR, and 399 EUR is a mismatch (B1).',
    '',
    'To find a case: pick the kind of order, then the state (payment status first), then the event.',
    'For example, "what happens to stock if I mark an abandoned PayPal order as paid?" is the row',
    '`merchant.paymentStatusChanged paid` under "incomplete · notShipped" of the first kind.',
    '',
    '## Kinds of order',
    '',
    ...tables.map((table) => `- [${table.kind.title}](#${anchor(table.kind.title)})`),
  ];
  for (const table of tables) {
    out.push('', `## ${table.kind.title}`, '');
    out.push(
      `Placed: ${table.placementEffects.map(describeEffect).join(', ') || 'no effect'}.`,
      '',
    );
    for (const state of table.states) {
      out.push(`### ${describeState(state)}`, '');
      out.push(
        `Reached by: ${state.path.map((event) => `\`${describeEvent(event)}\``).join(', ') || 'placement'}.`,
        '',
      );
      out.push(
        '| Event | Outcome | Payment | Shipping | Listed | Effects | Rules |',
        '| --- | --- | --- | --- | --- | --- | --- |',
      );
      for (const row of state.rows) {
        const repeat =
          row.event.type === 'gateway.paymentConfirmed' &&
          state.path.some(
            (event) =>
              event.type === 'gateway.paymentConfirmed' &&
              event.transactionId === (row.event as { transactionId: string }).transactionId,
          );
        out.push(
          `| \`${describeEvent(row.event)}\`${repeat ? ' (repeat)' : ''} | ${row.outcome} | ${row.view.paymentStatus} | ${row.view.shippingStatus} | ${yesNo(row.view.listed)} | ${row.effects.map(describeEffect).join(', ') || '-'} | ${row.rules.join(', ')} |`,
        );
      }
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
