/**
 * The oracle of the store's specs: an order's stored log replayed through the pure engine gives
 * the effects its outbox must hold, and the invariants (I1-I10) checked over that replay. Written
 * against the public API only, so that it holds the store to what the engine alone decides, and
 * from the rule book's words (the stock effects add up to the lines' units, the listing follows
 * the money), not from how the machine decides.
 */
import type { Effect, OrderEvent } from '../../src/index.js';
import type { LogEntry } from '../../src/store/index.js';
import { play, type Step } from '../play.js';

/** An effect as the replay decides it: the log entry that decided it, and the effect. */
export interface ReplayedEffect {
  readonly seq: number;
  readonly effect: unknown;
}

/** Replays a log (placement first) and gives every step and every effect, by log entry. */
export function replayLog(log: readonly LogEntry[]): { steps: Step[]; effects: ReplayedEffect[] } {
  const [first, ...rest] = log;
  if (first === undefined || !('placement' in first.entry)) {
    throw new Error('a log starts with its placement');
  }
  const events = rest.map((entry, index) => {
    if (!('event' in entry.entry)) throw new Error(`log entry ${index + 1} is not an event`);
    if (entry.seq !== index + 1) throw new Error(`log entry ${index + 1} has seq ${entry.seq}`);
    return entry.entry.event;
  });
  const steps = play(first.entry.placement, events);
  return {
    steps,
    effects: steps.flatMap((step, seq) => step.decision.effects.map((effect) => ({ seq, effect }))),
  };
}

/** Movements that need the merchant when they reach a cancelled order (I9); refunds and voids do not. */
const alertedWhenCancelled = new Set([
  'gateway.paymentConfirmed',
  'gateway.paymentAuthorized',
  'gateway.paymentCaptured',
  'gateway.chargebackReversed',
  'gateway.chargeback',
]);

const isOrderEmail = (effect: Effect) => effect.type === 'sendEmail' && 'paymentStatus' in effect;
const isAlert = (effect: Effect) =>
  effect.type === 'sendEmail' && effect.template === 'merchantPaymentAlert';
const unitsBySku = (effects: readonly Effect[], type: 'deductStock' | 'restoreStock') => {
  const units = new Map<string, number>();
  for (const effect of effects) {
    if (effect.type !== type) continue;
    for (const line of effect.lines)
      units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  }
  return units;
};

/**
 * What breaks I1-I10 in a replayed history, in words; empty when they all hold. The stock effects
 * are summed per sku from the start and must be the lines' deducted and restored units (G1).
 */
