/**
 * Stripe's webhooks as engine events: the `Stripe-Signature` check against what the official SDK
 * signs, the events each Stripe event means (fixtures in spec/fixtures/gateways/stripe.json), amounts
 * in ISO minor units whatever Stripe's own exponent (M9), and transaction ids that make D9 work.
 */
import { fc, test } from '@fast-check/vitest';
import Stripe from 'stripe';
import { describe, expect } from 'vitest';
import { stripeReports, verifyStripeSignature } from '../../src/gateways/index.js';
import { edited, fixtures, type Json, payloadOf, refusal } from './payloads.js';

const stripeFixtures = fixtures('stripe');
const payload = (name: string) => payloadOf(stripeFixtures, name);
const OBJECT = ['data', 'object'];

const stripe = new Stripe('sk_test_not_a_key_no_request_is_made');
const secret = 'whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH';
const signedAt = 1_722_000_000;
const now = (signedAt + 10) * 1000;
const sign = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
  stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? secret,
    timestamp: options.timestamp ?? signedAt,
  });

describe('Stripe-Signature: what the SDK signs is accepted, any change is refused', () => {
  const body = JSON.stringify(payload('charge.succeeded (sale)'), null, 2);

  test('every fixture signed by stripe.webhooks.generateTestHeaderString is accepted and parsed', () => {
    for (const event of Object.values(stripeFixtures.payloads)) {
      const text = JSON.stringify(event);
      expect(verifyStripeSignature({ payload: text, header: sign(text), secret, now })).toEqual(
        event,
      );
    }
  });

  test('the raw body may be given as bytes', () => {
    const bytes = new TextEncoder().encode(body);
    expect(verifyStripeSignature({ payload: bytes, header: sign(body), secret, now })).toEqual(
      JSON.parse(body),
    );
  });

  test('a header with several v1 signatures (a secret being rolled) is accepted when one matches', () => {
    const other = sign(body, { secret: 'whsec_old' }).split(',')[1];
    const header = `${sign(body)},${other}`;
    expect(verifyStripeSignature({ payload: body, header, secret, now })).toBeTruthy();
  });

  test.prop([
    fc.nat(),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
    fc.constantFrom('replace', 'insert', 'delete'),
  ])(
    'for any change to the signed payload (one character replaced, inserted or deleted), the signature is refused',
    (at, char, how) => {
      const index = at % body.length;
      const changed =
        how === 'insert'
          ? body.slice(0, index) + char + body.slice(index)
          : how === 'delete'
            ? body.slice(0, index) + body.slice(index + 1)
            : body.slice(0, index) + char + body.slice(index + 1);
      fc.pre(changed !== body);
      expect(
        verifyStripeSignature({ payload: body, header: sign(body), secret, now }),
      ).toBeTruthy();
      const error = refusal(() =>
        verifyStripeSignature({ payload: changed, header: sign(body), secret, now }),
      );
      expect(error.code).toBe('invalidSignature');
      expect(error.field).toBe('check.header');
    },
  );

  test.prop([fc.integer({ min: -250, max: 250 }).filter((shift) => shift !== 0)])(
    'for any other timestamp put in the header, the signature is refused',
    (shift) => {
      const header = sign(body).replace(`t=${signedAt}`, `t=${signedAt + shift}`);
      expect(
        refusal(() => verifyStripeSignature({ payload: body, header, secret, now })).code,
      ).toBe('invalidSignature');
    },
  );

  test.prop([fc.string({ minLength: 1 }).filter((other) => other !== secret)])(
    'for any other secret, the signature is refused',
    (other) => {
      const error = refusal(() =>
        verifyStripeSignature({
          payload: body,
          header: sign(body, { secret: other }),
          secret,
          now,
        }),
      );
      expect(error.message).toBe(
        'check.header matches no signature of this payload and timestamp under this secret',
      );
    },
  );

  test('a signature older or newer than the tolerance is refused; the tolerance can be set', () => {
    const header = sign(body);
    const late = (signedAt + 301) * 1000;
    expect(
      refusal(() => verifyStripeSignature({ payload: body, header, secret, now: late })).message,
    ).toBe(
      `check.header is signed at ${signedAt}, 301 seconds before now: more than the tolerance of 300 seconds`,
    );
    const early = (signedAt - 301) * 1000;
    expect(
      refusal(() => verifyStripeSignature({ payload: body, header, secret, now: early })).message,
    ).toBe(
      `check.header is signed at ${signedAt}, 301 seconds after now: more than the tolerance of 300 seconds`,
    );
    expect(
      verifyStripeSignature({ payload: body, header, secret, now: late, toleranceSeconds: 600 }),
    ).toBeTruthy();
  });

  test('a missing or malformed header, or a signed body that is not JSON, is a typed error', () => {
    const check = (header: string) =>
      refusal(() => verifyStripeSignature({ payload: body, header, secret, now }));
    expect(check('').message).toBe('check.header has no timestamp t=...');
    expect(check(`t=${signedAt}`).message).toBe('check.header has no v1=... signature');
    expect(check(sign(body).replace('v1=', 'v0=')).message).toBe(
      'check.header has no v1=... signature',
    );
    expect(check(`t=${signedAt},v1=${'0'.repeat(64)}`).code).toBe('invalidSignature');
    const notJson = 'not json';
    const error = refusal(() =>
      verifyStripeSignature({ payload: notJson, header: sign(notJson), secret, now }),
    );
    expect([error.code, error.message]).toEqual(['invalidWebhook', 'check.payload is not JSON']);
  });

  test('every argument is validated and named', () => {
    const valid = { payload: body, header: sign(body), secret, now };
    const field = (check: unknown) => refusal(() => verifyStripeSignature(check as never)).field;
    expect(field(undefined)).toBe('check');
    expect(field({ ...valid, payload: 42 })).toBe('check.payload');
    expect(field({ ...valid, header: undefined })).toBe('check.header');
    expect(field({ ...valid, secret: '' })).toBe('check.secret');
    expect(field({ ...valid, now: -1 })).toBe('check.now');
    expect(field({ ...valid, now: 1.5 })).toBe('check.now');
    expect(field({ ...valid, toleranceSeconds: 0 })).toBe('check.toleranceSeconds');
    expect(field({ ...valid, extra: true })).toBe('check.extra');
  });
});

