/**
 * The `order-rules` command: the demo shows every scenario's steps, and replay turns a JSON Lines
 * history into one decision a line, or names the first bad line and exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { fc, test as fcTest } from '@fast-check/vitest';
import pc from 'picocolors';
import { describe, expect, test } from 'vitest';
import { renderDemo } from '../src/cli/demo.js';
import { generateOrders } from '../src/cli/generate.js';
import { describeReplay, ReplayLineError, replay } from '../src/cli/replay.js';
import { scenarios } from '../src/cli/scenarios.js';
import { eventTypes } from '../src/events.js';
import {
  applyEvent,
  getOrderView,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../src/index.js';
import {
  alertsIn,
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

/** The plain text of the demo's tables for the scenarios of `rules`. */
const demoOf = (rules: string): string =>
  renderDemo(
    scenarios.filter((scenario) => scenario.rules === rules),
    pc.createColors(false),
  );

describe('demo', () => {
  test('plays a scenario for every rule group, S, D, B, M and G, one row per step', () => {
    const plain = renderDemo(scenarios, pc.createColors(false));
    expect(new Set(scenarios.map((scenario) => scenario.rules))).toEqual(
      new Set([
        ...['S1', 'S2', 'S3', 'D1', 'D2', 'D3', 'D5', 'D12', 'D13'],
        ...['B1', 'B3', 'B4', 'B5', 'B6', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'G2', 'G3', 'G4'],
      ]),
    );
    for (const scenario of scenarios)
      expect(plain).toContain(`${scenario.rules}  ${scenario.title}`);
    expect(plain).toMatch(
      /1 +gateway\.paymentConfirmed PAY-9 3990 EUR +applied +paid +3990 of 3990 +notShipped +yes +deductStock 2 TEE-M\n +email merchantOrderNotification \(paid\)\n +email customerOrderConfirmation \(paid\)\n/,
    );
    expect(plain).toMatch(
      /merchant\.shippingStatusChanged shipped +refused: orderNotConfirmed +incomplete/,
    );
    expect(plain).not.toContain('\u001b[');
  });

  test('each effect of each step has a line of its own, and each scenario names its order and settings', () => {
    for (const scenario of scenarios) {
      const plain = renderDemo([scenario], pc.createColors(false));
      const steps = play(scenario.placement, scenario.events);
      const effects = steps.flatMap((step) => step.decision.effects);
      const table = plain.slice(plain.indexOf(`${scenario.rules}  ${scenario.title}`));
      const rows = table.split('\n').slice(3);
      const effectLines = rows.filter((line) => !/ -$/.test(line));
      expect(effectLines).toHaveLength(effects.length);
      expect(rows.filter((line) => /^\d+ /.test(line))).toHaveLength(steps.length);
      expect(table.split('\n')[1]).toMatch(
        /^order [A-Z]-\d+: .+, \d+ EUR, (gateway|manual) \(\w+\); ignoreIncompleteOrders (on|off), realtimeStock (on|off)/,
      );
    }
  });

  test('S3: a manual order shows no money received (the merchant records it by status), a gateway order shows what the gateway reported', () => {
    expect(demoOf('S3')).toMatch(
      /1 +merchant\.paymentStatusChanged paid +applied +paid +- +notShipped/,
    );
    expect(demoOf('D2')).toMatch(
      /1 +merchant\.paymentStatusChanged paid +applied +paid +0 of 3990 /,
    );
  });

  test('D12: the free sample is paid and confirmed at placement, with no payment window', () => {
    const plain = demoOf('D12');
    expect(plain).toMatch(
      /0 +order placed +applied +paid +0 of 0 +notShipped +yes +deductStock 1 SOCKS\n +email merchantOrderNotification \(paid\)/,
    );
    expect(plain).toContain('payment window 30 min');
    expect(plain).not.toContain('scheduleTimer');
  });

  test('D13: an order never confirmed is cancelled without an email; a confirmed one gets one cancellation email (B5)', () => {
    expect(demoOf('D13')).toMatch(
      /1 +merchant\.orderCancelled +applied +cancelled +0 of 3990 +notShipped +no +-$/m,
    );
    const b5 = demoOf('B5');
    expect(b5).toMatch(
      /1 +merchant\.orderCancelled +applied +cancelled +- +notShipped +yes +restoreStock 1 MUG-RED, 3 TEE-L\n +email customerOrderCancellation\n/,
    );
    expect(b5.split('customerOrderCancellation')).toHaveLength(2);
  });

  test('B1: dollars reported for a euro order are not counted: review, listed, an alert; a euro payment confirms it', () => {
    const plain = demoOf('B1');
    expect(plain).toMatch(
      /1 +gateway\.paymentConfirmed PAY-3 4390 USD +applied +review +0 of 3990 +notShipped +yes +email merchantPaymentAlert \(currencyMismatch 4390 USD\)/,
    );
    expect(plain).toMatch(
      /2 +gateway\.paymentConfirmed PAY-4 3990 EUR +applied +paid +3990 of 3990 +notShipped +yes +deductStock 2 TEE-M/,
    );
  });

  test('B4, I10: the window cancels an order confirmed at placement, never one whose goods have left', () => {
    const plain = demoOf('B4');
    expect(plain).toMatch(
      /1 +timer\.paymentWindowElapsed +applied +cancelled +0 of 3990 +notShipped +yes +restoreStock 2 TEE-M\n +email customerOrderCancellation/,
    );
    expect(plain).toMatch(
      /2 +gateway\.paymentConfirmed PAY-9 3990 EUR +applied +cancelled +3990 of 3990 .*paymentAfterCancellation 3990 EUR/,
    );
    expect(plain).toMatch(/2 +timer\.paymentWindowElapsed +unchanged: goodsShipped +pending/);
  });

  test('B6: a card authorized after cancellation: an alert and a void asked; once voided the order leaves the list', () => {
    const plain = demoOf('B6');
    expect(plain).toMatch(
      /2 +gateway\.paymentAuthorized AUTH-7 3990 EUR +applied +cancelled +0 of 3990, 3990 held +notShipped +yes +voidAuthorization AUTH-7\n +email merchantPaymentAlert \(paymentAfterCancellation 3990 EUR\)/,
    );
    expect(plain).toMatch(
      /3 +gateway\.authorizationVoided VOID-7 of AUTH-7 +applied +cancelled +0 of 3990 +notShipped +no +-/,
    );
  });

  test('M3: an authorization confirms the order stating authorized; captures in parts as the goods ship end paid', () => {
    const plain = demoOf('M3');
    expect(plain).toMatch(
      /1 +gateway\.paymentAuthorized AUTH-1 3990 EUR +applied +authorized +0 of 3990, 3990 held +notShipped +yes +deductStock 2 TEE-M, 1 MUG-RED\n +email merchantOrderNotification \(authorized\)\n +email customerOrderConfirmation \(authorized\)/,
    );
    expect(plain).toMatch(
      /3 +gateway\.paymentCaptured CAP-1 of AUTH-1 3000 EUR +applied +authorized +3000 of 3990, 990 held +partiallyShipped +yes +-/,
    );
    expect(plain).toMatch(
      /5 +gateway\.paymentCaptured CAP-2 of AUTH-1 990 EUR +applied +paid +3990 of 3990 +shipped +yes +-/,
    );
  });

  test('M4: a capture above what is held is refused; a void releases the rest, which can no longer be captured; a void of all alerts the merchant', () => {
    const plain = demoOf('M4');
    expect(plain).toMatch(/CAP-2 of AUTH-1 1500 EUR +refused: captureExceedsAuthorization/);
    expect(plain).toMatch(
      /4 +gateway\.authorizationVoided VOID-1 of AUTH-1 +applied +partiallyPaid +3000 of 3990 +notShipped +yes +-/,
    );
    expect(plain).toMatch(/CAP-3 of AUTH-1 990 EUR +refused: unknownAuthorization/);
    expect(plain).toMatch(
      /2 +gateway\.authorizationVoided VOID-2 of AUTH-2 +applied +voided +0 of 3990 +notShipped +yes +email merchantPaymentAlert \(authorizationVoided\)/,
    );
  });

  test('M5: a split payment is partiallyPaid with an alert of what is still due, then the second part confirms it', () => {
    const plain = demoOf('M5');
    expect(plain).toMatch(
      /1 +gateway\.paymentConfirmed PAY-1 2000 EUR +applied +partiallyPaid +2000 of 3990 +notShipped +yes +email merchantPaymentAlert \(partialPayment 1990 EUR\)/,
    );
    expect(plain).toMatch(
      /2 +gateway\.paymentConfirmed PAY-2 1990 EUR +applied +paid +3990 of 3990 +notShipped +yes +deductStock 2 TEE-M/,
    );
  });

  test('M6: each overpayment gives one alert with the part above the total, a repeated report none; the refund brings it back', () => {
    const plain = demoOf('M6');
    expect(plain).toMatch(
      /3 +gateway\.paymentConfirmed PAY-10 5 EUR +applied +paid +3995 of 3990 +notShipped +yes +email merchantPaymentAlert \(overpayment 5 EUR\)/,
    );
    expect(plain).toMatch(
      /4 +gateway\.paymentConfirmed PAY-11 3990 EUR +applied +paid +7985 of 3990 +notShipped +yes +email merchantPaymentAlert \(overpayment 3990 EUR\)/,
    );
    expect(plain).toMatch(
      /5 +gateway\.paymentConfirmed PAY-11 3990 EUR +unchanged: duplicateGatewayReport/,
    );
    expect(plain).toMatch(
      /6 +gateway\.refunded REF-1 3995 EUR +applied +paid +3990 of 3990 +notShipped +yes +email customerRefundNotification \(3995 EUR\)/,
    );
  });

  test('M7: each refund emails the buyer and moves no stock; a refund above what was received is refused', () => {
    const plain = demoOf('M7');
    expect(plain).toMatch(
      /2 +gateway\.refunded REF-1 990 EUR +applied +partiallyRefunded +3000 of 3990 +notShipped +yes +email customerRefundNotification \(990 EUR\)\n/,
    );
    expect(plain).toMatch(/REF-2 5000 EUR +refused: refundExceedsPayment/);
    expect(plain).toMatch(
      /4 +gateway\.refunded REF-2 3000 EUR +applied +refunded +0 of 3990 +notShipped +yes +email customerRefundNotification \(3000 EUR\)$/,
    );
  });

  test('M8: a chargeback alerts the merchant and takes the money back; its reversal returns it, and no more than was charged back', () => {
    const plain = demoOf('M8');
    expect(plain).toMatch(
      /3 +gateway\.chargeback DSP-1 3990 EUR +applied +refunded +0 of 3990 +shipped +yes +email merchantPaymentAlert \(chargeback 3990 EUR\)/,
    );
    expect(plain).toMatch(
      /4 +gateway\.chargebackReversed DSP-1-WON 3990 EUR +applied +paid +3990 of 3990 +shipped +yes +-/,
    );
    expect(plain).toMatch(/DSP-1-AGAIN 100 EUR +refused: reversalExceedsChargeback/);
  });

  test('G2: a partial shipment is partiallyShipped; unknown skus and units beyond the order are refused; the rest ships it', () => {
    const plain = demoOf('G2');
    expect(plain).toMatch(
      /2 +merchant\.linesShipped 2 TEE-L +applied +paid +- +partiallyShipped +yes +-/,
    );
    expect(plain).toMatch(/merchant\.linesShipped 1 CAP +refused: unknownSku/);
    expect(plain).toMatch(/merchant\.linesShipped 2 TEE-L +refused: exceedsOrderedQuantity/);
    expect(plain).toMatch(
      /5 +merchant\.linesShipped 1 TEE-L, 1 MUG-RED +applied +paid +- +shipped +yes +-/,
    );
  });

  test('G3: a return with restock restores its units, one without does not; more than shipped is refused; notShipped after a return is refused', () => {
    const plain = demoOf('G3');
    expect(plain).toMatch(
      /3 +merchant\.linesReturned 1 TEE-M \(restock\) +applied +paid +3990 of 3990 +partiallyReturned +yes +restoreStock 1 TEE-M\n/,
    );
    expect(plain).toMatch(
      /4 +merchant\.linesReturned 1 MUG-RED +applied +paid +3990 of 3990 +partiallyReturned +yes +-\n/,
    );
    expect(plain).toMatch(
      /merchant\.linesReturned 2 TEE-M \(restock\) +refused: exceedsShippedQuantity/,
    );
    expect(plain).toMatch(
      /6 +merchant\.linesReturned 1 TEE-M \(restock\) +applied +paid +3990 of 3990 +returned +yes +restoreStock 1 TEE-M\n/,
    );
    expect(plain).toMatch(/merchant\.shippingStatusChanged notShipped +refused: linesReturned/);
  });

  test('G4: cancelled after a partial shipment: the unshipped units restored, the money to refund, one email; the shipped unit restocked when it comes back', () => {
    const plain = demoOf('G4');
    expect(plain).toMatch(
      /3 +merchant\.orderCancelled +applied +cancelled +3990 of 3990 +partiallyShipped +yes +email merchantPaymentAlert \(refundDue 3990 EUR\)\n +restoreStock 1 TEE-M, 1 MUG-RED\n +email customerOrderCancellation\n/,
    );
    expect(plain).toMatch(/merchant\.linesShipped 1 TEE-M +refused: orderCancelled/);
    expect(plain).toMatch(
      /5 +merchant\.linesReturned 1 TEE-M \(restock\) +applied +cancelled +3990 of 3990 +returned +yes +restoreStock 1 TEE-M\n/,
    );
    expect(plain).toMatch(
      /6 +gateway\.refunded REF-1 3990 EUR +applied +cancelled +0 of 3990 +returned +yes +email customerRefundNotification \(3990 EUR\)/,
    );
  });

  test('colours the outcomes when asked to, and only then', () => {
    expect(renderDemo(scenarios, pc.createColors(true))).toContain('\u001b[31mrefused');
  });
});

