/**
 * Adyen: the HMAC signature of standard webhook notification items, and the engine events a
 * notification means, item by item. Sources: Adyen's docs (docs.adyen.com/development-resources/
 * webhooks/verify-hmac-signatures, /webhooks/webhook-types, /development-resources/currency-codes)
 * and the official SDK `@adyen/api-library` (src/utils/hmacValidator.ts,
 * src/typings/notification/notificationRequestItem.ts).
 * May touch: nothing; pure functions of their arguments.
 */
import * as v from 'valibot';
import { OrderRulesError } from '../errors.js';
import {
  CountSchema,
  type GatewayAnswer,
  type GatewayEvent,
  IdSchema,
  ignored,
  merged,
  readPayload,
  reasonOf,
  reported,
} from './answer.js';
import { currencyCode, digitsOf, providerMinorUnits } from './money.js';
import { hmacSha256, sameBytes } from './signature.js';

/** How `adyenReports` reads an authorization. */
export interface AdyenOptions {
  /**
   * The merchant account's capture setting: `automatic` (an AUTHORISATION is a sale) or `manual`
   * (an AUTHORISATION holds money, and CAPTURE webhooks report each capture; choose it for a
   * delayed automatic capture too, with the CAPTURE webhook enabled).
   */
  readonly captureMode: 'automatic' | 'manual';
}

const ItemSchema = v.object(
  {
    pspReference: IdSchema,
    originalReference: v.optional(v.string('must be a string')),
    merchantAccountCode: v.string('must be a string'),
    merchantReference: IdSchema,
    amount: v.object(
      { value: CountSchema, currency: v.string('must be a string') },
      'must be an object { value, currency }',
    ),
    eventCode: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
    success: v.picklist(['true', 'false'], 'must be "true" or "false"'),
    reason: v.optional(v.string('must be a string')),
    additionalData: v.optional(v.record(v.string(), v.unknown(), 'must be an object')),
  },
  'must be an Adyen NotificationRequestItem',
);

const NotificationSchema = v.object(
  {
    notificationItems: v.pipe(
      v.array(
        v.object(
          { NotificationRequestItem: ItemSchema },
          'must be an object { NotificationRequestItem }',
        ),
        'must be an array',
      ),
      v.minLength(1, 'must have at least 1 item'),
    ),
  },
  'must be an Adyen notification { live, notificationItems }',
);

const KeySchema = v.pipe(
  v.string('must be a string: the HMAC key, in hexadecimal'),
  v.regex(
    /^(?:[0-9A-Fa-f]{2})+$/,
    'must be the HMAC key in hexadecimal, as the Customer Area shows it',
  ),
);

const OptionsSchema = v.strictObject(
  { captureMode: v.picklist(['automatic', 'manual'], 'must be "automatic" or "manual"') },
  'must be an object { captureMode }',
);

type Item = v.InferOutput<typeof ItemSchema>;

const itemField = (at: number) => `payload.notificationItems[${at}].NotificationRequestItem`;

/**
 * Checks the HMAC signature of every item of an Adyen notification (base64 HMAC-SHA256, under the
 * hexadecimal key, of `pspReference:originalReference:merchantAccountCode:merchantReference:
 * value:currency:eventCode:success`, compared in constant time) and returns the notification.
 * Throws `OrderRulesError` `invalidSignature` naming the item whose signature is missing or wrong.
 *
 * @example
 * adyenReports(verifyAdyenSignature(req.body, process.env.ADYEN_HMAC_KEY), { captureMode: 'manual' });
 */
