/**
 * The decision table: for a few kinds of order, the states an order reaches and what the engine
 * decides there for a fixed set of cases (probe events).
 *
 * The exploration. With the money and the goods in context, the states an order can be in are not
 * finite (amounts, units); the statuses of the machine's regions are. So a state is told apart by
 * the state of every region and by whether money is received and whether some is held, not by
 * amounts. From placement, breadth first, every case is sent to the first (shortest) history that
 * reached each state; a state reached again, by another history, is not explored again; histories
 * stop at a depth bound (two events for the main kinds of order, one for the kinds that differ
 * from them in one rule). The cases take their amounts and units from the snapshot they are sent
 * to (what is due, half of what was received, one unit more than is out), so that each names one
 * case of the rules whatever the history (full, partial and over payment, refund within and above
 * what was received, ...). Every row is what the machine decides (XState's `transition()`); a
 * test holds each row to `applyEvent` after the same history stored as JSON.
 * May touch: nothing; it explores and formats.
 */
import { describeEffect, describeEvent } from '../../src/cli/describe.js';
import { decide, type MachineSnapshot, place, stateOf, toStored } from '../../src/decide.js';
import {
  type Effect,
  getOrderView,
  type OrderEvent,
  type OrderView,
  type Placement,
} from '../../src/index.js';
import { held, received } from '../../src/money.js';
import { type PaymentStatus, shippingStatuses } from '../../src/order.js';
import { probeEvents } from '../../src/probes.js';
import type { OrderState } from '../../src/snapshot.js';

/** One kind of order: its payment method kind, its total and the settings it was placed with. */
export interface OrderKind {
  readonly title: string;
  readonly placement: Placement;
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
  /** The case, in the table's words: `pays in full`, `refunds too much`... */
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
 * The kinds of order the table shows: a gateway order with the setting on and with it off, and a
 * manual payment ("Ignore Incomplete Orders" changes nothing for it: S3a), explored two events
 * deep; a gateway order whose shop does not manage stock (D7) and one with nothing to pay (D12),
 * one event deep.
 */
export const orderKinds: readonly OrderKind[] = [
  {
    title: 'Gateway payment (PayPal, iDEAL, card), Ignore Incomplete Orders on',
    placement: {
      order: order('gateway'),
      settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes },
    },
    depth: 2,
    note: 'The order waits, hidden, for the gateway (S1).',
  },
  {
    title: 'Gateway payment (PayPal, iDEAL, card), Ignore Incomplete Orders off',
    placement: {
      order: order('gateway'),
      settings: { ignoreIncompleteOrders: false, realtimeStock: true, paymentWindowMinutes },
    },
    depth: 2,
    note: 'The order is confirmed at placement, pending (D1).',
  },
  {
    title: 'Gateway payment, Ignore Incomplete Orders on, realtime stock off',
    placement: {
      order: order('gateway'),
      settings: { ignoreIncompleteOrders: true, realtimeStock: false, paymentWindowMinutes },
    },
    depth: 1,
    note:
      'As the first kind, with never a stock effect (D7); one event deep, enough to show its ' +
      'confirmations without `deductStock`.',
  },
  {
    title: 'Gateway payment, nothing to pay (total 0)',
    placement: {
      order: order('gateway', 0),
      settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes },
    },
    depth: 1,
    note: 'Paid and confirmed at placement, with no payment window (D12); one event deep.',
  },
  {
    title: 'Manual payment (cheque, bank transfer)',
    placement: {
      order: order('manual'),
      settings: { ignoreIncompleteOrders: true, realtimeStock: true },
    },
    depth: 2,
    note:
      'Confirmed at placement, pending (S3a), whatever "Ignore Incomplete Orders" says; no ' +
      'gateway report is taken (D8), so one stands for them all.',
  },
];

/**
 * The key of a state: the state of every region, and whether money is received, whether some is
 * held; the amounts and the goods left out.
 */
const keyOf = (snapshot: MachineSnapshot) =>
  JSON.stringify([
    stateOf(snapshot.value as OrderState),
    received(snapshot.context.money) > 0,
    held(snapshot.context.money) > 0,
  ]);

/** The view of a machine snapshot, as the engine gives it for the same stored order. */
const viewOf = (snapshot: MachineSnapshot) => getOrderView(toStored(snapshot));

