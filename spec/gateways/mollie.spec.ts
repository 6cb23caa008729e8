/**
 * Mollie's webhooks as engine events: the webhook carries only a payment id; the host fetches the
 * payment (with its captures, refunds and chargebacks embedded) and the adapter maps every movement
 * it shows (fixtures in spec/fixtures/gateways/mollie.json), in exact ISO minor units (M9), with
 * transaction ids that make a refetch a duplicate (D9).
 */
import { describe, expect, test } from 'vitest';
import { molliePaymentId, mollieReports } from '../../src/gateways/index.js';
import { edited, fixtures, type Json, payloadOf, refusal } from './payloads.js';

const mollieFixtures = fixtures('mollie');
const payment = (name: string) => payloadOf(mollieFixtures, name);

const PID = 'tr_44aKxzEbr8';
const CARD = 'tr_7UhSN1zuXS';
const events = (name: string, options = {}) =>
  mollieReports(payment(name), options).reports.map(({ event }) => event);

describe('the webhook: a payment id to fetch, nothing else', () => {
  test('the form body and its parsed form give the payment id', () => {
    expect(molliePaymentId(mollieFixtures.webhookBody as string)).toBe(PID);
    expect(molliePaymentId({ id: PID })).toBe(PID);
  });

  test('anything but a Mollie payment id is refused, so the host fetches nothing else with its key', () => {
    for (const body of [
      '',
      'id=',
      'id=../../v2/refunds',
      'id=ord_pbjz8x',
      { id: 42 },
      null,
      'id=tr_a%2Fb',
    ]) {
      const error = refusal(() => molliePaymentId(body));
      expect([error.code, error.field]).toEqual(['invalidWebhook', 'body.id']);
    }
  });
});

