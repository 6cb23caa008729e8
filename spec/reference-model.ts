/**
 * The reference model: the rules of RULES.md (S, D, B) written a second way, without the machine,
 * so the two can disagree. It answers each event from the facts the earlier events established,
 * event first and in rule-book order (the machine goes state first), then derives the confirmation,
 * the stock, the order emails and the views from the whole timeline of payment statuses at once.
 */
import type {
  Effect,
  OrderEvent,
  OrderView,
  Outcome,
  PaymentAlertCause,
  PaymentStatus,
  ShippingStatus,
} from '../src/index.js';
import type { History } from './arbitraries.js';

export interface ExpectedStep {
  readonly outcome: Outcome;
  readonly reason: string | undefined;
  readonly effects: readonly Effect[];
  readonly view: OrderView;
}

interface Facts {
  readonly payment: PaymentStatus;
  readonly shipping: ShippingStatus;
  /** Has the payment status ever been pending or paid? That is what a confirmation is. */
  readonly confirmed: boolean;
}

interface Answer extends Facts {
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly alert?: PaymentAlertCause;
}

/** What the rules expect at placement and after each event of `history`, one entry per step. */
export function expectedSteps({ placement, events }: History): ExpectedStep[] {
  const { order, settings } = placement;
  const gateway = order.paymentMethod.kind === 'gateway';
  const windowMinutes = gateway ? settings.paymentWindowMinutes : undefined;
  const accepted = new Set<string>();

  const answer = (event: OrderEvent, facts: Facts): Answer => {
    const { payment, confirmed } = facts;
    const keep = (outcome: Outcome, reason: string): Answer => ({ ...facts, outcome, reason });
    const change = (changes: Partial<Answer>): Answer => {
      const next = { ...facts, ...changes };
      const confirms = next.payment === 'pending' || next.payment === 'paid';
      return { ...next, outcome: 'applied', confirmed: confirmed || confirms };
    };
    switch (event.type) {
      case 'gateway.paymentConfirmed': {
        if (!gateway) return keep('refused', 'gatewayReportOnManualPayment'); // D8
        if (accepted.has(event.transactionId)) return keep('unchanged', 'duplicateGatewayReport'); // D9
        const secondReport = accepted.size > 0;
        accepted.add(event.transactionId);
        if (payment === 'cancelled') return change({ alert: 'paymentAfterCancellation' }); // B6
        if (payment === 'paid')
          return change(secondReport ? { alert: 'possibleDoublePayment' } : {}); // B2
        const { amount, currency } = order.total;
        if (event.amount !== amount || event.currency !== currency) {
          return change({ payment: 'review', alert: 'amountMismatch' }); // B1
        }
        return change({ payment: 'paid' }); // S1d, D1, B3, B6
      }
      case 'gateway.paymentFailed':
        if (!gateway) return keep('refused', 'gatewayReportOnManualPayment'); // D8
        if (payment === 'paid') return keep('refused', 'orderAlreadyPaid'); // B3
        if (payment === 'cancelled') return keep('unchanged', 'alreadyCancelled');
        if (payment === 'review') return keep('unchanged', 'awaitingMerchantReview');
        if (!confirmed) return keep('unchanged', 'buyerMayRetry'); // B3
        if (payment === 'failed') return keep('unchanged', 'statusAlreadySet');
        return change({ payment: 'failed' }); // B3
      case 'timer.paymentWindowElapsed':
        if (windowMinutes === undefined) return keep('refused', 'noPaymentWindow'); // B4
        if (payment === 'paid') return keep('unchanged', 'alreadyPaid');
        if (payment === 'cancelled') return keep('unchanged', 'alreadyCancelled');
        if (payment === 'review') return keep('unchanged', 'awaitingMerchantReview');
        if (payment === 'expired') return keep('unchanged', 'statusAlreadySet');
        if (!confirmed) return change({ payment: 'expired' }); // B4
        if (settings.ignoreIncompleteOrders) return keep('unchanged', 'confirmedByMerchant');
        return change({ payment: 'cancelled' }); // B4
      case 'merchant.paymentStatusChanged':
        if (payment === 'cancelled') return keep('refused', 'orderCancelled'); // B5
        if (event.status === payment) return keep('unchanged', 'statusAlreadySet'); // D11
        return change({ payment: event.status }); // D2, D3, D4, B1
      case 'merchant.shippingStatusChanged':
        if (payment === 'cancelled') return keep('refused', 'orderCancelled'); // B5
        if (event.status === facts.shipping) return keep('unchanged', 'statusAlreadySet'); // D11
        if (event.status === 'shipped' && !confirmed) return keep('refused', 'orderNotConfirmed'); // D5
        return change({ shipping: event.status }); // D5
      case 'merchant.orderCancelled':
        if (payment === 'cancelled') return keep('unchanged', 'statusAlreadySet'); // D11
        return change({ payment: 'cancelled' }); // B5
    }
  };

  // Pass 1: each event's answer, from the facts the steps before it left.
  const placed = !gateway || !settings.ignoreIncompleteOrders ? 'pending' : 'incomplete'; // S3a, D1, S1
  const answers: Answer[] = [
    {
      outcome: 'applied',
      payment: placed,
      shipping: 'notShipped',
      confirmed: placed === 'pending',
    },
  ];
  for (const event of events) {
    const { payment, shipping, confirmed } = answers[answers.length - 1] as Answer;
    answers.push(answer(event, { payment, shipping, confirmed }));
  }

  // Pass 2: the confirmation, the cancellation after it, and the first alert of each cause.
  const confirmedAt = answers.findIndex((step) => step.confirmed);
  const restoredAt = answers.findIndex(
    (step, at) => at > confirmedAt && step.payment === 'cancelled',
  );
  const firstAlert = new Map<PaymentAlertCause, number>();
  answers.forEach((step, at) => {
    if (step.alert && !firstAlert.has(step.alert)) firstAlert.set(step.alert, at);
  });
  const lines = order.lines;
  const key = (name: string) => `${order.id}:${name}`;

  return answers.map((step, at) => {
    const effects: Effect[] = [];
    if (at === 0 && windowMinutes !== undefined) {
      effects.push({
        type: 'scheduleTimer',
        orderId: order.id,
        timer: 'paymentWindow',
        afterMinutes: windowMinutes,
        idempotencyKey: key('scheduleTimer:paymentWindow'),
      });
    }
    if (at === confirmedAt) {
      const paymentStatus = step.payment;
      if (settings.realtimeStock) {
        effects.push({
          type: 'deductStock',
          orderId: order.id,
          lines,
          idempotencyKey: key('deductStock'),
        });
      }
      for (const template of ['merchantOrderNotification', 'customerOrderConfirmation'] as const) {
        effects.push({
          type: 'sendEmail',
          template,
          orderId: order.id,
          paymentStatus,
          idempotencyKey: key(`sendEmail:${template}`),
        });
      }
    }
    if (at === restoredAt && confirmedAt !== -1 && settings.realtimeStock) {
      effects.push({
        type: 'restoreStock',
        orderId: order.id,
        lines,
        idempotencyKey: key('restoreStock'),
      });
    }
    if (step.alert && firstAlert.get(step.alert) === at) {
      effects.push({
        type: 'sendEmail',
        template: 'merchantPaymentAlert',
        orderId: order.id,
        cause: step.alert,
        idempotencyKey: key(`sendEmail:merchantPaymentAlert:${step.alert}`),
      });
    }
    const confirmed = confirmedAt !== -1 && at >= confirmedAt;
    const restored = restoredAt !== -1 && at >= restoredAt;
    return {
      outcome: step.outcome,
      reason: step.reason,
      effects,
      view: {
        orderId: order.id,
        paymentStatus: step.payment,
        shippingStatus: step.shipping,
        listed: confirmed || step.payment === 'review',
        confirmed,
        stockDeducted: confirmed && settings.realtimeStock && !restored,
      },
    };
  });
}
