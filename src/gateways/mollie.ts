/**
 * Mollie: its webhooks carry no signature and no state, only a payment id (`id=tr_...`); the host
 * must fetch the payment from Mollie's API with its key, embedding its captures, refunds and
 * chargebacks (`GET /v2/payments/{id}?embed=captures,refunds,chargebacks`), and hand the fetched
 * payment to `mollieReports`. Only what Mollie's API answers is trusted, never the webhook's body.
 * Sources: Mollie's docs (docs.mollie.com/reference/webhooks, /reference/get-payment,
 * /reference/get-chargeback, /reference/get-refund, /reference/get-capture) and the official SDK
 * `@mollie/api-client` (src/data/payments/data.ts, src/data/refunds/data.ts, tests/unit).
 * May touch: nothing; pure functions of their arguments.
 */
import * as v from 'valibot';
import { OrderRulesError } from '../errors.js';
import {
  type GatewayAnswer,
  type GatewayEvent,
  IdSchema,
  ignored,
  OrderIdOption,
  orderOf,
  readPayload,
  reported,
} from './answer.js';
import { currencyCode, decimalMinorUnits, unsigned } from './money.js';

/** How `mollieReports` finds the order. */
export interface MollieOptions {
  /** The metadata key holding the merchant's order id; `order_id` when absent. */
  readonly metadataKey?: string;
  /** The order the host found for a payment that names none (see `orderNotNamed`). */
  readonly orderId?: string;
}

const PAYMENT_ID = /^tr_[A-Za-z0-9]{1,64}$/;

/**
 * The payment id a Mollie webhook carries (its form body `id=tr_...`, as a string or as the object
 * a body parser made of it): the one thing to fetch. Throws `OrderRulesError` `invalidWebhook` for
 * anything else, so that no other request is made with the host's key.
 *
 * @example
 * molliePaymentId('id=tr_WDqYK6vllg'); // => 'tr_WDqYK6vllg'
 * molliePaymentId({ id: 'tr_WDqYK6vllg' }); // => 'tr_WDqYK6vllg'
 */
export function molliePaymentId(body: unknown): string {
  const id =
    typeof body === 'string'
      ? new URLSearchParams(body).get('id')
      : typeof body === 'object' && body !== null
        ? (body as { id?: unknown }).id
        : undefined;
  if (typeof id !== 'string' || !PAYMENT_ID.test(id)) {
    throw new OrderRulesError(
      'invalidWebhook',
      'body.id',
      `must be a Mollie payment id such as "tr_WDqYK6vllg" (received ${typeof id === 'string' ? JSON.stringify(id.slice(0, 60)) : String(id)})`,
    );
  }
  return id;
}

const MoneySchema = v.object(
  { currency: v.string('must be a string'), value: v.string('must be a string') },
  'must be an object { currency, value }',
);
const Timestamp = v.pipe(
  v.string('must be a string'),
  v.check((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO 8601 date and time'),
);
const Link = v.optional(v.unknown());

const PaymentSchema = v.object(
  {
    id: v.pipe(IdSchema, v.regex(PAYMENT_ID, 'must be a Mollie payment id "tr_..."')),
    amount: MoneySchema,
    status: v.picklist(
      ['open', 'canceled', 'pending', 'authorized', 'expired', 'failed', 'paid'],
      'must be a Mollie payment status',
    ),
    metadata: v.optional(v.unknown()),
    captureMode: v.nullish(v.picklist(['automatic', 'manual'], 'must be "automatic" or "manual"')),
    authorizedAt: v.nullish(Timestamp),
    _links: v.optional(
      v.object({ captures: Link, refunds: Link, chargebacks: Link }, 'must be an object'),
    ),
    _embedded: v.optional(
      v.object(
        {
          captures: v.optional(
            v.array(
              v.object(
                {
                  id: IdSchema,
                  amount: MoneySchema,
                  status: v.string('must be a string'),
                  createdAt: Timestamp,
                },
                'must be a capture',
              ),
              'must be an array',
            ),
          ),
          refunds: v.optional(
            v.array(
              v.object(
                {
                  id: IdSchema,
                  amount: MoneySchema,
                  status: v.string('must be a string'),
                  createdAt: Timestamp,
                },
                'must be a refund',
              ),
              'must be an array',
            ),
          ),
          chargebacks: v.optional(
            v.array(
              v.object(
                {
                  id: IdSchema,
                  amount: MoneySchema,
                  createdAt: Timestamp,
                  reversedAt: v.nullish(Timestamp),
                },
                'must be a chargeback',
              ),
              'must be an array',
            ),
          ),
        },
        'must be an object',
      ),
    ),
  },
  'must be a Mollie payment object, as GET /v2/payments/{id} answers',
);

const OptionsSchema = v.strictObject(
  {
    metadataKey: v.optional(v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))),
    orderId: OrderIdOption,
  },
  'must be an object { metadataKey?, orderId? }',
);

type Payment = v.InferOutput<typeof PaymentSchema>;
const PAYMENT = 'payment';

