/**
 * The demo: plays each scenario and renders one table per scenario, a row per step, each effect
 * on a line of its own.
 * May touch: nothing; returns text for the caller to print.
 */
import type pc from 'picocolors';
import { applyEvent, type Decision, getOrderView, type OrderView, startOrder } from '../index.js';
import { describeEffect, describeEvent, describeOutcome } from './describe.js';
import type { Scenario } from './scenarios.js';

type Colors = ReturnType<typeof pc.createColors>;

const columns = [
  '#',
  'event',
  'outcome',
  'payment',
  'received',
  'shipping',
  'listed',
  'effects',
] as const;

/** What the columns say, printed once above the tables. */
const legend = [
  'Each table is one order: the events it receives, in order, and what the engine decides.',
  'outcome: applied, or unchanged / refused with the reason; payment, shipping: the statuses after the step;',
  'received: the money the gateway reported, of the total, and what a card authorization still holds',
  '  (- for a manual payment: the merchant records it by setting the status, and no money is counted);',
  'amounts are in minor units of the currency: 3990 EUR is 39.90 euros;',
  'listed: shown in the merchant order list (the others are the incomplete orders);',
  'effects: what the host must carry out (stock moves, emails, alerts, timers, voids).',
];

/** The demo as text: a legend, then a heading and a table for each scenario. `colors` decides whether it is coloured. */
export function renderDemo(scenarios: readonly Scenario[], colors: Colors): string {
  return [
    legend.map((line) => colors.dim(line)).join('\n'),
    ...scenarios.map((scenario) => renderScenario(scenario, colors)),
  ].join('\n\n');
}

function renderScenario(scenario: Scenario, colors: Colors): string {
  const rows: string[][] = [];
  let decision: Decision = startOrder(scenario.placement);
  const manual = scenario.placement.order.paymentMethod.kind === 'manual';
  rows.push(...row(0, undefined, decision, getOrderView(decision.snapshot), manual));
  scenario.events.forEach((event, index) => {
    decision = applyEvent(decision.snapshot, event);
    rows.push(...row(index + 1, event, decision, getOrderView(decision.snapshot), manual));
  });
  const heading = `${colors.bold(`${scenario.rules}`)}  ${scenario.title}`;
  return [
    heading,
    colors.dim(describePlacement(scenario.placement)),
    ...table([[...columns], ...rows], colors),
  ].join('\n');
}

/**
 * The order and its settings in a line, e.g. `order A-1001: 2 TEE-M, 3990 EUR, gateway (paypal);
 * ignoreIncompleteOrders on, realtimeStock on, payment window 30 min`.
 */
export function describePlacement({ order, settings }: Scenario['placement']): string {
  const lines = order.lines.map((line) => `${line.quantity} ${line.sku}`).join(', ');
  const window =
    settings.paymentWindowMinutes === undefined
      ? ''
      : `, payment window ${settings.paymentWindowMinutes} min`;
  return (
    `order ${order.id}: ${lines}, ${order.total.amount} ${order.total.currency}, ` +
    `${order.paymentMethod.kind} (${order.paymentMethod.provider}); ` +
    `ignoreIncompleteOrders ${settings.ignoreIncompleteOrders ? 'on' : 'off'}, ` +
    `realtimeStock ${settings.realtimeStock ? 'on' : 'off'}${window}`
  );
}

/** The money of a view in a few words, e.g. `2000 of 3990` or `0 of 3990, 3990 held`. */
export function describeMoney({ amounts }: OrderView): string {
  const held = amounts.held > 0 ? `, ${amounts.held} held` : '';
  return `${amounts.received} of ${amounts.total}${held}`;
}

/** A step's rows: the first with every column and the first effect, then one row per further effect. */
function row(
  step: number,
  event: Parameters<typeof describeEvent>[0],
  decision: Decision,
  view: OrderView,
  manual: boolean,
): string[][] {
  const [first = '-', ...more] = decision.effects.map(describeEffect);
  return [
    [
      String(step),
      describeEvent(event),
      describeOutcome(decision),
      view.paymentStatus,
      manual ? '-' : describeMoney(view),
      view.shippingStatus,
      view.listed ? 'yes' : 'no',
      first,
    ],
    ...more.map((effect) => [...columns.slice(1).map(() => ''), effect]),
  ];
}

/** Pads every cell to its column's width, then colours it, so colour codes never skew the layout. */
function table(rows: readonly string[][], colors: Colors): string[] {
  const widths = columns.map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? '').length)),
  );
  return rows.map((cells, index) =>
    cells
      .map((cell, column) => {
        const padded = column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
        if (index === 0) return colors.underline(padded);
        if (column === 2) return paint(cell, padded, colors);
        return padded;
      })
      .join('  '),
  );
}

function paint(outcome: string, text: string, colors: Colors): string {
  if (outcome.startsWith('refused')) return colors.red(text);
  if (outcome.startsWith('unchanged')) return colors.yellow(text);
  return colors.green(text);
}
