/**
 * What the engine answers for every call: the new snapshot, the effects to perform, and whether the
 * event applied, changed nothing, or was refused (and why).
 * May touch: nothing; types only.
 */
import type { Effect } from './effects.js';
import type { OrderSnapshot } from './snapshot.js';

/** Why an event was refused: it is not allowed in the order's state. */
export type RefusalReason =
  /** D8: a manual-payment order takes no gateway report. */
  | 'gatewayReportOnManualPayment'
  /** D5: an order that is not confirmed cannot be shipped. */
  | 'orderNotConfirmed'
  /** B3: a failure report on an order already paid. */
  | 'orderAlreadyPaid'
  /** B4: a payment window elapsed on an order that has none (a manual payment, or no window set). */
  | 'noPaymentWindow'
  /** B5: a cancelled order takes no more status changes or shipments from the merchant. */
  | 'orderCancelled'
  /** M4: a capture or void of an authorization the order does not hold (unknown, or released). */
  | 'unknownAuthorization'
  /** M4: a capture of more than its authorization still holds. */
  | 'captureExceedsAuthorization'
  /** M7: a refund of more than the order has received. */
  | 'refundExceedsPayment'
  /** M8, I8: a chargeback of more than the order has received. */
  | 'chargebackExceedsPayment'
  /** M8: a reversal of more than was charged back. */
  | 'reversalExceedsChargeback'
  /** G2, G3: a line whose sku is not in the order. */
  | 'unknownSku'
  /** G2: shipping more units of a line than were ordered. */
  | 'exceedsOrderedQuantity'
  /** G3: returning more units of a line than were shipped and not returned yet. */
  | 'exceedsShippedQuantity'
  /** G2: shipments cannot be undone once a unit was returned. */
  | 'linesReturned';

/** Why an event changed nothing: there is nothing to do. */
export type UnchangedReason =
  /** D9: a gateway report with a transaction id the order already took. */
  | 'duplicateGatewayReport'
  /** D11: the order already has the status asked for (for shipped: every unit has shipped). */
  | 'statusAlreadySet'
  /** B3: a failed payment on an order that is not confirmed: the buyer may still retry. */
  | 'buyerMayRetry'
  /** B1: a failure or a window elapsing while the merchant reviews a mismatched payment. */
  | 'awaitingMerchantReview'
  /** B4: a window elapsing on an order confirmed by the merchant's hand (setting on). */
  | 'confirmedByMerchant'
  /** B4: a window elapsing on an order the merchant set paid. */
  | 'alreadyPaid'
  /** B3, B4, I10: a failure or a window elapsing on an order with money received or held. */
  | 'paymentReceived'
  /** B4, I10: a window elapsing on an order with a unit shipped. */
  | 'goodsShipped'
  /** B3, B4: a failure or a window elapsing on a cancelled order. */
  | 'alreadyCancelled';

/**
 * The engine's answer. `applied`: the order changed; store `snapshot`, perform `effects`.
 * `unchanged` and `refused`: the snapshot given back is the one passed in, and there is no effect (D10).
 *
 * @example
 * const decision = applyEvent(snapshot, { type: 'merchant.shippingStatusChanged', status: 'shipped' });
 * if (decision.outcome === 'refused') decision.reason; // => 'orderNotConfirmed'
 */
export type Decision =
  | {
      readonly outcome: 'applied';
      readonly snapshot: OrderSnapshot;
      readonly effects: readonly Effect[];
    }
  | {
      readonly outcome: 'unchanged';
      readonly reason: UnchangedReason;
      readonly snapshot: OrderSnapshot;
      readonly effects: readonly [];
    }
  | {
      readonly outcome: 'refused';
      readonly reason: RefusalReason;
      readonly snapshot: OrderSnapshot;
      readonly effects: readonly [];
    };

/** `applied`, `unchanged` or `refused`. */
export type Outcome = Decision['outcome'];
