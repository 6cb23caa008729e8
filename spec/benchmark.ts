/**
 * `npm run bench`: how fast the engine decides, against XState's own `transition()` (the naive
 * baseline) and a hand-written reducer (the floor), on the same seeded orders and histories: all 8
 * kinds of order, 10 to 40 events each. Prints events per second, the ratios, the latency of a
 * host's round trip through JSON, and the snapshot's size. Not a test: run it on a quiet machine.
 */
import fc from 'fast-check';
import { Bench } from 'tinybench';
import { transition } from 'xstate';
import { toMachine } from '../src/decide.js';
import {
  applyEvent,
  type OrderEvent,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../src/index.js';
import { orderMachine } from '../src/machine.js';
import { type History, historyArb } from './arbitraries.js';
import { place, type ReducerOrder, reduce } from './reducer.js';

const SEED = 20261126;
const kinds = (['gateway', 'manual'] as const).flatMap((kind) =>
  [true, false].flatMap((ignoreIncompleteOrders) =>
    [true, false].map((realtimeStock) => ({ kind, ignoreIncompleteOrders, realtimeStock })),
  ),
);

/** 25 histories of each of the 8 kinds of order, 10 to 40 events each. */
const histories: History[] = fc
  .sample(historyArb(40, 10), { seed: SEED, numRuns: 200 })
  .map((history, index) => {
    const kind = kinds[index % kinds.length] as (typeof kinds)[number];
    const { order, settings } = history.placement;
    const provider = kind.kind === 'gateway' ? 'paypal' : 'cheque';
    return {
      placement: {
        order: { ...order, paymentMethod: { kind: kind.kind, provider } },
        settings: {
          ...settings,
          ignoreIncompleteOrders: kind.ignoreIncompleteOrders,
          realtimeStock: kind.realtimeStock,
        },
      },
      events: history.events,
    };
  });
const eventCount = histories.reduce((sum, history) => sum + history.events.length, 0);

const stored = histories.map((history) => JSON.stringify(startOrder(history.placement).snapshot));
const inMemory = histories.map((history) => startOrder(history.placement).snapshot);
const machineStates = inMemory.map((snapshot) => {
  const { value, context } = toMachine(snapshot);
  return { value, context };
});
const reducerStarts = histories.map((history) => place(history.placement).order);

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
      let { value, context } = machineStates[index] as (typeof machineStates)[number];
      for (const event of history.events) {
        const [next] = transition(
          orderMachine,
          orderMachine.resolveState({ value, context }),
          event,
        );
        ({ value, context } = next);
      }
    });
  },
  '(d) hand-written reducer': () => {
    histories.forEach((history, index) => {
      let order = reducerStarts[index] as ReducerOrder;
      for (const event of history.events) order = reduce(order, event).order;
    });
  },
};

const bench = new Bench({ time: Number(process.env.BENCH_MS ?? 2000), warmup: true });
for (const [name, run] of Object.entries(tasks)) bench.add(name, run);
await bench.run();

const eventsPerSecond = new Map<string, number>();
for (const task of bench.tasks) {
  const meanMs = task.result && 'latency' in task.result ? task.result.latency.mean : Number.NaN;
  eventsPerSecond.set(task.name, (eventCount / meanMs) * 1000);
}
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

/** The snapshot's size in bytes for an order of `lines` lines after `count` events of a long history. */
function snapshotSize(lines: number, count: number): number {
  const [history] = fc.sample(historyArb(count, count), { seed: SEED + count, numRuns: 1 }) as [
    History,
  ];
  const placement: Placement = {
    order: {
      ...history.placement.order,
      paymentMethod: { kind: 'gateway', provider: 'paypal' },
      lines: Array.from({ length: lines }, (_, n) => ({
        sku: `SKU-${String(n).padStart(5, '0')}`,
        quantity: 1 + (n % 5),
      })),
    },
    settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes: 30 },
  };
  const events = history.events.map(
    (event, n): OrderEvent =>
      event.type === 'gateway.paymentConfirmed' ? { ...event, transactionId: `PAY-${n}` } : event,
  );
  let snapshot = startOrder(placement).snapshot;
  for (const event of events) snapshot = applyEvent(snapshot, event).snapshot;
  return JSON.stringify(snapshot).length;
}

const format = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `order-rules benchmark: ${histories.length} orders, ${eventCount} events, seed ${SEED}, node ${process.version}`,
);
console.log('');
for (const name of Object.keys(tasks) as (keyof typeof tasks)[]) {
  console.log(`${name.padEnd(36)} ${format(rate(name)).padStart(12)} events/s`);
}
console.log('');
console.log(
  `(b)/(c): ${(rate('(b) applyEvent, in memory') / rate('(c) XState transition()')).toFixed(1)}x faster than XState's transition()`,
);
console.log(
  `(d)/(b): ${(rate('(d) hand-written reducer') / rate('(b) applyEvent, in memory')).toFixed(1)}x slower than the hand-written floor`,
);
console.log(
  `(a) per-event latency: p50 ${percentile(0.5).toFixed(1)} µs, p99 ${percentile(0.99).toFixed(1)} µs`,
);
console.log('');
console.log('snapshot JSON size in bytes (gateway order, fresh transaction ids):');
console.log(
  `${'lines'.padEnd(8)}${[1, 10, 100, 1000].map((n) => `after ${n} events`.padStart(18)).join('')}`,
);
for (const lines of [1, 10, 100]) {
  console.log(
    `${String(lines).padEnd(8)}${[1, 10, 100, 1000].map((n) => String(snapshotSize(lines, n)).padStart(18)).join('')}`,
  );
}
