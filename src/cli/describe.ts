/**
 * Short, human words for events, effects and decisions, shared by the demo and the replay output.
 * May touch: nothing; pure formatting.
 */
import type { Decision, Effect, OrderEvent } from '../index.js';

/** One event in a few words, e.g. `gateway.paymentConfirmed PAY-9 3990 EUR` or `merchant.orderCancelled`. */
export function describeEvent(event: OrderEvent | undefined): string {
  if (event === undefined) return 'order placed';
  if (event.type === 'gateway.paymentConfirmed') {
    return `${event.type} ${event.transactionId} ${event.amount} ${event.currency}`;
  }
  return 'status' in event ? `${event.type} ${event.status}` : event.type;
}

/** One effect in a few words, e.g. `deductStock` or `email merchantOrderNotification (paid)`. */
export function describeEffect(effect: Effect): string {
  switch (effect.type) {
    case 'sendEmail':
      return `email ${effect.template} (${'cause' in effect ? effect.cause : effect.paymentStatus})`;
    case 'scheduleTimer':
      return `scheduleTimer ${effect.timer} ${effect.afterMinutes} min`;
    default:
      return effect.type;
  }
}

/** The outcome with its reason, e.g. `applied` or `refused: orderNotConfirmed`. */
export function describeOutcome(decision: Decision): string {
  return decision.outcome === 'applied' ? 'applied' : `${decision.outcome}: ${decision.reason}`;
}
