/**
 * G1-G5: the goods of an order, line by line: what is deducted, shipped, returned and restored,
 * and the stock effects that name the units they move. Also I1 and I3 (ed. 2) by example.
 */
import { describe, expect, test } from 'vitest';
import {
  allEffects,
  cancelOrder,
  cardOrder,
  expectedCancellationEmail,
  expectedConfirmation,
  expectedRefundDue,
  expectedRestoration,
  ignoringIncomplete,
  keepingIncomplete,
  last,
  linesReturned,
  linesShipped,
  outcomeOf,
  play,
  type Step,
  sale,
  setNotShipped,
  setShipped,
  units,
} from './play.js';

/** A card order of 2 TEE-M and 1 CAP-B, paid: every unit deducted. */
const paid = { order: cardOrder, settings: ignoringIncomplete };
const payment = sale('PAY-1', 5000);
/** Each line's [deducted, shipped, returned, restored]. */
const goodsOf = (step: Step | undefined) =>
  step?.view.lines.map((line) => [line.deducted, line.shipped, line.returned, line.restored]);

describe('G1: stock moves by units of a line', () => {
  test('G1: the confirmation deducts every unit of every line, naming them', () => {
    const confirmed = last(play(paid, [payment]));
    expect(confirmed.decision.effects[0]).toEqual({
      type: 'deductStock',
      orderId: 'C-3003',
      lines: [
        { sku: 'TEE-M', quantity: 2 },
        { sku: 'CAP-B', quantity: 1 },
      ],
      idempotencyKey: 'C-3003:deductStock',
    });
    expect(confirmed.view.lines).toEqual([
      { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 },
      { sku: 'CAP-B', quantity: 1, deducted: 1, shipped: 0, returned: 0, restored: 0 },
    ]);
  });

  test('G1: each restoration names exactly the units it moves; its key counts the units restored so far', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('TEE-M', 1)),
      cancelOrder,
      linesReturned(true, units('TEE-M', 1)),
    ]);
    const [, , , cancelled, returned] = steps;
    expect(cancelled?.decision.effects).toEqual([
      expectedRefundDue(cardOrder, 5000),
      {
        type: 'restoreStock',
        orderId: 'C-3003',
        lines: [
          { sku: 'TEE-M', quantity: 1 },
          { sku: 'CAP-B', quantity: 1 },
        ],
        idempotencyKey: 'C-3003:restoreStock:2',
      },
      expectedCancellationEmail(cardOrder),
    ]);
    expect(returned?.decision.effects).toEqual([
      {
        type: 'restoreStock',
        orderId: 'C-3003',
        lines: [{ sku: 'TEE-M', quantity: 1 }],
        idempotencyKey: 'C-3003:restoreStock:3',
      },
    ]);
    expect(goodsOf(returned)).toEqual([
      [2, 1, 1, 2],
      [1, 0, 0, 1],
    ]);
  });

  test('G1, I1: a line never has more restored than deducted, however its units come back', () => {
    const steps = play(paid, [
      payment,
      setShipped,
      linesReturned(true, units('TEE-M', 1)),
      cancelOrder,
      linesReturned(true, units('TEE-M', 1), units('CAP-B', 1)),
      linesReturned(true, units('TEE-M', 1)),
    ]);
    for (const step of steps) {
      for (const line of step.view.lines) {
        expect(line.restored).toBeLessThanOrEqual(line.deducted);
      }
    }
    expect(goodsOf(last(steps))).toEqual([
      [2, 2, 2, 2],
      [1, 1, 1, 1],
    ]);
    expect(outcomeOf(last(steps))).toBe('refused: exceedsShippedQuantity');
  });
});