export function invariantBreaks(steps: readonly Step[]): string[] {
  const breaks: string[] = [];
  const first = steps[0];
  if (first === undefined) return ['no placement'];
  const { settings, order } = first.decision.snapshot;
  const effects: Effect[] = [];
  const keys = new Set<string>();
  let confirmedAt: number | undefined;
  steps.forEach((step, at) => {
    const { decision, view, event } = step;
    const before = steps[at - 1];
    const found = (rule: string, what: string) => breaks.push(`${rule} at step ${at}: ${what}`);
    effects.push(...decision.effects);
    for (const effect of decision.effects) {
      if (keys.has(effect.idempotencyKey)) found('B7', `key ${effect.idempotencyKey} twice`);
      keys.add(effect.idempotencyKey);
    }
    const stock = decision.effects.filter(
      (e) => e.type === 'deductStock' || e.type === 'restoreStock',
    );

    // I1 (G1): each line's units, and the stock effects that moved them.
    const deducted = unitsBySku(effects, 'deductStock');
    const restored = unitsBySku(effects, 'restoreStock');
    if (effects.filter((e) => e.type === 'deductStock').length > 1) found('I1', 'deducted twice');
    for (const line of view.lines) {
      if (line.deducted !== 0 && line.deducted !== line.quantity)
        found('I1', `${line.sku} part deducted`);
      if (line.restored < 0 || line.restored > line.deducted) found('I1', `${line.sku} restored`);
      const out = Math.min(line.deducted, line.shipped - line.returned);
      if (line.restored > line.deducted - out) found('I1', `${line.sku} restored while shipped`);
      if ((deducted.get(line.sku) ?? 0) !== line.deducted)
        found('G1', `${line.sku}: deductStock moved ${deducted.get(line.sku) ?? 0} units`);
      if ((restored.get(line.sku) ?? 0) !== line.restored)
        found('G1', `${line.sku}: restoreStock moved ${restored.get(line.sku) ?? 0} units`);
    }
    if (!settings.realtimeStock && stock.length > 0) found('I2', 'a stock effect');
    if (
      settings.realtimeStock &&
      view.confirmed &&
      view.paymentStatus !== 'cancelled' &&
      view.lines.some((line) => line.deducted !== line.quantity || line.restored > line.returned)
    )
      found('I3', 'a deduction lost');

    // I4, I5: order emails at the confirmation only; nothing of a confirmation before it.
    if (view.confirmed && confirmedAt === undefined) confirmedAt = at;
    for (const effect of decision.effects) {
      if (isOrderEmail(effect) && at !== confirmedAt)
        found('I4', 'an order email off confirmation');
    }
    if (
      !view.confirmed &&
      (stock.length > 0 || view.stockDeducted || decision.effects.some(isOrderEmail))
    )
      found('I5', 'a confirmation effect on an unconfirmed order');
    if (
      !view.confirmed &&
      decision.effects.some(
        (e) => e.type === 'sendEmail' && e.template === 'customerOrderCancellation',
      )
    )
      found('D13', 'a cancellation email for an unconfirmed order');

    // I6: listed exactly when confirmed, in review, or holding the buyer's money.
    const { amounts } = view;
    const money = decision.snapshot.money;
    const holdsMoney = amounts.received > 0 || amounts.held > 0 || money.otherCurrency === true;
    if (view.listed !== (view.confirmed || view.paymentStatus === 'review' || holdsMoney))
      found('I6', `listed is ${view.listed}`);

    // I7: a refused or unchanged event leaves the order as it was.
    if (before !== undefined && decision.outcome !== 'applied') {
      if (decision.effects.length > 0) found('I7', `${decision.outcome} with effects`);
      if (JSON.stringify(decision.snapshot) !== JSON.stringify(before.decision.snapshot))
        found('I7', `${decision.outcome} changed the order`);
    }

    // I8: the money within its bounds.
    if (amounts.received < 0 || amounts.held < 0 || amounts.chargedBack < 0)
      found('I8', JSON.stringify(amounts));

    if (before === undefined || event === undefined || decision.outcome !== 'applied') return;
    // I9: a movement above the total, on a cancelled order, or in another currency: one alert.
    if ('transactionId' in event && event.type !== 'gateway.paymentFailed') {
      const was = before.view;
      const raisedAboveTotal =
        amounts.received > was.amounts.received && amounts.received > amounts.total;
      const onCancelled = was.paymentStatus === 'cancelled' && alertedWhenCancelled.has(event.type);
      const otherCurrency = 'currency' in event && event.currency !== order.total.currency;
      const alerts = decision.effects.filter(
        (e) => isAlert(e) && 'transactionId' in e && e.transactionId === event.transactionId,
      );
      if ((raisedAboveTotal || onCancelled || otherCurrency) && alerts.length !== 1)
        found('I9', `${alerts.length} alerts for ${describe(event)}`);
    }
    // I10: the window leaves alone an order with money received or held, or a unit shipped.
    if (event.type === 'timer.paymentWindowElapsed') {
      const was = before.view;
      if (
        was.amounts.received > 0 ||
        was.amounts.held > 0 ||
        was.lines.some((line) => line.shipped > 0)
      )
        found('I10', `the window made it ${view.paymentStatus}`);
    }
  });
  const emails = effects.filter(isOrderEmail);
  if (confirmedAt !== undefined && emails.length !== 2)
    breaks.push(`I4: ${emails.length} order emails`);
  return breaks;
}

const describe = (event: OrderEvent) => JSON.stringify(event);
