/**
 * Stripe: the `Stripe-Signature` check, and the engine events a Stripe event means. Money is read
 * from Charge and Dispute objects (the PaymentIntent's own events report the same movements, and
 * are ignored as `reportedElsewhere`, except a cancellation that releases an authorization).
 * Sources: Stripe's API reference (docs.stripe.com/api/events, /api/charges, /api/disputes,
 * /webhooks#verify-manually, /currencies) and the official SDK `stripe` (src/resources/Events.ts,
 * src/Webhooks.ts).
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
  MaybeText,
  OrderIdOption,
  orderOf,
  readPayload,
  reasonOf,
  reported,
} from './answer.js';
import { currencyCode, digitsOf, providerMinorUnits } from './money.js';
import { hmacSha256, sameBytes } from './signature.js';

/** What `verifyStripeSignature` checks. */
export interface StripeSignatureCheck {
  /** The request body exactly as received (not parsed and serialised again). */
  readonly payload: string | Uint8Array;
  /** The `Stripe-Signature` header. */
  readonly header: string;
  /** The endpoint's signing secret (`whsec_...`). */
  readonly secret: string;
  /** The time now, in milliseconds since the epoch (`Date.now()`). */
  readonly now: number;
  /** How far the signed timestamp may be from `now`; 300 seconds, Stripe's default, when absent. */
  readonly toleranceSeconds?: number;
}

/** How `stripeReports` finds the order. */
export interface StripeOptions {
  /** The metadata key holding the merchant's order id; `order_id` when absent. */
  readonly metadataKey?: string;
  /** The order the host found for a payload that names none (see `orderNotNamed`). */
  readonly orderId?: string;
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const MAX_HEADER = 8192;

const CheckSchema = v.strictObject(
  {
    payload: v.union(
      [v.string(), v.instance(Uint8Array)],
      'must be the raw body, a string or bytes',
    ),
    header: v.pipe(
      v.string('must be a string: the Stripe-Signature header'),
      v.maxLength(MAX_HEADER, `must be at most ${MAX_HEADER} characters`),
    ),
    secret: v.pipe(
      v.string('must be a string: the endpoint signing secret'),
      v.nonEmpty('must not be empty'),
    ),
    now: v.pipe(
      v.number('must be a number of milliseconds since the epoch'),
      v.safeInteger('must be a whole number of milliseconds'),
      v.minValue(0, 'must not be negative'),
    ),
    toleranceSeconds: v.optional(
      v.pipe(
        v.number('must be a number of seconds'),
        v.safeInteger('must be a whole number of seconds'),
        v.minValue(1, 'must be at least 1'),
      ),
    ),
  },
  'must be an object { payload, header, secret, now, toleranceSeconds? }',
);

/**
 * Checks a Stripe webhook's `Stripe-Signature` (an HMAC-SHA256 of `timestamp.payload` under the
 * endpoint secret, compared in constant time) and its timestamp (within `toleranceSeconds` of
 * `now`, either way), and returns the payload parsed. Throws `OrderRulesError` `invalidSignature`
 * for a missing, wrong or stale signature, `invalidWebhook` for a body that is not JSON.
 *
 * @example
 * const event = verifyStripeSignature({ payload: rawBody, header: req.headers['stripe-signature'],
 *   secret: process.env.STRIPE_WEBHOOK_SECRET, now: Date.now() });
 * stripeReports(event);
 */
export function verifyStripeSignature(check: StripeSignatureCheck): unknown {
  const { payload, header, secret, now, toleranceSeconds } = readPayload(
    CheckSchema,
    check,
    'check',
  );
  const { timestamp, signatures } = parseHeader(header);
  const expected = hmacSha256(secret, [`${timestamp}.`, payload]);
  if (!signatures.some((signature) => sameBytes(expected, Buffer.from(signature, 'hex')))) {
    throw new OrderRulesError(
      'invalidSignature',
      'check.header',
      'matches no signature of this payload and timestamp under this secret',
    );
  }
  const tolerance = toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const age = Math.floor(now / 1000) - timestamp;
  if (Math.abs(age) > tolerance) {
    throw new OrderRulesError(
      'invalidSignature',
      'check.header',
      `is signed at ${timestamp}, ${Math.abs(age)} seconds ${age > 0 ? 'before' : 'after'} now: more than the tolerance of ${tolerance} seconds`,
    );
  }
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new OrderRulesError('invalidWebhook', 'check.payload', 'is not JSON');
  }
}

/** The timestamp and the `v1` signatures (64 hex digits each) of a `Stripe-Signature` header. */
function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't' && /^[0-9]{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined) {
    throw new OrderRulesError('invalidSignature', 'check.header', 'has no timestamp t=...');
  }
  if (signatures.length === 0) {
    throw new OrderRulesError('invalidSignature', 'check.header', 'has no v1=... signature');
  }
  return { timestamp, signatures };
}

/**
 * Minor-unit digits as Stripe writes amounts: the zero-decimal currencies, the three-decimal ones,
 * ISK written with two decimals (docs.stripe.com/currencies), two for every other currency whose
 * ISO 4217 exponent is 2. A currency not listed (IQD, CLF, ...) is not one Stripe documents.
 */
