/**
 * The regions that follow the others, with eventless transitions only: `confirmation` follows the
 * payment status; `stock` and `orderEmails` follow the confirmation and the cancellation;
 * `paymentWindow` asks for the window's timer at placement; `listing` shows whether the merchant's
 * list shows the order. Rule ids of RULES.md in comments.
 * May touch: nothing; statechart config only.
 */
import type { PaymentStatus } from '../order.js';
import { and, effect, not, or, orderEmail, type Region, update } from './steps.js';

/** The confirmation's two order emails, stating `paymentStatus` (S1d, S2b, S3a, I4). */
const confirmationEmails = (paymentStatus: PaymentStatus) => [
  orderEmail('merchantOrderNotification', paymentStatus),
  orderEmail('customerOrderConfirmation', paymentStatus),
];

/** S1d, S3a, D1-D3, M3, M5: paid, pending or authorized is the confirmation. */
export const confirmation: Region = {
  initial: 'unconfirmed',
  states: {
    unconfirmed: {
      always: { guard: or(['isPaid', 'isPending', 'isAuthorized']), target: 'confirmed' },
    },
    confirmed: {}, // nothing leaves it
  },
};

/** I1, I3, D7, G4: every unit deducted at the confirmation, the unshipped ones restored at the cancellation. */
export const stock: Region = {
  initial: 'notDeducted',
  states: {
    notDeducted: {
      always: {
        guard: and(['isConfirmed', 'managesStock']),
        target: 'deducted',
        actions: [effect('deductEveryUnit'), update('deductEveryUnit')],
      },
    },
    deducted: {
      always: [
        {
          guard: and(['isCancelled', 'hasUnshippedDeductedUnits']),
          target: 'restored',
          actions: [effect('restoreUnshippedUnits'), update('restoreUnshippedUnits')],
        },
        { guard: 'isCancelled', target: 'restored' }, // every unit had shipped
      ],
    },
    restored: {}, // the cancellation has given back what never shipped; returns restock on their own (G3)
  },
};

/** I4, D13: the two order emails at the confirmation, the buyer's cancellation email after it. */
export const orderEmails: Region = {
  initial: 'notSent',
  states: {
    notSent: {
      always: [
        {
          guard: and(['isConfirmed', 'isPaid']),
          target: 'sent',
          actions: confirmationEmails('paid'),
        },
        {
          guard: and(['isConfirmed', 'isPending']),
          target: 'sent',
          actions: confirmationEmails('pending'),
        },
        {
          guard: and(['isConfirmed', 'isAuthorized']),
          target: 'sent',
          actions: confirmationEmails('authorized'),
        },
      ],
    },
    sent: {
      always: {
        guard: 'isCancelled',
        target: 'cancellationSent',
        actions: effect('cancellationEmail'),
      },
    },
    cancellationSent: {}, // nothing leaves it
  },
};

/** B4: a gateway order with something to pay and a window set asks for the window's timer. */
export const paymentWindow: Region = {
  initial: 'opening',
  states: {
    opening: {
      always: [
        {
          guard: 'hasPaymentWindow',
          target: 'scheduled',
          actions: effect('schedulePaymentWindow'),
        },
        { target: 'none' }, // a manual payment, nothing to pay, or no window set
      ],
    },
    scheduled: {}, // the host times the window and reports it elapsed
    none: {},
  },
};

/** I6: listed exactly when confirmed, in review, or holding the buyer's money. */
const listable = or(['isConfirmed', 'isInReview', 'holdsBuyersMoney']);

/** S1b, I6: whether the merchant's default order list shows the order. */
export const listing: Region = {
  initial: 'hidden',
  states: {
    hidden: { always: { guard: listable, target: 'listed' } },
    listed: { always: { guard: not(listable), target: 'hidden' } },
  },
};
