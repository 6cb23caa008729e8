/**
 * The goods of an order, line by line (G1-G5, I1): the units deducted, shipped, returned and
 * restored, and the one module that moves them. Lines are matched by sku; the ledger keeps the
 * order's line order.
 * May touch: nothing; pure functions returning fresh ledgers.
 */
import type { OrderEvent } from './events.js';
import type { LineGoods, Order, OrderLine, ShippingStatus } from './order.js';

const untouched: LineGoods = Object.freeze({ deducted: 0, shipped: 0, returned: 0, restored: 0 });

/**
 * The goods of `order` before anything moved: nothing deducted, shipped, returned or restored.
 *
 * @example
 * noGoods(order); // => [{ deducted: 0, shipped: 0, returned: 0, restored: 0 }]
 */
export function noGoods(order: Order): readonly LineGoods[] {
  return order.lines.map(() => untouched);
}

/** Units of each line of the order, by sku, that `lines` names (0 for a line it does not name). */
function unitsBySku(order: Order, lines: readonly OrderLine[]): number[] {
  const units: number[] = [];
  for (const line of order.lines) {
    let quantity = 0;
    for (const named of lines) {
      if (named.sku === line.sku) {
        quantity = named.quantity;
        break;
      }
    }
    units.push(quantity);
  }
  return units;
}

/**
 * True when `lines` names a sku the order does not have.
 *
 * @example
 * namesUnknownSku(order, [{ sku: 'HAT', quantity: 1 }]); // => true
 */
export function namesUnknownSku(order: Order, lines: readonly OrderLine[]): boolean {
  for (const named of lines) {
    let known = false;
    for (const line of order.lines) if (line.sku === named.sku) known = true;
    if (!known) return true;
  }
  return false;
}

/**
 * True when shipping `lines` would ship more units of a line than were ordered (G2).
 *
 * @example
 * exceedsOrdered(order, goods, [{ sku: 'TEE-M', quantity: 3 }]); // => true for 2 ordered
 */
export function exceedsOrdered(
  order: Order,
  goods: readonly LineGoods[],
  lines: readonly OrderLine[],
): boolean {
  const units = unitsBySku(order, lines);
  return order.lines.some(
    (line, at) => (goods[at] as LineGoods).shipped + (units[at] as number) > line.quantity,
  );
}

/**
 * True when returning `lines` would return more units of a line than are out with the buyer (G3).
 *
 * @example
 * exceedsShipped(order, goods, [{ sku: 'TEE-M', quantity: 1 }]); // => true when nothing shipped
 */
export function exceedsShipped(
  order: Order,
  goods: readonly LineGoods[],
  lines: readonly OrderLine[],
): boolean {
  const units = unitsBySku(order, lines);
  return goods.some((line, at) => line.returned + (units[at] as number) > line.shipped);
}

/** Every unit of every line deducted (the confirmation, I1). */
export function deductAll(order: Order, goods: readonly LineGoods[]): readonly LineGoods[] {
  return goods.map((line, at) => ({ ...line, deducted: (order.lines[at] as OrderLine).quantity }));
}

/** `lines` shipped, or with `lines` absent, every unit not shipped yet (G2). */
export function ship(
  order: Order,
  goods: readonly LineGoods[],
  lines?: readonly OrderLine[],
): readonly LineGoods[] {
  const units = lines === undefined ? undefined : unitsBySku(order, lines);
  return goods.map((line, at) => ({
    ...line,
    shipped:
      units === undefined
        ? (order.lines[at] as OrderLine).quantity
        : line.shipped + (units[at] as number),
  }));
}

/** Every shipment undone (G2: only while nothing was returned). */
function unship(goods: readonly LineGoods[]): readonly LineGoods[] {
  return goods.map((line) => ({ ...line, shipped: 0 }));
}