/** The lines `generate` writes for `orders` orders from `seed`, and how many events. */
const generated = (orders: number, seed: number, concurrency = 10) => {
  const out: string[] = [];
  const events = generateOrders({ orders, seed, concurrency }, (line) => out.push(line.trimEnd()));
  return { out, events };
};

describe('replay holds the orders that took no event lately as their JSON', () => {
  test('holding 3 orders as snapshots, the others as JSON, it decides every line as holding all does', async () => {
    const { out } = generated(80, 11, 20);
    const decide = async (hotOrders?: number) => {
      const output = new PassThrough();
      const chunks: Buffer[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk));
      const input = Readable.from(out.map((line) => `${line}\n`));
      const stats = await replay(input, output, hotOrders === undefined ? {} : { hotOrders });
      const { seconds: _, peakMemory: __, ...counts } = stats;
      return { lines: Buffer.concat(chunks).toString('utf8'), counts };
    };
    const all = await decide();
    expect(all.counts.orders).toBe(80);
    expect(await decide(3)).toEqual(all);
  });
});

describe('generate', () => {
  test('the same seed gives the same lines, about 20 events an order, and replay takes every one of them', async () => {
    const first = generated(60, 7);
    expect(generated(60, 7)).toEqual(first);
    expect(generated(60, 8).out).not.toEqual(first.out);
    expect(first.out.length).toBe(60 + first.events);
    expect(first.events / 60).toBeGreaterThanOrEqual(15);
    expect(first.events / 60).toBeLessThanOrEqual(25);
    const decisions = await replayLines(first.out);
    expect(decisions).toHaveLength(first.out.length);
    const outcomes = new Set(decisions.map((line) => (line as { outcome: string }).outcome));
    expect(outcomes).toEqual(new Set(['applied', 'unchanged', 'refused']));
  });

  test('M, G: the traffic holds every kind of event, each applied somewhere, every alert and every shipping status', () => {
    const { out } = generated(300, 1);
    const open = new Map<string, OrderSnapshot>();
    const applied = new Set<string>();
    const types = new Set<string>();
    const alerts = new Set<string>();
    const shippingStatuses = new Set<string>();
    for (const line of out) {
      const value = JSON.parse(line);
      if ('order' in value) {
        open.set(value.order.id, startOrder(value).snapshot);
        continue;
      }
      const { orderId, ...event } = value;
      types.add(event.type);
      const decision = applyEvent(open.get(orderId) as OrderSnapshot, event);
      if (decision.outcome === 'applied') applied.add(event.type);
      for (const cause of alertsIn(decision.effects)) alerts.add(cause);
      shippingStatuses.add(getOrderView(decision.snapshot).shippingStatus);
      open.set(orderId, decision.snapshot);
    }
    expect(types).toEqual(new Set(eventTypes));
    expect(applied).toEqual(new Set(eventTypes));
    expect(alerts).toEqual(
      new Set([
        'currencyMismatch',
        'partialPayment',
        'overpayment',
        'paymentAfterCancellation',
        'refundDue',
        'authorizationVoided',
        'chargeback',
      ]),
    );
    expect(shippingStatuses).toEqual(
      new Set(['notShipped', 'partiallyShipped', 'shipped', 'partiallyReturned', 'returned']),
    );
    const ended = new Set([...open.values()].map((snapshot) => snapshot.state.payment));
    // S1: some buyers abandon at the gateway, and the merchant leaves their orders alone.
    for (const status of ['incomplete', 'expired', 'partiallyPaid'])
      expect(ended).toContain(status);
  });

  fcTest.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })])(
    'M9, G1: for any seed, every placement has one line per sku, and every line is one the engine takes without an error',
    (seed) => {
      const open = new Map<string, OrderSnapshot>();
      for (const line of generated(4, seed, 2).out) {
        const value = JSON.parse(line);
        if ('order' in value) {
          const skus = (value as Placement).order.lines.map((orderLine) => orderLine.sku);
          expect(new Set(skus).size).toBe(skus.length);
          open.set(value.order.id, startOrder(value).snapshot);
        } else {
          const { orderId, ...event } = value;
          open.set(orderId, applyEvent(open.get(orderId) as OrderSnapshot, event).snapshot);
        }
      }
    },
  );
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

  test('M, G: replays the new events, and the summary counts outcomes, effects and how the orders end', async () => {
    const card = {
      ...paypalOrder,
      id: 'C-3001',
      lines: [
        { sku: 'TEE-M', quantity: 2 },
        { sku: 'MUG-RED', quantity: 1 },
      ],
    };
    const auth = {
      type: 'gateway.paymentAuthorized',
      transactionId: 'AUTH-1',
      amount: 3990,
      currency: 'EUR',
    };
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const stats = await replay(
      Readable.from(
        [
          placement,
          { order: card, settings: ignoringIncomplete },
          { orderId: 'C-3001', ...auth },
          { orderId: 'C-3001', ...auth },
          {
            orderId: 'C-3001',
            type: 'merchant.linesShipped',
            lines: [{ sku: 'TEE-M', quantity: 2 }],
          },
          {
            orderId: 'C-3001',
            type: 'gateway.paymentCaptured',
            transactionId: 'CAP-1',
            authorizationId: 'AUTH-1',
            amount: 5000,
            currency: 'EUR',
          },
          {
            orderId: 'C-3001',
            type: 'gateway.paymentCaptured',
            transactionId: 'CAP-1',
            authorizationId: 'AUTH-1',
            amount: 3000,
            currency: 'EUR',
          },
          {
            orderId: 'C-3001',
            type: 'merchant.linesReturned',
            lines: [{ sku: 'TEE-M', quantity: 1 }],
            restock: true,
          },
        ].map((line) => `${typeof line === 'string' ? line : JSON.stringify(line)}\n`),
      ),
      output,
    );
    const last = JSON.parse(Buffer.concat(chunks).toString('utf8').trim().split('\n').at(-1) ?? '');
    expect(last).toMatchObject({
      line: 8,
      orderId: 'C-3001',
      outcome: 'applied',
      effects: [{ type: 'restoreStock', lines: [{ sku: 'TEE-M', quantity: 1 }] }],
      view: {
        paymentStatus: 'authorized',
        shippingStatus: 'partiallyReturned',
        amounts: { total: 3990, held: 990, captured: 3000, received: 3000, due: 990 },
        lines: [
          { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 2, returned: 1, restored: 1 },
          { sku: 'MUG-RED', quantity: 1, deducted: 1, shipped: 0, returned: 0, restored: 0 },
        ],
      },
    });
    expect(stats).toMatchObject({
      orders: 2,
      events: 6,
      outcomes: { applied: 4, unchanged: 1, refused: 1 },
      effects: 4,
      paymentStatuses: { incomplete: 1, authorized: 1 },
      shippingStatuses: { notShipped: 1, partiallyReturned: 1 },
    });
    const summary = describeReplay({ ...stats, seconds: 0.5, peakMemory: 2 ** 26 });
    expect(summary).toMatch(
      /^replayed 6 events of 2 orders in 0\.50 s: 12 events\/s, peak memory 64 MiB\n/,
    );
    expect(summary).toContain(
      '\nevents: 4 applied, 1 unchanged, 1 refused; placements: 2 applied; 4 effects\n',
    );
    expect(summary).toContain('orders by payment status: 1 authorized, 1 incomplete');
    expect(summary).toContain('orders by shipping status: 1 notShipped, 1 partiallyReturned');
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

  test('--version prints the version of the package', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const shown = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--version'], {
      encoding: 'utf8',
    });
    expect([shown.status, shown.stdout.trim()]).toEqual([0, version]);
  });

  test.each([
    [['outbox', '--limit', '0'], 'outbox', '--limit must be a whole number from 1 to 10000, got 0'],
    [['outbox', '--colour'], 'outbox', "error: unknown option '--colour'"],
    [
      ['generate', '--orders', 'many'],
      'generate',
      '--orders must be a whole number from 1, got many',
    ],
    [
      ['generate', '--orders', '3', '--seed', '1.5'],
      'generate',
      '--seed must be a whole number, got 1.5',
    ],
    [['inspect', '--port', '0'], 'inspect', '--port must be 1-65535, got 0'],
    [['inspect', '--delay', '-1'], 'inspect', '--delay must be a whole number of ms, got -1'],
    [['replay'], 'replay', "error: missing required argument 'file'"],
  ])("a bad argument (%j) shows that subcommand's help, exit code 1", (args, command, problem) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`${problem}\n\nUsage: order-rules ${command} [options]`)).toBe(
      true,
    );
    expect(run.stderr).not.toContain('Commands:');
  });

  test('generate writes its whole file into a pipe, and stops quietly when the reader goes', () => {
    const cli = `"${process.execPath}" --import tsx src/cli/main.ts`;
    const piped = spawnSync(
      'sh',
      ['-c', `${cli} generate --orders 1500 --seed 4 | ${cli} replay - --quiet`],
      { encoding: 'utf8' },
    );
    expect(piped.status).toBe(0);
    expect(piped.stderr).toMatch(/replayed [\d,]+ events of 1,500 orders/);
    const cut = spawnSync('sh', ['-c', `${cli} generate --orders 1500 | head -c 100; exit $?`], {
      encoding: 'utf8',
    });
    expect([cut.status, cut.stderr]).toEqual([0, '']);
  });

  test('the command reads standard input with -, and exits non-zero on a bad line with the line named', () => {
    const run = (input: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'replay', '-'], {
        input,
        encoding: 'utf8',
      });
    const good = run(`${placement}\n${JSON.stringify(setPaid)}\n`);
    expect([good.status, good.stdout.trim().split('\n').length]).toEqual([0, 2]);
    expect(good.stderr).toMatch(/^replayed 1 event of 1 order in /);
    expect(good.stderr).toContain('orders by payment status: 1 paid\n');
    const bad = run(`${placement}\n{"type":"refund"}\n`);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^order-rules replay: line 2: event\.type must be one of .*\[invalidEvent\]/,
    );
  });
});
