/**
 * I1-I10 and B7: what holds for every order, whatever its events and their order (RULES.md,
 * edition 2). Each reads the decisions and the views the public API gives, step by step.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Effect, OrderEvent, OrderLine } from '../src/index.js';
import { historyArb } from './arbitraries.js';
import { allEffects, count, emailsIn, play, type Step } from './play.js';

const history = historyArb();

/** After each step, the units per sku that the stock effects so far have deducted and restored. */
const stockMovedByStep = (steps: readonly Step[]) => {
  const deducted = new Map<string, number>();
  const restored = new Map<string, number>();
  return steps.map((step) => {
    for (const effect of step.decision.effects) {
      if (effect.type !== 'deductStock' && effect.type !== 'restoreStock') continue;
      const units = effect.type === 'deductStock' ? deducted : restored;
      for (const line of effect.lines) {
        units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
      }
    }
    return { deducted: new Map(deducted), restored: new Map(restored) };
  });
};

const isMoneyIn = (event: OrderEvent) =>
  event.type === 'gateway.paymentConfirmed' ||
  event.type === 'gateway.paymentAuthorized' ||
  event.type === 'gateway.paymentCaptured' ||
  event.type === 'gateway.chargebackReversed';

/** The merchant's alerts among `effects`. */
const alertsAmong = (effects: readonly Effect[]) =>
  effects.filter(
    (effect) => effect.type === 'sendEmail' && effect.template === 'merchantPaymentAlert',
  );

/** The step before `at` (there is one for every event). */
const stepBefore = (steps: readonly Step[], at: number) => steps[at - 1] as Step;

