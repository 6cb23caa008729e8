/**
 * The order machine: the one definition of the order rules (../RULES ids in comments).
 * Five parallel regions: `payment` and `shipping` follow the events; `confirmation` follows the
 * payment status; `stock` and `orderEmails` follow the confirmation. Effects are actions with data
 * and no body, which the engine returns to the host. No I/O, no clock, no randomness.
 * May touch: nothing outside its own context.
 */
import { and, assign, not, or, setup } from 'xstate';
import type { RefusalReason, UnchangedReason } from './decision.js';
import {
  type DeductStock,
  deductStock,
  type OrderEmailTemplate,
  orderEmail,
  type SendEmail,
} from './effects.js';
import type { OrderEvent } from './events.js';
import { guards } from './guards.js';
import type { OrderContext, PaymentStatus, Placement } from './order.js';

const refuse = (reason: RefusalReason) => ({ type: 'refuse', params: { reason } }) as const;
const leaveUnchanged = (reason: UnchangedReason) =>
  ({ type: 'leaveUnchanged', params: { reason } }) as const;
const sendOrderEmail = (template: OrderEmailTemplate, paymentStatus: PaymentStatus) =>
  ({
    type: 'sendEmail',
    params: ({ context }: { context: OrderContext }) =>
      orderEmail(context.order, template, paymentStatus),
  }) as const;
const sendOrderEmails = (paymentStatus: PaymentStatus) => [
  sendOrderEmail('merchantOrderNotification', paymentStatus),
  sendOrderEmail('customerOrderConfirmation', paymentStatus),
];

/** D8 then D9: what every payment state answers first to a gateway report. */
const screenGatewayReport = [
  { guard: 'isManualPayment', actions: refuse('gatewayReportOnManualPayment') },
  { guard: 'isKnownTransaction', actions: leaveUnchanged('duplicateGatewayReport') },
] as const;

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
    events: {} as OrderEvent,
  },
  guards,
  actions: {
    // Effects: data for the host, performed by no one here.
    deductStock: (_, _effect: DeductStock) => {},
    sendEmail: (_, _effect: SendEmail) => {},
    // Outcomes: why an event leaves the order as it was (D10).
    refuse: (_, _outcome: { reason: RefusalReason }) => {},
    leaveUnchanged: (_, _outcome: { reason: UnchangedReason }) => {},
    recordTransaction: assign({
      gatewayTransactionIds: ({ context, event }) =>
        'transactionId' in event
          ? [...context.gatewayTransactionIds, event.transactionId]
          : context.gatewayTransactionIds,
    }),
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
            'gateway.paymentConfirmed': [
              ...screenGatewayReport,
              { target: 'paid', actions: 'recordTransaction' }, // S1d
            ],
            'merchant.paymentStatusChanged': [
              { guard: 'asksPaid', target: 'paid' }, // D2
              { target: 'pending' }, // D3
            ],
          },
        },
        pending: {
          on: {
            'gateway.paymentConfirmed': [
              ...screenGatewayReport,
              { target: 'paid', actions: 'recordTransaction' }, // D1
            ],
            'merchant.paymentStatusChanged': [
              { guard: 'asksPaid', target: 'paid' }, // S3b, D4
              { actions: leaveUnchanged('statusAlreadySet') }, // D11
            ],
          },
        },
        paid: {
          on: {
            'gateway.paymentConfirmed': [
              ...screenGatewayReport,
              { actions: 'recordTransaction' }, // another payment: remembered, nothing else
            ],
            'merchant.paymentStatusChanged': [
              { guard: 'asksPending', target: 'pending' }, // D4
              { actions: leaveUnchanged('statusAlreadySet') }, // D11, S2c, S3d
            ],
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
              { guard: 'asksNotShipped', actions: leaveUnchanged('statusAlreadySet') }, // D11
              { guard: not('isConfirmed'), actions: refuse('orderNotConfirmed') }, // D5
              { target: 'shipped' }, // D5
            ],
          },
        },
        shipped: {
          on: {
            'merchant.shippingStatusChanged': [
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
        deducted: {}, // I1: nothing leaves it
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
  },
});