const zeroDecimal = 'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' ');
const threeDecimal = 'BHD JOD KWD OMR TND'.split(' ');

function stripeDigits(currency: string, isoDigits: number): number | undefined {
  if (zeroDecimal.includes(currency)) return 0;
  if (threeDecimal.includes(currency)) return 3;
  if (currency === 'ISK' || isoDigits === 2) return 2;
  return undefined;
}

/**
 * Integer ISO minor units of `currency` (lower case, as Stripe writes it) from a Stripe amount.
 *
 * @example
 * stripeAmount(4500, 'mga', 'amount').amount; // => 450000
 */
function stripeAmount(
  amount: number,
  currency: unknown,
  field: string,
): { readonly amount: number; readonly currency: string } {
  const currencyField = field.replace(/[^.]+$/, 'currency');
  const code = currencyCode(currency, currencyField);
  const digits = stripeDigits(code, digitsOf(code));
  if (digits === undefined) {
    throw new OrderRulesError(
      'invalidWebhook',
      currencyField,
      `is ${code}, whose minor unit Stripe does not document`,
    );
  }
  return { amount: providerMinorUnits(amount, digits, code, field), currency: code };
}

const Metadata = v.nullish(v.record(v.string(), v.unknown(), 'must be an object'));
const Expandable = v.nullish(
  v.union([v.string(), v.object({ id: v.string() })], 'must be an id or an object with an id'),
);

const EventSchema = v.object(
  {
    id: IdSchema,
    object: v.literal('event', 'must be "event"'),
    type: v.string('must be a string'),
    data: v.object(
      { object: v.unknown(), previous_attributes: v.optional(v.unknown()) },
      'must be an object { object, previous_attributes? }',
    ),
  },
  'must be a Stripe event object',
);

const ChargeSchema = v.object(
  {
    id: IdSchema,
    object: v.literal('charge', 'must be "charge"'),
    amount: CountSchema,
    amount_captured: CountSchema,
    amount_refunded: CountSchema,
    captured: v.boolean('must be true or false'),
    currency: v.string('must be a string'),
    metadata: Metadata,
    payment_intent: Expandable,
    failure_code: MaybeText,
    failure_message: MaybeText,
  },
  'must be a Stripe charge object',
);

const DisputeSchema = v.object(
  {
    id: IdSchema,
    object: v.literal('dispute', 'must be "dispute"'),
    amount: CountSchema,
    currency: v.string('must be a string'),
    charge: Expandable,
    payment_intent: Expandable,
    metadata: Metadata,
  },
  'must be a Stripe dispute object',
);

const PaymentIntentSchema = v.object(
  {
    id: IdSchema,
    object: v.literal('payment_intent', 'must be "payment_intent"'),
    latest_charge: Expandable,
    metadata: Metadata,
  },
  'must be a Stripe payment intent object',
);

const PreviousRefundSchema = v.object(
  { amount_refunded: CountSchema },
  'must be an object with the amount refunded before',
);

const OptionsSchema = v.strictObject(
  {
    metadataKey: v.optional(
      v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'), v.maxLength(40)),
    ),
    orderId: OrderIdOption,
  },
  'must be an object { metadataKey?, orderId? }',
);

const OBJECT = 'payload.data.object';

/** The movements of a PaymentIntent that its Charge's events report. */
const reportedByCharges = [
  'payment_intent.succeeded',
  'payment_intent.amount_capturable_updated',
  'payment_intent.payment_failed',
  'refund.created',
  'refund.updated',
  'charge.refund.updated',
];
const movingNoMoney = [
  'charge.pending',
  'charge.updated',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'payment_intent.created',
  'payment_intent.processing',
  'payment_intent.requires_action',
];

/**
 * The engine events a Stripe event means (parsed JSON, as `verifyStripeSignature` returns it), for
 * the order named by `metadata[metadataKey]` of the event's object. Ids: a sale or an
 * authorization is the charge's id; its capture `<charge>:captured`; the release of what a charge
 * still holds (expired, cancelled, or left by a partial capture) `<charge>:released`; a refund
 * `<charge>:refunded:<amount refunded in all after it>`; a chargeback the dispute's id, its
 * reversal `<dispute>:reinstated`. A redelivered event gives the same ids (D9).
 *
 * @example
 * stripeReports(event);
 * // => { reports: [{ orderId: 'A-1001', event: { type: 'gateway.paymentConfirmed',
 * //      transactionId: 'ch_3MmlLrLkdIwHu7ix0snN0B15', amount: 3990, currency: 'EUR' } }], ignored: [] }
 */
