/**
 * `npm run bench`: how fast the engine decides, against XState's own `transition()` (the naive
 * baseline: the stored snapshot resolved into the machine's, `transition()`, the next one stored,
 * as `applyEvent` takes and gives a stored snapshot), a hand-written reducer (the floor) and a bare
 * `JSON.parse` + `JSON.stringify` of the snapshots a host reads (the cost of JSON alone), on the
 * same seeded orders and histories: all 16 kinds of order (gateway or manual, each setting on and
 * off, with and without a payment window), 10 to 40 events each, of every kind (sales,
 * authorizations, captures, voids, refunds, chargebacks, reversals, shipments, returns, status
 * changes, failures, windows, cancellations). Prints events per second, the ratios, the latency of
 * a host's round trip through JSON, the snapshot's size (constant in the events that move no
 * money, a transaction id more for each money report), then the targets, each with its figure, the
 * ratio of the figure to the target, and whether it is met. `npm run bench:replay` measures the
 * command's replay. Not a test: run it on a quiet machine.
 * Reaches the engine through its public API (`src/index.ts`), but for (c), which runs the machine
 * with XState (`src/decide.ts`).
 * May touch: nothing but standard output.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { Bench } from 'tinybench';
import { decide, toMachine, toStored } from '../src/decide.js';
import {
  applyEvent,
  getOrderView,
  type OrderEvent,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../src/index.js';
import { type History, historyArb } from './arbitraries.js';
import { place, reduce } from './reducer.js';

const SEED = 20261126;
const kinds = (['gateway', 'manual'] as const).flatMap((kind) =>
  [true, false].flatMap((ignoreIncompleteOrders) =>
    [true, false].flatMap((realtimeStock) =>
      [30, undefined].map((paymentWindowMinutes) => ({
        kind,
        ignoreIncompleteOrders,
        realtimeStock,
        paymentWindowMinutes,
      })),
    ),
  ),
);
const ORDERS_PER_KIND = 20;

/** 20 histories of each of the 16 kinds of order, 10 to 40 events each. */
const histories: History[] = fc
  .sample(historyArb(40, 10), { seed: SEED, numRuns: ORDERS_PER_KIND * kinds.length })
  .map((history, index) => {
    const kind = kinds[index % kinds.length] as (typeof kinds)[number];
    const { order } = history.placement;
    const provider = kind.kind === 'gateway' ? 'paypal' : 'cheque';
    return {
      placement: {
        order: { ...order, paymentMethod: { kind: kind.kind, provider } },
        settings: {
          ignoreIncompleteOrders: kind.ignoreIncompleteOrders,
          realtimeStock: kind.realtimeStock,
          ...(kind.paymentWindowMinutes === undefined
            ? {}
            : { paymentWindowMinutes: kind.paymentWindowMinutes }),
        },
      },
      events: history.events,
    };
  });
const eventCount = histories.reduce((sum, history) => sum + history.events.length, 0);

const stored = histories.map((history) => JSON.stringify(startOrder(history.placement).snapshot));
const inMemory = histories.map((history) => startOrder(history.placement).snapshot);
const reducerStarts = histories.map((history) => place(history.placement).snapshot);

/**
 * The JSON that (a) parses, in its order: the stored snapshot before each event of each history,
 * one string an event. (j) parses and writes back each of them once.
 */
const readByA: string[] = histories.flatMap((history, index) => {
  let json = stored[index] as string;
  return history.events.map((event) => {
    const read = json;
    json = JSON.stringify(applyEvent(JSON.parse(read), event).snapshot);
    return read;
  });
});
/** What (j) wrote last, kept so that its work is not thrown away. */
let writtenByJ = '';

const tasks = {
  '(a) applyEvent, JSON in and out': () => {
    histories.forEach((history, index) => {
      let json = stored[index] as string;
      for (const event of history.events)
        json = JSON.stringify(applyEvent(JSON.parse(json), event).snapshot);
    });
  },
  '(b) applyEvent, in memory': () => {
    histories.forEach((history, index) => {
      let snapshot = inMemory[index] as OrderSnapshot;
      for (const event of history.events) snapshot = applyEvent(snapshot, event).snapshot;
    });
  },
  '(c) XState transition()': () => {
    histories.forEach((history, index) => {
      let snapshot = inMemory[index] as OrderSnapshot;
      for (const event of history.events) {
        const verdict = decide(toMachine(snapshot), event);
        if (verdict.outcome === 'applied') snapshot = toStored(verdict.next);
      }
    });
  },
  '(d) hand-written reducer': () => {
    histories.forEach((history, index) => {
      let snapshot = reducerStarts[index] as OrderSnapshot;
      for (const event of history.events) snapshot = reduce(snapshot, event).snapshot;
    });
  },
  '(j) JSON.parse + JSON.stringify alone': () => {
    for (const json of readByA) writtenByJ = JSON.stringify(JSON.parse(json));
  },
};
if (readByA.length !== eventCount) throw new Error('(j) must read one snapshot an event, as (a)');