export function verifyAdyenSignature(notification: unknown, hmacKey: string): unknown {
  const key = Buffer.from(readPayload(KeySchema, hmacKey, 'hmacKey'), 'hex');
  const { notificationItems } = readPayload(NotificationSchema, notification, 'payload');
  notificationItems.forEach(({ NotificationRequestItem: item }, at) => {
    const field = `${itemField(at)}.additionalData.hmacSignature`;
    const signature = item.additionalData?.hmacSignature;
    if (typeof signature !== 'string' || signature === '') {
      throw new OrderRulesError('invalidSignature', field, 'is missing');
    }
    const received = Buffer.from(signature, 'base64');
    // Node skips characters that are not base64: only the canonical spelling is a signature.
    const canonical = received.toString('base64') === signature;
    if (!canonical || !sameBytes(hmacSha256(key, [signedData(item)]), received)) {
      throw new OrderRulesError(
        'invalidSignature',
        field,
        'does not match the item under this HMAC key',
      );
    }
  });
  return notification;
}

/** The text Adyen signs for an item, its fields joined by colons, as the SDK builds it. */
function signedData(item: Item): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
}

/**
 * Minor-unit digits as Adyen writes amounts: ISO 4217's, except the four currencies its currency
 * table marks "differs from standard".
 */
const adyenDigits: Readonly<Record<string, number>> = { CLP: 2, CVE: 0, IDR: 0, ISK: 2 };

/** The event codes that move no money: information about a dispute, a review, a report. */
const movingNoMoney = [
  'NOTIFICATION_OF_CHARGEBACK',
  'NOTIFICATION_OF_FRAUD',
  'REQUEST_FOR_INFORMATION',
  'DISPUTE_DEFENSE_PERIOD_ENDED',
  'ISSUER_COMMENTS',
  'ISSUER_RESPONSE_TIMEFRAME_EXPIRED',
  'INFORMATION_SUPPLIED',
  'PREARBITRATION_LOST',
  'PENDING',
  'MANUAL_REVIEW_ACCEPT',
  'REPORT_AVAILABLE',
  'RECURRING_CONTRACT',
  'ORDER_OPENED',
  'ORDER_CLOSED',
];

/** The event codes that move money in a way the engine has no event for. */
const unsupported = [
  'CAPTURE_FAILED',
  'REFUND_FAILED',
  'REFUNDED_REVERSED',
  'PREARBITRATION_WON',
  'AUTHORISATION_ADJUSTMENT',
  'TECHNICAL_CANCEL',
  'VOID_PENDING_REFUND',
  'POSTPONED_REFUND',
  'PAIDOUT_REVERSED',
];

/**
 * The engine events an Adyen notification means (every item, in order), for the order named by
 * each item's `merchantReference`. Ids: an authorization, a sale, a capture, a cancellation, a
 * refund are their own `pspReference` (a capture or cancellation names the authorization by its
 * `originalReference`); a chargeback, a second chargeback, a reversal and an expiry are
 * `<pspReference>:<eventCode>`, since Adyen reports them under the payment's reference. A
 * redelivered item gives the same ids (D9). Check the signature first (`verifyAdyenSignature`).
 *
 * @example
 * adyenReports(notification, { captureMode: 'manual' });
 * // => { reports: [{ orderId: '8313842560770001', event: { type: 'gateway.paymentAuthorized',
 * //      transactionId: '123456789', amount: 10100, currency: 'EUR' } }], ignored: [] }
 */
export function adyenReports(notification: unknown, options: AdyenOptions): GatewayAnswer {
  const { captureMode } = readPayload(OptionsSchema, options, 'options');
  const { notificationItems } = readPayload(NotificationSchema, notification, 'payload');
  return merged(
    notificationItems.map(({ NotificationRequestItem: item }, at) =>
      itemAnswer(item, captureMode === 'manual', itemField(at)),
    ),
  );
}

