/**
 * The decision table: for a few kinds of order, the states an order reaches and what the engine
 * decides there for a fixed set of probe events.
 *
 * The exploration. With the money and the goods in context, the states an order can be in are not
 * finite (amounts, units); the state of the machine's regions is. So the exploration is breadth
 * first over that finite state, the money and the goods left out: from placement, each probe event
 * is sent to the first (shortest) history that reached a state, and a state reached again, by
 * another or a longer history, is not explored again; histories stop at a depth bound (three
 * events for the main kinds of order, one for the kinds that differ from them in one rule). The
 * probe events take their amounts and units from the snapshot they are sent to (what is due, half
 * of what was received, one unit more than was shipped), so that each names one case of the rules
 * whatever the history (full, partial and over payment, refund within and above what was
 * received, ...). Every row is what the machine decides (XState's `transition()`); a test holds
 * each row to `applyEvent` after the same history stored as JSON.
 * May touch: nothing; it explores and formats.
 */
import { describeEffect, describeEvent } from '../../src/cli/describe.js';
import { decide, type MachineSnapshot, place, toStored } from '../../src/decide.js';
import {
  type Effect,
  getOrderView,
  type OrderEvent,
  type OrderView,
  type Placement,
} from '../../src/index.js';
import { held, received } from '../../src/money.js';
import { paymentStatuses, shippingStatuses } from '../../src/order.js';
import type { OrderState } from '../../src/snapshot.js';

/** One kind of order: its payment method kind, its total and the settings it was placed with. */
export interface OrderKind {
  readonly title: string;
  readonly placement: Placement;
  /** Probe the money reports (a gateway order), or only one to show it refused (a manual one). */
  readonly gateway: boolean;
  /** The longest history explored, in events. */
  readonly depth: number;
  /** What the kind shows, for the table's reader. */
  readonly note: string;
}

/** One reached state, the shortest history to it, and the engine's answer to every probe there. */
export interface StateRows {
  readonly state: OrderState;
  readonly view: OrderView;
  /** The events that lead from placement to this state. */
  readonly path: readonly OrderEvent[];
  readonly rows: readonly Row[];
}

/** The engine's answer to one probe event. */
export interface Row {
  /** What the probe is, in the table's words: `pays what is due`, `refund above received`... */
  readonly probe: string;
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

const currency = 'EUR';
const total = 3990;
const sku = 'TEE-M';
const ordered = 2;
const order = (kind: 'gateway' | 'manual', amount = total) => ({
  id: 'A-1001',
  paymentMethod: { kind, provider: kind === 'gateway' ? 'paypal' : 'cheque' },
  lines: [{ sku, quantity: ordered }],
  total: { amount, currency },
});
const paymentWindowMinutes = 30;

/**
 * The kinds of order the table shows: a gateway order with the setting on and with it off,
 * explored three events deep; a gateway order whose shop does not manage stock (D7) and one with
 * nothing to pay (D12), one event deep; a manual payment ("Ignore Incomplete Orders" changes
 * nothing for it: S3a), three events deep.
 */
export const orderKinds: readonly OrderKind[] = [
  {
    title: 'Gateway payment (PayPal, iDEAL, card), Ignore Incomplete Orders on',
    placement: {
      order: order('gateway'),
      settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes },
    },
    gateway: true,
    depth: Number(process.env.D ?? 3),
    note: 'The order waits, hidden, for the gateway (S1).',
  },
  {
    title: 'Gateway payment (PayPal, iDEAL, card), Ignore Incomplete Orders off',
    placement: {
      order: order('gateway'),
      settings: { ignoreIncompleteOrders: false, realtimeStock: true, paymentWindowMinutes },
    },
    gateway: true,
    depth: Number(process.env.D ?? 3),
    note: 'The order is confirmed at placement, pending (D1).',
  },
  {
    title: 'Gateway payment, Ignore Incomplete Orders on, realtime stock off',
    placement: {
      order: order('gateway'),
      settings: { ignoreIncompleteOrders: true, realtimeStock: false, paymentWindowMinutes },
    },
    gateway: true,
    depth: 1,
    note:
      'As the first kind, with never a stock effect (D7); one event deep, enough to show the ' +
      'confirmations without `deductStock`.',
  },
  {
    title: 'Gateway payment, nothing to pay (total 0)',
    placement: {
      order: order('gateway', 0),
      settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes },
    },
    gateway: true,
    depth: 1,
    note: 'Paid and confirmed at placement, with no payment window (D12); one event deep.',
  },
  {
    title: 'Manual payment (cheque, bank transfer)',
    placement: {
      order: order('manual'),
      settings: { ignoreIncompleteOrders: true, realtimeStock: true },
    },
    gateway: false,
    depth: Number(process.env.D ?? 3),
    note:
      'Confirmed at placement, pending (S3a), whatever "Ignore Incomplete Orders" says; no ' +
      'gateway report is taken (D8), so one stands for them all.',
  },
];