/** The four measure the same work: every history ends in the same order, whichever decides it. */
function checkTheyAgree(): { outcomes: Map<string, number>; types: Map<string, number> } {
  const outcomes = new Map<string, number>();
  const types = new Map<string, number>();
  const tally = (counts: Map<string, number>, key: string) =>
    counts.set(key, (counts.get(key) ?? 0) + 1);
  histories.forEach((history, index) => {
    let engine = inMemory[index] as OrderSnapshot;
    let json = stored[index] as string;
    let machine = inMemory[index] as OrderSnapshot;
    let reducer = reducerStarts[index] as OrderSnapshot;
    for (const event of history.events) {
      const decision = applyEvent(engine, event);
      engine = decision.snapshot;
      json = JSON.stringify(applyEvent(JSON.parse(json), event).snapshot);
      const verdict = decide(toMachine(machine), event);
      if (verdict.outcome === 'applied') machine = toStored(verdict.next);
      reducer = reduce(reducer, event).snapshot;
      tally(outcomes, decision.outcome);
      tally(types, event.type);
    }
    const asJson = (snapshot: OrderSnapshot) => JSON.parse(JSON.stringify(snapshot));
    const same = [JSON.parse(json), asJson(machine), asJson(reducer)].every((other) =>
      isDeepStrictEqual(other, asJson(engine)),
    );
    if (!same) throw new Error(`history ${index}: the four do not end in the same order`);
  });
  return { outcomes, types };
}
const mix = checkTheyAgree();

/**
 * Each task runs for a time budget (and 4 passes at least: one pass of (c) takes most of a second),
 * in 3 rounds; a task's time is its median pass in its best round, so that a burst of load on the
 * machine during one task's turn does not decide the ratios.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const bestPassMs = new Map<string, number>();
for (let round = 0; round < ROUNDS; round += 1) {
  const bench = new Bench({
    time: Number(process.env.BENCH_MS ?? 1000),
    iterations: 4,
    warmup: true,
    warmupIterations: 2,
  });
  for (const [name, run] of Object.entries(tasks)) bench.add(name, run);
  await bench.run();
  for (const task of bench.tasks) {
    const passMs = task.result && 'latency' in task.result ? task.result.latency.p50 : Number.NaN;
    bestPassMs.set(
      task.name,
      Math.min(bestPassMs.get(task.name) ?? Number.POSITIVE_INFINITY, passMs),
    );
  }
}
const eventsPerSecond = new Map<string, number>();
for (const [name, passMs] of bestPassMs) eventsPerSecond.set(name, (eventCount / passMs) * 1000);
const rate = (name: keyof typeof tasks) => eventsPerSecond.get(name) ?? Number.NaN;

/** Per-event latency of a host's round trip: parse the stored JSON, apply, stringify. */
function roundTripLatencies(): number[] {
  const latencies: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    histories.forEach((history, index) => {
      let json = stored[index] as string;
      for (const event of history.events) {
        const start = performance.now();
        json = JSON.stringify(applyEvent(JSON.parse(json), event).snapshot);
        latencies.push(performance.now() - start);
      }
    });
  }
  return latencies.sort((a, b) => a - b);
}
const latencies = roundTripLatencies();
const percentile = (p: number) =>
  (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 1000;

/**
 * The events of a history with a fresh transaction id for every report (so that none is a
 * duplicate), captures and voids naming the fresh id of the authorization they named, and
 * shipments and returns naming only skus of `skus` (the first one when none is left).
 */
function freshEvents(events: readonly OrderEvent[], skus: ReadonlySet<string>): OrderEvent[] {
  const latest = new Map<string, string>();
  return events.map((event, n): OrderEvent => {
    switch (event.type) {
      case 'merchant.linesShipped':
      case 'merchant.linesReturned': {
        const lines = event.lines.filter((line) => skus.has(line.sku));
        const [first] = skus;
        return {
          ...event,
          lines: lines.length > 0 ? lines : [{ sku: first as string, quantity: 1 }],
        };
      }
      case 'gateway.paymentFailed':
      case 'timer.paymentWindowElapsed':
      case 'merchant.paymentStatusChanged':
      case 'merchant.shippingStatusChanged':
      case 'merchant.orderCancelled':
        return event;
      default: {
        const transactionId = `${event.transactionId}#${n}`;
        latest.set(event.transactionId, transactionId);
        if (!('authorizationId' in event)) return { ...event, transactionId };
        const authorizationId = latest.get(event.authorizationId) ?? event.authorizationId;
        return { ...event, transactionId, authorizationId };
      }
    }
  });
}

const SIZE_AFTER = [1, 10, 100, 1000];
/** One long history of a gateway order with something to pay, the one every size is measured on. */
const [longHistory] = fc
  .sample(historyArb(1000, 1000), { seed: SEED, numRuns: 50 })
  .filter((sampled) => sampled.placement.order.total.amount > 0) as [History];

/** A snapshot's size: the bytes of its JSON, as a host stores it. */
const bytesOf = (snapshot: OrderSnapshot) => Buffer.byteLength(JSON.stringify(snapshot));

/**
 * The snapshot's size in bytes for an order of `lines` lines after each count of `SIZE_AFTER` events
 * of the long history.
 */
function snapshotSizes(lines: number): number[] {
  const { order } = longHistory.placement;
  const orderLines = Array.from(
    { length: lines },
    (_, n) => order.lines[n] ?? { sku: `SKU-${String(n).padStart(5, '0')}`, quantity: 1 + (n % 5) },
  );
  const placement: Placement = {
    order: { ...order, paymentMethod: { kind: 'gateway', provider: 'paypal' }, lines: orderLines },
    settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes: 30 },
  };
  const events = freshEvents(longHistory.events, new Set(orderLines.map((line) => line.sku)));
  const sizes: number[] = [];
  let snapshot = startOrder(placement).snapshot;
  events.forEach((event, n) => {
    snapshot = applyEvent(snapshot, event).snapshot;
    if (SIZE_AFTER.includes(n + 1)) sizes.push(bytesOf(snapshot));
  });
  return sizes;
}

