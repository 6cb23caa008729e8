/**
 * Short, human words for events, effects and decisions, shared by the demo and the replay output.
 * May touch: nothing; pure formatting.
 */
import type { Decision, Effect, OrderEvent } from '../index.js';

/** One event in a few words, e.g. `gateway.paymentConfirmed PAY-9` or `merchant.paymentStatusChanged paid`. */
export function describeEvent(event: OrderEvent | undefined): string {
  if (event === undefined) return 'order placed';
  return event.type === 'gateway.paymentConfirmed'
    ? `${event.type} ${event.transactionId}`
    : `${event.type} ${event.status}`;
}

/** One effect in a few words, e.g. `deductStock` or `email merchantOrderNotification (paid)`. */
export function describeEffect(effect: Effect): string {
  return effect.type === 'deductStock'
    ? 'deductStock'
    : `email ${effect.template} (${effect.paymentStatus})`;
}

/** The outcome with its reason, e.g. `applied` or `refused: orderNotConfirmed`. */
export function describeOutcome(decision: Decision): string {
  return decision.outcome === 'applied' ? 'applied' : `${decision.outcome}: ${decision.reason}`;
}