/**
 * A probe: its case in the table's words, and the event it sends to a snapshot (none when the
 * case cannot arise there: no report to repeat, no authorization to capture).
 */
interface Probe {
  readonly name: string;
  readonly event: (snapshot: MachineSnapshot) => OrderEvent | undefined;
}

/** The transaction id of the next report: the kind's prefix and one more than the order took. */
const fresh = (snapshot: MachineSnapshot, prefix: string) =>
  `${prefix}-${snapshot.context.transactionIds.length + 1}`;
const moneyOf = (snapshot: MachineSnapshot) => snapshot.context.money;
const receivedOf = (snapshot: MachineSnapshot) => received(moneyOf(snapshot));
/** What the buyer still has to pay: the total less what was received or is held. */
const dueOf = (snapshot: MachineSnapshot) =>
  snapshot.context.order.total.amount - receivedOf(snapshot) - held(moneyOf(snapshot));
/** At least 1: a money report moves at least one minor unit (M9). */
const some = (amount: number) => Math.max(1, amount);
const heldAuthorization = (snapshot: MachineSnapshot) => moneyOf(snapshot).authorizations.at(-1);
const unitsOf = (snapshot: MachineSnapshot) =>
  snapshot.context.goods[0] ?? { shipped: 0, returned: 0 };
const lines = (quantity: number) => [{ sku, quantity }];

/** A money report of `type` moving `amount`, with a new transaction id of `prefix`. */
const report =
  (
    type: 'gateway.paymentConfirmed' | 'gateway.paymentAuthorized' | 'gateway.refunded',
    prefix: string,
    amount: (snapshot: MachineSnapshot) => number,
  ) =>
  (snapshot: MachineSnapshot): OrderEvent => ({
    type,
    transactionId: fresh(snapshot, prefix),
    amount: some(amount(snapshot)),
    currency,
  });