/** `lines` returned by the buyer, and restored too when `restock` (G3). */
function takeBack(
  order: Order,
  goods: readonly LineGoods[],
  lines: readonly OrderLine[],
  restock: boolean,
): readonly LineGoods[] {
  const units = unitsBySku(order, lines);
  return goods.map((line, at) => {
    const back = units[at] as number;
    return {
      ...line,
      returned: line.returned + back,
      restored: restock
        ? line.restored + Math.min(back, line.deducted - line.restored)
        : line.restored,
    };
  });
}

/** The deducted units that never shipped, restored at cancellation (G4). */
export function restoreUnshipped(goods: readonly LineGoods[]): readonly LineGoods[] {
  return goods.map((line) => ({ ...line, restored: line.restored + unshippedDeducted(line) }));
}

/** Deducted units of a line that never shipped: what a cancellation gives back (G4). */
export function unshippedDeducted(line: LineGoods): number {
  return line.deducted === 0 ? 0 : line.deducted - line.shipped;
}

/**
 * The lines whose units differ between two ledgers, `after` less `before`, of one count: the
 * units a decision moved, as `{ sku, quantity }` lines (none of 0 units).
 *
 * @example
 * moved(order, before, after, 'restored'); // => [{ sku: 'TEE-M', quantity: 1 }]
 */
export function moved(
  order: Order,
  before: readonly LineGoods[],
  after: readonly LineGoods[],
  count: keyof LineGoods,
): OrderLine[] {
  const lines: OrderLine[] = [];
  order.lines.forEach((line, at) => {
    const units = (after[at] as LineGoods)[count] - (before[at] as LineGoods)[count];
    if (units > 0) lines.push({ sku: line.sku, quantity: units });
  });
  return lines;
}

/**
 * The shipping status the goods give (G2, G3): some unit back: returned when every shipped unit
 * is, else partiallyReturned; else shipped when every ordered unit has left, partiallyShipped when
 * some has, notShipped when none has. Line by line, so no sum of units is needed.
 *
 * @example
 * shippingStatusOf(order, noGoods(order)); // => 'notShipped'
 */
export function shippingStatusOf(order: Order, goods: readonly LineGoods[]): ShippingStatus {
  if (goods.some((line) => line.returned > 0)) {
    return goods.every((line) => line.returned === line.shipped) ? 'returned' : 'partiallyReturned';
  }
  if (goods.every((line, at) => line.shipped === order.lines[at]?.quantity)) return 'shipped';
  return goods.some((line) => line.shipped > 0) ? 'partiallyShipped' : 'notShipped';
}

/**
 * Totals over every line: units ordered, deducted, shipped, returned, restored.
 *
 * @example
 * unitsOf(order, goods).shipped; // => 0 before any shipment
 */
export function unitsOf(
  order: Order,
  goods: readonly LineGoods[],
): { ordered: number } & LineGoods {
  let ordered = 0;
  let deducted = 0;
  let shipped = 0;
  let returned = 0;
  let restored = 0;
  goods.forEach((line, at) => {
    ordered += (order.lines[at] as OrderLine).quantity;
    deducted += line.deducted;
    shipped += line.shipped;
    returned += line.returned;
    restored += line.restored;
  });
  return { ordered, deducted, shipped, returned, restored };
}

/**
 * The goods after `event`: a shipment, an undone shipment or a return, or the same ledger for any
 * other event (G2, G3).
 *
 * @example
 * goodsAfter(order, noGoods(order), { type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 1 }] });
 * // => [{ deducted: 0, shipped: 1, returned: 0, restored: 0 }]
 */
export function goodsAfter(
  order: Order,
  goods: readonly LineGoods[],
  event: OrderEvent,
): readonly LineGoods[] {
  switch (event.type) {
    case 'merchant.linesShipped':
      return ship(order, goods, event.lines);
    case 'merchant.shippingStatusChanged':
      return event.status === 'shipped' ? ship(order, goods) : unship(goods);
    case 'merchant.linesReturned':
      return takeBack(order, goods, event.lines, event.restock);
    default:
      return goods;
  }
}
