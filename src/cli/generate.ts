/**
 * Generate: writes many orders' histories, interleaved, as the JSON Lines that `replay` reads: the
 * seeded, realistic traffic of a shop, for load tests and benchmarks. Each order's history is a
 * story (paid at once, in parts, or by a card authorization captured as the goods ship; abandoned,
 * mismatched, failed, expired or cancelled; shipped in parcels, returned with or without restock,
 * refunded, charged back) with the noise a shop also sees (repeated webhooks, status changes set
 * again, timers) mixed in.
 * May touch: the output it is given.
 */
import type { Order, OrderEvent, OrderLine, Placement } from '../index.js';

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

/** The draws a history is made of, all from one seeded source. */
interface Dice {
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A whole number from `low` to `high`, both included. */
  between(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
}

function diceFrom(random: () => number): Dice {
  return {
    chance: (p) => random() < p,
    between: (low, high) => low + Math.floor(random() * (high - low + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T,
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
  const dice = diceFrom(random);
  const concurrency = options.concurrency ?? 1000;
  const open: { id: string; events: OrderEvent[] }[] = [];
  let placed = 0;
  let events = 0;
  while (placed < options.orders || open.length > 0) {
    if (placed < options.orders && (open.length < concurrency || random() < 0.05)) {
      placed += 1;
      const placement = placementFor(`ORD-${placed}`, dice);
      write(`${JSON.stringify(placement)}\n`);
      open.push({ id: placement.order.id, events: historyFor(placement, dice) });
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

const skus = ['TEE-S', 'TEE-M', 'TEE-L', 'MUG-RED', 'MUG-BLUE', 'CAP', 'SOCKS', 'POSTER'] as const;

function placementFor(id: string, dice: Dice): Placement {
  const gateway = dice.chance(0.7);
  const shuffled: string[] = [...skus];
  for (let at = shuffled.length - 1; at > 0; at -= 1) {
    const other = dice.between(0, at);
    [shuffled[at], shuffled[other]] = [shuffled[other] as string, shuffled[at] as string];
  }
  const lines = shuffled
    .slice(0, dice.between(1, 4))
    .map((sku) => ({ sku, quantity: dice.between(1, 3) }));
  return {
    order: {
      id,
      paymentMethod: gateway
        ? { kind: 'gateway', provider: dice.pick(['paypal', 'ideal', 'card']) }
        : { kind: 'manual', provider: dice.pick(['cheque', 'bankTransfer', 'cashOnDelivery']) },
      lines,
      total: {
        // A free order now and then (D12).
        amount: dice.chance(0.02) ? 0 : dice.between(500, 20_500),
        currency: dice.pick(['EUR', 'EUR', 'EUR', 'USD', 'GBP']),
      },
    },
    settings: {
      ignoreIncompleteOrders: dice.chance(0.8),
      realtimeStock: dice.chance(0.9),
      ...(dice.chance(0.5) ? { paymentWindowMinutes: dice.pick([15, 30, 60, 1440]) } : {}),
    },
  };
}

/**
 * One order's history, 10 to 30 events: its story in a sensible order, with noise events put in
 * where a shop would see them (a webhook repeated after the first delivery, a status set again once
 * the order was paid or shipped, mostly).
 */
function historyFor(placement: Placement, dice: Dice): OrderEvent[] {
  const { order, settings } = placement;
  const story = storyOf(order, settings.paymentWindowMinutes !== undefined, dice);
  const count = Math.max(10 + dice.between(0, 20), story.events.length);
  // slots[at]: the noise that comes just before story.events[at] (the last slot: after the story).
  const slots: OrderEvent[][] = Array.from({ length: story.events.length + 1 }, () => []);
  const after = (at: number) =>
    dice.between(Math.min(at, story.events.length), story.events.length);
  for (let added = story.events.length; added < count; added += 1) {
    const roll = dice.between(0, 99);
    const reports = story.events.flatMap((event, at) =>
      event.type.startsWith('gateway.') ? [{ event, at }] : [],
    );
    if (roll < 25 && reports.length > 0) {
      // A webhook delivered again (D9).
      const { event, at } = dice.pick(reports);
      slots[after(at + 1)]?.push(event);
    } else if (roll < 55 && story.confirmed) {
      const status = dice.pick(['paid', 'paid', 'paid', 'pending'] as const);
      const at = dice.chance(0.85) ? after(story.paid) : after(0);
      slots[at]?.push({ type: 'merchant.paymentStatusChanged', status });
    } else if (roll < 85) {
      const status = dice.chance(0.9) ? 'shipped' : 'notShipped';
      const at = dice.chance(0.95) ? after(story.shipped) : after(0);
      slots[at]?.push({ type: 'merchant.shippingStatusChanged', status });
    } else if (order.paymentMethod.kind === 'gateway') {
      // A failed attempt, mostly before the payment went through (B3).
      const money = story.events.findIndex(
        (event) => event.type.startsWith('gateway.') && event.type !== 'gateway.paymentFailed',
      );
      const before = money === -1 ? story.events.length : money;
      slots[dice.chance(0.8) ? dice.between(0, before) : after(0)]?.push({
        type: 'gateway.paymentFailed',
        transactionId: `${order.id}-FAIL-${dice.between(1, 9)}`,
        reason: dice.pick(['denied', 'expired', 'failed']),
      });
    } else if (dice.chance(0.1)) {
      // A report routed to a cheque order by mistake (D8).
      slots[after(0)]?.push({
        type: 'gateway.paymentConfirmed',
        transactionId: `${order.id}-STRAY-1`,
        amount: Math.max(1, order.total.amount),
        currency: order.total.currency,
      });
    } else if (story.confirmed) {
      slots[after(story.paid)]?.push({ type: 'merchant.paymentStatusChanged', status: 'paid' });
    }
  }
  return slots.flatMap((noise, at) => {
    const event = story.events[at];
    return event === undefined ? noise : [...noise, event];
  });
}

/** An order's story, and where its payment and its shipments end (indexes into `events`). */
interface Story {
  readonly events: readonly OrderEvent[];
  readonly paid: number;
  readonly shipped: number;
  /** The story confirms the order; an abandoned one does not, and the merchant leaves it alone. */
  readonly confirmed: boolean;
}

/**
 * The story of one order: how it is paid, shipped and after-sold. The generator keeps its own idea
 * of the money taken so that most refunds and captures fit; some do not, as in a real shop.
 */
function storyOf(order: Order, hasWindow: boolean, dice: Dice): Story {
  const { id, total } = order;
  const story: OrderEvent[] = [];
  let serial = 0;
  const transaction = (kind: string) => {
    serial += 1;
    return `${id}-${kind}-${serial}`;
  };
  const amountMoved = <Type extends 'gateway.paymentConfirmed' | 'gateway.refunded'>(
    type: Type,
    kind: string,
    amount: number,
    currency = total.currency,
  ) => ({ type, transactionId: transaction(kind), amount, currency });
  let received = 0;
  let held: { id: string; amount: number } | undefined;
  const sale = (amount: number) => {
    received += amount;
    story.push(amountMoved('gateway.paymentConfirmed', 'PAY', amount));
  };
  const capture = (amount: number) => {
    if (held === undefined || amount < 1) return;
    const fits = Math.min(amount, held.amount);
    story.push({
      type: 'gateway.paymentCaptured',
      transactionId: transaction('CAP'),
      authorizationId: held.id,
      // Now and then the shop asks for more than is held: refused.
      amount: dice.chance(0.03) ? held.amount + dice.between(1, 500) : fits,
      currency: total.currency,
    });
    held.amount -= fits;
    received += fits;
  };
  const refund = (amount: number) => {
    if (amount < 1) return;
    story.push(amountMoved('gateway.refunded', 'REF', amount));
    received = Math.max(0, received - amount);
  };
  const repeat = () => {
    // The same webhook delivered twice (D9).
    const last = story[story.length - 1];
    if (last !== undefined && dice.chance(0.2)) story.push(last);
  };

  // Payment. The host's timer fires once, when the order has a window: mostly after the payment,
  // before it for a slow buyer or one who abandoned (B4).
  const gateway = order.paymentMethod.kind === 'gateway';
  let confirmed = !gateway || total.amount === 0;
  let windowElapsed = !hasWindow;
  const windowElapses = () => {
    if (!windowElapsed) story.push({ type: 'timer.paymentWindowElapsed' });
    windowElapsed = true;
  };
  if (gateway && total.amount > 0) {
    for (let failures = dice.between(0, 2); failures > 0 && dice.chance(0.3); failures -= 1) {
      story.push({
        type: 'gateway.paymentFailed',
        transactionId: transaction('FAIL'),
        reason: 'denied',
      });
    }
    if (dice.chance(0.08)) windowElapses();
    const roll = dice.between(0, 99);
    if (roll < 15) {
      // Abandoned at the gateway; the buyer may come back late (B6).
      windowElapses();
      if (dice.chance(0.25)) {
        sale(total.amount);
        confirmed = true;
      }
    } else if (roll < 19) {
      // Paid in another currency (B1): the merchant sorts it out.
      story.push(
        amountMoved(
          'gateway.paymentConfirmed',
          'PAY',
          total.amount,
          total.currency === 'USD' ? 'EUR' : 'USD',
        ),
      );
      repeat();
      const resolution = dice.between(0, 2);
      if (resolution === 0) sale(total.amount);
      else if (resolution === 1)
        story.push({ type: 'merchant.paymentStatusChanged', status: 'paid' });
      else story.push({ type: 'merchant.orderCancelled', reason: 'paid in the wrong currency' });
      confirmed = resolution !== 2;
    } else if (roll < 55) {
      // A sale: at once, or in two parts (M5), or only a part.
      if (dice.chance(0.12) && total.amount >= 2) {
        const first = dice.between(1, total.amount - 1);
        sale(first);
        repeat();
        if (dice.chance(0.8)) {
          sale(total.amount - first);
          confirmed = true;
        }
      } else {
        sale(total.amount);
        confirmed = true;
      }
      repeat();
    } else {
      // A card authorization (M3), captured as the goods ship (below), or released early.
      const authorization = transaction('AUTH');
      story.push({
        type: 'gateway.paymentAuthorized',
        transactionId: authorization,
        amount: total.amount,
        currency: total.currency,
      });
      repeat();
      held = { id: authorization, amount: total.amount };
      confirmed = true;
      if (dice.chance(0.1)) {
        // The authorization expired before any capture (M4); the buyer pays again.
        story.push({
          type: 'gateway.authorizationVoided',
          transactionId: transaction('VOID'),
          authorizationId: authorization,
        });
        held = undefined;
        if (dice.chance(0.6)) sale(total.amount);
      }
    }
    windowElapses();
  } else if (!gateway && dice.chance(0.75)) {
    story.push({ type: 'merchant.paymentStatusChanged', status: 'paid' });
  }
  const paid = story.length;

  // Goods: shipped at once or in parcels (G2), a capture for each parcel.
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  const shipped = new Map<string, number>();
  const cancelAt = dice.chance(0.06) ? dice.between(0, 2) : -1;
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    story.push({ type: 'merchant.orderCancelled', reason: 'customer request' });
    // The gateway reports the void the engine asked for (B5); the shop refunds what it took.
    if (held !== undefined && held.amount > 0) {
      story.push({
        type: 'gateway.authorizationVoided',
        transactionId: transaction('VOID'),
        authorizationId: held.id,
      });
    }
    held = undefined;
    if (received > 0 && dice.chance(0.7)) refund(received);
  };
  if (cancelAt === 0) cancel();
  if (confirmed && cancelAt !== 0 && dice.chance(0.85)) {
    if (dice.chance(0.55)) {
      story.push({ type: 'merchant.shippingStatusChanged', status: 'shipped' });
      for (const line of order.lines) shipped.set(line.sku, line.quantity);
      if (held !== undefined) capture(held.amount);
    } else {
      const parcels = parcelsOf(order.lines, dice);
      parcels.forEach((parcel, index) => {
        story.push({ type: 'merchant.linesShipped', lines: parcel });
        for (const line of parcel)
          shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
        if (held === undefined) return;
        const sent = parcel.reduce((sum, line) => sum + line.quantity, 0);
        capture(
          index === parcels.length - 1 ? held.amount : Math.round((total.amount * sent) / units),
        );
        if (index === 0 && cancelAt === 1) cancel();
      });
    }
  }
  const shippedAt = story.length;
  if (held !== undefined && held.amount > 0 && dice.chance(0.5)) {
    // What is left of the authorization is released (M4).
    story.push({
      type: 'gateway.authorizationVoided',
      transactionId: transaction('VOID'),
      authorizationId: held.id,
    });
    held = undefined;
  }

  // After-sales: returns with or without restock (G3), refunds (M7), chargebacks (M8), a second
  // payment (M6), a late cancel.
  const sent = [...shipped].filter(([, quantity]) => quantity > 0);
  if (sent.length > 0 && dice.chance(0.2)) {
    const [sku, quantity] = dice.pick(sent);
    const back = dice.between(1, quantity);
    story.push({
      type: 'merchant.linesReturned',
      lines: [{ sku, quantity: dice.chance(0.05) ? quantity + 1 : back }],
      restock: dice.chance(0.7),
    });
    if (received > 0 && dice.chance(0.8))
      refund(Math.min(received, Math.ceil((total.amount * back) / units)));
  }
  if (received > 0 && dice.chance(0.06)) {
    // A goodwill refund, now and then more than was received: refused.
    refund(dice.chance(0.1) ? received + dice.between(1, 1000) : dice.between(1, received));
  }
  if (received > 0 && dice.chance(0.03)) {
    const amount = received;
    story.push({
      type: 'gateway.chargeback',
      transactionId: transaction('CB'),
      amount,
      currency: total.currency,
    });
    received -= amount;
    if (dice.chance(0.5)) {
      story.push({
        type: 'gateway.chargebackReversed',
        transactionId: transaction('CBR'),
        amount,
        currency: total.currency,
      });
      received += amount;
    }
  }
  if (gateway && total.amount > 0 && received >= total.amount && dice.chance(0.04)) {
    // The buyer pays twice (M6); the shop gives it back.
    const extra = dice.chance(0.5) ? total.amount : dice.between(1, total.amount);
    sale(extra);
    if (dice.chance(0.6)) refund(extra);
  }
  if (cancelAt > 0 && !cancelled) cancel();
  return { events: story, paid, shipped: shippedAt, confirmed };
}

/** The order's units in two or three parcels, each line split between them. */
function parcelsOf(lines: readonly OrderLine[], dice: Dice): OrderLine[][] {
  const parcels: OrderLine[][] = Array.from({ length: dice.between(2, 3) }, () => []);
  for (const line of lines) {
    for (let unit = 0; unit < line.quantity; unit += 1) {
      const parcel = parcels[dice.between(0, parcels.length - 1)] as OrderLine[];
      const same = parcel.findIndex((entry) => entry.sku === line.sku);
      if (same === -1) parcel.push({ sku: line.sku, quantity: 1 });
      else parcel[same] = { sku: line.sku, quantity: (parcel[same] as OrderLine).quantity + 1 };
    }
  }
  return parcels.filter((parcel) => parcel.length > 0);
}