describe('invariants over any history', () => {
  test.prop([history])(
    'I1: for any history, per line deducted is 0 or the ordered quantity, moved once by one deductStock, 0 <= restored <= deducted, units shipped and not returned are never restored, and the lines the stock effects name add up to the view',
    ({ placement, events }) => {
      const steps = play(placement, events);
      const moved = stockMovedByStep(steps);
      const effects = allEffects(steps);
      expect(count(effects, 'deductStock')).toBeLessThanOrEqual(1);
      for (const effect of effects) {
        if (effect.type === 'deductStock') {
          expect(effect.lines).toEqual(
            placement.order.lines.map(({ sku, quantity }): OrderLine => ({ sku, quantity })),
          );
        }
        if (effect.type === 'restoreStock') {
          expect(effect.lines.length).toBeGreaterThan(0);
          for (const line of effect.lines) expect(line.quantity).toBeGreaterThan(0);
        }
      }
      const broken: string[] = [];
      steps.forEach((step, at) => {
        const { deducted, restored } = moved[at] as (typeof moved)[number];
        const earlier = at === 0 ? undefined : stepBefore(steps, at).view.lines;
        step.view.lines.forEach((line, index) => {
          const out = Math.min(line.deducted, line.shipped - line.returned);
          const was = earlier?.[index]?.deducted ?? 0;
          const rules = {
            'deducted is 0 or the ordered quantity': [0, line.quantity].includes(line.deducted),
            'deducted once, never undone': was === 0 || line.deducted === was,
            '0 <= restored <= deducted': line.restored >= 0 && line.restored <= line.deducted,
            'units out with the buyer never restored': line.restored <= line.deducted - out,
            'deducted is what deductStock moved': line.deducted === (deducted.get(line.sku) ?? 0),
            'restored is what restoreStock moved': line.restored === (restored.get(line.sku) ?? 0),
          };
          for (const [rule, holds] of Object.entries(rules)) {
            if (!holds) broken.push(`step ${at}, line ${line.sku}: ${rule}`);
          }
        });
        if (
          step.view.stockDeducted !== step.view.lines.some((line) => line.deducted > line.restored)
        ) {
          broken.push(`step ${at}: stockDeducted is some line deducted and not restored`);
        }
      });
      expect(broken).toEqual([]);
    },
  );

  const withoutRealtimeStock = history.map(({ placement, events }) => ({
    placement: { ...placement, settings: { ...placement.settings, realtimeStock: false } },
    events,
  }));

  test.prop([withoutRealtimeStock])(
    'I2: for any history whose settings had realtimeStock off at placement, no stock effect ever',
    ({ placement, events }) => {
      const steps = play(placement, events);
      const effects = allEffects(steps);
      expect(count(effects, 'deductStock') + count(effects, 'restoreStock')).toBe(0);
      for (const step of steps) {
        expect(step.view.stockDeducted).toBe(false);
        for (const line of step.view.lines) expect([line.deducted, line.restored]).toEqual([0, 0]);
      }
    },
  );

  const withRealtimeStock = history.map(({ placement, events }) => ({
    placement: { ...placement, settings: { ...placement.settings, realtimeStock: true } },
    events,
  }));

  test.prop([withRealtimeStock])(
    'I3: for any history with realtimeStock on, a confirmed, uncancelled order has every unit of every line deducted, less only the units returned with restock: a deduction is never lost',
    ({ placement, events }) => {
      const steps = play(placement, events);
      const moved = stockMovedByStep(steps);
      const restocked = new Map<string, number>();
      steps.forEach((step, at) => {
        const { event } = step;
        if (
          event?.type === 'merchant.linesReturned' &&
          event.restock &&
          step.decision.outcome === 'applied'
        ) {
          for (const line of event.lines)
            restocked.set(line.sku, (restocked.get(line.sku) ?? 0) + line.quantity);
        }
        if (!step.view.confirmed || step.view.paymentStatus === 'cancelled') return;
        const { deducted, restored } = moved[at] as (typeof moved)[number];
        for (const line of placement.order.lines) {
          const back = restocked.get(line.sku) ?? 0;
          expect((deducted.get(line.sku) ?? 0) - (restored.get(line.sku) ?? 0)).toBe(
            line.quantity - back,
          );
          expect(step.view.lines.find((kept) => kept.sku === line.sku)).toMatchObject({
            deducted: line.quantity,
            restored: back,
          });
        }
      });
    },
  );

  test.prop([history])(
    'I4: for any history, each order email is sent at most once, both in the confirming step stating the payment status it leaves, and never before',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const emails = emailsIn(step.decision.effects);
        const confirmsHere =
          step.view.confirmed && (at === 0 || !stepBefore(steps, at).view.confirmed);
        expect(emails.map((email) => email.template)).toEqual(
          confirmsHere ? ['merchantOrderNotification', 'customerOrderConfirmation'] : [],
        );
        for (const email of emails) expect(email.paymentStatus).toBe(step.view.paymentStatus);
      });
    },
  );

  test.prop([history])(
    'I5: for any history, an order that is not confirmed has had no stock effect and no order email (alerts and refund emails may be sent)',
    ({ placement, events }) => {
      for (const step of play(placement, events)) {
        if (step.view.confirmed) continue;
        const { effects } = step.decision;
        expect(count(effects, 'deductStock') + count(effects, 'restoreStock')).toBe(0);
        expect(
          effects.filter(
            (effect) =>
              effect.type === 'sendEmail' &&
              effect.template !== 'merchantPaymentAlert' &&
              effect.template !== 'customerRefundNotification',
          ),
        ).toEqual([]);
        expect(step.view.stockDeducted).toBe(false);
        for (const line of step.view.lines) expect([line.deducted, line.restored]).toEqual([0, 0]);
      }
    },
  );

  test.prop([history])(
    'I6: for any history, an order is listed exactly when it is confirmed, in review, or money is received or held for it (or was reported in another currency)',
    ({ placement, events }) => {
      let otherCurrency = false;
      for (const step of play(placement, events)) {
        const { event } = step;
        if (
          event !== undefined &&
          'currency' in event &&
          event.currency !== placement.order.total.currency &&
          step.decision.outcome === 'applied'
        ) {
          otherCurrency = true;
        }
        const { view } = step;
        expect(view.listed).toBe(
          view.confirmed ||
            view.paymentStatus === 'review' ||
            view.amounts.received > 0 ||
            view.amounts.held > 0 ||
            otherCurrency,
        );
      }
    },
  );

  test.prop([history])(
    'I7: for any history, a refused or unchanged event gives back the same snapshot and no effect; an applied one changes the snapshot',
    ({ placement, events }) => {
      const steps = play(placement, events);
      for (const [at, step] of steps.entries()) {
        if (at === 0) continue;
        const earlier = stepBefore(steps, at).decision.snapshot;
        if (step.decision.outcome === 'applied') {
          expect(step.decision.snapshot).not.toEqual(earlier);
        } else {
          expect(step.decision.snapshot).toBe(earlier);
          expect(step.decision.effects).toEqual([]);
          expect(step.decision.reason).toMatch(/^[a-z][A-Za-z]+$/);
        }
      }
    },
  );

  test.prop([history])(
    'I8: for any history, received and held are never negative, and no refund or chargeback takes more than was received, nor a reversal more than was charged back',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const { amounts } = step.view;
        expect(amounts.received).toBeGreaterThanOrEqual(0);
        expect(amounts.held).toBeGreaterThanOrEqual(0);
        expect(amounts.chargedBack).toBeGreaterThanOrEqual(0);
        expect(amounts.received).toBe(amounts.captured - amounts.refunded - amounts.chargedBack);
        expect(amounts.due).toBe(amounts.total - amounts.received);
        const { event } = step;
        if (at === 0 || event === undefined || !('amount' in event)) return;
        if (event.currency !== placement.order.total.currency) return;
        const was = stepBefore(steps, at).view.amounts;
        const applied = step.decision.outcome === 'applied';
        if (event.type === 'gateway.refunded' || event.type === 'gateway.chargeback') {
          if (event.amount > was.received) expect(applied).toBe(false);
        }
        if (event.type === 'gateway.chargebackReversed' && event.amount > was.chargedBack) {
          expect(applied).toBe(false);
        }
      });
    },
  );

  test.prop([history])(
    'I9: for any history, every money movement that raises received above the total, arrives on a cancelled order (money in) or is in another currency gives exactly one alert',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const { event } = step;
        if (at === 0 || event === undefined || !('transactionId' in event)) return;
        if (step.decision.outcome !== 'applied' || event.type === 'gateway.paymentFailed') return;
        const was = stepBefore(steps, at).view;
        const { total } = step.view.amounts;
        const otherCurrency =
          'currency' in event && event.currency !== placement.order.total.currency;
        const onCancelled = was.paymentStatus === 'cancelled' && isMoneyIn(event);
        const aboveTotal =
          step.view.amounts.received > total && step.view.amounts.received > was.amounts.received;
        if (!otherCurrency && !onCancelled && !aboveTotal) return;
        const alerts = alertsAmong(step.decision.effects);
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({ transactionId: event.transactionId });
      });
    },
  );

  test.prop([history])(
    'I10: for any history, the window never expires or cancels an order with money received or held, or with a unit shipped',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        if (step.event?.type !== 'timer.paymentWindowElapsed') return;
        const was = stepBefore(steps, at).view;
        const holdsMoney = was.amounts.received > 0 || was.amounts.held > 0;
        const shipped = was.lines.some((line) => line.shipped > 0);
        if (!holdsMoney && !shipped) return;
        expect(step.decision.outcome).not.toBe('applied');
        expect(step.view).toEqual(was);
      });
    },
  );

  test.prop([history])(
    'B7: for any history, no two effects of an order share an idempotency key: each order email once, each alert once per cause and money movement',
    ({ placement, events }) => {
      const keys = allEffects(play(placement, events)).map((effect) => effect.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
    },
  );
});
