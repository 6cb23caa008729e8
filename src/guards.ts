/**
 * The yes/no questions the order machine asks: of the payment method, of the settings captured at
 * placement, of the event's payload, and of the machine's other regions.
 * May touch: nothing; every guard is a pure predicate.
 */
import { stateIn } from 'xstate';
import type { MachineEvent } from './events.js';
import type { OrderContext } from './order.js';

interface GuardArgs {
  readonly context: OrderContext;
  readonly event: MachineEvent;
}

const statusAskedBy = (event: MachineEvent) => ('status' in event ? event.status : undefined);

/**
 * The guards of `orderMachine`, named as predicates and referenced by name in its config.
 *
 * @example
 * setup({ guards }).createMachine({ ... { guard: 'isManualPayment', target: 'pending' } ... });
 */
export const guards = {
  /** The merchant records the payment (cheque, bank transfer): no gateway will report. */
  isManualPayment: ({ context }: GuardArgs) => context.order.paymentMethod.kind === 'manual',
  /** The setting "Ignore Incomplete Orders" was on when the order was placed. */
  ignoresIncompleteOrders: ({ context }: GuardArgs) => context.settings.ignoreIncompleteOrders,
  /** The shop deducted online stock for orders when the order was placed. */
  managesStock: ({ context }: GuardArgs) => context.settings.realtimeStock,
  /** The order is paid through a gateway and the shop set a payment window (B4). */
  hasPaymentWindow: ({ context }: GuardArgs) =>
    context.order.paymentMethod.kind === 'gateway' &&
    context.settings.paymentWindowMinutes !== undefined,
  /** The gateway report's amount or currency is not the order's total (B1). */
  isAmountMismatch: ({ context, event }: GuardArgs) =>
    'amount' in event &&
    (event.amount !== context.order.total.amount ||
      event.currency !== context.order.total.currency),
  /** The gateway report carries a transaction id the order has already accepted. */
  isKnownTransaction: ({ context, event }: GuardArgs) =>
    'transactionId' in event && context.gatewayTransactionIds.includes(event.transactionId),
  /** The order has accepted a gateway payment report before this one. */
  hasGatewayReport: ({ context }: GuardArgs) => context.gatewayTransactionIds.length > 0,
  /** The merchant asks for payment status paid. */
  asksPaid: ({ event }: GuardArgs) => statusAskedBy(event) === 'paid',
  /** The merchant asks for payment status pending. */
  asksPending: ({ event }: GuardArgs) => statusAskedBy(event) === 'pending',
  /** The merchant asks for shipping status not shipped. */
  asksNotShipped: ({ event }: GuardArgs) => statusAskedBy(event) === 'notShipped',
  /** The payment region is in `paid`. */
  isPaid: stateIn({ payment: 'paid' }),
  /** The payment region is in `pending`. */
  isPending: stateIn({ payment: 'pending' }),
  /** The payment region is in `cancelled`. */
  isCancelled: stateIn({ payment: 'cancelled' }),
  /** The order has had its confirmation. */
  isConfirmed: stateIn({ confirmation: 'confirmed' }),
};
