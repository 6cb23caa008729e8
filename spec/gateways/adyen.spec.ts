/**
 * Adyen's standard webhooks as engine events: the HMAC signature of each notification item against
 * what the official SDK's HmacValidator signs, the events each event code means (fixtures in
 * spec/fixtures/gateways/adyen.json), amounts in ISO minor units where Adyen's exponent differs
 * (M9), and transaction ids that make D9 work.
 */
import { hmacValidator as HmacValidator } from '@adyen/api-library';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { adyenReports, verifyAdyenSignature } from '../../src/gateways/index.js';
import { fixtures, refusal } from './payloads.js';

/** A NotificationRequestItem, as the fixtures and the SDK write it. */
interface Item {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { currency: string; value: number };
  eventCode: string;
  success: string;
  additionalData: Record<string, string>;
  [field: string]: unknown;
}
interface Notification {
  live: string;
  notificationItems: { NotificationRequestItem: Item }[];
}

const adyenFixtures = fixtures('adyen');
const notification = (name: string) =>
  structuredClone(adyenFixtures.payloads[name]) as unknown as Notification;
const key = adyenFixtures.hmacKey as string;
const sdk = new HmacValidator();
const PAY = 'QFQTPCQ8HXSKGK82';

/** An item signed by the SDK under `signingKey`. */
function signed(item: Item, signingKey = key): Item {
  const copy = structuredClone(item);
  copy.additionalData.hmacSignature = '';
  copy.additionalData.hmacSignature = sdk.calculateHmac(copy as never, signingKey);
  return copy;
}
const wrap = (...items: Item[]) => ({
  live: 'false',
  notificationItems: items.map((item) => ({ NotificationRequestItem: item })),
});
const itemOf = (name: string): Item =>
  (notification(name).notificationItems[0] as { NotificationRequestItem: Item })
    .NotificationRequestItem;

