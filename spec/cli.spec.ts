/**
 * The `order-rules` command: the demo shows every scenario's steps, and replay turns a JSON Lines
 * history into one decision a line, or names the first bad line and exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import pc from 'picocolors';
import { describe, expect, test } from 'vitest';
import { renderDemo } from '../src/cli/demo.js';
import { generateOrders } from '../src/cli/generate.js';
import { ReplayLineError, replay } from '../src/cli/replay.js';
import { scenarios } from '../src/cli/scenarios.js';
import {
  chequeOrder,
  ignoringIncomplete,
  paymentReport,
  paypalOrder,
  play,
  setPaid,
  setShipped,
} from './play.js';

async function replayLines(lines: readonly string[]): Promise<unknown[]> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await replay(Readable.from(lines.map((line) => `${line}\n`)), output);
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('demo', () => {
  test('plays a scenario for every rule group, S1-S3, D1-D3, D5 and B1-B5, one row per step', () => {
    const plain = renderDemo(scenarios, pc.createColors(false));
    expect(new Set(scenarios.map((scenario) => scenario.rules))).toEqual(
      new Set(['S1', 'S2', 'S3', 'D1', 'D2', 'D3', 'D5', 'B1', 'B2', 'B3', 'B4', 'B5']),
    );
    for (const scenario of scenarios)
      expect(plain).toContain(`${scenario.rules}  ${scenario.title}`);
    expect(plain).toMatch(
      /1 +gateway\.paymentConfirmed PAY-9 3990 EUR +applied +paid +notShipped +yes +deductStock/,
    );
    expect(plain).toMatch(
      /merchant\.shippingStatusChanged shipped +refused: orderNotConfirmed +incomplete/,
    );
    expect(plain).not.toContain('\u001b[');
  });

  test('colours the outcomes when asked to, and only then', () => {
    expect(renderDemo(scenarios, pc.createColors(true))).toContain('\u001b[31mrefused');
  });
});

describe('generate', () => {
  test('the same seed gives the same lines, and replay takes every one of them', async () => {
    const lines = (seed: number) => {
      const out: string[] = [];
      const events = generateOrders({ orders: 60, seed, concurrency: 10 }, (line) =>
        out.push(line.trimEnd()),
      );
      return { out, events };
    };
    const first = lines(7);
    expect(lines(7)).toEqual(first);
    expect(lines(8).out).not.toEqual(first.out);
    expect(first.out.length).toBe(60 + first.events);
    expect(first.events).toBeGreaterThanOrEqual(600);
    const decisions = await replayLines(first.out);
    expect(decisions).toHaveLength(first.out.length);
    const outcomes = new Set(decisions.map((line) => (line as { outcome: string }).outcome));
    expect(outcomes).toEqual(new Set(['applied', 'unchanged', 'refused']));
  });
});

describe('replay', () => {
  const placement = JSON.stringify({ order: paypalOrder, settings: ignoringIncomplete });

  test('replays orders interleaved in one file, each by its orderId', async () => {
    const other = { ...chequeOrder, id: 'B-7' };
    const lines = await replayLines([
      placement,
      JSON.stringify({ order: other, settings: ignoringIncomplete }),
      JSON.stringify({ orderId: 'A-1001', ...setPaid }),
      JSON.stringify({ orderId: 'B-7', ...setShipped }),
      JSON.stringify(setShipped),
    ]);
    expect(
      lines.map((line) => [
        (line as { orderId: string }).orderId,
        (line as { outcome: string }).outcome,
      ]),
    ).toEqual([
      ['A-1001', 'applied'],
      ['B-7', 'applied'],
      ['A-1001', 'applied'],
      ['B-7', 'applied'],
      ['B-7', 'unchanged'],
    ]);
  });

  test('refuses an event for an order not placed, and an order placed twice', async () => {
    await expect(
      replayLines([placement, JSON.stringify({ orderId: 'Z-9', ...setPaid })]),
    ).rejects.toThrow('line 2: order Z-9 has not been placed');
    await expect(replayLines([placement, placement])).rejects.toThrow(
      'line 2: order A-1001 is already placed',
    );
  });

  test('writes one decision a line, the same the engine gives step by step', async () => {
    const events = [setShipped, paymentReport(paypalOrder), setPaid, setShipped];
    const lines = await replayLines([
      placement,
      '',
      ...events.map((event) => JSON.stringify(event)),
    ]);
    const steps = play({ order: paypalOrder, settings: ignoringIncomplete }, events);
    expect(lines).toEqual(
      steps.map((step, index) => ({
        line: index === 0 ? 1 : index + 2,
        orderId: 'A-1001',
        outcome: step.decision.outcome,
        ...('reason' in step.decision ? { reason: step.decision.reason } : {}),
        effects: step.decision.effects,
        view: step.view,
      })),
    );
  });

  test.each([
    [[placement, '{"type":"merchant.paymentStatusChanged"', '{}'], 'line 2: not valid JSON'],
    [
      [
        placement,
        JSON.stringify(setPaid),
        '{"type":"merchant.shippingStatusChanged","status":"lost"}',
      ],
      'line 3: event.status',
    ],
    [
      [JSON.stringify({ order: { ...chequeOrder, lines: [] }, settings: ignoringIncomplete })],
      'line 1: order.lines',
    ],
    [[''], 'line 1: no placement'],
  ])('names the first bad line: %j', async (lines, message) => {
    const attempt = replayLines(lines);
    await expect(attempt).rejects.toBeInstanceOf(ReplayLineError);
    await expect(attempt).rejects.toThrow(message);
  });

  test('the command reads standard input with -, and exits non-zero on a bad line with the line named', () => {
    const run = (input: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'replay', '-'], {
        input,
        encoding: 'utf8',
      });
    const good = run(`${placement}\n${JSON.stringify(setPaid)}\n`);
    expect([good.status, good.stdout.trim().split('\n').length]).toEqual([0, 2]);
    const bad = run(`${placement}\n{"type":"refund"}\n`);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^order-rules replay: line 2: event\.type must be one of .*\[invalidEvent\]/,
    );
  });
});