/**
 * The engine events a Mollie payment means, fetched from Mollie's API after its webhook, for the
 * order named by `metadata[metadataKey]`: every movement the payment shows so far, in order (the
 * host applies them all; those already applied are duplicates, D9). Ids: a sale or an
 * authorization is the payment's id; a capture, a refund and a chargeback are their own ids; a
 * reversal is `<chargeback>:reversed`; a release `<payment>:released`. A refund counts once
 * Mollie reports it `refunded` (before that it can still be cancelled).
 *
 * @example
 * mollieReports(payment);
 * // => { reports: [{ orderId: '1234', event: { type: 'gateway.paymentConfirmed',
 * //      transactionId: 'tr_44aKxzEbr8', amount: 2000, currency: 'EUR' } }], ignored: [] }
 */
export function mollieReports(payment: unknown, options: MollieOptions = {}): GatewayAnswer {
  const { metadataKey = 'order_id', orderId } = readPayload(OptionsSchema, options, 'options');
  const read = readPayload(PaymentSchema, payment, PAYMENT);
  for (const part of ['captures', 'refunds', 'chargebacks'] as const) {
    if (read._links?.[part] !== undefined && read._embedded?.[part] === undefined) {
      throw new OrderRulesError(
        'invalidWebhook',
        `${PAYMENT}._embedded.${part}`,
        `is missing though the payment has ${part}: fetch it with embed=captures,refunds,chargebacks`,
      );
    }
  }
  const field = `${PAYMENT}.metadata.${metadataKey}`;
  const metadata = read.metadata;
  const value =
    typeof metadata === 'object' && metadata !== null
      ? (metadata as Record<string, unknown>)[metadataKey]
      : undefined;
  const named =
    value === undefined || value === '' ? undefined : readPayload(IdSchema, value, field);
  const order = orderOf(named, orderId, field);
  if (order === undefined) return ignored(read.status, 'orderNotNamed', read.id);
  const events = movements(read);
  return events.length === 0 ? ignored(read.status, 'movesNoMoney') : reported(order, events);
}

/** Every movement the payment shows, in order: the payment, its captures, then the money back. */
function movements(payment: Payment): GatewayEvent[] {
  const embedded = payment._embedded ?? {};
  const captures = embedded.captures ?? [];
  const authorizes =
    payment.captureMode === 'manual' ||
    payment.status === 'authorized' ||
    (payment.authorizedAt !== null && payment.authorizedAt !== undefined) ||
    captures.length > 0;
  const total = amountOf(payment.amount, `${PAYMENT}.amount`);
  const events: GatewayEvent[] = [];
  const closed = payment.status === 'canceled' || payment.status === 'expired';

  if (authorizes) {
    const held =
      payment.status === 'authorized' || payment.status === 'paid' || payment.authorizedAt;
    if (held && total.amount > 0) {
      events.push({ type: 'gateway.paymentAuthorized', transactionId: payment.id, ...total });
    }
    captures
      .map((capture, at) => ({ capture, at, time: Date.parse(capture.createdAt) }))
      .filter(({ capture }) => capture.status === 'succeeded')
      .sort((a, b) => a.time - b.time)
      .forEach(({ capture, at }) => {
        const amount = amountOf(capture.amount, `${PAYMENT}._embedded.captures[${at}].amount`);
        if (amount.amount > 0) {
          events.push({
            type: 'gateway.paymentCaptured',
            transactionId: capture.id,
            authorizationId: payment.id,
            ...amount,
          });
        }
      });
  } else if (payment.status === 'paid' && total.amount > 0) {
    events.push({ type: 'gateway.paymentConfirmed', transactionId: payment.id, ...total });
  }

  const back: { time: number; event: GatewayEvent }[] = [];
  (embedded.refunds ?? []).forEach((refund, at) => {
    if (refund.status !== 'refunded') return;
    const amount = amountOf(refund.amount, `${PAYMENT}._embedded.refunds[${at}].amount`);
    if (amount.amount > 0) {
      back.push({
        time: Date.parse(refund.createdAt),
        event: { type: 'gateway.refunded', transactionId: refund.id, ...amount },
      });
    }
  });
  (embedded.chargebacks ?? []).forEach((chargeback, at) => {
    const field = `${PAYMENT}._embedded.chargebacks[${at}].amount`;
    const amount = amountOf(
      { ...chargeback.amount, value: unsigned(chargeback.amount.value) },
      field,
    );
    if (amount.amount === 0) return;
    back.push({
      time: Date.parse(chargeback.createdAt),
      event: { type: 'gateway.chargeback', transactionId: chargeback.id, ...amount },
    });
    if (chargeback.reversedAt !== null && chargeback.reversedAt !== undefined) {
      back.push({
        time: Date.parse(chargeback.reversedAt),
        event: {
          type: 'gateway.chargebackReversed',
          transactionId: `${chargeback.id}:reversed`,
          ...amount,
        },
      });
    }
  });
  events.push(...back.sort((a, b) => a.time - b.time).map(({ event }) => event));

  if (authorizes && closed && payment.authorizedAt) {
    events.push({
      type: 'gateway.authorizationVoided',
      transactionId: `${payment.id}:released`,
      authorizationId: payment.id,
    });
  } else if (payment.status === 'failed' || (closed && !payment.authorizedAt)) {
    events.push({
      type: 'gateway.paymentFailed',
      transactionId: payment.id,
      reason: payment.status,
    });
  }
  return events;
}

function amountOf(
  money: { currency: string; value: unknown },
  field: string,
): { amount: number; currency: string } {
  const currency = currencyCode(money.currency, `${field}.currency`);
  return { amount: decimalMinorUnits(money.value, currency, `${field}.value`), currency };
}
