/**
 * A hand-written reducer of the same rules, with plain functions and switch statements and no
 * XState: the floor the benchmark measures the engine against, and a second oracle for the
 * properties. It keeps the stored state's shape so its answers compare with the engine's.
 */
import {
  deductStock,
  type Effect,
  orderEmail,
  type PaymentAlertCause,
  paymentAlert,
  restoreStock,
  scheduleTimer,
} from '../src/effects.js';
import type { OrderEvent, Placement } from '../src/index.js';
import { REMEMBERED_REPORTS } from '../src/order.js';
import type { OrderState } from '../src/snapshot.js';

export interface ReducerOrder {
  readonly placement: Placement;
  readonly state: OrderState;
  readonly ids: readonly string[];
}

export interface ReducerStep {
  readonly order: ReducerOrder;
  readonly outcome: 'applied' | 'unchanged' | 'refused';
  readonly reason?: string;
  readonly effects: readonly Effect[];
}

/** Places an order. */
export function place(placement: Placement): ReducerStep {
  const { order, settings } = placement;
  const gateway = order.paymentMethod.kind === 'gateway';
  const window = gateway && settings.paymentWindowMinutes !== undefined;
  const state: OrderState = {
    payment: gateway && settings.ignoreIncompleteOrders ? 'incomplete' : 'pending',
    shipping: 'notShipped',
    confirmation: 'unconfirmed',
    stock: 'notDeducted',
    orderEmails: 'notSent',
    paymentWindow: window ? 'scheduled' : 'none',
    paymentAlerts: {
      amountMismatch: 'notSent',
      possibleDoublePayment: 'notSent',
      paymentAfterCancellation: 'notSent',
    },
  };
  const effects: Effect[] = window
    ? [scheduleTimer(order, settings.paymentWindowMinutes as number)]
    : [];
  return settle({ placement, state, ids: [] }, effects);
}

/** Applies one event. */
export function reduce(current: ReducerOrder, event: OrderEvent): ReducerStep {
  const { placement, state, ids } = current;
  const { order, settings } = placement;
  const gateway = order.paymentMethod.kind === 'gateway';
  const confirmed = state.confirmation === 'confirmed';
  const keep = (outcome: 'unchanged' | 'refused', reason: string): ReducerStep => ({
    order: current,
    outcome,
    reason,
    effects: [],
  });
  const next = (
    changes: Partial<OrderState>,
    nextIds = ids,
    alert?: PaymentAlertCause,
  ): ReducerStep => {
    const effects: Effect[] = [];
    let paymentAlerts = state.paymentAlerts;
    if (alert && paymentAlerts[alert] === 'notSent') {
      paymentAlerts = { ...paymentAlerts, [alert]: 'sent' };
      effects.push(paymentAlert(order, alert));
    }
    return settle(
      { placement, state: { ...state, ...changes, paymentAlerts }, ids: nextIds },
      effects,
    );
  };

  switch (event.type) {
    case 'gateway.paymentConfirmed': {
      if (!gateway) return keep('refused', 'gatewayReportOnManualPayment');
      if (ids.includes(event.transactionId)) return keep('unchanged', 'duplicateGatewayReport');
      const recorded = [...ids, event.transactionId].slice(-REMEMBERED_REPORTS);
      const mismatch =
        event.amount !== order.total.amount || event.currency !== order.total.currency;
      switch (state.payment) {
        case 'cancelled':
          return next({}, recorded, 'paymentAfterCancellation');
        case 'paid':
          return next({}, recorded, ids.length > 0 ? 'possibleDoublePayment' : undefined);
        default:
          return mismatch
            ? next({ payment: 'review' }, recorded, 'amountMismatch')
            : next({ payment: 'paid' }, recorded);
      }
    }
    case 'gateway.paymentFailed':
      if (!gateway) return keep('refused', 'gatewayReportOnManualPayment');
      switch (state.payment) {
        case 'paid':
          return keep('refused', 'orderAlreadyPaid');
        case 'cancelled':
          return keep('unchanged', 'alreadyCancelled');
        case 'review':
          return keep('unchanged', 'awaitingMerchantReview');
        case 'incomplete':
        case 'expired':
          return keep('unchanged', 'buyerMayRetry');
        case 'failed':
          return keep('unchanged', 'statusAlreadySet');
        case 'pending':
          return next({ payment: 'failed' });
      }
      break;
    case 'timer.paymentWindowElapsed':
      if (state.paymentWindow === 'none') return keep('refused', 'noPaymentWindow');
      switch (state.payment) {
        case 'paid':
          return keep('unchanged', 'alreadyPaid');
        case 'cancelled':
          return keep('unchanged', 'alreadyCancelled');
        case 'review':
          return keep('unchanged', 'awaitingMerchantReview');
        case 'expired':
          return keep('unchanged', 'statusAlreadySet');
        case 'incomplete':
          return next({ payment: 'expired' });
        case 'pending':
        case 'failed':
          return settings.ignoreIncompleteOrders
            ? keep('unchanged', 'confirmedByMerchant')
            : next({ payment: 'cancelled' });
      }
      break;
    case 'merchant.paymentStatusChanged':
      if (state.payment === 'cancelled') return keep('refused', 'orderCancelled');
      if (state.payment === event.status) return keep('unchanged', 'statusAlreadySet');
      return next({ payment: event.status });
    case 'merchant.shippingStatusChanged':
      if (state.payment === 'cancelled') return keep('refused', 'orderCancelled');
      if (state.shipping === event.status) return keep('unchanged', 'statusAlreadySet');
      if (event.status === 'shipped' && !confirmed) return keep('refused', 'orderNotConfirmed');
      return next({ shipping: event.status });
    case 'merchant.orderCancelled':
      if (state.payment === 'cancelled') return keep('unchanged', 'statusAlreadySet');
      return next({ payment: 'cancelled' });
  }
  throw new Error(`no rule for ${event.type} in ${state.payment}`);
}

/** What follows a payment status: the confirmation, its stock and emails, and a restoration. */
function settle(order: ReducerOrder, effects: Effect[]): ReducerStep {
  const { placement } = order;
  let state = order.state;
  const committed = state.payment === 'pending' || state.payment === 'paid';
  if (state.confirmation === 'unconfirmed' && committed) {
    const status = state.payment;
    state = { ...state, confirmation: 'confirmed', orderEmails: 'sent' };
    if (placement.settings.realtimeStock) {
      state = { ...state, stock: 'deducted' };
      effects.push(deductStock(placement.order));
    }
    effects.push(
      orderEmail(placement.order, 'merchantOrderNotification', status),
      orderEmail(placement.order, 'customerOrderConfirmation', status),
    );
  }
  if (state.stock === 'deducted' && state.payment === 'cancelled') {
    state = { ...state, stock: 'restored' };
    effects.push(restoreStock(placement.order));
  }
  return { order: { ...order, state }, outcome: 'applied', effects };
}
