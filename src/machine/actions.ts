/**
 * What the order machine does when it takes a transition: update its own context (the ledgers,
 * by pure functions the machine runs as `assign`), and build the effects it hands the host, as
 * data, from the context before the update and the event.
 * May touch: nothing; pure functions of (context, event).
 */
import {
  cancellationEmail,
  deductStock,
  type Effect,
  type OrderEmailTemplate,
  orderEmail,
  type PaymentAlertCause,
  paymentAlert,
  refundEmail,
  restoreStock,
  scheduleTimer,
  voidAuthorization,
} from '../effects.js';
import type { OrderEvent } from '../events.js';
import * as goods from '../goods.js';
import { held, moneyAfter, received } from '../money.js';
import type { LineGoods, OrderContext, PaymentStatus } from '../order.js';

/** What an action reads: the context as it is when the action runs, and the event. */
export interface ActionArgs {
  readonly context: OrderContext;
  readonly event: OrderEvent;
}

const transactionOf = (event: OrderEvent) =>
  'transactionId' in event && event.transactionId !== undefined ? event.transactionId : '';
const amountOf = (event: OrderEvent) => ('amount' in event ? event.amount : 0);

/** The ids of the reports the order took, with this report's (D9). */
const remember = ({ context, event }: ActionArgs) => [
  ...context.transactionIds,
  transactionOf(event),
];

/**
 * The context updates, by name: each returns the fields it changes. The machine runs them as
 * `assign` actions; nothing else changes the context.
 *
 * @example
 * contextUpdates.recordReport({ context, event: report }).money.captured; // => 3990
 */
export const contextUpdates = {
  /** A report in the order's currency: its id remembered, its money counted (M1). */
  recordReport: (args: ActionArgs) => ({
    transactionIds: remember(args),
    money: moneyAfter(args.context.money, args.event),
  }),
  /** A report in another currency: its id remembered, its money not counted (B1). */
  recordOtherCurrencyReport: (args: ActionArgs) => {
    const { money } = args.context;
    const authorization = args.event.type === 'gateway.paymentAuthorized';
    return {
      transactionIds: remember(args),
      money: {
        ...money,
        otherCurrency: true,
        otherCurrencyAuthorizations: authorization
          ? [...money.otherCurrencyAuthorizations, transactionOf(args.event)]
          : money.otherCurrencyAuthorizations,
      },
    };
  },
  /** A shipment, an undone shipment, or a return (G2, G3). */
  recordGoods: ({ context, event }: ActionArgs) => ({
    goods: goods.goodsAfter(context.order, context.goods, event),
  }),
  /** Every unit of every line deducted, at the confirmation (I1). */
  deductEveryUnit: ({ context }: ActionArgs) => ({
    goods: goods.deductAll(context.order, context.goods),
  }),
  /** The deducted units that never shipped restored, at the cancellation (G4). */
  restoreUnshippedUnits: ({ context }: ActionArgs) => ({
    goods: goods.restoreUnshipped(context.goods),
  }),
};

/** The name of a context update. */
export type ContextUpdateName = keyof typeof contextUpdates;

/** The restoration of the units between `context`'s goods and `after` (G1). */
const restoration = (context: OrderContext, after: readonly LineGoods[]) =>
  restoreStock(
    context.order,
    goods.moved(context.order, context.goods, after, 'restored'),
    goods.unitsOf(context.order, after).restored,
  );

/**
 * The effects, by what they are for: each builds its effect (or effects) from the context before
 * the transition's updates and the event.
 *
 * @example
 * effectBuilders.deductEveryUnit({ context, event }); // => { type: 'deductStock', ... }
 */
export const effectBuilders = {
  /** I1: every unit, at the confirmation. */
  deductEveryUnit: ({ context }: ActionArgs) => deductStock(context.order),
  /** G4: the deducted units that never shipped, at the cancellation. */
  restoreUnshippedUnits: ({ context }: ActionArgs) =>
    restoration(context, goods.restoreUnshipped(context.goods)),
  /** G3: the units returned with restock. */
  restoreReturnedUnits: ({ context, event }: ActionArgs) =>
    restoration(context, goods.goodsAfter(context.order, context.goods, event)),
  /** B4: the payment window's timer. */
  schedulePaymentWindow: ({ context }: ActionArgs) =>
    scheduleTimer(context.order, context.settings.paymentWindowMinutes ?? 0),
  /** B5: a void for each authorization still holding money, in any currency (none, one or several). */
  voidHeldAuthorizations: ({ context }: ActionArgs): Effect[] =>
    [
      ...context.money.authorizations.map((authorization) => authorization.id),
      ...context.money.otherCurrencyAuthorizations,
    ].map((id) => voidAuthorization(context.order, id)),
  /** B6: a void for the authorization this report brings to a cancelled order. */
  voidReportedAuthorization: ({ context, event }: ActionArgs) =>
    voidAuthorization(context.order, transactionOf(event)),
  /** D13: the buyer's cancellation email. */
  cancellationEmail: ({ context }: ActionArgs) => cancellationEmail(context.order),
  /** M7: the buyer's refund email. */
  refundEmail: ({ context, event }: ActionArgs) =>
    refundEmail(context.order, transactionOf(event), amountOf(event)),
};

/** The name of an effect builder. */
export type EffectBuilderName = keyof typeof effectBuilders;

/**
 * An order email stating `paymentStatus` (I4).
 *
 * @example
 * orderEmailOf('customerOrderConfirmation', 'paid')({ context, event }).paymentStatus; // => 'paid'
 */
export const orderEmailOf =
  (template: OrderEmailTemplate, paymentStatus: PaymentStatus) =>
  ({ context }: ActionArgs) =>
    orderEmail(context.order, template, paymentStatus);

/**
 * The merchant's alert about `cause`, naming the movement and the sum at stake (B7).
 *
 * @example
 * alertOf('chargeback')({ context, event: chargeback }).amount; // => the chargeback's amount
 */
export const alertOf =
  (cause: PaymentAlertCause) =>
  ({ context, event }: ActionArgs) => {
    const { order, money } = context;
    const currency = order.total.currency;
    const transactionId = transactionOf(event);
    switch (cause) {
      case 'refundDue':
        return paymentAlert(order, cause, { amount: received(money), currency });
      case 'authorizationVoided':
        return paymentAlert(order, cause, { transactionId });
      case 'overpayment': {
        const after = moneyAfter(money, event);
        const above = received(after) - Math.max(received(money), order.total.amount);
        return paymentAlert(order, cause, { transactionId, amount: above, currency });
      }
      case 'partialPayment': {
        const after = moneyAfter(money, event);
        const stillDue = order.total.amount - received(after) - held(after);
        return paymentAlert(order, cause, { transactionId, amount: stillDue, currency });
      }
      default:
        return paymentAlert(order, cause, {
          transactionId,
          amount: amountOf(event),
          currency: 'currency' in event ? event.currency : currency,
        });
    }
  };
