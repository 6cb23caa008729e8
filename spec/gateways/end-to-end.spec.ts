/**
 * End to end: providers' payloads (signed where the provider signs) through each adapter into
 * `startOrder` / `applyEvent`, for a split capture, a refund and a chargeback, ending with the view
 * and the effects edition 2 of the rule book requires (M2-M8, D9, I4).
 */
import { readFileSync } from 'node:fs';
import { hmacValidator as HmacValidator } from '@adyen/api-library';
import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import {
  adyenReports,
  type GatewayAnswer,
  mollieReports,
  paypalReports,
  stripeReports,
  verifyAdyenSignature,
  verifyStripeSignature,
} from '../../src/gateways/index.js';
import {
  applyEvent,
  type Effect,
  getOrderView,
  type Order,
  type OrderSnapshot,
  type OrderView,
  startOrder,
} from '../../src/index.js';

const fixtures = (provider: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/gateways/${provider}.json`, import.meta.url), 'utf8'),
  );

const settings = { ignoreIncompleteOrders: true, realtimeStock: true };
const orderAt = (id: string, provider: string): Order => ({
  id,
  paymentMethod: { kind: 'gateway', provider },
  lines: [{ sku: 'TEE-M', quantity: 2 }],
  total: { amount: 3990, currency: 'EUR' },
});

/** A transaction id as an idempotency key holds it: its `:` escaped. */
const inKey = (id: string) => id.replaceAll(':', '%3A');

/** What one webhook did to the order: each report's outcome and effects, and the view after. */
interface Delivery {
  readonly outcomes: string[];
  readonly effects: Effect[];
  readonly view: OrderView;
}

/**
 * Applies a webhook's answer to the order as a host does: every report in order; a report that
 * names no order is looked up by its payment id (`lookUp`) and asked again with `{ orderId }`.
 */
class Host {
  snapshot: OrderSnapshot;
  constructor(order: Order) {
    this.snapshot = startOrder({ order, settings }).snapshot;
  }

  deliver(answer: GatewayAnswer, again?: (orderId: string) => GatewayAnswer): Delivery {
    const unnamed = answer.ignored.find((part) => part.reason === 'orderNotNamed');
    const reports =
      unnamed !== undefined && again !== undefined
        ? again(getOrderView(this.snapshot).orderId).reports
        : answer.reports;
    const outcomes: string[] = [];
    const effects: Effect[] = [];
    for (const { orderId, event } of reports) {
      expect(orderId).toBe(getOrderView(this.snapshot).orderId);
      const decision = applyEvent(this.snapshot, event);
      outcomes.push(
        decision.outcome === 'applied' ? 'applied' : `${decision.outcome}:${decision.reason}`,
      );
      effects.push(...decision.effects);
      this.snapshot = decision.snapshot;
    }
    return { outcomes, effects, view: getOrderView(this.snapshot) };
  }
}

const confirmation = (orderId: string, paymentStatus: string): Effect[] => [
  {
    type: 'deductStock',
    orderId,
    lines: [{ sku: 'TEE-M', quantity: 2 }],
    idempotencyKey: `${orderId}:deductStock`,
  },
  {
    type: 'sendEmail',
    template: 'merchantOrderNotification',
    orderId,
    paymentStatus,
    idempotencyKey: `${orderId}:sendEmail:merchantOrderNotification`,
  } as Effect,
  {
    type: 'sendEmail',
    template: 'customerOrderConfirmation',
    orderId,
    paymentStatus,
    idempotencyKey: `${orderId}:sendEmail:customerOrderConfirmation`,
  } as Effect,
];
const refundEmail = (orderId: string, transactionId: string, amount: number): Effect => ({
  type: 'sendEmail',
  template: 'customerRefundNotification',
  orderId,
  transactionId,
  amount,
  currency: 'EUR',
  idempotencyKey: `${orderId}:sendEmail:customerRefundNotification:${inKey(transactionId)}`,
});
const chargebackAlert = (orderId: string, transactionId: string, amount: number): Effect => ({
  type: 'sendEmail',
  template: 'merchantPaymentAlert',
  orderId,
  cause: 'chargeback',
  transactionId,
  amount,
  currency: 'EUR',
  idempotencyKey: `${orderId}:sendEmail:merchantPaymentAlert:chargeback:${inKey(transactionId)}`,
});
const money = (amounts: Partial<OrderView['amounts']>) => ({
  total: 3990,
  held: 0,
  captured: 0,
  refunded: 0,
  chargedBack: 0,
  received: 0,
  due: 3990,
  ...amounts,
});

describe('Adyen, manual capture: an authorization captured in two parts, a refund, a chargeback won', () => {
  const { payloads, hmacKey } = fixtures('adyen');
  const sdk = new HmacValidator();
  const host = new Host(orderAt('A-1003', 'adyen'));
  const webhook = (name: string) => {
    const notification = structuredClone(payloads[name]);
    for (const { NotificationRequestItem: item } of notification.notificationItems) {
      expect(sdk.validateHMAC(item, hmacKey)).toBe(true);
    }
    return adyenReports(verifyAdyenSignature(notification, hmacKey), { captureMode: 'manual' });
  };

  test('M3: the authorization covers the order: the confirmation states "authorized"', () => {
    const { outcomes, effects, view } = host.deliver(webhook('AUTHORISATION'));
    expect(outcomes).toEqual(['applied']);
    expect(effects).toEqual(confirmation('A-1003', 'authorized'));
    expect([view.paymentStatus, view.amounts]).toEqual(['authorized', money({ held: 3990 })]);
  });

  test('M4: the first partial capture keeps the order authorized; its redelivery changes nothing (D9)', () => {
    const first = host.deliver(webhook('CAPTURE (first)'));
    expect([first.outcomes, first.effects, first.view.paymentStatus]).toEqual([
      ['applied'],
      [],
      'authorized',
    ]);
    expect(first.view.amounts).toEqual(
      money({ held: 1990, captured: 2000, received: 2000, due: 1990 }),
    );
    const again = host.deliver(webhook('CAPTURE (first)'));
    expect([again.outcomes, again.effects]).toEqual([['unchanged:duplicateGatewayReport'], []]);
  });

  test('M4, M2: the second capture takes the rest: paid, no email again (I4)', () => {
    const { outcomes, effects, view } = host.deliver(webhook('CAPTURE (second)'));
    expect([outcomes, effects, view.paymentStatus]).toEqual([['applied'], [], 'paid']);
    expect(view.amounts).toEqual(money({ captured: 3990, received: 3990, due: 0 }));
  });

  test('M7: a refund of 9.90: partially refunded, and the buyer gets a refund email', () => {
    const { effects, view } = host.deliver(webhook('REFUND'));
    expect(effects).toEqual([refundEmail('A-1003', 'V4HZ4RBFJGXXGN82', 990)]);
    expect([view.paymentStatus, view.amounts]).toEqual([
      'partiallyRefunded',
      money({ captured: 3990, refunded: 990, received: 3000, due: 990 }),
    ]);
  });

  test('M8: the chargeback of 30.00 takes the rest: refunded, and the merchant is alerted; its reversal gives it back', () => {
    expect(host.deliver(webhook('NOTIFICATION_OF_CHARGEBACK')).outcomes).toEqual([]);
    const lost = host.deliver(webhook('CHARGEBACK'));
    expect(lost.effects).toEqual([chargebackAlert('A-1003', 'QFQTPCQ8HXSKGK82:CHARGEBACK', 3000)]);
    expect([lost.view.paymentStatus, lost.view.amounts]).toEqual([
      'refunded',
      money({ captured: 3990, refunded: 990, chargedBack: 3000, received: 0, due: 3990 }),
    ]);
    const won = host.deliver(webhook('CHARGEBACK_REVERSED'));
    expect(won.effects).toEqual([]);
    expect(won.view).toEqual({
      orderId: 'A-1003',
      paymentStatus: 'partiallyRefunded',
      shippingStatus: 'notShipped',
      listed: true,
      confirmed: true,
      stockDeducted: true,
      amounts: money({ captured: 3990, refunded: 990, received: 3000, due: 990 }),
      lines: [{ sku: 'TEE-M', quantity: 2, deducted: 2, shipped: 0, returned: 0, restored: 0 }],
    });
  });
});

describe('PayPal: an authorization captured in two parts, a refund found by its capture, a reversal and a dispute won', () => {
  const { payloads } = fixtures('paypal');
  const host = new Host(orderAt('A-1002', 'paypal'));
  const webhook = (name: string, options = {}) =>
    paypalReports(structuredClone(payloads[name]), options);

  test('M3, M4: authorized, then two captures: authorized until the second, then paid; a redelivery is a duplicate', () => {
    expect(host.deliver(webhook('PAYMENT.AUTHORIZATION.CREATED')).effects).toEqual(
      confirmation('A-1002', 'authorized'),
    );
    const first = host.deliver(webhook('PAYMENT.CAPTURE.COMPLETED (first capture)'));
    expect([
      first.view.paymentStatus,
      first.view.amounts.held,
      first.view.amounts.received,
    ]).toEqual(['authorized', 1990, 2000]);
    expect(host.deliver(webhook('PAYMENT.CAPTURE.COMPLETED (first capture)')).outcomes).toEqual([
      'unchanged:duplicateGatewayReport',
    ]);
    const second = host.deliver(webhook('PAYMENT.CAPTURE.COMPLETED (final capture)'));
    expect([second.effects, second.view.paymentStatus, second.view.amounts]).toEqual([
      [],
      'paid',
      money({ captured: 3990, received: 3990, due: 0 }),
    ]);
  });

  test('M7: the refund names no order: the host finds it by the capture and asks again', () => {
    const answer = webhook('PAYMENT.CAPTURE.REFUNDED');
    expect(answer.ignored).toEqual([
      {
        eventType: 'PAYMENT.CAPTURE.REFUNDED',
        reason: 'orderNotNamed',
        paymentId: '2GG279541U471931P',
      },
    ]);
    const { effects, view } = host.deliver(answer, (orderId) =>
      webhook('PAYMENT.CAPTURE.REFUNDED', { orderId }),
    );
    expect(effects).toEqual([refundEmail('A-1002', '1Y107995YT783435V', 990)]);
    expect(view.paymentStatus).toBe('partiallyRefunded');
  });

  test('M8: PayPal reverses 20.00 (a chargeback, alerted); the dispute won gives it back', () => {
    const lost = host.deliver(webhook('PAYMENT.CAPTURE.REVERSED'));
    expect(lost.effects).toEqual([chargebackAlert('A-1002', '8TX27447QG0539123', 2000)]);
    expect(lost.view.amounts).toEqual(
      money({ captured: 3990, refunded: 990, chargedBack: 2000, received: 1000, due: 2990 }),
    );
    const won = host.deliver(webhook('CUSTOMER.DISPUTE.RESOLVED (won)'));
    expect([won.effects, won.view.paymentStatus, won.view.amounts]).toEqual([
      [],
      'partiallyRefunded',
      money({ captured: 3990, refunded: 990, received: 3000, due: 990 }),
    ]);
  });
});

describe('Stripe: a sale, a refund, a dispute lost then won, from signed payloads', () => {
  const { payloads } = fixtures('stripe');
  const stripe = new Stripe('sk_test_not_a_key_no_request_is_made');
  const secret = 'whsec_test_end_to_end';
  const host = new Host(orderAt('A-1001', 'stripe'));
  const webhook = (name: string, options = {}) => {
    const body = JSON.stringify(payloads[name]);
    const header = stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret,
      timestamp: 1_722_000_000,
    });
    return stripeReports(
      verifyStripeSignature({ payload: body, header, secret, now: 1_722_000_005_000 }),
      options,
    );
  };

  test('S1d: the sale confirms the order, stating "paid"; the intent\'s own event repeats it and gives nothing', () => {
    const { effects, view } = host.deliver(webhook('charge.succeeded (sale)'));
    expect(effects).toEqual(confirmation('A-1001', 'paid'));
    expect(view.amounts).toEqual(money({ captured: 3990, received: 3990, due: 0 }));
    expect(webhook('payment_intent.succeeded').reports).toEqual([]);
  });

  test('M7: a partial refund, delivered twice, is refunded once (D9)', () => {
    const first = host.deliver(webhook('charge.refunded (partial)'));
    expect(first.effects).toEqual([
      refundEmail('A-1001', 'ch_3PgafuB7WZ01zgkW0XYmPNZs:refunded:990', 990),
    ]);
    expect(host.deliver(webhook('charge.refunded (partial)')).outcomes).toEqual([
      'unchanged:duplicateGatewayReport',
    ]);
    expect(first.view.paymentStatus).toBe('partiallyRefunded');
  });

  test('M8: the dispute withdraws 30.00 (found by its payment intent), then reinstates it', () => {
    expect(webhook('charge.dispute.created').ignored[0]?.reason).toBe('movesNoMoney');
    const withdrawn = host.deliver(webhook('charge.dispute.funds_withdrawn'), (orderId) =>
      webhook('charge.dispute.funds_withdrawn', { orderId }),
    );
    expect(withdrawn.effects).toEqual([
      chargebackAlert('A-1001', 'dp_1Pgc71B7WZ01zgkWMevJiAUx', 3000),
    ]);
    expect(withdrawn.view.paymentStatus).toBe('refunded');
    const reinstated = host.deliver(webhook('charge.dispute.funds_reinstated'), (orderId) =>
      webhook('charge.dispute.funds_reinstated', { orderId }),
    );
    expect([reinstated.effects, reinstated.view.paymentStatus, reinstated.view.amounts]).toEqual([
      [],
      'partiallyRefunded',
      money({ captured: 3990, refunded: 990, received: 3000, due: 990 }),
    ]);
  });
});

describe('Mollie: each webhook is a fetch of the whole payment; what was applied before is a duplicate', () => {
  const { payloads } = fixtures('mollie');
  const fetched = (name: string) => mollieReports(structuredClone(payloads[name]));

  test('M3, M4: authorized, then paid in two captures', () => {
    const host = new Host(orderAt('A-1011', 'mollie'));
    expect(host.deliver(fetched('authorized')).effects).toEqual(
      confirmation('A-1011', 'authorized'),
    );
    const paid = host.deliver(fetched('paid in two captures'));
    expect(paid.outcomes).toEqual(['unchanged:duplicateGatewayReport', 'applied', 'applied']);
    expect([paid.effects, paid.view.paymentStatus, paid.view.amounts]).toEqual([
      [],
      'paid',
      money({ captured: 3990, received: 3990, due: 0 }),
    ]);
  });

  test('M7, M8: paid, refunded in part, charged back, the chargeback reversed', () => {
    const host = new Host(orderAt('A-1010', 'mollie'));
    expect(host.deliver(fetched('paid')).effects).toEqual(confirmation('A-1010', 'paid'));
    const refunded = host.deliver(fetched('paid, refunded in part'));
    expect([refunded.outcomes, refunded.effects]).toEqual([
      ['unchanged:duplicateGatewayReport', 'applied'],
      [refundEmail('A-1010', 're_4qqhO89gsT', 990)],
    ]);
    const chargedBack = host.deliver(fetched('paid, refunded and charged back'));
    expect(chargedBack.effects).toEqual([chargebackAlert('A-1010', 'chb_n9z0tp', 3000)]);
    expect(chargedBack.view.paymentStatus).toBe('refunded');
    const reversed = host.deliver(fetched('paid, chargeback reversed'));
    expect(reversed.outcomes).toEqual([
      'unchanged:duplicateGatewayReport',
      'unchanged:duplicateGatewayReport',
      'unchanged:duplicateGatewayReport',
      'applied',
    ]);
    expect([reversed.view.paymentStatus, reversed.view.amounts]).toEqual([
      'partiallyRefunded',
      money({ captured: 3990, refunded: 990, received: 3000, due: 990 }),
    ]);
  });
});