/** The order the size targets are measured on: a gateway order of two lines. */
const twoLines: Placement = {
  order: {
    id: 'A-1001',
    paymentMethod: { kind: 'gateway', provider: 'paypal' },
    lines: [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'MUG-1', quantity: 1 },
    ],
    total: { amount: 3990, currency: 'EUR' },
  },
  settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes: 30 },
};
/** The length of every transaction id below: a PayPal transaction id's. */
const ID_LENGTH = 17;

/** The two-line order, paid by one sale of its total. */
function paidOrder(): OrderSnapshot {
  const paid = applyEvent(startOrder(twoLines).snapshot, {
    type: 'gateway.paymentConfirmed',
    transactionId: '8MC585209K746392H',
    amount: twoLines.order.total.amount,
    currency: twoLines.order.total.currency,
  });
  if (paid.outcome !== 'applied' || getOrderView(paid.snapshot).paymentStatus !== 'paid')
    throw new Error('the two-line order is not paid by a sale of its total');
  return paid.snapshot;
}

const FURTHER = [0, 10, 100, 1000];
/**
 * The paid order's size after each count of `FURTHER` events more, the nth being `eventAt(n)`, and
 * how many of them were applied.
 */
function sizesAfter(eventAt: (n: number) => OrderEvent): { sizes: number[]; applied: number } {
  let snapshot = paidOrder();
  const sizes = [bytesOf(snapshot)];
  let applied = 0;
  for (let n = 0; n < Math.max(...FURTHER); n += 1) {
    const decision = applyEvent(snapshot, eventAt(n));
    if (decision.outcome === 'applied') applied += 1;
    snapshot = decision.snapshot;
    if (FURTHER.includes(n + 1)) sizes.push(bytesOf(snapshot));
  }
  return { sizes, applied };
}
/** Events that move no money: the shipping status set to shipped, then back to notShipped, in turn. */
const noMoney = sizesAfter((n) => ({
  type: 'merchant.shippingStatusChanged',
  status: n % 2 === 0 ? 'shipped' : 'notShipped',
}));
/** Money reports, each with a fresh id: a refund of one cent, then a sale of one cent, in turn. */
const withMoney = sizesAfter((n): OrderEvent => {
  const transactionId = `TX${String(n).padStart(ID_LENGTH - 2, '0')}`;
  return n % 2 === 0
    ? { type: 'gateway.refunded', transactionId, amount: 1, currency: 'EUR' }
    : { type: 'gateway.paymentConfirmed', transactionId, amount: 1, currency: 'EUR' };
});
const [paidBytes = 0] = noMoney.sizes;
const bytesPerMoneyReport =
  ((withMoney.sizes.at(-1) ?? 0) - paidBytes) / Math.max(1, withMoney.applied);

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const counts = (tally: Map<string, number>) =>
  [...tally].map(([key, n]) => `${key.replace(/^\w+\./, '')} ${n}`).join(', ');
