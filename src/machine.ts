/**
 * The order machine: the one definition of the order rules (rule ids of RULES.md in comments).
 * Parallel regions: `payment` and `shipping` follow the events; `confirmation` follows the payment
 * status; `stock` and `orderEmails` follow the confirmation; `paymentWindow` asks for the window's
 * timer at placement; `paymentAlerts` sends each alert the payment region raises, once per cause. Effects are actions with data and no body, which the
 * engine returns to the host. No I/O, no clock, no randomness.
 * May touch: nothing outside its own context.
 */
import { and, assign, not, or, raise, setup } from 'xstate';
import type { RefusalReason, UnchangedReason } from './decision.js';
import {
  type DeductStock,
  deductStock,
  type OrderEmailTemplate,
  orderEmail,
  type PaymentAlertCause,
  paymentAlert,
  type RestoreStock,
  restoreStock,
  type ScheduleTimer,
  type SendEmail,
  type SendPaymentAlert,
  scheduleTimer,
} from './effects.js';
import type { MachineEvent } from './events.js';
import { guards } from './guards.js';
import {
  type OrderContext,
  type PaymentStatus,
  type Placement,
  REMEMBERED_REPORTS,
} from './order.js';

interface ActionArgs {
  readonly context: OrderContext;
}

const refuse = (reason: RefusalReason) => ({ type: 'refuse', params: { reason } }) as const;
const leaveUnchanged = (reason: UnchangedReason) =>
  ({ type: 'leaveUnchanged', params: { reason } }) as const;
const raiseAlert = (cause: PaymentAlertCause) =>
  ({ type: 'raiseAlert', params: { cause } }) as const;
const sendOrderEmail = (template: OrderEmailTemplate, paymentStatus: PaymentStatus) =>
  ({
    type: 'sendEmail',
    params: ({ context }: ActionArgs) => orderEmail(context.order, template, paymentStatus),
  }) as const;
const sendOrderEmails = (paymentStatus: PaymentStatus) => [
  sendOrderEmail('merchantOrderNotification', paymentStatus),
  sendOrderEmail('customerOrderConfirmation', paymentStatus),
];
/** A region that sends the alert for `cause` the first time it is raised, and never again (B7). */
const alertOnce = (cause: PaymentAlertCause) =>
  ({
    initial: 'notSent',
    states: {
      notSent: {
        on: {
          [`alert.${cause}`]: {
            target: 'sent',
            actions: {
              type: 'sendEmail',
              params: ({ context }: ActionArgs) => paymentAlert(context.order, cause),
            },
          },
        },
      },
      sent: {},
    },
  }) as const;

/** D8 then D9: what every payment state answers first to a gateway payment report. */
const screenPaymentReport = [
  { guard: 'isManualPayment', actions: refuse('gatewayReportOnManualPayment') },
  { guard: 'isKnownTransaction', actions: leaveUnchanged('duplicateGatewayReport') },
] as const;

/** A payment report on an unpaid order: a payment (S1d, D1, B6), or a mismatch to review (B1). */
const paymentReportOnUnpaidOrder = [
  ...screenPaymentReport,
  {
    guard: 'isAmountMismatch',
    target: 'review',
    actions: ['recordTransaction', raiseAlert('amountMismatch')],
  },
  { target: 'paid', actions: 'recordTransaction' },
] as const;

/** D8: a manual-payment order takes no failure report either. */
const screenFailureReport = [
  { guard: 'isManualPayment', actions: refuse('gatewayReportOnManualPayment') },
] as const;

/** B4: only a gateway order whose shop set a window has a timer to elapse. */
const screenWindowElapsed = [
  { guard: not('hasPaymentWindow'), actions: refuse('noPaymentWindow') },
] as const;

/** B4: a confirmed, unpaid order is cancelled when its window elapses, unless the merchant confirmed it. */
const windowElapsedOnConfirmedUnpaidOrder = [
  ...screenWindowElapsed,
  { guard: 'ignoresIncompleteOrders', actions: leaveUnchanged('confirmedByMerchant') },
  { target: 'cancelled' },
] as const;

/** D2, D3, B1: the merchant sets paid or pending on an order that is neither. */
const merchantSetsPaymentStatus = [
  { guard: 'asksPaid', target: 'paid' },
  { target: 'pending' },
] as const;

/** B5: the merchant cancels. */
const cancel = { target: 'cancelled' } as const;

/**
 * The order rules as an XState v5 machine. Its input is the order and the settings as placed.
 *
 * @example
 * const actor = createActor(orderMachine, { input: { order, settings }, inspect });
 * actor.start();
 * actor.send({ type: 'merchant.paymentStatusChanged', status: 'paid' });
 * actor.getSnapshot().value.payment; // => 'paid'
 */
