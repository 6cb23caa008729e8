/**
 * Short, human words for events, effects and decisions, shared by the demo and the replay output.
 * May touch: nothing; pure formatting.
 */
import type { Decision, Effect, OrderEvent } from '../index.js';

/** One event in a few words, e.g. `gateway.paymentConfirmed PAY-9 3990 EUR` or `merchant.orderCancelled`. */
export function describeEvent(event: OrderEvent | undefined): string {
  if (event === undefined) return 'order placed';
  if ('amount' in event) {
    const from = 'authorizationId' in event ? ` of ${event.authorizationId}` : '';
    return `${event.type} ${event.transactionId}${from} ${event.amount} ${event.currency}`;
  }
  if ('authorizationId' in event) {
    return `${event.type} ${event.transactionId} of ${event.authorizationId}`;
  }
  if ('lines' in event) {
    const lines = event.lines.map((line) => `${line.quantity} ${line.sku}`).join(', ');
    return 'restock' in event
      ? `${event.type} ${lines}${event.restock ? ' (restock)' : ''}`
      : `${event.type} ${lines}`;
  }
  return 'status' in event ? `${event.type} ${event.status}` : event.type;
}

/** One effect in a few words, e.g. `deductStock` or `email merchantOrderNotification (paid)`. */
export function describeEffect(effect: Effect): string {
  switch (effect.type) {
    case 'sendEmail':
      if ('cause' in effect) {
        const amount = effect.amount === undefined ? '' : ` ${effect.amount} ${effect.currency}`;
        return `email ${effect.template} (${effect.cause}${amount})`;
      }
      if ('paymentStatus' in effect) return `email ${effect.template} (${effect.paymentStatus})`;
      if ('amount' in effect)
        return `email ${effect.template} (${effect.amount} ${effect.currency})`;
      return `email ${effect.template}`;
    case 'deductStock':
    case 'restoreStock':
      return `${effect.type} ${effect.lines.map((line) => `${line.quantity} ${line.sku}`).join(', ')}`;
    case 'voidAuthorization':
      return `voidAuthorization ${effect.authorizationId}`;
    case 'scheduleTimer':
      return `scheduleTimer ${effect.timer} ${effect.afterMinutes} min`;
  }
}

/** The outcome with its reason, e.g. `applied` or `refused: orderNotConfirmed`. */
export function describeOutcome(decision: Decision): string {
  return decision.outcome === 'applied' ? 'applied' : `${decision.outcome}: ${decision.reason}`;
}

/**
 * What a replay's lines came to, events apart from placements, as both replays' summaries print it:
 * each outcome counted (applied, unchanged, refused, already delivered: those given).
 *
 * @example
 * describeOutcomes({ applied: 4, unchanged: 1, refused: 1 }, { applied: 2 });
 * // => 'events: 4 applied, 1 unchanged, 1 refused; placements: 2 applied'
 */
export function describeOutcomes(
  events: Readonly<Record<string, number>>,
  placements: Readonly<Record<string, number>>,
): string {
  const tally = (counts: Readonly<Record<string, number>>) =>
    outcomeOrder
      .flatMap((outcome) => {
        const n = counts[outcome];
        return n === undefined ? [] : [`${n.toLocaleString('en-US')} ${words(outcome)}`];
      })
      .join(', ');
  return `events: ${tally(events)}; placements: ${tally(placements)}`;
}

const outcomeOrder = ['applied', 'unchanged', 'refused', 'alreadyDelivered'] as const;

/** `alreadyDelivered` as `already delivered`. */
const words = (name: string) => name.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
