/**
 * order-rules: what a shop platform must do with an order, decided by a pure engine over an XState
 * machine. This file is the public API; everything else in `src/` is reached through it.
 */

export type { Decision, Outcome, RefusalReason, UnchangedReason } from './decision.js';
export type {
  DeductStock,
  Effect,
  OrderEmailTemplate,
  PaymentAlertCause,
  RestoreStock,
  ScheduleTimer,
  SendEmail,
  SendPaymentAlert,
} from './effects.js';
export { applyEvent, getOrderView, type OrderView, startOrder } from './engine.js';
export { OrderRulesError, type OrderRulesErrorCode } from './errors.js';
export type {
  GatewayPaymentConfirmed,
  GatewayPaymentFailed,
  MerchantOrderCancelled,
  MerchantPaymentStatusChanged,
  MerchantShippingStatusChanged,
  OrderEvent,
  PaymentWindowElapsed,
} from './events.js';
export { type Label, paymentStatusLabels, shippingStatusLabels } from './labels.js';
export { orderMachine } from './machine/index.js';
export type {
  Order,
  OrderLine,
  PaymentMethodKind,
  PaymentStatus,
  Placement,
  Settings,
  ShippingStatus,
} from './order.js';
export type { OrderSnapshot, OrderState } from './snapshot.js';
