/**
 * The generated views of the rules: the README's statechart and spec/DECISIONS.md are what the
 * machine gives today, and `npm run docs` run twice changes nothing; the statechart draws every
 * state and every outcome of the machine; the exploration reached every state node; every row of
 * the decision table is what applyEvent decides after the same history.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyEvent, getOrderView, type OrderSnapshot, startOrder } from '../src/index.js';
import { orderMachine } from '../src/machine/index.js';
import { machineFormOf } from '../src/snapshot.js';
import { exploreAll, toMarkdown } from './docs/decision-table.js';
import { readmeWithStatechart, statechartSection } from './docs/readme.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const tables = exploreAll();
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

type StateNode = typeof orderMachine.root;
const nodesUnder = (node: StateNode): StateNode[] =>
  Object.values(node.states).flatMap((child) => [child, ...nodesUnder(child)]);

describe('generated docs', () => {
  test("the README's statechart is the machine's (run `npm run docs` after changing the machine)", () => {
    const readme = read('README.md');
    expect(readme).toBe(readmeWithStatechart(readme));
  });

  test('spec/DECISIONS.md is the decision table the machine gives (run `npm run docs`)', () => {
    expect(read('spec/DECISIONS.md')).toBe(toMarkdown(tables));
  });

  test('`npm run docs` run twice writes the same files, the ones in the repository', () => {
    const out = mkdtempSync(join(tmpdir(), 'order-rules-docs-'));
    try {
      const stale = read('README.md').replace(
        /(<!-- statechart:start[^\n]*-->)[\s\S]*(<!-- statechart:end -->)/,
        '$1\n$2',
      );
      writeFileSync(join(out, 'README.md'), stale);
      const run = () => {
        execFileSync(process.execPath, [tsx, 'spec/docs/generate.ts', '--out', out], {
          cwd: new URL('..', import.meta.url),
          stdio: 'pipe',
        });
        return [
          readFileSync(join(out, 'README.md'), 'utf8'),
          readFileSync(join(out, 'spec/DECISIONS.md'), 'utf8'),
        ];
      };
      const first = run();
      expect(first).toEqual([read('README.md'), read('spec/DECISIONS.md')]);
      expect(run()).toEqual(first);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  test('the statechart draws every state of the machine and names every reason it gives', () => {
    const section = statechartSection().replace(/\s+/g, ' ');
    for (const node of nodesUnder(orderMachine.root))
      expect(section).toContain(`state "${node.key}" as ${node.id.replaceAll('.', '_')}`);
    const reasons = new Set<string>();
    for (const node of [orderMachine.root, ...nodesUnder(orderMachine.root)]) {
      for (const transition of [...node.transitions.values()].flat()) {
        for (const action of transition.actions as { type?: string; params?: unknown }[]) {
          if (action.type === 'refuse' || action.type === 'leaveUnchanged')
            reasons.add((action.params as { reason: string }).reason);
        }
      }
    }
    expect(reasons.size).toBeGreaterThan(20);
    for (const reason of reasons)
      expect(section).toMatch(new RegExp(`(refused|unchanged) ${reason}\\b`));
  });

  test('the exploration reached every state node of the machine, but the two left within placement', () => {
    const reached = new Set<string>();
    for (const table of tables) {
      for (const state of table.states) {
        for (const [region, value] of Object.entries(state.state)) {
          reached.add(`order.${region}`);
          reached.add(`order.${region}.${value}`);
        }
      }
    }
    const missed = nodesUnder(orderMachine.root)
      .map((node) => node.id)
      .filter((id) => !reached.has(id));
    expect(missed).toEqual(['order.payment.placed', 'order.paymentWindow.opening']);
    for (const id of missed) {
      const node = orderMachine.getStateNodeById(id);
      expect(node.parent?.initial.target[0]).toBe(node);
      expect([node.transitions.size, node.always?.length]).toEqual([0, expect.any(Number)]);
    }
  });

  test('the table probes every event type, with the cases the rule book names', () => {
    const rows = tables.flatMap((table) => table.states.flatMap((state) => state.rows));
    const types = new Set(rows.map((row) => row.event.type));
    expect([...types].sort()).toEqual(
      [
        'gateway.paymentConfirmed',
        'gateway.paymentAuthorized',
        'gateway.paymentCaptured',
        'gateway.authorizationVoided',
        'gateway.refunded',
        'gateway.chargeback',
        'gateway.chargebackReversed',
        'gateway.paymentFailed',
        'timer.paymentWindowElapsed',
        'merchant.paymentStatusChanged',
        'merchant.shippingStatusChanged',
        'merchant.linesShipped',
        'merchant.linesReturned',
        'merchant.orderCancelled',
      ].sort(),
    );
    const outcomes = new Set(rows.map((row) => row.outcome));
    for (const outcome of [
      'refused: captureExceedsAuthorization',
      'refused: unknownAuthorization',
      'refused: refundExceedsPayment',
      'refused: chargebackExceedsPayment',
      'refused: reversalExceedsChargeback',
      'refused: exceedsOrderedQuantity',
      'refused: exceedsShippedQuantity',
      'refused: unknownSku',
      'refused: linesReturned',
      'unchanged: paymentReceived',
      'unchanged: goodsShipped',
      'unchanged: duplicateGatewayReport',
    ])
      expect(outcomes).toContain(outcome);
    const causes = new Set(
      rows.flatMap((row) =>
        row.effects.flatMap((effect) => ('cause' in effect ? [effect.cause] : [])),
      ),
    );
    expect([...causes].sort()).toEqual(
      [
        'authorizationVoided',
        'chargeback',
        'currencyMismatch',
        'overpayment',
        'partialPayment',
        'paymentAfterCancellation',
        'refundDue',
      ].sort(),
    );
  });

  test('every row names the rules it illustrates', () => {
    for (const table of tables)
      for (const state of table.states)
        for (const row of state.rows) {
          expect(row.rules.length, `${state.path.map((e) => e.type)} ${row.probe}`).toBeGreaterThan(
            0,
          );
          expect(row.rules).not.toContain('?');
        }
  });

  test('every row is what applyEvent decides after the same history, stored as JSON at every step', () => {
    let rows = 0;
    for (const table of tables) {
      for (const state of table.states) {
        let snapshot = startOrder(table.kind.placement).snapshot;
        for (const event of state.path)
          snapshot = JSON.parse(JSON.stringify(applyEvent(snapshot, event).snapshot));
        expect(machineFormOf(snapshot).state).toEqual(state.state);
        expect(getOrderView(snapshot)).toEqual(state.view);
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

  test("spec/DECISIONS.md: every state is in the contents, and every link of the contents reaches a heading (GitHub's anchors)", () => {
    const markdown = read('spec/DECISIONS.md');
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replaceAll(' ', '-');
    const headings = [...markdown.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1] ?? '');
    const anchors = new Set(headings.map(slug));
    expect(anchors.size).toBe(headings.length);
    const contents = markdown.slice(markdown.indexOf('## Contents'), markdown.indexOf('## Kinds'));
    const links = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    for (const link of links) expect(anchors, link).toContain(link);
    const states = headings.filter((heading) => /^\d+\. /.test(heading));
    expect(states.length).toBeGreaterThan(40);
    for (const state of states) expect(links).toContain(slug(state));
  });

  test('spec/DECISIONS.md writes once a row that gives the same answer for several kinds of order', () => {
    const markdown = read('spec/DECISIONS.md');
    const rows = markdown
      .split('\n')
      .filter((line) => /^\| [^-|][^|]* \| [A-E](, [A-E])* \|/.test(line));
    const answers = tables.reduce(
      (sum, table) => sum + table.states.reduce((n, state) => n + state.rows.length, 0),
      0,
    );
    const named = rows.reduce(
      (sum, row) => sum + (row.split(' | ')[1]?.split(', ').length ?? 0),
      0,
    );
    expect(named).toBe(answers);
    expect(rows.length).toBeLessThan(answers * 0.7);
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^\| sets paid \| A \| `merchant.paymentStatusChanged paid` \| applied \|/,
      ),
    );
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