/** The money reports probed on a gateway order (M1-M8, B1, D9). */
const moneyProbes: readonly Probe[] = [
  {
    name: 'pays in full (what is due, or the total again when nothing is)',
    event: report('gateway.paymentConfirmed', 'PAY', (snapshot) =>
      dueOf(snapshot) > 0 ? dueOf(snapshot) : snapshot.context.order.total.amount,
    ),
  },
  {
    name: 'pays part (half of what is due)',
    event: report('gateway.paymentConfirmed', 'PAY', (snapshot) => Math.floor(dueOf(snapshot) / 2)),
  },
  {
    name: 'pays 1000 more than is due',
    event: report('gateway.paymentConfirmed', 'PAY', (snapshot) => Math.max(0, dueOf(snapshot)) + 1000),
  },
  {
    name: 'pays in another currency',
    event: (snapshot) => ({
      type: 'gateway.paymentConfirmed',
      transactionId: fresh(snapshot, 'PAY'),
      amount: total,
      currency: 'USD',
    }),
  },
  {
    name: 'repeats the latest report (its transaction id)',
    event: (snapshot) => {
      const transactionId = snapshot.context.transactionIds.at(-1);
      return transactionId === undefined
        ? undefined
        : { type: 'gateway.paymentConfirmed', transactionId, amount: total, currency };
    },
  },
  {
    name: 'authorizes what is due',
    event: report('gateway.paymentAuthorized', 'AUTH', dueOf),
  },
  {
    name: 'captures what the authorization holds',
    event: (snapshot) => {
      const authorization = heldAuthorization(snapshot);
      return authorization === undefined
        ? undefined
        : {
            type: 'gateway.paymentCaptured',
            transactionId: fresh(snapshot, 'CAP'),
            authorizationId: authorization.id,
            amount: authorization.held,
            currency,
          };
    },
  },
  {
    name: 'captures more than the authorization holds',
    event: (snapshot) => {
      const authorization = heldAuthorization(snapshot);
      return authorization === undefined
        ? undefined
        : {
            type: 'gateway.paymentCaptured',
            transactionId: fresh(snapshot, 'CAP'),
            authorizationId: authorization.id,
            amount: authorization.held + 1,
            currency,
          };
    },
  },
  {
    name: 'captures an authorization the order does not hold',
    event: (snapshot) => ({
      type: 'gateway.paymentCaptured',
      transactionId: fresh(snapshot, 'CAP'),
      authorizationId: 'AUTH-0',
      amount: 100,
      currency,
    }),
  },
  {
    name: 'voids the authorization',
    event: (snapshot) => {
      const authorization = heldAuthorization(snapshot);
      return authorization === undefined
        ? undefined
        : {
            type: 'gateway.authorizationVoided',
            transactionId: fresh(snapshot, 'VOID'),
            authorizationId: authorization.id,
          };
    },
  },
  {
    name: 'refunds half of what was received',
    event: report('gateway.refunded', 'REF', (snapshot) => Math.ceil(receivedOf(snapshot) / 2)),
  },
  {
    name: 'refunds more than was received',
    event: (snapshot) => ({
      type: 'gateway.refunded',
      transactionId: fresh(snapshot, 'REF'),
      amount: receivedOf(snapshot) + 1,
      currency,
    }),
  },
  {
    name: 'charges back what was received',
    event: (snapshot) => ({
      type: 'gateway.chargeback',
      transactionId: fresh(snapshot, 'CB'),
      amount: some(receivedOf(snapshot)),
      currency,
    }),
  },
  {
    name: 'reverses what was charged back',
    event: (snapshot) => ({
      type: 'gateway.chargebackReversed',
      transactionId: fresh(snapshot, 'CBR'),
      amount: some(moneyOf(snapshot).chargedBack),
      currency,
    }),
  },
];

/** The events besides money reports, probed on every order. */
const otherProbes: readonly Probe[] = [
  { name: 'the payment fails at the gateway', event: () => ({ type: 'gateway.paymentFailed' }) },
  { name: 'the payment window elapses', event: () => ({ type: 'timer.paymentWindowElapsed' }) },
  {
    name: 'the merchant sets paid',
    event: () => ({ type: 'merchant.paymentStatusChanged', status: 'paid' }),
  },
  {
    name: 'the merchant sets pending',
    event: () => ({ type: 'merchant.paymentStatusChanged', status: 'pending' }),
  },
  {
    name: 'ships one unit',
    event: () => ({ type: 'merchant.linesShipped', lines: lines(1) }),
  },
  {
    name: 'ships more units than ordered',
    event: (snapshot) => ({
      type: 'merchant.linesShipped',
      lines: lines(ordered - unitsOf(snapshot).shipped + 1),
    }),
  },
  {
    name: 'ships a sku not in the order',
    event: () => ({ type: 'merchant.linesShipped', lines: [{ sku: 'HAT-L', quantity: 1 }] }),
  },
  {
    name: 'the merchant sets shipped',
    event: () => ({ type: 'merchant.shippingStatusChanged', status: 'shipped' }),
  },
  {
    name: 'the merchant sets not shipped',
    event: () => ({ type: 'merchant.shippingStatusChanged', status: 'notShipped' }),
  },
  {
    name: 'one unit comes back, restocked',
    event: () => ({ type: 'merchant.linesReturned', lines: lines(1), restock: true }),
  },
  {
    name: 'one unit comes back, not restocked',
    event: () => ({ type: 'merchant.linesReturned', lines: lines(1), restock: false }),
  },
  {
    name: 'more units come back than are out',
    event: (snapshot) => ({
      type: 'merchant.linesReturned',
      lines: lines(unitsOf(snapshot).shipped - unitsOf(snapshot).returned + 1),
      restock: true,
    }),
  },
  { name: 'the merchant cancels', event: () => ({ type: 'merchant.orderCancelled' }) },
];