describe('Stripe events as engine events', () => {
  const order = 'A-1001';
  const SALE = 'ch_3PgafuB7WZ01zgkW0XYmPNZs';
  const AUTH = 'ch_3PgbT2B7WZ01zgkW1kLmQw9e';
  const AUTH2 = 'ch_3PgcU7B7WZ01zgkW0aBcDe1f';
  const one = (event: object) => ({ reports: [{ orderId: order, event }], ignored: [] });
  const skipped = (eventType: string, reason: string) => ({
    reports: [],
    ignored: [{ eventType, reason }],
  });

  test.each([
    [
      'charge.succeeded (sale)',
      one({ type: 'gateway.paymentConfirmed', transactionId: SALE, amount: 3990, currency: 'EUR' }),
    ],
    [
      'charge.succeeded (authorization)',
      one({
        type: 'gateway.paymentAuthorized',
        transactionId: AUTH,
        amount: 3990,
        currency: 'EUR',
      }),
    ],
    [
      'charge.expired',
      one({
        type: 'gateway.authorizationVoided',
        transactionId: `${AUTH2}:released`,
        authorizationId: AUTH2,
      }),
    ],
    [
      'charge.refunded (partial)',
      one({
        type: 'gateway.refunded',
        transactionId: `${SALE}:refunded:990`,
        amount: 990,
        currency: 'EUR',
      }),
    ],
    [
      'charge.refunded (the rest)',
      one({
        type: 'gateway.refunded',
        transactionId: `${SALE}:refunded:3990`,
        amount: 3000,
        currency: 'EUR',
      }),
    ],
    [
      'charge.refunded (uncaptured)',
      one({
        type: 'gateway.authorizationVoided',
        transactionId: `${AUTH}:released`,
        authorizationId: AUTH,
      }),
    ],
    [
      'charge.failed',
      one({
        type: 'gateway.paymentFailed',
        transactionId: 'ch_3PgdV8B7WZ01zgkW0fAiLx2Q',
        reason: 'Your card was declined.',
      }),
    ],
    [
      'payment_intent.canceled',
      one({
        type: 'gateway.authorizationVoided',
        transactionId: `${AUTH2}:released`,
        authorizationId: AUTH2,
      }),
    ],
    ['charge.dispute.created', skipped('charge.dispute.created', 'movesNoMoney')],
    ['charge.dispute.closed', skipped('charge.dispute.closed', 'movesNoMoney')],
    ['payment_intent.succeeded', skipped('payment_intent.succeeded', 'reportedElsewhere')],
    ['refund.failed', skipped('refund.failed', 'unsupported')],
    ['customer.created', skipped('customer.created', 'unknownType')],
  ])('%s', (name, expected) => {
    expect(stripeReports(payload(name))).toEqual(expected);
  });

  test('M4: a partial capture is a capture of the authorization, then the release of the rest, each with its own id', () => {
    expect(stripeReports(payload('charge.captured (partial)'))).toEqual({
      reports: [
        {
          orderId: order,
          event: {
            type: 'gateway.paymentCaptured',
            transactionId: `${AUTH}:captured`,
            authorizationId: AUTH,
            amount: 2000,
            currency: 'EUR',
          },
        },
        {
          orderId: order,
          event: {
            type: 'gateway.authorizationVoided',
            transactionId: `${AUTH}:released`,
            authorizationId: AUTH,
          },
        },
      ],
      ignored: [],
    });
    const full = edited(payload('charge.captured (partial)'), [...OBJECT, 'amount_captured'], 3990);
    expect(stripeReports(full).reports.map(({ event }) => event.type)).toEqual([
      'gateway.paymentCaptured',
    ]);
  });

  test('M8: a dispute names no order: its payment is given to look the order up by, then the host names it', () => {
    for (const name of ['charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated']) {
      expect(stripeReports(payload(name))).toEqual({
        reports: [],
        ignored: [
          { eventType: name, reason: 'orderNotNamed', paymentId: 'pi_3PgafyB7WZ01zgkW1SjxsAJo' },
        ],
      });
    }
    expect(stripeReports(payload('charge.dispute.funds_withdrawn'), { orderId: order })).toEqual(
      one({
        type: 'gateway.chargeback',
        transactionId: 'dp_1Pgc71B7WZ01zgkWMevJiAUx',
        amount: 3000,
        currency: 'EUR',
      }),
    );
    expect(stripeReports(payload('charge.dispute.funds_reinstated'), { orderId: order })).toEqual(
      one({
        type: 'gateway.chargebackReversed',
        transactionId: 'dp_1Pgc71B7WZ01zgkWMevJiAUx:reinstated',
        amount: 3000,
        currency: 'EUR',
      }),
    );
  });

  test('the host may name the metadata key; an order the host names that differs from the payload is an error', () => {
    const event = edited(payload('charge.succeeded (sale)'), [...OBJECT, 'metadata'], {
      shop_order: 'A-77',
    });
    expect(stripeReports(event, { metadataKey: 'shop_order' }).reports[0]?.orderId).toBe('A-77');
    expect(stripeReports(event).ignored[0]?.reason).toBe('orderNotNamed');
    const error = refusal(() =>
      stripeReports(payload('charge.succeeded (sale)'), { orderId: 'A-2' }),
    );
    expect(error.message).toBe(
      'options.orderId is "A-2", but the payload names order "A-1001" at payload.data.object.metadata.order_id',
    );
  });

  test('D9: a redelivered event gives the same ids; two refunds of one charge give two ids', () => {
    const names = Object.keys(stripeFixtures.payloads);
    const ids = (name: string) =>
      stripeReports(payload(name), { orderId: order }).reports.map(
        ({ event }) => event.transactionId,
      );
    for (const name of names) expect(ids(name)).toEqual(ids(name));
    expect(ids('charge.refunded (partial)')).not.toEqual(ids('charge.refunded (the rest)'));
  });

  test("D9: a capture's id is not the id of the authorization it takes from", () => {
    const [capture] = stripeReports(payload('charge.captured (partial)')).reports;
    expect(capture?.event).toMatchObject({ authorizationId: AUTH });
    expect(capture?.event.transactionId).not.toBe(AUTH);
  });

  test('a zero-amount card check moves no money', () => {
    const check = edited(payload('charge.succeeded (authorization)'), [...OBJECT, 'amount'], 0);
    expect(stripeReports(check)).toEqual(skipped('charge.succeeded', 'movesNoMoney'));
  });
});