describe('G2: the merchant ships some units, or all that remain', () => {
  test('G2, G5: a partial shipment: partiallyShipped, the units counted per line, no effect', () => {
    const shipped = last(play(paid, [payment, linesShipped(units('TEE-M', 1))]));
    expect(shipped.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(shipped.view).toMatchObject({
      shippingStatus: 'partiallyShipped',
      stockDeducted: true,
      lines: [
        { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 1, returned: 0, restored: 0 },
        { sku: 'CAP-B', quantity: 1, deducted: 1, shipped: 0, returned: 0, restored: 0 },
      ],
    });
  });

  test('G2: partiallyShipped until every unit has left, then shipped', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('CAP-B', 1)),
      linesShipped(units('TEE-M', 1)),
      linesShipped(units('TEE-M', 1)),
    ]);
    expect(steps.slice(2).map((step) => step.view.shippingStatus)).toEqual([
      'partiallyShipped',
      'partiallyShipped',
      'shipped',
    ]);
  });

  test('G2: setting shipped ships every unit left; set again, it changes nothing', () => {
    const steps = play(paid, [payment, linesShipped(units('TEE-M', 1)), setShipped, setShipped]);
    const [, , , shipped, again] = steps;
    expect(shipped?.decision.effects).toEqual([]);
    expect(goodsOf(shipped)).toEqual([
      [2, 2, 0, 0],
      [1, 1, 0, 0],
    ]);
    expect(shipped?.view.shippingStatus).toBe('shipped');
    expect(outcomeOf(again)).toBe('unchanged: statusAlreadySet');
  });

  test('G2: shipping more units of a line than were ordered is refused, and changes nothing', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('TEE-M', 1)),
      linesShipped(units('TEE-M', 2)),
      linesShipped(units('TEE-M', 1), units('CAP-B', 2)),
    ]);
    expect(steps.slice(3).map(outcomeOf)).toEqual([
      'refused: exceedsOrderedQuantity',
      'refused: exceedsOrderedQuantity',
    ]);
    expect(goodsOf(last(steps))).toEqual([
      [2, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
  });

  test('G2: shipping a sku that is not in the order is refused, even beside a good line', () => {
    const steps = play(paid, [payment, linesShipped(units('TEE-M', 1), units('HAT-X', 1))]);
    expect(outcomeOf(last(steps))).toBe('refused: unknownSku');
    expect(last(steps).view.shippingStatus).toBe('notShipped');
  });

  test('G2: setting notShipped undoes the shipments while no unit was returned', () => {
    const steps = play(paid, [payment, linesShipped(units('TEE-M', 2)), setNotShipped]);
    expect(last(steps).decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(last(steps).view.shippingStatus).toBe('notShipped');
    expect(goodsOf(last(steps))).toEqual([
      [2, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
  });

  test('G2: setting notShipped after a return is refused', () => {
    const steps = play(paid, [
      payment,
      setShipped,
      linesReturned(false, units('CAP-B', 1)),
      setNotShipped,
    ]);
    expect(outcomeOf(last(steps))).toBe('refused: linesReturned');
  });

  test('G2, D5: an unconfirmed order can ship nothing: refused', () => {
    const steps = play(paid, [linesShipped(units('TEE-M', 1)), setShipped]);
    expect(steps.slice(1).map(outcomeOf)).toEqual([
      'refused: orderNotConfirmed',
      'refused: orderNotConfirmed',
    ]);
  });
});

describe('G3: the buyer returns units', () => {
  test('G3: a return with restock restores the units returned, in one restoreStock', () => {
    const returned = last(
      play(paid, [payment, setShipped, linesReturned(true, units('TEE-M', 2))]),
    );
    expect(returned.decision.effects).toEqual([
      expectedRestoration(cardOrder, [units('TEE-M', 2)], 2),
    ]);
    expect(returned.view).toMatchObject({
      shippingStatus: 'partiallyReturned',
      stockDeducted: true,
      lines: [
        { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 2, returned: 2, restored: 2 },
        { sku: 'CAP-B', quantity: 1, deducted: 1, shipped: 1, returned: 0, restored: 0 },
      ],
    });
  });

  test('G3: a return without restock moves no stock', () => {
    const returned = last(
      play(paid, [payment, setShipped, linesReturned(false, units('CAP-B', 1))]),
    );
    expect(returned.decision).toMatchObject({ outcome: 'applied', effects: [] });
    expect(goodsOf(returned)).toEqual([
      [2, 2, 0, 0],
      [1, 1, 1, 0],
    ]);
  });

  test('G3: partiallyReturned until every shipped unit is back, then returned', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('TEE-M', 1)),
      linesReturned(true, units('TEE-M', 1)),
      linesShipped(units('TEE-M', 1), units('CAP-B', 1)),
      linesReturned(false, units('CAP-B', 1)),
      linesReturned(true, units('TEE-M', 1)),
    ]);
    expect(steps.slice(2).map((step) => step.view.shippingStatus)).toEqual([
      'partiallyShipped',
      'returned',
      'partiallyReturned',
      'partiallyReturned',
      'returned',
    ]);
    expect(allEffects(steps.slice(2))).toEqual([
      expectedRestoration(cardOrder, [units('TEE-M', 1)], 1),
      expectedRestoration(cardOrder, [units('TEE-M', 1)], 2),
    ]);
  });

  test('G3: returning more units than were shipped and not yet returned is refused', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('TEE-M', 1)),
      linesReturned(true, units('TEE-M', 2)),
      linesReturned(true, units('CAP-B', 1)),
      linesReturned(true, units('TEE-M', 1)),
      linesReturned(false, units('TEE-M', 1)),
    ]);
    expect(steps.slice(3).map(outcomeOf)).toEqual([
      'refused: exceedsShippedQuantity',
      'refused: exceedsShippedQuantity',
      'applied',
      'refused: exceedsShippedQuantity',
    ]);
  });

  test('G3: returning a sku that is not in the order is refused', () => {
    const steps = play(paid, [payment, setShipped, linesReturned(true, units('HAT-X', 1))]);
    expect(outcomeOf(last(steps))).toBe('refused: unknownSku');
  });

  test('G3, B5: returns are taken on cancelled orders too', () => {
    const steps = play(paid, [
      payment,
      setShipped,
      cancelOrder,
      linesReturned(true, units('TEE-M', 1)),
      linesReturned(false, units('CAP-B', 1)),
    ]);
    const [, , , cancelled, first, second] = steps;
    expect(cancelled?.decision.effects).toEqual([
      expectedRefundDue(cardOrder, 5000),
      expectedCancellationEmail(cardOrder),
    ]);
    expect(first?.decision.effects).toEqual([
      expectedRestoration(cardOrder, [units('TEE-M', 1)], 1),
    ]);
    expect(second?.decision.effects).toEqual([]);
    expect(second?.view).toMatchObject({
      paymentStatus: 'cancelled',
      shippingStatus: 'partiallyReturned',
    });
  });

  test('G3, I2: without realtimeStock, a return with restock moves no stock', () => {
    const steps = play(
      { order: cardOrder, settings: { ignoreIncompleteOrders: true, realtimeStock: false } },
      [payment, setShipped, linesReturned(true, units('TEE-M', 2))],
    );
    expect(allEffects(steps).filter((effect) => effect.type !== 'sendEmail')).toEqual([]);
    expect(goodsOf(last(steps))).toEqual([
      [0, 2, 2, 0],
      [0, 1, 0, 0],
    ]);
  });
});

