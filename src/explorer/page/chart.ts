/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The statechart in the page: the Mermaid source the README's generator draws from
 * `orderMachine`, rendered once by Mermaid (served from node_modules, no internet), then the
 * order's state in every region highlighted on each step.
 * May touch: the element it is given.
 */
import { orderMachine } from '../../machine/index.js';
import type { OrderState } from '../../snapshot.js';
import { chartPlacement, drawStatechart, type Statechart } from '../../statechart.js';

/** What the page uses of Mermaid's browser build (a global). */
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

/** The statechart of the machine, as the README draws it. */
export const statechart: Statechart = drawStatechart(orderMachine, chartPlacement);

/**
 * The id a state has in the diagram.
 *
 * @example
 * chartId('payment', 'paid'); // => 'order_payment_paid'
 */
export const chartId = (region: string, value: string) => `order_${region}_${value}`;

/**
 * Renders the diagram into `into`; resolves with the diagram's state nodes by state id, empty
 * when Mermaid is not there. Rejects with Mermaid's message when it cannot draw it.
 */
export async function renderChart(into: HTMLElement): Promise<Map<string, Element>> {
  const mermaid = (globalThis as { mermaid?: Mermaid }).mermaid;
  if (mermaid === undefined) return new Map();
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    maxTextSize: 200_000,
    theme: 'default',
  });
  const { svg } = await mermaid.render('statechart-svg', statechart.mermaid);
  into.innerHTML = svg;
  // Mermaid caps the drawing's width inline; the page's two sizes (fit, actual) are its own.
  into.querySelector('svg')?.style.removeProperty('max-width');
  const nodes = new Map<string, Element>();
  for (const node of into.querySelectorAll('g.node[id]')) {
    const match = /-state-(order_[A-Za-z]+_[A-Za-z_]+)-\d+$/.exec(node.id);
    if (match?.[1] !== undefined) nodes.set(match[1], node);
  }
  return nodes;
}

/**
 * Marks the state of each region of `state` as current in the diagram (class `current`), and
 * no other; none when `state` is undefined.
 */
export function highlight(
  nodes: ReadonlyMap<string, Element>,
  state: OrderState | undefined,
): void {
  const current = new Set(
    state === undefined
      ? []
      : Object.entries(state).map(([region, value]) => chartId(region, String(value))),
  );
  for (const [id, node] of nodes) node.classList.toggle('current', current.has(id));
}