describe('M9: Stripe amounts in ISO minor units', () => {
  const saleIn = (currency: string, amount: number) => {
    let event = edited(payload('charge.succeeded (sale)'), [...OBJECT, 'currency'], currency);
    event = edited(event, [...OBJECT, 'amount'], amount);
    event = edited(event, [...OBJECT, 'amount_captured'], amount);
    return stripeReports(event).reports[0]?.event;
  };

  test('M9: the currency is upper-cased; zero- and three-decimal currencies keep their units', () => {
    expect(saleIn('jpy', 500)).toMatchObject({ amount: 500, currency: 'JPY' });
    expect(saleIn('kwd', 1250)).toMatchObject({ amount: 1250, currency: 'KWD' });
    expect(saleIn('usd', 3990)).toMatchObject({ amount: 3990, currency: 'USD' });
  });

  test("M9: where Stripe's exponent differs from ISO 4217 the amount is scaled exactly: MGA (0 at Stripe, 2 in ISO), ISK (2 at Stripe, 0 in ISO)", () => {
    expect(saleIn('mga', 4500)).toMatchObject({ amount: 450000, currency: 'MGA' });
    expect(saleIn('isk', 500)).toMatchObject({ amount: 5, currency: 'ISK' });
    const error = refusal(() => saleIn('isk', 550));
    expect(error.message).toBe(
      'payload.data.object.amount_captured is not a whole number of ISK minor units: the provider writes 2 decimals, ISO 4217 0 (received 550)',
    );
  });

  test('M9: a currency whose Stripe exponent is not documented, or that the engine does not know, is refused', () => {
    expect(refusal(() => saleIn('iqd', 1000)).message).toBe(
      'payload.data.object.currency is IQD, whose minor unit Stripe does not document',
    );
    expect(refusal(() => saleIn('xau', 1000)).message).toBe(
      'payload.data.object.currency must be an ISO 4217 currency code the engine knows (received "xau")',
    );
  });
});