/** The probes for `kind`: on a manual order, one money report stands for all (refused, D8). */
const probesOf = (kind: OrderKind): readonly Probe[] =>
  kind.gateway ? [...moneyProbes, ...otherProbes] : [...moneyProbes.slice(0, 1), ...otherProbes];

/** The probe events sent to `snapshot`, each with its probe. */
const probing = (probes: readonly Probe[], snapshot: MachineSnapshot) =>
  probes.flatMap((probe) => {
    const event = probe.event(snapshot);
    return event === undefined ? [] : [{ probe, event }];
  });

/**
 * The key of a state: the state of every region, and whether money is received, whether some is
 * held; the amounts and the goods left out.
 */
const keyOf = (snapshot: MachineSnapshot) =>
  JSON.stringify([
    toStored(snapshot).state,
    process.env.K ? receivedOf(snapshot) > 0 : 0,
    process.env.K ? held(moneyOf(snapshot)) > 0 : 0,
  ]);

/** The view of a machine snapshot, as the engine gives it for the same stored order. */
const viewOf = (snapshot: MachineSnapshot) => getOrderView(toStored(snapshot));

/** Explores the machine for one kind of order, breadth first over its finite states. */
export function exploreKind(kind: OrderKind): KindTable {
  const probes = probesOf(kind);
  const placed = place(kind.placement);
  const reached = new Map<string, { snapshot: MachineSnapshot; path: readonly OrderEvent[] }>([
    [keyOf(placed.next), { snapshot: placed.next, path: [] }],
  ]);
  let frontier = [...reached.values()];
  for (let depth = 1; depth <= kind.depth; depth += 1) {
    const next: typeof frontier = [];
    for (const { snapshot, path } of frontier) {
      for (const { event } of probing(probes, snapshot)) {
        const verdict = decide(snapshot, event);
        if (verdict.outcome !== 'applied' || reached.has(keyOf(verdict.next))) continue;
        const state = { snapshot: verdict.next, path: [...path, event] };
        reached.set(keyOf(verdict.next), state);
        next.push(state);
      }
    }
    frontier = next;
  }
  const states = [...reached.values()].map(({ snapshot, path }): StateRows => {
    const before = viewOf(snapshot);
    const state = toStored(snapshot).state;
    return {
      state,
      view: before,
      path,
      rows: probing(probes, snapshot).map(({ probe, event }) => {
        const verdict = decide(snapshot, event);
        const applied = verdict.outcome === 'applied';
        const outcome = applied ? 'applied' : `${verdict.outcome}: ${verdict.reason}`;
        const effects = applied ? verdict.effects : [];
        const after = applied ? viewOf(verdict.next) : before;
        return {
          probe: probe.name,
          event,
          outcome,
          view: after,
          effects,
          rules: rulesOf({ kind, before: state, view: before, event, outcome, effects, after }),
        };
      }),
    };
  });
  return {
    kind,
    placementEffects: placed.effects,
    states: states.sort((a, b) => rank(a) - rank(b)),
  };
}

/** Explores every kind of order. */
export function exploreAll(): KindTable[] {
  return orderKinds.map(exploreKind);
}

/** States by payment status, then shipping status, then the length of their history. */
const rank = (rows: StateRows) =>
  paymentStatuses.indexOf(rows.view.paymentStatus) * 10_000 +
  shippingStatuses.indexOf(rows.view.shippingStatus) * 100 +
  rows.path.length;

/** What a row is about, for `rulesOf`. */
interface RowFacts {
  readonly kind: OrderKind;
  readonly before: OrderState;
  readonly view: OrderView;
  readonly event: OrderEvent;
  readonly outcome: string;
  readonly effects: readonly Effect[];
  readonly after: OrderView;
}