describe('G4: cancelling restores the deducted units that have not shipped', () => {
  test('G4: cancel after a partial shipment: only the unshipped units come back; the shipped one stays out', () => {
    const steps = play({ order: cardOrder, settings: keepingIncomplete }, [
      linesShipped(units('TEE-M', 1)),
      cancelOrder,
    ]);
    expect(steps[0]?.decision.effects).toEqual(expectedConfirmation(cardOrder, 'pending'));
    expect(last(steps).decision.effects).toEqual([
      expectedRestoration(cardOrder, [units('TEE-M', 1), units('CAP-B', 1)], 2),
      expectedCancellationEmail(cardOrder),
    ]);
    expect(last(steps).view).toMatchObject({
      paymentStatus: 'cancelled',
      shippingStatus: 'partiallyShipped',
      stockDeducted: true,
      lines: [
        { sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 1, returned: 0, restored: 1 },
        { sku: 'CAP-B', quantity: 1, deducted: 1, shipped: 0, returned: 0, restored: 1 },
      ],
    });
  });

  test('G4: units returned with restock before the cancellation are not restored twice', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('TEE-M', 2)),
      linesReturned(true, units('TEE-M', 1)),
      cancelOrder,
    ]);
    expect(last(steps).decision.effects).toEqual([
      expectedRefundDue(cardOrder, 5000),
      expectedRestoration(cardOrder, [units('CAP-B', 1)], 2),
      expectedCancellationEmail(cardOrder),
    ]);
    expect(goodsOf(last(steps))).toEqual([
      [2, 2, 1, 1],
      [1, 0, 0, 1],
    ]);
  });
});

describe('G5: shipments never move stock', () => {
  test('G5: shipping in parts, all at once, and undoing it: no effect at all', () => {
    const steps = play(paid, [
      payment,
      linesShipped(units('CAP-B', 1)),
      setShipped,
      setNotShipped,
      linesShipped(units('TEE-M', 2), units('CAP-B', 1)),
    ]);
    expect(steps.slice(2).map(outcomeOf)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(allEffects(steps.slice(2))).toEqual([]);
    expect(
      steps
        .slice(1)
        .every((step) => step.view.lines.every((line) => line.deducted === line.quantity)),
    ).toBe(true);
  });
});

describe('I1, I3 (ed. 2): the deduction, line by line', () => {
  test('I1: a line deducts 0 or its whole quantity, once', () => {
    const steps = play(paid, [linesShipped(units('TEE-M', 1)), payment, setShipped]);
    expect(steps.map(goodsOf).map((lines) => lines?.map(([deducted]) => deducted))).toEqual([
      [0, 0],
      [0, 0],
      [2, 1],
      [2, 1],
    ]);
    expect(allEffects(steps).filter((effect) => effect.type === 'deductStock')).toHaveLength(1);
  });

  test('I1: units shipped and not returned are never restored', () => {
    const steps = play(paid, [payment, setShipped, cancelOrder]);
    expect(goodsOf(last(steps))).toEqual([
      [2, 2, 0, 0],
      [1, 1, 0, 0],
    ]);
    expect(allEffects(steps).filter((effect) => effect.type === 'restoreStock')).toEqual([]);
  });

  test('I3: a confirmed, uncancelled order has every unit deducted, less only the units returned with restock', () => {
    const steps = play(paid, [
      payment,
      setShipped,
      linesReturned(true, units('TEE-M', 1)),
      linesReturned(false, units('TEE-M', 1)),
    ]);
    expect(last(steps).view).toMatchObject({ stockDeducted: true, paymentStatus: 'paid' });
    expect(last(steps).view.lines.map((line) => [line.sku, line.deducted - line.restored])).toEqual(
      [
        ['TEE-M', 1],
        ['CAP-B', 1],
      ],
    );
  });
});
