/**
 * The demo: plays each scenario and renders one table per scenario, a row per step.
 * May touch: nothing; returns text for the caller to print.
 */
import type pc from 'picocolors';
import { applyEvent, type Decision, getOrderView, type OrderView, startOrder } from '../index.js';
import { describeEffect, describeEvent, describeOutcome } from './describe.js';
import type { Scenario } from './scenarios.js';

type Colors = ReturnType<typeof pc.createColors>;

const columns = ['#', 'event', 'outcome', 'payment', 'shipping', 'listed', 'effects'] as const;

/** The demo as text: a heading and a table for each scenario. `colors` decides whether it is coloured. */
export function renderDemo(scenarios: readonly Scenario[], colors: Colors): string {
  return scenarios.map((scenario) => renderScenario(scenario, colors)).join('\n\n');
}

function renderScenario(scenario: Scenario, colors: Colors): string {
  const { order, settings } = scenario.placement;
  const rows: string[][] = [];
  let decision: Decision = startOrder(scenario.placement);
  rows.push(row(0, undefined, decision, getOrderView(decision.snapshot)));
  scenario.events.forEach((event, index) => {
    decision = applyEvent(decision.snapshot, event);
    rows.push(row(index + 1, event, decision, getOrderView(decision.snapshot)));
  });
  const heading = `${colors.bold(`${scenario.rules}`)}  ${scenario.title}`;
  const context = colors.dim(
    `order ${order.id}, ${order.paymentMethod.kind} (${order.paymentMethod.provider}), ` +
      `ignoreIncompleteOrders ${settings.ignoreIncompleteOrders ? 'on' : 'off'}, ` +
      `realtimeStock ${settings.realtimeStock ? 'on' : 'off'}`,
  );
  return [heading, context, ...table([[...columns], ...rows], colors)].join('\n');
}

function row(
  step: number,
  event: Parameters<typeof describeEvent>[0],
  decision: Decision,
  view: OrderView,
): string[] {
  return [
    String(step),
    describeEvent(event),
    describeOutcome(decision),
    view.paymentStatus,
    view.shippingStatus,
    view.listed ? 'yes' : 'no',
    decision.effects.map(describeEffect).join(', ') || '-',
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