describe('a fetched payment as engine events', () => {
  const sale = {
    type: 'gateway.paymentConfirmed',
    transactionId: PID,
    amount: 3990,
    currency: 'EUR',
  };
  const refund = {
    type: 'gateway.refunded',
    transactionId: 're_4qqhO89gsT',
    amount: 990,
    currency: 'EUR',
  };
  const chargeback = {
    type: 'gateway.chargeback',
    transactionId: 'chb_n9z0tp',
    amount: 3000,
    currency: 'EUR',
  };

  test('an open payment moves no money; a paid one is a sale of its amount', () => {
    expect(mollieReports(payment('open'))).toEqual({
      reports: [],
      ignored: [{ eventType: 'open', reason: 'movesNoMoney' }],
    });
    expect(mollieReports(payment('paid'))).toEqual({
      reports: [{ orderId: 'A-1010', event: sale }],
      ignored: [],
    });
  });

  test('M7: a refund counts once Mollie reports it refunded; a pending one can still be cancelled', () => {
    expect(events('paid, refunded in part')).toEqual([sale, refund]);
  });

  test('M8: a chargeback (written negative by Mollie) and its reversal, in the order they happened', () => {
    expect(events('paid, refunded and charged back')).toEqual([sale, refund, chargeback]);
    expect(events('paid, chargeback reversed')).toEqual([
      sale,
      refund,
      chargeback,
      {
        type: 'gateway.chargebackReversed',
        transactionId: 'chb_n9z0tp:reversed',
        amount: 3000,
        currency: 'EUR',
      },
    ]);
  });

  test('M3, M4: a manual capture is an authorization, then each capture in the order made, naming it', () => {
    const authorization = {
      type: 'gateway.paymentAuthorized',
      transactionId: CARD,
      amount: 3990,
      currency: 'EUR',
    };
    expect(events('authorized')).toEqual([authorization]);
    expect(events('paid in two captures')).toEqual([
      authorization,
      {
        type: 'gateway.paymentCaptured',
        transactionId: 'cpt_4qqhO89gsT',
        authorizationId: CARD,
        amount: 2000,
        currency: 'EUR',
      },
      {
        type: 'gateway.paymentCaptured',
        transactionId: 'cpt_mNepDkEtco6ah3QNPUGYH',
        authorizationId: CARD,
        amount: 1990,
        currency: 'EUR',
      },
    ]);
  });

  test('M4: an authorization cancelled is released; B3: a failed or expired payment is a failure', () => {
    expect(events('canceled after authorization')).toEqual([
      {
        type: 'gateway.paymentAuthorized',
        transactionId: 'tr_Eq8xzWUPA4',
        amount: 3990,
        currency: 'EUR',
      },
      {
        type: 'gateway.authorizationVoided',
        transactionId: 'tr_Eq8xzWUPA4:released',
        authorizationId: 'tr_Eq8xzWUPA4',
      },
    ]);
    expect(events('failed')).toEqual([
      { type: 'gateway.paymentFailed', transactionId: 'tr_WDqYK6vllg', reason: 'failed' },
    ]);
    expect(events('expired')).toEqual([
      { type: 'gateway.paymentFailed', transactionId: 'tr_Tgxm3amJBT', reason: 'expired' },
    ]);
  });

  test('D9: every refetch repeats the movements already reported with the same ids, and each new movement has its own', () => {
    const first = events('paid').map((event) => event.transactionId);
    const later = events('paid, chargeback reversed').map((event) => event.transactionId);
    expect(later.slice(0, first.length)).toEqual(first);
    expect(new Set(later).size).toBe(later.length);
    const captures = events('paid in two captures').map((event) => event.transactionId);
    expect(new Set(captures).size).toBe(3);
  });

  test('a payment whose metadata names no order gives its id to look the order up by', () => {
    expect(mollieReports(payment('paid, no order in metadata'))).toEqual({
      reports: [],
      ignored: [{ eventType: 'paid', reason: 'orderNotNamed', paymentId: 'tr_HdQrGb6N3r' }],
    });
    expect(
      mollieReports(payment('paid, no order in metadata'), { orderId: 'A-1010' }).reports,
    ).toHaveLength(1);
    const keyed = edited(payment('paid'), ['metadata'], { shop: { id: 1 }, reference: 'A-55' });
    expect(mollieReports(keyed, { metadataKey: 'reference' }).reports[0]?.orderId).toBe('A-55');
  });

  test('M9: a currency with no decimals or three is read by its own exponent', () => {
    const inJpy = edited(payment('paid'), ['amount'], { currency: 'JPY', value: '4000' });
    expect(mollieReports(inJpy).reports[0]?.event).toMatchObject({ amount: 4000, currency: 'JPY' });
    const inEur = edited(payment('paid'), ['amount', 'value'], '39.9');
    expect(mollieReports(inEur).reports[0]?.event).toMatchObject({ amount: 3990 });
  });
});

describe('a payment that is not what Mollie answers is refused, naming the field', () => {
  test('a payment fetched without its refunds embedded cannot be read whole', () => {
    expect(refusal(() => mollieReports(payment('paid, refunds not embedded'))).message).toBe(
      'payment._embedded.refunds is missing though the payment has refunds: fetch it with embed=captures,refunds,chargebacks',
    );
  });

  test.each([
    ['an amount with too many decimals', 'payment.amount.value', ['amount', 'value'], '39.901'],
    ['an unknown status', 'payment.status', ['status'], 'settled'],
    ['an id that is not a payment', 'payment.id', ['id'], 'ord_pbjz8x'],
    ['an order id that is no id', 'payment.metadata.order_id', ['metadata', 'order_id'], 42],
    [
      'a refund without a date',
      'payment._embedded.refunds[0].createdAt',
      ['_embedded', 'refunds', 0, 'createdAt'],
      'yesterday',
    ],
  ] as [string, string, (string | number)[], Json][])('%s', (_, field, path, value) => {
    const error = refusal(() =>
      mollieReports(edited(payment('paid, refunded in part'), path, value)),
    );
    expect([error.code, error.field]).toEqual(['invalidWebhook', field]);
  });

  test('options', () => {
    expect(refusal(() => mollieReports(payment('paid'), { metadataKey: '' })).field).toBe(
      'options.metadataKey',
    );
    expect(refusal(() => mollieReports(payment('paid'), { key: 'x' } as never)).field).toBe(
      'options.key',
    );
  });
});