describe('HMAC of notification items: what the SDK signs is accepted, any change is refused', () => {
  test('every fixture item carries a signature the SDK validates, and so do we', () => {
    for (const payload of Object.values(adyenFixtures.payloads) as unknown as Notification[]) {
      for (const { NotificationRequestItem: item } of payload.notificationItems) {
        expect(sdk.validateHMAC(item as never, key)).toBe(true);
      }
      expect(verifyAdyenSignature(payload, key)).toBe(payload);
    }
  });

  test.prop([
    fc.record({
      pspReference: fc.stringMatching(/^[A-Z0-9]{16}$/),
      originalReference: fc.option(fc.stringMatching(/^[A-Z0-9]{16}$/), { nil: undefined }),
      merchantReference: fc.string({ minLength: 1, maxLength: 80 }),
      value: fc.maxSafeNat(),
      eventCode: fc.constantFrom('AUTHORISATION', 'CAPTURE', 'REFUND', 'CHARGEBACK'),
      success: fc.constantFrom('true', 'false'),
    }),
  ])('for any item the SDK signs, the signature is accepted', (fields) => {
    const { value, originalReference, ...rest } = fields;
    const { originalReference: _, ...authorisation } = itemOf('AUTHORISATION');
    const item = signed({
      ...authorisation,
      ...rest,
      ...(originalReference === undefined ? {} : { originalReference }),
      amount: { currency: 'EUR', value },
    });
    expect(sdk.validateHMAC(item as never, key)).toBe(true);
    expect(() => verifyAdyenSignature(wrap(item), key)).not.toThrow();
  });

  const signedFields = [
    'pspReference',
    'originalReference',
    'merchantAccountCode',
    'merchantReference',
    'value',
    'currency',
    'eventCode',
    'success',
  ] as const;

  test.prop([
    fc.constantFrom(...signedFields),
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.nat(),
  ])(
    'for any change to a signed field of an item, the signature is refused',
    (field, text, number) => {
      const item = signed({ ...itemOf('CAPTURE (first)') });
      expect(() => verifyAdyenSignature(wrap(item), key)).not.toThrow();
      const changed = structuredClone(item);
      if (field === 'value')
        changed.amount.value = number === item.amount.value ? number + 1 : number;
      else if (field === 'currency') changed.amount.currency = text === 'EUR' ? 'USD' : text;
      else if (field === 'success') changed.success = 'false';
      else changed[field] = text === item[field] ? `${text}X` : text;
      const error = refusal(() => verifyAdyenSignature(wrap(changed), key));
      expect(error.code).toBe('invalidSignature');
      expect(error.field).toBe(
        'payload.notificationItems[0].NotificationRequestItem.additionalData.hmacSignature',
      );
    },
  );

  test.prop([fc.uint8Array({ minLength: 32, maxLength: 32 })])(
    'for any other key, the signature is refused',
    (bytes) => {
      const other = Buffer.from(bytes).toString('hex').toUpperCase();
      fc.pre(other !== key);
      expect(
        refusal(() => verifyAdyenSignature(wrap(signed(itemOf('REFUND'))), other)).message,
      ).toBe(
        'payload.notificationItems[0].NotificationRequestItem.additionalData.hmacSignature does not match the item under this HMAC key',
      );
    },
  );

  test('a missing signature, or one spelt otherwise than canonical base64, is refused; every item is checked', () => {
    const unsigned = itemOf('REFUND');
    delete (unsigned.additionalData as Record<string, unknown>).hmacSignature;
    expect(refusal(() => verifyAdyenSignature(wrap(unsigned), key)).message).toBe(
      'payload.notificationItems[0].NotificationRequestItem.additionalData.hmacSignature is missing',
    );
    const item = itemOf('REFUND');
    const padded = {
      ...item,
      additionalData: { hmacSignature: `*${item.additionalData.hmacSignature}` },
    };
    expect(refusal(() => verifyAdyenSignature(wrap(padded), key)).code).toBe('invalidSignature');
    const second = { ...itemOf('CAPTURE (first)'), merchantReference: 'A-9' };
    expect(refusal(() => verifyAdyenSignature(wrap(itemOf('REFUND'), second), key)).field).toBe(
      'payload.notificationItems[1].NotificationRequestItem.additionalData.hmacSignature',
    );
  });

  test('the key and the notification are validated and named', () => {
    expect(refusal(() => verifyAdyenSignature(notification('REFUND'), 'not hex')).field).toBe(
      'hmacKey',
    );
    expect(refusal(() => verifyAdyenSignature({ live: 'false' }, key)).field).toBe(
      'payload.notificationItems',
    );
    expect(refusal(() => verifyAdyenSignature({ notificationItems: [] }, key)).message).toBe(
      'payload.notificationItems must have at least 1 item (received 0)',
    );
  });
});

