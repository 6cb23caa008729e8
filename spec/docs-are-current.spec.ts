/**
 * The generated views of the rules: the README's statechart and spec/DECISIONS.md are what the
 * machine gives today; the exploration reached every state node; every row of the decision table
 * is what applyEvent decides after the same history.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { applyEvent, getOrderView, type OrderSnapshot, startOrder } from '../src/index.js';
import { orderMachine } from '../src/machine.js';
import { exploreAll, toMarkdown } from './docs/decision-table.js';
import { readmeWithStatechart } from './docs/readme.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const tables = exploreAll();

describe('generated docs', () => {
  test("the README's statechart is the machine's (run `npm run docs` after changing the machine)", () => {
    const readme = read('README.md');
    expect(readme).toBe(readmeWithStatechart(readme));
  });

  test('spec/DECISIONS.md is the decision table the machine gives (run `npm run docs`)', () => {
    expect(read('spec/DECISIONS.md')).toBe(toMarkdown(tables));
  });

  test('the exploration reached every state node of the machine, but the two left within placement', () => {
    const reached = new Set<string>();
    const visit = (prefix: string, value: unknown) => {
      for (const [region, child] of Object.entries(value as Record<string, unknown>)) {
        const id = `${prefix}.${region}`;
        reached.add(id);
        if (typeof child === 'string') reached.add(`${id}.${child}`);
        else visit(id, child);
      }
    };
    for (const table of tables) for (const state of table.states) visit('order', state.state);
    const ids: string[] = [];
    const walk = (node: typeof orderMachine.root) => {
      for (const child of Object.values(node.states)) {
        ids.push(child.id);
        walk(child);
      }
    };
    walk(orderMachine.root);
    const missed = ids.filter((id) => !reached.has(id));
    expect(missed).toEqual(['order.payment.placed', 'order.paymentWindow.opening']);
    for (const id of missed) {
      const node = orderMachine.getStateNodeById(id);
      expect(node.parent?.initial.target[0]).toBe(node);
      expect([node.transitions.size, node.always?.length]).toEqual([0, expect.any(Number)]);
    }
  });

  test('every row is what applyEvent decides after the same history, stored as JSON at every step', () => {
    let rows = 0;
    for (const table of tables) {
      for (const state of table.states) {
        let snapshot = startOrder(table.kind.placement).snapshot;
        for (const event of state.path)
          snapshot = JSON.parse(JSON.stringify(applyEvent(snapshot, event).snapshot));
        expect(snapshot.state).toEqual(state.state);
        for (const row of state.rows) {
          const decision = applyEvent(snapshot as OrderSnapshot, row.event);
          const outcome =
            decision.outcome === 'applied' ? 'applied' : `${decision.outcome}: ${decision.reason}`;
          expect({
            outcome,
            view: getOrderView(decision.snapshot),
            effects: decision.effects,
          }).toEqual({
            outcome: row.outcome,
            view: row.view,
            effects: row.effects,
          });
          rows += 1;
        }
      }
    }
    expect(rows).toBeGreaterThan(1000);
  });

  test('the support question has its row: marking an abandoned PayPal order paid deducts stock once', () => {
    const [first] = tables;
    const incomplete = first?.states.find((state) => state.path.length === 0);
    const row = incomplete?.rows.find(
      (candidate) =>
        candidate.event.type === 'merchant.paymentStatusChanged' &&
        candidate.event.status === 'paid',
    );
    expect(row?.effects.map((effect) => effect.type)).toEqual([
      'deductStock',
      'sendEmail',
      'sendEmail',
    ]);
    expect(row?.rules).toContain('D2');
  });
});