function itemAnswer(item: Item, manual: boolean, field: string): GatewayAnswer {
  const code = item.eventCode;
  const succeeded = item.success === 'true';
  const give = (events: GatewayEvent[]) =>
    events.length === 0 ? ignored(code, 'movesNoMoney') : reported(item.merchantReference, events);
  const money = () => adyenAmount(item, field);
  const authorization = item.originalReference || item.pspReference;
  // A release's own id must differ from the authorization it releases (D9).
  const releaseId =
    item.pspReference === authorization ? `${item.pspReference}:${code}` : item.pspReference;
  const moved = (
    type: 'gateway.paymentConfirmed' | 'gateway.paymentAuthorized' | 'gateway.refunded',
    id: string,
  ) => {
    const amount = money();
    return amount.amount === 0 ? [] : [{ type, transactionId: id, ...amount }];
  };

  switch (code) {
    case 'AUTHORISATION':
      if (!succeeded) {
        return give([
          {
            type: 'gateway.paymentFailed',
            transactionId: item.pspReference,
            ...reasonOf(item.reason),
          },
        ]);
      }
      return give(
        moved(manual ? 'gateway.paymentAuthorized' : 'gateway.paymentConfirmed', item.pspReference),
      );
    case 'OFFER_CLOSED':
      return give([
        { type: 'gateway.paymentFailed', transactionId: item.pspReference, reason: 'offer closed' },
      ]);
    case 'CAPTURE': {
      if (!manual) return ignored(code, 'reportedElsewhere');
      if (!succeeded) return ignored(code, 'movesNoMoney');
      const amount = money();
      if (amount.amount === 0) return ignored(code, 'movesNoMoney');
      const transactionId =
        item.pspReference === authorization ? `${item.pspReference}:${code}` : item.pspReference;
      return give([
        {
          type: 'gateway.paymentCaptured',
          transactionId,
          authorizationId: authorization,
          ...amount,
        },
      ]);
    }
    case 'CANCELLATION':
    case 'EXPIRE':
      if (!manual) return ignored(code, 'unsupported');
      if (!succeeded) return ignored(code, 'movesNoMoney');
      return give([
        {
          type: 'gateway.authorizationVoided',
          transactionId: releaseId,
          authorizationId: authorization,
        },
      ]);
    case 'CANCEL_OR_REFUND': {
      if (!succeeded) return ignored(code, 'movesNoMoney');
      const action = item.additionalData?.['modification.action'];
      if (action === 'refund') return give(moved('gateway.refunded', item.pspReference));
      if (action === 'cancel' && manual) {
        return give([
          {
            type: 'gateway.authorizationVoided',
            transactionId: releaseId,
            authorizationId: authorization,
          },
        ]);
      }
      return ignored(code, 'unsupported');
    }
    case 'REFUND':
      if (!succeeded) return ignored(code, 'movesNoMoney');
      return give(moved('gateway.refunded', item.pspReference));
    case 'CHARGEBACK':
    case 'SECOND_CHARGEBACK':
    case 'CHARGEBACK_REVERSED': {
      const amount = money();
      if (amount.amount === 0) return ignored(code, 'movesNoMoney');
      const type =
        code === 'CHARGEBACK_REVERSED' ? 'gateway.chargebackReversed' : 'gateway.chargeback';
      return give([{ type, transactionId: `${item.pspReference}:${code}`, ...amount }]);
    }
    case 'MANUAL_REVIEW_REJECT':
      // Adyen follows a rejected review with CANCEL_OR_REFUND, which reports the money.
      return ignored(code, 'reportedElsewhere');
    default:
      if (movingNoMoney.includes(code)) return ignored(code, 'movesNoMoney');
      if (unsupported.includes(code)) return ignored(code, 'unsupported');
      return ignored(code, 'unknownType');
  }
}

/** The item's amount in ISO minor units of its currency. */
function adyenAmount(item: Item, field: string): { amount: number; currency: string } {
  const currency = currencyCode(item.amount.currency, `${field}.amount.currency`);
  const digits = adyenDigits[currency] ?? digitsOf(currency);
  return {
    amount: providerMinorUnits(item.amount.value, digits, currency, `${field}.amount.value`),
    currency,
  };
}