export function stripeReports(event: unknown, options: StripeOptions = {}): GatewayAnswer {
  const { metadataKey = 'order_id', orderId } = readPayload(OptionsSchema, options, 'options');
  const { type, data } = readPayload(EventSchema, event, 'payload');
  const forOrder = (
    object: { metadata?: Record<string, unknown> | null | undefined },
    paymentId: string,
    events: () => GatewayEvent[],
  ): GatewayAnswer => {
    const field = `${OBJECT}.metadata.${metadataKey}`;
    const order = orderOf(namedOrder(object.metadata, metadataKey, field), orderId, field);
    if (order === undefined) return ignored(type, 'orderNotNamed', paymentId);
    const list = events();
    return list.length === 0 ? ignored(type, 'movesNoMoney') : reported(order, list);
  };

  switch (type) {
    case 'charge.succeeded':
    case 'charge.captured':
    case 'charge.expired':
    case 'charge.refunded':
    case 'charge.failed': {
      const charge = readPayload(ChargeSchema, data.object, OBJECT);
      const previous =
        type === 'charge.refunded' && charge.captured
          ? readPayload(
              PreviousRefundSchema,
              data.previous_attributes,
              'payload.data.previous_attributes',
            )
          : undefined;
      return forOrder(charge, idOf(charge.payment_intent) ?? charge.id, () =>
        chargeEvents(type, charge, previous?.amount_refunded ?? 0),
      );
    }
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated': {
      const dispute = readPayload(DisputeSchema, data.object, OBJECT);
      const paymentId = idOf(dispute.payment_intent) ?? idOf(dispute.charge) ?? dispute.id;
      return forOrder(dispute, paymentId, () => {
        const money = stripeAmount(dispute.amount, dispute.currency, `${OBJECT}.amount`);
        if (money.amount === 0) return [];
        return type === 'charge.dispute.funds_withdrawn'
          ? [{ type: 'gateway.chargeback', transactionId: dispute.id, ...money }]
          : [
              {
                type: 'gateway.chargebackReversed',
                transactionId: `${dispute.id}:reinstated`,
                ...money,
              },
            ];
      });
    }
    case 'payment_intent.canceled': {
      const intent = readPayload(PaymentIntentSchema, data.object, OBJECT);
      const charge = idOf(intent.latest_charge);
      if (charge === undefined) return ignored(type, 'movesNoMoney');
      return forOrder(intent, intent.id, () => [released(charge)]);
    }
    default:
      if (reportedByCharges.includes(type)) return ignored(type, 'reportedElsewhere');
      if (movingNoMoney.includes(type)) return ignored(type, 'movesNoMoney');
      if (type === 'refund.failed') return ignored(type, 'unsupported');
      return ignored(type, 'unknownType');
  }
}

type Charge = v.InferOutput<typeof ChargeSchema>;

/** The events of a Charge event; none when it moves no money (a zero-amount card check). */
function chargeEvents(type: string, charge: Charge, refundedBefore: number): GatewayEvent[] {
  const money = (amount: number, field: string) =>
    stripeAmount(amount, charge.currency, `${OBJECT}.${field}`);
  switch (type) {
    case 'charge.succeeded': {
      if (charge.captured) {
        const sale = money(charge.amount_captured, 'amount_captured');
        return sale.amount === 0
          ? []
          : [{ type: 'gateway.paymentConfirmed', transactionId: charge.id, ...sale }];
      }
      const held = money(charge.amount, 'amount');
      return held.amount === 0
        ? []
        : [{ type: 'gateway.paymentAuthorized', transactionId: charge.id, ...held }];
    }
    case 'charge.captured': {
      const captured = money(charge.amount_captured, 'amount_captured');
      if (captured.amount === 0) return [];
      const capture: GatewayEvent = {
        type: 'gateway.paymentCaptured',
        transactionId: `${charge.id}:captured`,
        authorizationId: charge.id,
        ...captured,
      };
      // A partial capture releases the rest of the authorization at Stripe.
      return charge.amount_captured < charge.amount ? [capture, released(charge.id)] : [capture];
    }
    case 'charge.expired':
      return [released(charge.id)];
    case 'charge.refunded': {
      // Refunding a charge never captured releases its authorization.
      if (!charge.captured) return [released(charge.id)];
      const refund = money(charge.amount_refunded - refundedBefore, 'amount_refunded');
      return refund.amount <= 0
        ? []
        : [
            {
              type: 'gateway.refunded',
              transactionId: `${charge.id}:refunded:${charge.amount_refunded}`,
              ...refund,
            },
          ];
    }
    default:
      return [
        {
          type: 'gateway.paymentFailed',
          transactionId: charge.id,
          ...reasonOf(charge.failure_message ?? charge.failure_code),
        },
      ];
  }
}

/** The release of what charge `chargeId` still holds, however Stripe reports it: one id. */
function released(chargeId: string): GatewayEvent {
  return {
    type: 'gateway.authorizationVoided',
    transactionId: `${chargeId}:released`,
    authorizationId: chargeId,
  };
}

function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.id;
}

/** The order id in `metadata[key]`, if there is one; a value that is not an id is an error. */
function namedOrder(
  metadata: Record<string, unknown> | null | undefined,
  key: string,
  field: string,
): string | undefined {
  const value = metadata?.[key];
  if (value === undefined || value === '') return undefined;
  return readPayload(IdSchema, value, field);
}
