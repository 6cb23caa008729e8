/**
 * order-rules/gateways: payment providers' webhooks turned into engine events, for `applyEvent`.
 * Stripe, PayPal, Mollie and Adyen: each adapter takes the provider's payload (parsed JSON) and
 * answers the events it means for an order, with amounts in exact integer minor units of the
 * currency's ISO 4217 exponent and transaction ids that make D9 work, or what it ignored and why.
 * Stripe's and Adyen's signatures are checked here with HMAC-SHA256 and a constant-time
 * comparison from `node:crypto`: this entry point needs Node (or a runtime with `node:crypto`),
 * where the core (`order-rules`) runs in browsers too and never imports it. No network: PayPal's
 * certificate check and Mollie's payment fetch are the host's. This file is the entry point's
 * public API.
 * May touch: nothing; every function is pure (the clock arrives as `now`).
 */

export { type AdyenOptions, adyenReports, verifyAdyenSignature } from './adyen.js';
export type {
  GatewayAnswer,
  GatewayEvent,
  GatewayReport,
  Ignored,
  IgnoredReason,
} from './answer.js';
export { type MollieOptions, molliePaymentId, mollieReports } from './mollie.js';
export { formatDecimalAmount, parseDecimalAmount } from './money.js';
export { type PaypalOptions, paypalReports } from './paypal.js';
export {
  type StripeOptions,
  type StripeSignatureCheck,
  stripeReports,
  verifyStripeSignature,
} from './stripe.js';
