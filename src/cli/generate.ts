/**
 * Generate: writes many orders' histories, interleaved, as the JSON Lines that `replay` reads: the
 * seeded, realistic traffic of a shop (mostly paid at the gateway, some abandoned, mismatched,
 * repeated, failed, expired or cancelled), for load tests and benchmarks.
 * May touch: the output it is given.
 */
import type { OrderEvent, Placement } from '../index.js';

/** What to generate. */
export interface GenerateOptions {
  readonly orders: number;
  readonly seed: number;
  /** How many orders are open at once, their events interleaved. */
  readonly concurrency?: number;
}

/** A small seeded generator of numbers in [0, 1) (mulberry32), so a seed always gives the same file. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Writes the lines through `write`, one call a line, and returns how many events it wrote (the
 * placements not counted): about 20 per order.
 *
 * @example
 * generateOrders({ orders: 50_000, seed: 1 }, (line) => process.stdout.write(line)); // => about 1,000,000
 */
export function generateOrders(options: GenerateOptions, write: (line: string) => void): number {
  const random = randomFrom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const concurrency = options.concurrency ?? 1000;
  const open: { id: string; events: OrderEvent[] }[] = [];
  let placed = 0;
  let events = 0;
  while (placed < options.orders || open.length > 0) {
    if (placed < options.orders && (open.length < concurrency || random() < 0.05)) {
      placed += 1;
      const placement = placementFor(`ORD-${placed}`, random, pick);
      write(`${JSON.stringify(placement)}\n`);
      open.push({ id: placement.order.id, events: historyFor(placement, random, pick) });
      continue;
    }
    const index = Math.floor(random() * open.length);
    const order = open[index] as (typeof open)[number];
    const event = order.events.shift();
    if (event === undefined) {
      open[index] = open[open.length - 1] as (typeof open)[number];
      open.pop();
      continue;
    }
    write(`${JSON.stringify({ orderId: order.id, ...event })}\n`);
    events += 1;
  }
  return events;
}

function placementFor(
  id: string,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): Placement {
  const gateway = random() < 0.7;
  const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
    sku: pick(['TEE-S', 'TEE-M', 'TEE-L', 'MUG-RED', 'MUG-BLUE', 'CAP', 'SOCKS', 'POSTER']),
    quantity: 1 + Math.floor(random() * 3),
  }));
  return {
    order: {
      id,
      paymentMethod: gateway
        ? { kind: 'gateway', provider: pick(['paypal', 'ideal', 'card']) }
        : { kind: 'manual', provider: pick(['cheque', 'bankTransfer', 'cashOnDelivery']) },
      lines,
      total: {
        amount: 500 + Math.floor(random() * 20_000),
        currency: pick(['EUR', 'EUR', 'EUR', 'USD']),
      },
    },
    settings: {
      ignoreIncompleteOrders: random() < 0.8,
      realtimeStock: random() < 0.9,
      ...(random() < 0.5 ? { paymentWindowMinutes: pick([15, 30, 60, 1440]) } : {}),
    },
  };
}

/** 10 to 30 events a shop might see for one order, mostly in a sensible order. */
function historyFor(
  placement: Placement,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): OrderEvent[] {
  const { id, total } = placement.order;
  const count = 10 + Math.floor(random() * 21);
  let reports = 0;
  const report = (): OrderEvent => {
    reports += 1;
    const repeat = reports > 1 && random() < 0.3;
    const mismatch = random() < 0.05;
    return {
      type: 'gateway.paymentConfirmed',
      transactionId: `${id}-PAY-${repeat ? 1 : reports}`,
      amount: mismatch ? total.amount - 100 : total.amount,
      currency: total.currency,
    };
  };
  const events: OrderEvent[] = [];
  for (let n = 0; n < count; n += 1) {
    const roll = random();
    if (roll < 0.25) events.push(report());
    else if (roll < 0.5)
      events.push({
        type: 'merchant.paymentStatusChanged',
        status: pick(['paid', 'paid', 'pending']),
      });
    else if (roll < 0.75)
      events.push({
        type: 'merchant.shippingStatusChanged',
        status: pick(['shipped', 'shipped', 'notShipped']),
      });
    else if (roll < 0.85)
      events.push({
        type: 'gateway.paymentFailed',
        transactionId: `${id}-FAIL-${n}`,
        reason: 'denied',
      });
    else if (roll < 0.97) events.push({ type: 'timer.paymentWindowElapsed' });
    else events.push({ type: 'merchant.orderCancelled', reason: 'customer request' });
  }
  return events;
}