/** The rule ids a refusal or an unchanged outcome illustrates, by its reason. */
const ruleOfReason: Record<string, readonly string[]> = {
  gatewayReportOnManualPayment: ['D8'],
  duplicateGatewayReport: ['D9'],
  orderNotConfirmed: ['D5'],
  statusAlreadySet: ['D11'],
  orderAlreadyPaid: ['B3'],
  buyerMayRetry: ['B3'],
  noPaymentWindow: ['B4'],
  confirmedByMerchant: ['B4'],
  alreadyPaid: ['B4'],
  goodsShipped: ['B4', 'I10'],
  awaitingMerchantReview: ['B1'],
  alreadyCancelled: ['B5'],
  orderCancelled: ['B5'],
  unknownAuthorization: ['M4'],
  captureExceedsAuthorization: ['M4'],
  refundExceedsPayment: ['M7', 'I8'],
  chargebackExceedsPayment: ['M8', 'I8'],
  reversalExceedsChargeback: ['M8', 'I8'],
  exceedsOrderedQuantity: ['G2'],
  exceedsShippedQuantity: ['G3'],
  linesReturned: ['G2'],
};

/** The rules of a money report that is counted, by its kind (M1-M8). */
const ruleOfReport: Record<string, string> = {
  'gateway.paymentConfirmed': 'M2',
  'gateway.paymentAuthorized': 'M3',
  'gateway.paymentCaptured': 'M4',
  'gateway.authorizationVoided': 'M4',
  'gateway.refunded': 'M7',
  'gateway.chargeback': 'M8',
  'gateway.chargebackReversed': 'M8',
};

/** The cause of each merchant alert, and the rule it illustrates. */
const ruleOfAlert: Record<string, string> = {
  currencyMismatch: 'B1',
  partialPayment: 'M5',
  overpayment: 'M6',
  paymentAfterCancellation: 'B6',
  refundDue: 'B5',
  authorizationVoided: 'M4',
  chargeback: 'M8',
};

