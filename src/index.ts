/**
 * order-rules: what a shop platform must do with an order, decided by a pure engine over an XState
 * machine. This file is the public API; everything else in `src/` is reached through it.
 */

export { isKnownCurrency, minorUnitDigits } from './currencies.js';
export type { Decision, Outcome, RefusalReason, UnchangedReason } from './decision.js';
export type {
  DeductStock,
  Effect,
  OrderEmailTemplate,
  PaymentAlertCause,
  RestoreStock,
  ScheduleTimer,
  SendCancellationEmail,
  SendEmail,
  SendPaymentAlert,
  SendRefundEmail,
  VoidAuthorization,
} from './effects.js';
export { applyEvent, getOrderView, type OrderView, startOrder } from './engine.js';
export { OrderRulesError, type OrderRulesErrorCode } from './errors.js';
export {
  eventTypes,
  type GatewayAuthorizationVoided,
  type GatewayChargeback,
  type GatewayChargebackReversed,
  type GatewayPaymentAuthorized,
  type GatewayPaymentCaptured,
  type GatewayPaymentConfirmed,
  type GatewayPaymentFailed,
  type GatewayRefunded,
  type MerchantLinesReturned,
  type MerchantLinesShipped,
  type MerchantOrderCancelled,
  type MerchantPaymentStatusChanged,
  type MerchantShippingStatusChanged,
  type MoneyReport,
  moneyReportTypes,
  type OrderEvent,
  type PaymentWindowElapsed,
} from './events.js';
export { type Label, paymentStatusLabels, shippingStatusLabels } from './labels.js';
export { orderMachine } from './machine/index.js';
export {
  type Authorization,
  type LineGoods,
  type Money,
  type Order,
  type OrderLine,
  type PaymentMethodKind,
  type PaymentStatus,
  type Placement,
  paymentStatuses,
  type Settings,
  type ShippingStatus,
  shippingStatuses,
} from './order.js';
export { parseEvent, parsePlacement } from './parse.js';
export {
  type OrderSnapshot,
  type OrderState,
  readSnapshot,
  type StoredLineGoods,
  type StoredMoney,
  type StoredState,
} from './snapshot.js';
