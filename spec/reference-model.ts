/**
 * The reference model: the rules of RULES.md (S, D) written a second way, without the machine, so
 * the two can disagree. It first answers each event from what the earlier events established (in
 * rule-book order, event first rather than state first), then derives the confirmation, the effects
 * and the views from the whole timeline of payment statuses at once.
 */
import type { Effect, OrderView, Outcome, PaymentStatus, ShippingStatus } from '../src/index.js';
import type { History } from './arbitraries.js';

export interface ExpectedStep {
  readonly outcome: Outcome;
  readonly reason: string | undefined;
  readonly effects: readonly Effect[];
  readonly view: OrderView;
}

interface Answer {
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly payment: PaymentStatus;
  readonly shipping: ShippingStatus;
}

/** What the rules expect at placement and after each event of `history`, one entry per step. */
export function expectedSteps({ placement, events }: History): ExpectedStep[] {
  const { order, settings } = placement;
  const manual = order.paymentMethod.kind === 'manual';

  // Pass 1: the payment and shipping status after each step, and each event's answer.
  const answers: Answer[] = [
    {
      outcome: 'applied',
      payment: manual || !settings.ignoreIncompleteOrders ? 'pending' : 'incomplete', // S3a, D1, S1
      shipping: 'notShipped',
    },
  ];
  const acceptedReports = new Set<string>();
  for (const event of events) {
    const before = answers[answers.length - 1] as Answer;
    const confirmedBefore = answers.some((answer) => answer.payment !== 'incomplete');
    const statuses = { payment: before.payment, shipping: before.shipping };
    const keep = (outcome: Outcome, reason: string): Answer => ({ ...statuses, outcome, reason });
    let answer: Answer;
    if (event.type === 'gateway.paymentConfirmed') {
      if (manual)
        answer = keep('refused', 'gatewayReportOnManualPayment'); // D8
      else if (acceptedReports.has(event.transactionId))
        answer = keep('unchanged', 'duplicateGatewayReport'); // D9
      else {
        acceptedReports.add(event.transactionId);
        answer = { ...statuses, outcome: 'applied', payment: 'paid' }; // S1d, S2a, D1
      }
    } else if (event.type === 'merchant.paymentStatusChanged') {
      answer =
        event.status === before.payment
          ? keep('unchanged', 'statusAlreadySet') // D11
          : { ...statuses, outcome: 'applied', payment: event.status }; // D2, D3, D4
    } else if (event.status === before.shipping) {
      answer = keep('unchanged', 'statusAlreadySet'); // D11
    } else if (event.status === 'shipped' && !confirmedBefore) {
      answer = keep('refused', 'orderNotConfirmed'); // D5
    } else {
      answer = { ...statuses, outcome: 'applied', shipping: event.status }; // D5
    }
    answers.push(answer);
  }

  // Pass 2: the confirmation is the first step whose payment status is no longer incomplete.
  const confirmedAt = answers.findIndex((answer) => answer.payment !== 'incomplete');
  const confirmation = confirmedAt === -1 ? undefined : (answers[confirmedAt] as Answer);
  const confirmationEffects: Effect[] = confirmation
    ? [
        ...(settings.realtimeStock
          ? [
              {
                type: 'deductStock' as const,
                orderId: order.id,
                lines: order.lines,
                idempotencyKey: `${order.id}:deductStock`,
              },
            ]
          : []),
        ...(['merchantOrderNotification', 'customerOrderConfirmation'] as const).map(
          (template) => ({
            type: 'sendEmail' as const,
            template,
            orderId: order.id,
            paymentStatus: confirmation.payment,
            idempotencyKey: `${order.id}:sendEmail:${template}`,
          }),
        ),
      ]
    : [];

  return answers.map((answer, step) => {
    const confirmed = confirmedAt !== -1 && step >= confirmedAt;
    return {
      outcome: answer.outcome,
      reason: answer.reason,
      effects: step === confirmedAt ? confirmationEffects : [],
      view: {
        orderId: order.id,
        paymentStatus: answer.payment,
        shippingStatus: answer.shipping,
        listed: confirmed,
        confirmed,
        stockDeducted: confirmed && settings.realtimeStock,
      },
    };
  });
}
