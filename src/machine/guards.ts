/**
 * The yes/no questions the order machine asks: of the payment method and the settings captured at
 * placement, of the event's payload, of the money and goods the order holds (before the event, or
 * as the event would leave them: `leaves...`), and of the machine's other regions.
 * May touch: nothing; every guard is a pure predicate.
 */
import { stateIn } from 'xstate';
import type { OrderEvent } from '../events.js';
import * as goods from '../goods.js';
import { held, heldBy, moneyAfter, received } from '../money.js';
import type { LineGoods, Money, OrderContext } from '../order.js';

interface GuardArgs {
  readonly context: OrderContext;
  readonly event: OrderEvent;
  readonly answers?: SharedAnswers;
}

const statusAskedBy = (event: OrderEvent) => ('status' in event ? event.status : undefined);
const linesOf = (event: OrderEvent) => ('lines' in event ? event.lines : []);
const amountOf = (event: OrderEvent) => ('amount' in event ? event.amount : 0);
const totalOf = ({ context }: GuardArgs) => context.order.total.amount;
/**
 * Answers the guards of one run of the compiled machine share (see `compiledMachine.ts`): several
 * guards ask what an event leaves, and each is worked out once for each ledger it is asked of.
 * XState's own runs pass none, and work each out again.
 */
export interface SharedAnswers {
  money?: Money;
  moneyAfter?: Money;
  context?: OrderContext;
  goodsAfter?: readonly LineGoods[];
}

/** The money as the event would leave it (M1-M8). */
const after = ({ context, event, answers }: GuardArgs): Money => {
  if (answers === undefined) return moneyAfter(context.money, event);
  if (answers.money !== context.money || answers.moneyAfter === undefined) {
    answers.money = context.money;
    answers.moneyAfter = moneyAfter(context.money, event);
  }
  return answers.moneyAfter;
};
const hasRefunds = (money: Money) => money.refunded + money.chargedBack > 0;
/** The goods as the event would leave them (G2, G3). */
const goodsAfter = ({ context, event, answers }: GuardArgs): readonly LineGoods[] => {
  if (answers === undefined) return goods.goodsAfter(context.order, context.goods, event);
  if (answers.context !== context || answers.goodsAfter === undefined) {
    answers.context = context;
    answers.goodsAfter = goods.goodsAfter(context.order, context.goods, event);
  }
  return answers.goodsAfter;
};
/** The shipping status the goods would give after the event (G2, G3). */
const shippingAfter = (args: GuardArgs) =>
  goods.shippingStatusOf(args.context.order, goodsAfter(args));

/**
 * The guards of `orderMachine`, named as predicates and referenced by name in its config.
 *
 * @example
 * setup({ guards }).createMachine({ ... { guard: 'isManualPayment', target: 'pending' } ... });
 */
