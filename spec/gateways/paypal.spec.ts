/**
 * PayPal's webhooks as engine events (Payments v2 and disputes; fixtures in
 * spec/fixtures/gateways/paypal.json): amounts from decimal strings in exact ISO minor units (M9),
 * a capture naming its authorization (M4), and transaction ids that make D9 work. PayPal signs with
 * a certificate, which the host checks with PayPal before calling the adapter.
 */
import { describe, expect, test } from 'vitest';
import { paypalReports } from '../../src/gateways/index.js';
import { edited, fixtures, payloadOf, refusal } from './payloads.js';

const paypalFixtures = fixtures('paypal');
const payload = (name: string) => payloadOf(paypalFixtures, name);

const AUTH = '0VF52814937998046';
const CAP1 = '2GG279541U471931P';
const CAP2 = '7NW873794T343360M';
const one = (orderId: string, event: object) => ({ reports: [{ orderId, event }], ignored: [] });
const skipped = (eventType: string, reason: string) => ({
  reports: [],
  ignored: [{ eventType, reason }],
});

describe('PayPal events as engine events', () => {
  test.each([
    [
      'PAYMENT.AUTHORIZATION.CREATED',
      one('A-1002', {
        type: 'gateway.paymentAuthorized',
        transactionId: AUTH,
        amount: 3990,
        currency: 'EUR',
      }),
    ],
    [
      'PAYMENT.CAPTURE.COMPLETED (first capture)',
      one('A-1002', {
        type: 'gateway.paymentCaptured',
        transactionId: CAP1,
        authorizationId: AUTH,
        amount: 2000,
        currency: 'EUR',
      }),
    ],
    [
      'PAYMENT.CAPTURE.COMPLETED (final capture)',
      one('A-1002', {
        type: 'gateway.paymentCaptured',
        transactionId: CAP2,
        authorizationId: AUTH,
        amount: 1990,
        currency: 'EUR',
      }),
    ],
    [
      'PAYMENT.CAPTURE.COMPLETED (sale)',
      one('A-1004', {
        type: 'gateway.paymentConfirmed',
        transactionId: '3C679366HH908993F',
        amount: 3990,
        currency: 'EUR',
      }),
    ],
    ['PAYMENT.CAPTURE.PENDING', skipped('PAYMENT.CAPTURE.PENDING', 'movesNoMoney')],
    [
      'PAYMENT.CAPTURE.DECLINED',
      one('A-1004', {
        type: 'gateway.paymentFailed',
        transactionId: '3C679366HH908993F',
        reason: 'DECLINED_BY_RISK_FRAUD_FILTERS',
      }),
    ],
    [
      'PAYMENT.CAPTURE.REFUNDED (named)',
      one('A-1002', {
        type: 'gateway.refunded',
        transactionId: '1JU08902781691411',
        amount: 500,
        currency: 'EUR',
      }),
    ],
    [
      'PAYMENT.CAPTURE.REVERSED',
      one('A-1002', {
        type: 'gateway.chargeback',
        transactionId: '8TX27447QG0539123',
        amount: 2000,
        currency: 'EUR',
      }),
    ],
    [
      'PAYMENT.AUTHORIZATION.VOIDED',
      one('A-1005', {
        type: 'gateway.authorizationVoided',
        transactionId: '4YY73526C8712113D:voided',
        authorizationId: '4YY73526C8712113D',
      }),
    ],
    ['CUSTOMER.DISPUTE.CREATED', skipped('CUSTOMER.DISPUTE.CREATED', 'movesNoMoney')],
    [
      'CUSTOMER.DISPUTE.RESOLVED (won)',
      one('A-1002', {
        type: 'gateway.chargebackReversed',
        transactionId: 'PP-D-27803:won:1',
        amount: 2000,
        currency: 'EUR',
      }),
    ],
    ['CUSTOMER.DISPUTE.RESOLVED (lost)', skipped('CUSTOMER.DISPUTE.RESOLVED', 'reportedElsewhere')],
    ['CHECKOUT.ORDER.APPROVED', skipped('CHECKOUT.ORDER.APPROVED', 'movesNoMoney')],
    ['BILLING.SUBSCRIPTION.CREATED', skipped('BILLING.SUBSCRIPTION.CREATED', 'unknownType')],
  ])('%s', (name, expected) => {
    expect(paypalReports(payload(name))).toEqual(expected);
  });

  test('M4: a capture names its authorization from its up link when related ids are absent', () => {
    const event = edited(
      payload('PAYMENT.CAPTURE.COMPLETED (first capture)'),
      ['resource', 'supplementary_data'],
      undefined,
    );
    expect(paypalReports(event).reports[0]?.event).toMatchObject({
      type: 'gateway.paymentCaptured',
      authorizationId: AUTH,
    });
  });

  test('M7: a refund that names no order gives its capture to look the order up by, then the host names it', () => {
    expect(paypalReports(payload('PAYMENT.CAPTURE.REFUNDED'))).toEqual({
      reports: [],
      ignored: [
        { eventType: 'PAYMENT.CAPTURE.REFUNDED', reason: 'orderNotNamed', paymentId: CAP1 },
      ],
    });
    expect(paypalReports(payload('PAYMENT.CAPTURE.REFUNDED'), { orderId: 'A-1002' })).toEqual(
      one('A-1002', {
        type: 'gateway.refunded',
        transactionId: '1Y107995YT783435V',
        amount: 990,
        currency: 'EUR',
      }),
    );
  });

  test('an empty custom_id names no order', () => {
    const event = edited(payload('PAYMENT.AUTHORIZATION.CREATED'), ['resource', 'custom_id'], '');
    expect(paypalReports(event).ignored).toEqual([
      { eventType: 'PAYMENT.AUTHORIZATION.CREATED', reason: 'orderNotNamed', paymentId: AUTH },
    ]);
  });

  test('the order may be read from invoice_id; a host order that differs from the payload is an error', () => {
    const event = payload('PAYMENT.AUTHORIZATION.CREATED');
    expect(paypalReports(event, { reference: 'invoice_id' }).reports[0]?.orderId).toBe(
      'INV-A-1002',
    );
    expect(
      paypalReports(payload('CUSTOMER.DISPUTE.RESOLVED (won)'), { reference: 'invoice_id' })
        .reports[0]?.orderId,
    ).toBe('INV-A-1002');
    expect(refusal(() => paypalReports(event, { orderId: 'A-9' })).message).toBe(
      'options.orderId is "A-9", but the payload names order "A-1002" at payload.resource.custom_id',
    );
  });

  test('D9: a redelivered event gives the same ids; each partial capture and refund has its own', () => {
    const ids = (name: string) =>
      paypalReports(payload(name), { orderId: 'A-1002' }).reports.map(
        ({ event }) => event.transactionId,
      );
    for (const name of [
      'PAYMENT.AUTHORIZATION.CREATED',
      'PAYMENT.CAPTURE.REFUNDED',
      'PAYMENT.CAPTURE.REVERSED',
    ]) {
      expect(ids(name)).toEqual(ids(name));
    }
    const all = [
      ...ids('PAYMENT.AUTHORIZATION.CREATED'),
      ...ids('PAYMENT.CAPTURE.COMPLETED (first capture)'),
      ...ids('PAYMENT.CAPTURE.COMPLETED (final capture)'),
      ...ids('PAYMENT.CAPTURE.REFUNDED'),
      ...ids('PAYMENT.CAPTURE.REFUNDED (named)'),
    ];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('M9: PayPal amounts are decimal strings read exactly', () => {
  const saleIn = (currency_code: string, value: string) => {
    const event = edited(payload('PAYMENT.CAPTURE.COMPLETED (sale)'), ['resource', 'amount'], {
      currency_code,
      value,
    });
    return paypalReports(event).reports[0]?.event;
  };

  test('M9: JPY and HUF without decimals, EUR with two, in ISO minor units', () => {
    expect(saleIn('JPY', '4000')).toMatchObject({ amount: 4000, currency: 'JPY' });
    expect(saleIn('HUF', '1000')).toMatchObject({ amount: 100000, currency: 'HUF' });
    expect(saleIn('EUR', '39.90')).toMatchObject({ amount: 3990, currency: 'EUR' });
  });

  test('M9: a malformed amount is an error naming the field, not a rounding', () => {
    expect(refusal(() => saleIn('EUR', '39.905')).message).toBe(
      'payload.resource.amount.value has 3 decimals, more than the 2 of EUR (received "39.905")',
    );
    expect(refusal(() => saleIn('EUR', '-39.90')).field).toBe('payload.resource.amount.value');
    expect(refusal(() => saleIn('EURO', '39.90')).field).toBe(
      'payload.resource.amount.currency_code',
    );
  });

  test('M8: a reversal written with a minus sign is the same money taken back', () => {
    const event = edited(
      payload('PAYMENT.CAPTURE.REVERSED'),
      ['resource', 'amount', 'value'],
      '-20.00',
    );
    expect(paypalReports(event).reports[0]?.event).toMatchObject({
      type: 'gateway.chargeback',
      amount: 2000,
    });
  });

  test('a zero amount moves no money', () => {
    expect(saleIn('EUR', '0.00')).toBeUndefined();
  });
});

describe('a payload or option that is not what PayPal sends is refused, naming the field', () => {
  test('payloads', () => {
    const sale = payload('PAYMENT.CAPTURE.COMPLETED (sale)');
    const field = (event: unknown) => refusal(() => paypalReports(event)).field;
    expect(field(null)).toBe('payload');
    expect(field(edited(sale, ['event_type'], 7))).toBe('payload.event_type');
    expect(field(edited(sale, ['resource', 'id'], undefined))).toBe('payload.resource.id');
    expect(field(edited(sale, ['resource', 'amount'], '39.90'))).toBe('payload.resource.amount');
  });

  test('options', () => {
    const event = payload('PAYMENT.CAPTURE.COMPLETED (sale)');
    expect(refusal(() => paypalReports(event, { reference: 'order_id' } as never)).field).toBe(
      'options.reference',
    );
    expect(refusal(() => paypalReports(event, null as never)).field).toBe('options');
  });
});