describe('a payload or option that is not what Stripe sends is refused, naming the field', () => {
  test.each([
    ['not an object', 'payload', [], 'charge.succeeded'],
    ['not an event', 'payload.object', ['object'], 'charge'],
    ['a charge without amount', 'payload.data.object.amount', [...OBJECT, 'amount'], undefined],
    [
      'a negative amount',
      'payload.data.object.amount_captured',
      [...OBJECT, 'amount_captured'],
      -1,
    ],
    [
      'an order id that is no id',
      'payload.data.object.metadata.order_id',
      [...OBJECT, 'metadata', 'order_id'],
      'x'.repeat(201),
    ],
  ] as [string, string, string[], Json | undefined][])('%s', (_, field, path, value) => {
    const event =
      path.length === 0 ? value : edited(payload('charge.succeeded (sale)'), path, value);
    const error = refusal(() => stripeReports(event));
    expect([error.code, error.field]).toEqual(['invalidWebhook', field]);
  });

  test('a refund without the amount refunded before cannot be split into refunds', () => {
    const event = edited(
      payload('charge.refunded (partial)'),
      ['data', 'previous_attributes'],
      undefined,
    );
    expect(refusal(() => stripeReports(event)).field).toBe('payload.data.previous_attributes');
  });

  test('options are validated', () => {
    const event = payload('charge.succeeded (sale)');
    expect(refusal(() => stripeReports(event, { metadataKey: '' })).field).toBe(
      'options.metadataKey',
    );
    expect(refusal(() => stripeReports(event, { orderId: '' })).field).toBe('options.orderId');
    expect(refusal(() => stripeReports(event, { other: 1 } as never)).field).toBe('options.other');
  });
});