describe('Adyen event codes as engine events', () => {
  const manual = { captureMode: 'manual' } as const;
  const automatic = { captureMode: 'automatic' } as const;
  const one = (orderId: string, event: object) => ({ reports: [{ orderId, event }], ignored: [] });
  const skipped = (eventType: string, reason: string) => ({
    reports: [],
    ignored: [{ eventType, reason }],
  });

  test.each([
    [
      'AUTHORISATION',
      one('A-1003', {
        type: 'gateway.paymentAuthorized',
        transactionId: PAY,
        amount: 3990,
        currency: 'EUR',
      }),
    ],
    [
      'AUTHORISATION (refused)',
      one('A-1006', {
        type: 'gateway.paymentFailed',
        transactionId: 'NC6HT9CRT65ZGN82',
        reason: 'Refused',
      }),
    ],
    [
      'CAPTURE (first)',
      one('A-1003', {
        type: 'gateway.paymentCaptured',
        transactionId: 'JDG8Q5KZ7LDRZD82',
        authorizationId: PAY,
        amount: 2000,
        currency: 'EUR',
      }),
    ],
    ['CAPTURE (failed request)', skipped('CAPTURE', 'movesNoMoney')],
    [
      'REFUND',
      one('A-1003', {
        type: 'gateway.refunded',
        transactionId: 'V4HZ4RBFJGXXGN82',
        amount: 990,
        currency: 'EUR',
      }),
    ],
    [
      'CANCELLATION',
      one('A-1005', {
        type: 'gateway.authorizationVoided',
        transactionId: 'XB7XNCQ8HXSKGK82',
        authorizationId: 'W8TZ6PJN2BQ4DS82',
      }),
    ],
    [
      'CANCEL_OR_REFUND (refund)',
      one('A-1007', {
        type: 'gateway.refunded',
        transactionId: 'ZT3RBQ4S9HGLMH82',
        amount: 3990,
        currency: 'EUR',
      }),
    ],
    [
      'EXPIRE',
      one('A-1005', {
        type: 'gateway.authorizationVoided',
        transactionId: 'W8TZ6PJN2BQ4DS82:EXPIRE',
        authorizationId: 'W8TZ6PJN2BQ4DS82',
      }),
    ],
    ['NOTIFICATION_OF_CHARGEBACK', skipped('NOTIFICATION_OF_CHARGEBACK', 'movesNoMoney')],
    [
      'CHARGEBACK',
      one('A-1003', {
        type: 'gateway.chargeback',
        transactionId: `${PAY}:CHARGEBACK`,
        amount: 3000,
        currency: 'EUR',
      }),
    ],
    [
      'CHARGEBACK_REVERSED',
      one('A-1003', {
        type: 'gateway.chargebackReversed',
        transactionId: `${PAY}:CHARGEBACK_REVERSED`,
        amount: 3000,
        currency: 'EUR',
      }),
    ],
    ['REFUND_FAILED', skipped('REFUND_FAILED', 'unsupported')],
    ['REPORT_AVAILABLE', skipped('REPORT_AVAILABLE', 'movesNoMoney')],
  ])('manual capture: %s', (name, expected) => {
    expect(adyenReports(notification(name), manual)).toEqual(expected);
  });

  test('automatic capture: an AUTHORISATION is a sale; CAPTURE repeats it; a cancellation or expiry is unsupported', () => {
    expect(adyenReports(notification('AUTHORISATION'), automatic)).toEqual(
      one('A-1003', {
        type: 'gateway.paymentConfirmed',
        transactionId: PAY,
        amount: 3990,
        currency: 'EUR',
      }),
    );
    expect(adyenReports(notification('CAPTURE (first)'), automatic)).toEqual(
      skipped('CAPTURE', 'reportedElsewhere'),
    );
    expect(adyenReports(notification('CANCELLATION'), automatic)).toEqual(
      skipped('CANCELLATION', 'unsupported'),
    );
    expect(adyenReports(notification('EXPIRE'), automatic)).toEqual(
      skipped('EXPIRE', 'unsupported'),
    );
  });

  test('every item of a notification is answered, in order (KWD has 3 decimals at Adyen as in ISO 4217)', () => {
    expect(adyenReports(notification('two items'), manual)).toEqual({
      reports: [
        {
          orderId: 'A-1008',
          event: {
            type: 'gateway.paymentAuthorized',
            transactionId: 'GJ7QK2W5S8DLPB82',
            amount: 1250,
            currency: 'KWD',
          },
        },
        {
          orderId: 'A-1009',
          event: {
            type: 'gateway.paymentFailed',
            transactionId: 'HZ8QW4B6R2KFNT82',
            reason: 'offer closed',
          },
        },
      ],
      ignored: [],
    });
  });

  test('a rejected manual review is reported by the CANCEL_OR_REFUND that follows it; an unknown code is named', () => {
    const review = wrap({ ...itemOf('AUTHORISATION'), eventCode: 'MANUAL_REVIEW_REJECT' });
    expect(adyenReports(review, manual)).toEqual(
      skipped('MANUAL_REVIEW_REJECT', 'reportedElsewhere'),
    );
    const cancel = wrap({
      ...itemOf('CANCEL_OR_REFUND (refund)'),
      additionalData: { 'modification.action': 'cancel' },
    });
    expect(adyenReports(cancel, manual).reports[0]?.event).toEqual({
      type: 'gateway.authorizationVoided',
      transactionId: 'ZT3RBQ4S9HGLMH82',
      authorizationId: 'GJ7QK2W5S8DLPB82',
    });
    expect(adyenReports(wrap({ ...itemOf('REFUND'), eventCode: 'SOMETHING_NEW' }), manual)).toEqual(
      skipped('SOMETHING_NEW', 'unknownType'),
    );
  });

  test("D9: a redelivered item gives the same ids; each partial capture and refund has its own, never the authorization's", () => {
    const ids = (name: string) =>
      adyenReports(notification(name), manual).reports.map(({ event }) => event.transactionId);
    for (const name of Object.keys(adyenFixtures.payloads)) expect(ids(name)).toEqual(ids(name));
    const captures = [...ids('CAPTURE (first)'), ...ids('CAPTURE (second)')];
    expect(new Set([...captures, PAY]).size).toBe(3);
    for (const name of ['CHARGEBACK', 'CHARGEBACK_REVERSED', 'REFUND'])
      expect(ids(name)).not.toContain(PAY);
  });

  test("M9: where Adyen's exponent differs from ISO 4217 (CLP, CVE, IDR, ISK), the amount is scaled exactly", () => {
    const saleIn = (currency: string, value: number) =>
      adyenReports(wrap({ ...itemOf('AUTHORISATION'), amount: { currency, value } }), automatic)
        .reports[0]?.event;
    expect(saleIn('CLP', 150000)).toMatchObject({ amount: 1500, currency: 'CLP' });
    expect(saleIn('ISK', 50000)).toMatchObject({ amount: 500, currency: 'ISK' });
    expect(saleIn('IDR', 5000)).toMatchObject({ amount: 500000, currency: 'IDR' });
    expect(saleIn('CVE', 100)).toMatchObject({ amount: 10000, currency: 'CVE' });
    expect(saleIn('JPY', 500)).toMatchObject({ amount: 500, currency: 'JPY' });
    expect(refusal(() => saleIn('CLP', 150050)).field).toBe(
      'payload.notificationItems[0].NotificationRequestItem.amount.value',
    );
  });

  test("a zero amount moves no money; a payload or option that is not Adyen's is refused, naming the field", () => {
    expect(
      adyenReports(
        wrap({ ...itemOf('AUTHORISATION'), amount: { currency: 'EUR', value: 0 } }),
        manual,
      ),
    ).toEqual(skipped('AUTHORISATION', 'movesNoMoney'));
    const field = (payload: unknown, options: unknown = manual) =>
      refusal(() => adyenReports(payload, options as never)).field;
    expect(field(notification('REFUND'), {})).toBe('options.captureMode');
    expect(field(notification('REFUND'), { captureMode: 'delayed' })).toBe('options.captureMode');
    expect(field(wrap({ ...itemOf('REFUND'), success: 'yes' }))).toBe(
      'payload.notificationItems[0].NotificationRequestItem.success',
    );
    expect(field(wrap({ ...itemOf('REFUND'), amount: { currency: 'EUR', value: 9.9 } }))).toBe(
      'payload.notificationItems[0].NotificationRequestItem.amount.value',
    );
    expect(field(wrap({ ...itemOf('REFUND'), amount: { currency: 'ZZZ', value: 990 } }))).toBe(
      'payload.notificationItems[0].NotificationRequestItem.amount.currency',
    );
    expect(field(wrap({ ...itemOf('REFUND'), merchantReference: '' }))).toBe(
      'payload.notificationItems[0].NotificationRequestItem.merchantReference',
    );
  });
});