/** Explores the machine for one kind of order, breadth first over its finite states. */
export function exploreKind(kind: OrderKind): KindTable {
  const placed = place(kind.placement);
  const reached = new Map<string, { snapshot: MachineSnapshot; path: readonly OrderEvent[] }>([
    [keyOf(placed.next), { snapshot: placed.next, path: [] }],
  ]);
  let frontier = [...reached.values()];
  for (let depth = 1; depth <= kind.depth; depth += 1) {
    const next: typeof frontier = [];
    for (const { snapshot, path } of frontier) {
      for (const { event } of probeEvents(snapshot.context)) {
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
    const state = stateOf(snapshot.value as OrderState);
    return {
      state,
      view: before,
      path,
      rows: probeEvents(snapshot.context).map(({ probe, event }) => {
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

/** The payment statuses in the order the table lists them: as money comes, then goes. */
const paymentOrder: readonly PaymentStatus[] = [
  'incomplete',
  'partiallyPaid',
  'authorized',
  'pending',
  'paid',
  'partiallyRefunded',
  'refunded',
  'voided',
  'review',
  'failed',
  'expired',
  'cancelled',
];

/** States by payment status, then shipping status, then the length of their history. */
const rank = (rows: StateRows) =>
  paymentOrder.indexOf(rows.view.paymentStatus) * 10_000 +
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
      if ('currency' in event && event.currency !== kind.placement.order.total.currency) {
        add('B1');
        break;
      }
      if (wasCancelled) add('B6');
      else if (before.payment === 'review') add('B1');
      add(ruleOfReport[event.type] ?? 'M2');
      if (confirms)
        add(
          before.payment === 'expired'
            ? 'B6'
            : event.type === 'gateway.paymentAuthorized'
              ? 'M3'
              : 'S1d',
        );
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
  for (const effect of effects) if ('cause' in effect) add(ruleOfAlert[effect.cause] ?? '?');
  if (template('customerRefundNotification')) add('M7');
  if (effects.some((effect) => effect.type === 'voidAuthorization'))
    add(wasCancelled ? 'B6' : 'B5');
  if (effects.some((effect) => effect.type === 'restoreStock'))
    add(event.type === 'merchant.linesReturned' ? 'G3' : 'G4');
  if (template('customerOrderCancellation')) add('D13');
  if (confirms && !kind.placement.settings.realtimeStock) add('D7');
  if (after.listed !== row.view.listed) add('I6');
  return rules;
}

/** A state's heading: its statuses, whether it is confirmed and listed, its stock, its money. */
function describeState(rows: StateRows): string {
  const { state, view } = rows;
  return [
    view.paymentStatus,
    view.shippingStatus,
    view.confirmed ? 'confirmed' : 'not confirmed',
    view.listed ? 'listed' : 'not listed',
    `stock ${state.stock === 'notDeducted' ? 'not deducted' : state.stock}`,
    moneyWords(view),
  ].join(' · ');
}

/** The money of a view in a few words: received, and what is held, refunded, charged back. */
function moneyWords(view: OrderView): string {
  const { received: kept, held: authorized, refunded, chargedBack } = view.amounts;
  return [
    `received ${kept}`,
    ...(authorized > 0 ? [`held ${authorized}`] : []),
    ...(refunded > 0 ? [`refunded ${refunded}`] : []),
    ...(chargedBack > 0 ? [`charged back ${chargedBack}`] : []),
  ].join(', ');
}

/** The goods of a view in a few words. */
function goodsWords(view: OrderView): string {
  return view.lines
    .map(
      (line) =>
        `${line.sku} ${line.deducted} deducted, ${line.shipped} shipped, ${line.returned} returned, ` +
        `${line.restored} restored`,
    )
    .join('; ');
}

/** Where a row leaves the order: as it was, or its statuses, listing and money. */
function afterWords(row: Row): string {
  if (row.outcome !== 'applied') return 'as it was';
  const { view } = row;
  return [
    view.paymentStatus,
    view.shippingStatus,
    view.listed ? 'listed' : 'hidden',
    moneyWords(view),
  ].join(', ');
}

/** Effects in a few words; the two order emails of a confirmation as one. */
function effectsWords(effects: readonly Effect[]): string {
  const words = effects.map((effect) => {
    if (effect.type !== 'sendEmail') return describeEffect(effect);
    if ('paymentStatus' in effect) return `order emails (${effect.paymentStatus})`;
    if ('cause' in effect) {
      const amount = effect.amount === undefined ? '' : ` ${effect.amount}`;
      return `alert ${effect.cause}${amount}`;
    }
    if ('amount' in effect) return `refund email ${effect.amount}`;
    return 'cancellation email';
  });
  return words.filter((word, at) => words.indexOf(word) === at).join(', ') || '-';
}

const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replaceAll(' ', '-');

/** The cases, as the table's legend explains them. */
const legend: readonly (readonly [string, string])[] = [
  ['pays in full', 'a sale of what is due (the total less received and held), else of the total'],
  ['pays half, pays 1000 more', 'a sale of half of what is due, or of 1000 more than is due'],
  ['pays in another currency', "a sale of the order's total (at least 1) in USD"],
  ['repeats a report', 'a sale with the id of the latest report taken (D9: any kind of report)'],
  ['authorizes in full', 'an authorization of what is due'],
  ['captures all held, too much', 'a capture of what the latest authorization holds, or 1 more'],
  ['captures unknown', 'a capture of an authorization the order never had'],
  ['voids', 'the gateway releases the latest authorization'],
  ['refunds half, too much', 'a refund of half of what was received, or of 1 more than all'],
  ['charged back, reversed', 'a chargeback of all received; a reversal of all charged back'],
  [
    'ships 1, too many, unknown sku',
    'a shipment of 1 unit, of 1 more than is left, of another sku',
  ],
  ['1 back, too many back', 'a return of 1 unit (restocked or not), of 1 more than is out'],
];

/** The letter that names a kind of order in the merged tables: A for the first. */
const letterOf = (at: number) => String.fromCharCode(65 + at);

/** One state as the merged table shows it: its heading, and each kind of order that reaches it. */
interface MergedState {
  readonly heading: string;
  readonly view: OrderView;
  readonly reached: readonly { readonly kind: number; readonly state: StateRows }[];
}

/** One row of a merged table: what a case gives, and the kinds of order it gives that for. */
interface MergedRow {
  readonly kinds: number[];
  readonly cells: readonly string[];
}

/**
 * The states of every kind, one per heading: a state that several kinds reach is shown once, in
 * the tables' order (payment status, shipping status, the shortest history).
 */
function mergeStates(tables: readonly KindTable[]): MergedState[] {
  const byHeading = new Map<
    string,
    { view: OrderView; reached: MergedState['reached'][number][] }
  >();
  tables.forEach((table, kind) => {
    for (const state of table.states) {
      const heading = describeState(state);
      const entry = byHeading.get(heading) ?? { view: state.view, reached: [] };
      if (entry.reached.some((reached) => reached.kind === kind))
        throw new Error(`two states of kind ${letterOf(kind)} read "${heading}": tell them apart`);
      entry.reached.push({ kind, state });
      byHeading.set(heading, entry);
    }
  });
  const rankOf = (state: MergedState) =>
    Math.min(...state.reached.map((reached) => rank(reached.state)));
  return [...byHeading.entries()]
    .map(([heading, { view, reached }]) => ({ heading, view, reached }))
    .sort((a, b) => rankOf(a) - rankOf(b));
}

/**
 * The rows of a merged state: for each case in the cases' order, one row per different answer,
 * naming the kinds of order that give it.
 */
function mergeRows(state: MergedState): MergedRow[] {
  const byCase = new Map<string, MergedRow[]>();
  for (const { kind, state: rows } of state.reached) {
    for (const row of rows.rows) {
      const cells = [
        row.probe,
        `\`${describeEvent(row.event)}\``,
        row.outcome,
        afterWords(row),
        effectsWords(row.effects),
        row.rules.join(', '),
      ];
      const answers = byCase.get(row.probe) ?? [];
      const same = answers.find((answer) => answer.cells.join('|') === cells.join('|'));
      if (same === undefined) answers.push({ kinds: [kind], cells });
      else same.kinds.push(kind);
      byCase.set(row.probe, answers);
    }
  }
  return [...byCase.values()].flat();
}

/** The number and heading of a state, and the anchor GitHub gives that heading. */
const titleOf = (state: MergedState, at: number) => `${at + 1}. ${state.heading}`;
const lettersOf = (kinds: readonly number[]) => kinds.map(letterOf).join(', ');

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}

/** The decision table as Markdown. */
export function toMarkdown(tables: readonly KindTable[]): string {
  const states = mergeStates(tables);
  const merged = states.map(mergeRows);
  const reachedStates = tables.reduce((sum, table) => sum + table.states.length, 0);
  const rows = tables.reduce(
    (sum, table) => sum + table.states.reduce((n, s) => n + s.rows.length, 0),
    0,
  );
  const mergedRows = merged.reduce((sum, table) => sum + table.length, 0);
  const statuses = paymentOrder.filter((status) =>
    states.some((state) => state.view.paymentStatus === status),
  );
  const first = states.findIndex((state) =>
    state.reached.some((reached) => reached.kind === 0 && reached.state.path.length === 0),
  );
  const firstState = states[first];
  const example =
    firstState === undefined
      ? ''
      : `[${titleOf(firstState, first)}](#${anchor(titleOf(firstState, first))})`;
  const out: string[] = [
    '# Decision table',
    '',
    '<!-- Generated by `npm run docs` from `orderMachine`; do not edit by hand. -->',
    '',
    ...wrap(
      'What the engine decides for a few kinds of order, in the states an order reaches, for a ' +
        `fixed set of cases: ${tables.length} kinds of order reach ${reachedStates} states, ` +
        `${states.length} of them told apart below, with ${rows} answers in ${mergedRows} rows: ` +
        'a row that gives the same answer for several kinds of order is written once, naming ' +
        `them. Every order is one line of ${ordered} \`${sku}\` for ${total} EUR (amounts are in ` +
        `cents), placed with a payment window of ${paymentWindowMinutes} minutes when it can ` +
        'have one.',
    ),
    '',
    ...wrap(
      'To find a case: in the contents, find the payment status, then the state (its shipping ' +
        'status, whether it is confirmed and listed, its stock and its money), then the case in ' +
        'its table, and the kinds of order the row is for (letters A to E, below). For example, ' +
        '"the merchant marked an abandoned PayPal order paid: what happens?" is the row "sets ' +
        'paid", kind A, of',
    ),
    `${example}.`,
    '',
    '## Contents',
    '',
    '- [Kinds of order](#kinds-of-order)',
    '- [The cases](#the-cases)',
    '- [How the states were found](#how-the-states-were-found)',
    '- The states, by payment status:',
    ...statuses.flatMap((status) => [
      `  - [${status}](#${anchor(`Payment status ${status}`)})`,
      ...states.flatMap((state, at) =>
        state.view.paymentStatus === status
          ? [
              `    - [${titleOf(state, at)}](#${anchor(titleOf(state, at))}) (${lettersOf(state.reached.map((reached) => reached.kind))})`,
            ]
          : [],
      ),
    ]),
    '',
    '## Kinds of order',
    '',
    '| Kind | Order | At placement | States |',
    '| --- | --- | --- | --- |',
    ...tables.map(
      (table, at) =>
        `| ${letterOf(at)} | ${table.kind.title}. ${table.kind.note} | ${effectsWords(table.placementEffects).replace(/^-$/, 'no effect')} | ${table.states.length} |`,
    ),
    '',
    '## The cases',
    '',
    'Each report has a new transaction id (`PAY-n`, `AUTH-n`, `CAP-n`, `REF-n`, `CB-n`...), unless',
    'it repeats one. A case that cannot arise in a state is left out there (no authorization to',
    'capture, nothing received to refund half of, no unit out to come back).',
    '',
    '| Case | What is sent |',
    '| --- | --- |',
    ...legend.map(([name, what]) => `| ${name} | ${what} |`),
    '| fails, window elapses | `gateway.paymentFailed`, `timer.paymentWindowElapsed` |',
    '| sets paid, pending, shipped, not shipped; cancels | the merchant |',
    '',
    '"After" is where the row leaves the order: its payment and shipping statuses, whether it is',
    'listed, and its money (received is captured less refunded and charged back; held is',
    'authorized and not captured yet).',
    '',
    '## How the states were found',
    '',
    'The statuses are finite; the money and the goods are not. So states are told apart by the',
    'status of every region of the machine (payment, shipping, confirmation, stock, order emails,',
    'window, listing) and by whether money is received and whether some is held, not by amounts.',
    'From placement every case is tried, breadth first: the first history that reaches a state is',
    'the one shown under its heading, and a state reached again, by another history, is not',
    'explored again. Histories stop at two events (one for the kinds that differ from the first',
    'in one rule only). An order with a longer history answers as the state here with the same',
    'statuses, except where an amount decides: the cases say which amounts they move. The states',
    'of several kinds that read alike (the same statuses and money) share one heading.',
  ];
  states.forEach((state, at) => {
    if (at === 0 || states[at - 1]?.view.paymentStatus !== state.view.paymentStatus)
      out.push('', `## Payment status ${state.view.paymentStatus}`);
    out.push('', `### ${titleOf(state, at)}`, '');
    const reachedBy = state.reached.map(
      ({ kind, state: rows }) =>
        `${letterOf(kind)} by ${rows.path.map((event) => `\`${describeEvent(event)}\``).join(', ') || 'placement'}`,
    );
    const goods = [...new Set(state.reached.map(({ state: rows }) => goodsWords(rows.view)))];
    out.push(
      `Reached: ${reachedBy.join('; ')}.`,
      `Goods: ${goods.join(' or ')}.`,
      '',
      '| Case | Kinds | Event | Outcome | After | Effects | Rules |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const row of merged[at] ?? []) {
      const [probe, ...rest] = row.cells;
      out.push(`| ${[probe, lettersOf(row.kinds), ...rest].join(' | ')} |`);
    }
  });
  return `${out.join('\n').trimEnd()}\n`;
}
