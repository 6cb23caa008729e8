/**
 * D4, D5, D9, D11, D12 and D13 as properties: they hold at any point of any history, not only in
 * the examples.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isMoneyReport } from '../src/events.js';
import type { OrderLine } from '../src/index.js';
import { historyArb, placementArb } from './arbitraries.js';
import { count, emailsIn, play, type Step } from './play.js';

const history = historyArb();

/** The step before `at` (there is one for every event). */
const stepBefore = (steps: readonly Step[], at: number) => steps[at - 1] as Step;

/** Lines as a map of units by sku, whatever their order. */
const bySku = (lines: readonly OrderLine[]) =>
  new Map(lines.map((line) => [line.sku, line.quantity]));

/** The templates of every email among a step's effects. */
const emailTemplates = (step: Step) =>
  step.decision.effects.flatMap((effect) => (effect.type === 'sendEmail' ? [effect.template] : []));

describe('decisions over any history', () => {
  test.prop([history])(
    "D4: for any history, once the order is confirmed no payment status change or money report moves stock or sends an order email, and the merchant's status changes never change the money",
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const { event } = step;
        if (at === 0 || event === undefined) return;
        const was = stepBefore(steps, at).view;
        const changesStatus = event.type === 'merchant.paymentStatusChanged';
        if (changesStatus) expect(step.view.amounts).toEqual(was.amounts);
        if (was.confirmed && (changesStatus || isMoneyReport(event))) {
          const { effects } = step.decision;
          expect(count(effects, 'deductStock') + count(effects, 'restoreStock')).toBe(0);
          expect(emailTemplates(step)).not.toContain('customerOrderCancellation');
          expect(emailsIn(effects)).toEqual([]);
        }
      });
    },
  );

  test.prop([history])(
    'D5: for any history, a shipping change sends no email and moves no stock (but the restock of returned units), and shipping an order that is not confirmed is refused',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const { event } = step;
        if (!step.view.confirmed) {
          expect(step.view.lines.every((line) => line.shipped === 0)).toBe(true);
        }
        if (
          event?.type !== 'merchant.shippingStatusChanged' &&
          event?.type !== 'merchant.linesShipped' &&
          event?.type !== 'merchant.linesReturned'
        ) {
          return;
        }
        const was = stepBefore(steps, at).view;
        const { effects } = step.decision;
        expect(step.view.paymentStatus).toBe(was.paymentStatus);
        if (event.type === 'merchant.linesReturned') {
          const restocks =
            event.restock &&
            placement.settings.realtimeStock &&
            step.decision.outcome === 'applied';
          expect(effects.map((effect) => effect.type)).toEqual(restocks ? ['restoreStock'] : []);
          for (const effect of effects) {
            if (effect.type !== 'restoreStock') continue;
            expect(bySku(effect.lines)).toEqual(bySku(event.lines));
          }
        } else {
          expect(effects).toEqual([]);
        }
        const ships =
          event.type === 'merchant.linesShipped' ||
          (event.type === 'merchant.shippingStatusChanged' && event.status === 'shipped');
        if (ships && !was.confirmed && was.paymentStatus !== 'cancelled') {
          expect(step.decision).toMatchObject({ outcome: 'refused', reason: 'orderNotConfirmed' });
        }
      });
    },
  );

  test.prop([history])(
    'D9: for any history, a gateway report of any kind whose transaction id the order already took changes nothing',
    ({ placement, events }) => {
      const taken = new Set<string>();
      for (const step of play(placement, events).slice(1)) {
        const { event } = step;
        if (event === undefined || !isMoneyReport(event)) continue;
        if (taken.has(event.transactionId)) {
          expect(step.decision).toMatchObject({
            outcome: 'unchanged',
            reason: 'duplicateGatewayReport',
          });
        }
        if (step.decision.outcome === 'applied') taken.add(event.transactionId);
      }
    },
  );

  test.prop([history])(
    'D11: for any history, setting a status the order already has changes nothing (refused once cancelled, B5)',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const { event } = step;
        if (at === 0 || event === undefined) return;
        const was = stepBefore(steps, at).view;
        const alreadySet =
          (event.type === 'merchant.paymentStatusChanged' && event.status === was.paymentStatus) ||
          (event.type === 'merchant.shippingStatusChanged' &&
            event.status === was.shippingStatus) ||
          (event.type === 'merchant.orderCancelled' && was.paymentStatus === 'cancelled');
        if (!alreadySet) return;
        const cancelledBefore =
          was.paymentStatus === 'cancelled' && event.type !== 'merchant.orderCancelled';
        expect(step.decision).toMatchObject(
          cancelledBefore
            ? { outcome: 'refused', reason: 'orderCancelled' }
            : { outcome: 'unchanged', reason: 'statusAlreadySet' },
        );
      });
    },
  );

  test.prop([
    placementArb.map(({ order, settings }) => ({
      order: { ...order, total: { ...order.total, amount: 0 } },
      settings,
    })),
  ])(
    'D12: for any order whose total is 0, whatever its payment method and settings, placement makes it paid: a confirmation stating paid, and no payment window',
    (placement) => {
      const [placed] = play(placement);
      expect(placed?.view).toMatchObject({ paymentStatus: 'paid', confirmed: true, listed: true });
      expect(emailsIn(placed?.decision.effects ?? []).map((email) => email.paymentStatus)).toEqual([
        'paid',
        'paid',
      ]);
      expect(count(placed?.decision.effects ?? [], 'scheduleTimer')).toBe(0);
    },
  );

  test.prop([history])(
    'D13: for any history, the buyer gets one cancellation email, in the step that cancels a confirmed order (by the merchant or the window), and none for an order cancelled unconfirmed',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const sent = emailTemplates(step).filter(
          (template) => template === 'customerOrderCancellation',
        ).length;
        const was = at === 0 ? undefined : stepBefore(steps, at).view;
        const cancelsConfirmed =
          was?.confirmed &&
          was.paymentStatus !== 'cancelled' &&
          step.view.paymentStatus === 'cancelled';
        expect(sent).toBe(cancelsConfirmed ? 1 : 0);
      });
    },
  );
});