export const guards = {
  // The order and the settings captured at placement.
  /** The merchant records the payment (cheque, bank transfer): no gateway will report (D8). */
  isManualPayment: ({ context }: GuardArgs) => context.order.paymentMethod.kind === 'manual',
  /** The setting "Ignore Incomplete Orders" was on when the order was placed (S1). */
  ignoresIncompleteOrders: ({ context }: GuardArgs) => context.settings.ignoreIncompleteOrders,
  /** The shop deducted online stock for orders when the order was placed (D7). */
  managesStock: ({ context }: GuardArgs) => context.settings.realtimeStock,
  /** The order's total is 0: there is nothing to pay (D12). */
  hasNothingToPay: (args: GuardArgs) => totalOf(args) === 0,
  /** A gateway order with something to pay, whose shop set a payment window (B4). */
  hasPaymentWindow: ({ context }: GuardArgs) =>
    context.order.paymentMethod.kind === 'gateway' &&
    context.settings.paymentWindowMinutes !== undefined &&
    context.order.total.amount > 0,

  // The event.
  /** The merchant asks for payment status paid. */
  asksPaid: ({ event }: GuardArgs) => statusAskedBy(event) === 'paid',
  /** The merchant asks for payment status pending. */
  asksPending: ({ event }: GuardArgs) => statusAskedBy(event) === 'pending',
  /** The merchant asks for shipping status not shipped. */
  asksNotShipped: ({ event }: GuardArgs) => statusAskedBy(event) === 'notShipped',
  /** The report's transaction id is one the order has already taken (D9). */
  isKnownTransaction: ({ context, event }: GuardArgs) =>
    'transactionId' in event &&
    event.transactionId !== undefined &&
    (context.transactionIds.includes(event.transactionId) ||
      heldBy(context.money, event.transactionId) !== undefined),
  /** The report moves money in another currency than the order's total (B1). */
  isOtherCurrency: ({ context, event }: GuardArgs) =>
    'currency' in event && event.currency !== context.order.total.currency,
  /** The void names an authorization in another currency the order keeps apart (B1, B5). */
  releasesOtherCurrencyAuthorization: ({ context, event }: GuardArgs) =>
    event.type === 'gateway.authorizationVoided' &&
    context.money.otherCurrencyAuthorizations.includes(event.authorizationId),
  /** The capture or void names an authorization that holds nothing for this order (M4). */
  isUnknownAuthorization: ({ context, event }: GuardArgs) =>
    'authorizationId' in event && heldBy(context.money, event.authorizationId) === undefined,
  /** The capture takes more than its authorization still holds (M4). */
  exceedsAuthorization: ({ context, event }: GuardArgs) =>
    'authorizationId' in event &&
    amountOf(event) > (heldBy(context.money, event.authorizationId) ?? 0),
  /** The refund or chargeback takes back more than the order has received (M7, M8, I8). */
  exceedsReceived: ({ context, event }: GuardArgs) => amountOf(event) > received(context.money),
  /** The reversal gives back more than was charged back (M8, I8). */
  exceedsChargedBack: ({ context, event }: GuardArgs) =>
    amountOf(event) > context.money.chargedBack,
  /** The lines name a sku that is not in the order (G2, G3). */
  namesUnknownSku: ({ context, event }: GuardArgs) =>
    goods.namesUnknownSku(context.order, linesOf(event)),
  /** Shipping the lines would ship more units of a line than were ordered (G2). */
  exceedsOrderedQuantity: ({ context, event }: GuardArgs) =>
    goods.exceedsOrdered(context.order, context.goods, linesOf(event)),
  /** Returning the lines would return more units of a line than are with the buyer (G3). */
  exceedsShippedQuantity: ({ context, event }: GuardArgs) =>
    goods.exceedsShipped(context.order, context.goods, linesOf(event)),

  // The money, as the report leaves it (M2, M5, M6).
  /** The report takes received above the total, and raises it (M6). */
  raisesReceivedAboveTotal: (args: GuardArgs) => {
    const money = after(args);
    return received(money) > totalOf(args) && received(money) > received(args.context.money);
  },
  /** Received reaches the total (M2: paid). */
  leavesTotalReceived: (args: GuardArgs) => received(after(args)) >= totalOf(args),
  /** Received and held reach the total (M2: authorized). */
  leavesTotalCovered: (args: GuardArgs) => {
    const money = after(args);
    return received(money) + held(money) >= totalOf(args);
  },
  /** Money was refunded or charged back and nothing is received (M2: refunded). */
  leavesAllRefunded: (args: GuardArgs) => {
    const money = after(args);
    return hasRefunds(money) && received(money) === 0;
  },
  /** Money was refunded or charged back, some is received (M2: partiallyRefunded). */
  leavesPartRefunded: (args: GuardArgs) => hasRefunds(after(args)),
  /** Some money is received or held (M2, M5: partiallyPaid). */
  leavesPartPaid: (args: GuardArgs) => {
    const money = after(args);
    return received(money) + held(money) > 0;
  },
  /** Nothing is received or held (M2: voided or incomplete; M4: the void alert). */
  leavesNothing: (args: GuardArgs) => {
    const money = after(args);
    return received(money) + held(money) === 0;
  },

  // The money and goods the order holds now.
  /** Money is received or held for the order (B3, B4, I10). */
  holdsMoney: ({ context }: GuardArgs) => received(context.money) > 0 || held(context.money) > 0,
  /** The buyer has money with the order: received, held, or reported in another currency (I6). */
  holdsBuyersMoney: ({ context }: GuardArgs) =>
    received(context.money) > 0 || held(context.money) > 0 || context.money.otherCurrency,
  /** Money is received and kept: a cancellation leaves it to refund (B5). */
  hasReceivedMoney: ({ context }: GuardArgs) => received(context.money) > 0,
  /** A unit of the order has shipped (B4, I10). */
  hasShippedUnits: ({ context }: GuardArgs) => context.goods.some((line) => line.shipped > 0),
  /** A unit of the order has come back (G2). */
  hasReturnedUnits: ({ context }: GuardArgs) => context.goods.some((line) => line.returned > 0),
  /** Every ordered unit has shipped (G2). */
  hasShippedEverything: ({ context }: GuardArgs) =>
    context.goods.every((line, at) => line.shipped === context.order.lines[at]?.quantity),
  /** Deducted units that never shipped: a cancellation restores them (G4). */
  hasUnshippedDeductedUnits: ({ context }: GuardArgs) =>
    context.goods.some((line) => goods.unshippedDeducted(line) > 0),

  // The goods, as the event leaves them (G2, G3).
  /** Every shipped unit is back, and some was (G3: returned). */
  leavesAllReturned: (args: GuardArgs) => shippingAfter(args) === 'returned',
  /** Some unit is back, not every shipped one (G3: partiallyReturned). */
  leavesSomeReturned: (args: GuardArgs) => shippingAfter(args) === 'partiallyReturned',
  /** Every ordered unit has shipped, none is back (G2: shipped). */
  leavesAllShipped: (args: GuardArgs) => shippingAfter(args) === 'shipped',
  /** Some unit has shipped, none is back (G2: partiallyShipped). */
  leavesSomeShipped: (args: GuardArgs) => shippingAfter(args) === 'partiallyShipped',
  /** The return puts some units back into stock: returned with restock, and deducted (G3). */
  restoresUnits: (args: GuardArgs) =>
    goods.moved(args.context.order, args.context.goods, goodsAfter(args), 'restored').length > 0,

  // The machine's regions.
  /** The payment region is in `paid`. */
  isPaid: stateIn({ payment: 'paid' }),
  /** The payment region is in `pending`. */
  isPending: stateIn({ payment: 'pending' }),
  /** The payment region is in `authorized`. */
  isAuthorized: stateIn({ payment: 'authorized' }),
  /** The payment region is in `review`. */
  isInReview: stateIn({ payment: 'review' }),
  /** The payment region is in `failed`. */
  isFailed: stateIn({ payment: 'failed' }),
  /** The payment region is in `expired`. */
  isExpired: stateIn({ payment: 'expired' }),
  /** The payment region is in `cancelled`. */
  isCancelled: stateIn({ payment: 'cancelled' }),
  /** The order has had its confirmation. */
  isConfirmed: stateIn({ confirmation: 'confirmed' }),
};

/** The name of a guard of the order machine. */
export type GuardName = keyof typeof guards;