/** The rule ids a row illustrates: its reason's, or its event's and its effects'. */
function rulesOf(row: RowFacts): string[] {
  const { kind, before, event, outcome, effects, after } = row;
  const [, reason] = outcome.split(': ');
  if (reason !== undefined) {
    if (reason === 'paymentReceived')
      return event.type === 'gateway.paymentFailed' ? ['B3'] : ['B4', 'I10'];
    if (reason === 'unknownSku') return [event.type === 'merchant.linesReturned' ? 'G3' : 'G2'];
    return [...(ruleOfReason[reason] ?? ['?'])];
  }
  const rules: string[] = [];
  const add = (...ids: string[]) => {
    for (const id of ids) if (!rules.includes(id)) rules.push(id);
  };
  const confirms = effects.some((effect) => 'paymentStatus' in effect);
  const template = (name: string) =>
    effects.some((effect) => 'template' in effect && effect.template === name);
  const wasCancelled = before.payment === 'cancelled';
  switch (event.type) {
    case 'gateway.paymentConfirmed':
    case 'gateway.paymentAuthorized':
    case 'gateway.paymentCaptured':
    case 'gateway.authorizationVoided':
    case 'gateway.refunded':
    case 'gateway.chargeback':
    case 'gateway.chargebackReversed':
      if ('currency' in event && event.currency !== kind.placement.order.total.currency) add('B1');
      else if (wasCancelled) add('B6');
      else if (before.payment === 'review') add('B1');
      add(ruleOfReport[event.type] ?? 'M2', 'M1');
      if (confirms)
        add(before.payment === 'expired' ? 'B6' : event.type === 'gateway.paymentAuthorized' ? 'M3' : 'S1d');
      break;
    case 'gateway.paymentFailed':
      add('B3');
      break;
    case 'timer.paymentWindowElapsed':
      add('B4');
      break;
    case 'merchant.paymentStatusChanged':
      if (confirms) add(event.status === 'paid' ? 'D2' : 'D3');
      else add('D4');
      if (before.payment === 'review') add('B1');
      break;
    case 'merchant.shippingStatusChanged':
    case 'merchant.linesShipped':
      add('G2', 'D5');
      break;
    case 'merchant.linesReturned':
      add('G3');
      break;
    case 'merchant.orderCancelled':
      add('B5');
      break;
  }
  for (const effect of effects)
    if ('cause' in effect) add(ruleOfAlert[effect.cause] ?? '?');
  if (template('customerRefundNotification')) add('M7');
  if (effects.some((effect) => effect.type === 'voidAuthorization')) add(wasCancelled ? 'B6' : 'B5');
  if (effects.some((effect) => effect.type === 'restoreStock'))
    add(event.type === 'merchant.linesReturned' ? 'G3' : 'G4');
  if (template('customerOrderCancellation')) add('D13');
  if (confirms && !kind.placement.settings.realtimeStock) add('D7');
  if (after.listed !== row.view.listed) add('I6');
  return rules;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function describeState(rows: StateRows): string {
  const { state, view } = rows;
  return [
    view.paymentStatus,
    view.shippingStatus,
    view.confirmed ? 'confirmed' : 'not confirmed',
    view.listed ? 'listed' : 'not listed',
    `stock ${state.stock === 'notDeducted' ? 'not deducted' : state.stock}`,
  ].join(' · ');
}

/** The money of a view in a few words: received, held when some is. */
function moneyWords(view: OrderView): string {
  const { received: taken, held: kept, chargedBack, refunded } = view.amounts;
  return [
    `${taken}`,
    ...(kept > 0 ? [`held ${kept}`] : []),
    ...(refunded > 0 ? [`refunded ${refunded}`] : []),
    ...(chargedBack > 0 ? [`charged back ${chargedBack}`] : []),
  ].join(', ');
}

/** The goods of a view in a few words, for the order's one line. */
function goodsWords(view: OrderView): string {
  return view.lines
    .map(
      (line) =>
        `${line.sku}: ${line.deducted} deducted, ${line.shipped} shipped, ${line.returned} returned, ${line.restored} restored`,
    )
    .join('; ');
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
    'What the engine decides, for a few kinds of order, in the states an order reaches, for a fixed',
    `set of cases: ${states} states, ${rows} rows. Every order is one line of 2 \`${sku}\` for`,
    `${total} EUR (the total in cents), placed with a payment window of ${paymentWindowMinutes} minutes`,
    'when it has one.',
    '',
    'How the states were found: the statuses are finite, the money and the goods are not, so the',
    'states are told apart by the statuses of every region (payment, shipping, confirmation, stock,',
    'order emails, window, listing), not by amounts. From placement, every case is tried, breadth',
    'first; the first history that reaches a state is the one shown under its heading, and a state',
    'reached again by another history is not explored again. Histories stop at three events (one',
    'for the kinds that differ from the first in one rule). Later states answer as the nearest one',
    'here with the same statuses, except where an amount decides (the rows say which amount).',
    '',
    'The cases take their amounts from the order as it stands: "pays in full" pays what is due',
    '(the total less what was received or is held), "refunds half" half of what was received, and',
    'so on; each report has a new transaction id (`PAY-n`, `AUTH-n`, `REF-n`...) unless it is a',
    'repeat. "Received" is what the order keeps after the row: captured, less refunded and charged',
    'back; "held" is authorized and not captured yet.',
    '',
    'To find a case: pick the kind of order, then the state (payment status first), then the case.',
    'For example, "what happens to stock if I mark an abandoned PayPal order as paid?" is the row',
    '"the merchant sets paid" under "incomplete · notShipped" of the first kind.',
    '',
    '## Kinds of order',
    '',
    ...tables.map(
      (table) =>
        `- [${table.kind.title}](#${anchor(table.kind.title)}): ${table.states.length} states`,
    ),
  ];
  for (const table of tables) {
    out.push('', `## ${table.kind.title}`, '');
    out.push(table.kind.note, '');
    out.push(`Placed: ${table.placementEffects.map(describeEffect).join(', ') || 'no effect'}.`);
    for (const state of table.states) {
      out.push('', `### ${describeState(state)}`, '');
      out.push(
        `Reached by: ${state.path.map((event) => `\`${describeEvent(event)}\``).join(', ') || 'placement'}.`,
        `Received ${moneyWords(state.view)}; ${goodsWords(state.view)}.`,
        '',
        '| Case | Event | Outcome | Payment | Shipping | Listed | Received | Effects | Rules |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      );
      for (const row of state.rows) {
        out.push(
          `| ${row.probe} | \`${describeEvent(row.event)}\` | ${row.outcome} | ${row.view.paymentStatus} | ${row.view.shippingStatus} | ${yesNo(row.view.listed)} | ${moneyWords(row.view)} | ${row.effects.map(describeEffect).join(', ') || '-'} | ${row.rules.join(', ')} |`,
        );
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