console.log(
  `order-rules benchmark: ${histories.length} orders, ${eventCount} events, seed ${SEED}, node ${process.version}`,
);
console.log(`events: ${counts(mix.types)}`);
console.log(`outcomes: ${counts(mix.outcomes)}`);
console.log('checked: (a), (b), (c) and (d) leave every order in the same state');
if (writtenByJ !== readByA.at(-1)) throw new Error('(j) did not write back what it read');
console.log(`(j) parses and writes back the ${readByA.length} snapshots (a) parses, once each`);
console.log(`each task: its median pass, in the best of ${ROUNDS} rounds`);
console.log('');
for (const name of Object.keys(tasks) as (keyof typeof tasks)[]) {
  console.log(`${name.padEnd(40)} ${format(rate(name)).padStart(12)} events/s`);
}
console.log(
  `(a) per-event latency: p50 ${percentile(0.5).toFixed(1)} µs, p99 ${percentile(0.99).toFixed(1)} µs`,
);
console.log('');
console.log(
  `snapshot JSON size in bytes, a two-line gateway order paid by one sale (${twoLines.order.id}):`,
);
const further = (sizes: number[]) =>
  sizes.map((size, n) => `${format(size)} after ${format(FURTHER[n] ?? 0)}`).join(', ');
console.log(
  `  events that move no money (shipping status shipped, notShipped, in turn; ${noMoney.applied} of ${Math.max(...FURTHER)} applied): ${further(noMoney.sizes)}`,
);
console.log(
  `  money reports (a refund, a sale of one cent, in turn; ${withMoney.applied} of ${Math.max(...FURTHER)} applied): ${further(withMoney.sizes)}`,
);
console.log(
  `  each money report taken adds ${bytesPerMoneyReport.toFixed(1)} bytes: its ${ID_LENGTH}-character transaction id, kept for D9`,
);
console.log(
  'snapshot JSON size in bytes, one long random history of a gateway order (fresh transaction ids):',
);
console.log(
  `  ${'lines'.padEnd(8)}${SIZE_AFTER.map((n) => `after ${n} events`.padStart(18)).join('')}`,
);
for (const lines of [1, 10, 100]) {
  console.log(
    `  ${String(lines).padEnd(8)}${snapshotSizes(lines)
      .map((size) => String(size).padStart(18))
      .join('')}`,
  );
}

/** A target: its figure, the target, the figure over the target, and whether it is met. */
interface Target {
  readonly name: string;
  readonly figure: string;
  readonly target: string;
  readonly ratio: number;
  readonly met: boolean;
}
const jsonShare =
  rate('(a) applyEvent, JSON in and out') / rate('(j) JSON.parse + JSON.stringify alone');
const floor = rate('(d) hand-written reducer') / rate('(b) applyEvent, in memory');
const overXState = rate('(b) applyEvent, in memory') / rate('(c) XState transition()');
const afterMost = noMoney.sizes.at(-1) ?? 0;
const targets: Target[] = [
  {
    name: '(a)/(j): JSON round trip, share of bare JSON',
    figure: `${(jsonShare * 100).toFixed(1)}%`,
    target: '>= 50%',
    ratio: jsonShare / 0.5,
    met: jsonShare >= 0.5,
  },
  {
    name: '(d)/(b): hand-written reducer over applyEvent',
    figure: `${floor.toFixed(1)}x`,
    target: '<= 2.0x',
    ratio: floor / 2,
    met: floor <= 2,
  },
  {
    name: "(b)/(c): applyEvent over XState's transition()",
    figure: `${overXState.toFixed(1)}x`,
    target: '>= 20x',
    ratio: overXState / 20,
    met: overXState >= 20,
  },
  {
    name: 'snapshot of a two-line paid order',
    figure: `${format(paidBytes)} B`,
    target: '<= 512 B',
    ratio: paidBytes / 512,
    met: paidBytes <= 512,
  },
  {
    name: `the same after ${format(Math.max(...FURTHER))} events moving no money`,
    figure: `${format(afterMost)} B`,
    target: `= ${format(paidBytes)} B`,
    ratio: afterMost / paidBytes,
    met: noMoney.sizes.every((size) => size === paidBytes),
  },
];
console.log('');
console.log('targets (ratio: the figure over the target):');
for (const { name, figure, target, ratio, met } of targets) {
  console.log(
    `  ${name.padEnd(48)} ${figure.padStart(9)}  ${target.padEnd(9)} ${ratio.toFixed(2).padStart(6)}  ${met ? 'met' : 'NOT MET'}`,
  );
}
console.log('  (the replay of a million events: npm run bench:replay)');