export const orderMachine = setup({
  types: {
    context: {} as OrderContext,
    input: {} as Placement,
    events: {} as MachineEvent,
  },
  guards,
  actions: {
    // Effects: data for the host, performed by no one here.
    deductStock: (_, _effect: DeductStock) => {},
    restoreStock: (_, _effect: RestoreStock) => {},
    scheduleTimer: (_, _effect: ScheduleTimer) => {},
    sendEmail: (_, _effect: SendEmail | SendPaymentAlert) => {},
    // Outcomes: why an event leaves the order as it was (D10).
    refuse: (_, _outcome: { reason: RefusalReason }) => {},
    leaveUnchanged: (_, _outcome: { reason: UnchangedReason }) => {},
    // The order's own bookkeeping.
    recordTransaction: assign({
      gatewayTransactionIds: ({ context, event }) =>
        'transactionId' in event && event.transactionId !== undefined
          ? [...context.gatewayTransactionIds, event.transactionId].slice(-REMEMBERED_REPORTS)
          : context.gatewayTransactionIds,
    }),
    raiseAlert: raise((_, { cause }: { cause: PaymentAlertCause }) => ({
      type: `alert.${cause}` as const,
    })),
  },
}).createMachine({
  id: 'order',
  type: 'parallel',
  context: ({ input }) => ({
    order: input.order,
    settings: input.settings,
    gatewayTransactionIds: [],
  }),
  states: {
    payment: {
      initial: 'placed',
      states: {
        placed: {
          always: [
            { guard: 'isManualPayment', target: 'pending' }, // S3a
            { guard: 'ignoresIncompleteOrders', target: 'incomplete' }, // S1
            { target: 'pending' }, // D1
          ],
        },
        incomplete: {
          on: {
            'gateway.paymentConfirmed': paymentReportOnUnpaidOrder, // S1d, B1
            'gateway.paymentFailed': [
              ...screenFailureReport,
              { actions: leaveUnchanged('buyerMayRetry') },
            ], // B3
            'timer.paymentWindowElapsed': [...screenWindowElapsed, { target: 'expired' }], // B4
            'merchant.paymentStatusChanged': merchantSetsPaymentStatus, // D2, D3
            'merchant.orderCancelled': cancel, // B5
          },
        },
        pending: {
          on: {
            'gateway.paymentConfirmed': paymentReportOnUnpaidOrder, // D1, B1
            'gateway.paymentFailed': [...screenFailureReport, { target: 'failed' }], // B3
            'timer.paymentWindowElapsed': windowElapsedOnConfirmedUnpaidOrder, // B4
            'merchant.paymentStatusChanged': [
              { guard: 'asksPaid', target: 'paid' }, // S3b, D4
              { actions: leaveUnchanged('statusAlreadySet') }, // D11
            ],
            'merchant.orderCancelled': cancel, // B5
          },
        },
        paid: {
          on: {
            'gateway.paymentConfirmed': [
              ...screenPaymentReport,
              {
                guard: 'hasGatewayReport',
                actions: ['recordTransaction', raiseAlert('possibleDoublePayment')],
              }, // B2: a second report
              { actions: 'recordTransaction' }, // the first report, on an order the merchant set paid
            ],
            'gateway.paymentFailed': [
              ...screenFailureReport,
              { actions: refuse('orderAlreadyPaid') },
            ], // B3
            'timer.paymentWindowElapsed': [
              ...screenWindowElapsed,
              { actions: leaveUnchanged('alreadyPaid') },
            ], // B4
            'merchant.paymentStatusChanged': [
              { guard: 'asksPending', target: 'pending' }, // D4
              { actions: leaveUnchanged('statusAlreadySet') }, // D11, S2c, S3d
            ],
            'merchant.orderCancelled': cancel, // B5
          },
        },
        review: {
          tags: ['listed'], // B1, I6
          on: {
            'gateway.paymentConfirmed': paymentReportOnUnpaidOrder, // B1: a matching payment resolves it
            'gateway.paymentFailed': [
              ...screenFailureReport,
              { actions: leaveUnchanged('awaitingMerchantReview') },
            ], // B1
            'timer.paymentWindowElapsed': [
              ...screenWindowElapsed,
              { actions: leaveUnchanged('awaitingMerchantReview') },
            ], // B1
            'merchant.paymentStatusChanged': merchantSetsPaymentStatus, // B1
            'merchant.orderCancelled': cancel, // B1, B5
          },
        },
        failed: {
          on: {
            'gateway.paymentConfirmed': paymentReportOnUnpaidOrder, // B3: the buyer paid after all
            'gateway.paymentFailed': [
              ...screenFailureReport,
              { actions: leaveUnchanged('statusAlreadySet') },
            ], // B3
            'timer.paymentWindowElapsed': windowElapsedOnConfirmedUnpaidOrder, // B4
            'merchant.paymentStatusChanged': merchantSetsPaymentStatus, // D4
            'merchant.orderCancelled': cancel, // B5
          },
        },
        expired: {
          on: {
            'gateway.paymentConfirmed': paymentReportOnUnpaidOrder, // B6
            'gateway.paymentFailed': [
              ...screenFailureReport,
              { actions: leaveUnchanged('buyerMayRetry') },
            ], // B3
            'timer.paymentWindowElapsed': [
              ...screenWindowElapsed,
              { actions: leaveUnchanged('statusAlreadySet') },
            ], // B4
            'merchant.paymentStatusChanged': merchantSetsPaymentStatus, // D2, D3
            'merchant.orderCancelled': cancel, // B5
          },
        },
        cancelled: {
          on: {
            'gateway.paymentConfirmed': [
              ...screenPaymentReport,
              { actions: ['recordTransaction', raiseAlert('paymentAfterCancellation')] }, // B6
            ],
            'gateway.paymentFailed': [
              ...screenFailureReport,
              { actions: leaveUnchanged('alreadyCancelled') },
            ], // B3
            'timer.paymentWindowElapsed': [
              ...screenWindowElapsed,
              { actions: leaveUnchanged('alreadyCancelled') },
            ], // B4
            'merchant.paymentStatusChanged': { actions: refuse('orderCancelled') }, // B5
            'merchant.orderCancelled': { actions: leaveUnchanged('statusAlreadySet') }, // D11
          },
        },
      },
    },
    shipping: {
      initial: 'notShipped',
      states: {
        notShipped: {
          on: {
            'merchant.shippingStatusChanged': [
              { guard: 'isCancelled', actions: refuse('orderCancelled') }, // B5
              { guard: 'asksNotShipped', actions: leaveUnchanged('statusAlreadySet') }, // D11
              { guard: not('isConfirmed'), actions: refuse('orderNotConfirmed') }, // D5
              { target: 'shipped' }, // D5
            ],
          },
        },
        shipped: {
          on: {
            'merchant.shippingStatusChanged': [
              { guard: 'isCancelled', actions: refuse('orderCancelled') }, // B5
              { guard: 'asksNotShipped', target: 'notShipped' }, // D5
              { actions: leaveUnchanged('statusAlreadySet') }, // D11, S1e, S3c
            ],
          },
        },
      },
    },
    confirmation: {
      initial: 'unconfirmed',
      states: {
        unconfirmed: {
          always: { guard: or(['isPending', 'isPaid']), target: 'confirmed' }, // S1d, S3a, D1-D3
        },
        confirmed: { tags: ['listed'] }, // I6
      },
    },
    stock: {
      initial: 'notDeducted',
      states: {
        notDeducted: {
          always: {
            guard: and(['isConfirmed', 'managesStock']), // D7
            target: 'deducted',
            actions: { type: 'deductStock', params: ({ context }) => deductStock(context.order) },
          },
        },
        deducted: {
          always: {
            guard: 'isCancelled', // B4, B5
            target: 'restored',
            actions: { type: 'restoreStock', params: ({ context }) => restoreStock(context.order) },
          },
        },
        restored: {}, // I1: nothing leaves it
      },
    },
    orderEmails: {
      initial: 'notSent',
      states: {
        notSent: {
          always: [
            {
              guard: and(['isConfirmed', 'isPaid']),
              target: 'sent',
              actions: sendOrderEmails('paid'),
            },
            {
              guard: and(['isConfirmed', 'isPending']),
              target: 'sent',
              actions: sendOrderEmails('pending'),
            },
          ],
        },
        sent: {}, // I4: nothing leaves it
      },
    },
    paymentWindow: {
      initial: 'opening',
      states: {
        opening: {
          always: [
            {
              guard: 'hasPaymentWindow', // B4
              target: 'scheduled',
              actions: {
                type: 'scheduleTimer',
                // hasPaymentWindow holds: the shop set a window.
                params: ({ context }) =>
                  scheduleTimer(context.order, context.settings.paymentWindowMinutes as number),
              },
            },
            { target: 'none' }, // B4: a manual payment, or no window set
          ],
        },
        scheduled: {}, // B4: the host times the window and reports it elapsed
        none: {},
      },
    },
    paymentAlerts: {
      type: 'parallel',
      states: {
        amountMismatch: alertOnce('amountMismatch'), // B1, B7
        possibleDoublePayment: alertOnce('possibleDoublePayment'), // B2, B7
        paymentAfterCancellation: alertOnce('paymentAfterCancellation'), // B6, B7
      },
    },
  },
});
