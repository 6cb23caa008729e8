/**
 * The `order-rules` command: the demo shows every scenario's steps, and replay turns a JSON Lines
 * history into one decision a line, or names the first bad line and exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import pc from 'picocolors';
import { describe, expect, test } from 'vitest';
import { renderDemo } from '../src/cli/demo.js';
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

describe('replay', () => {
  const placement = JSON.stringify({ order: paypalOrder, settings: ignoringIncomplete });

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
