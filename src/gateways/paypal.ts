/**
 * PayPal: the engine events a PayPal webhook event means (Payments v2 and disputes). PayPal signs
 * its webhooks with a certificate, not a shared secret: the host checks them with PayPal's
 * verify-webhook-signature API (or the certificate) before calling `paypalReports`. Sources:
 * PayPal's docs (developer.paypal.com/api/rest/webhooks/event-names) and its OpenAPI
 * descriptions (github.com/paypal/paypal-rest-api-specifications: openapi/payments_payment_v2.json,
 * openapi/customer_disputes_v1.json).
 * May touch: nothing; pure functions of their arguments.
 */
import * as v from 'valibot';
import {
  type GatewayAnswer,
  type GatewayEvent,
  IdSchema,
  ignored,
  OrderIdOption,
  orderOf,
  readPayload,
  reasonOf,
  reported,
} from './answer.js';
import { currencyCode, decimalMinorUnits, unsigned } from './money.js';

/** How `paypalReports` finds the order. */
export interface PaypalOptions {
  /** Where the host put its order id when it created the PayPal order: `custom_id` (default) or `invoice_id`. */
  readonly reference?: 'custom_id' | 'invoice_id';
  /** The order the host found for a payload that names none (see `orderNotNamed`). */
  readonly orderId?: string;
}

const MoneySchema = v.object(
  { currency_code: v.string('must be a string'), value: v.string('must be a string') },
  'must be an object { currency_code, value }',
);
const Links = v.optional(
  v.array(
    v.object(
      { href: v.string('must be a string'), rel: v.string('must be a string') },
      'must be a link',
    ),
    'must be an array',
  ),
);
const Reference = v.optional(v.string('must be a string'));
const RelatedIds = v.optional(
  v.object(
    {
      related_ids: v.optional(
        v.object(
          {
            authorization_id: v.optional(v.string('must be a string')),
            capture_id: v.optional(v.string('must be a string')),
          },
          'must be an object',
        ),
      ),
    },
    'must be an object',
  ),
);

/** A capture, an authorization, a refund or a reversal: Payments v2's resources. */
const ResourceSchema = v.object(
  {
    id: IdSchema,
    amount: MoneySchema,
    custom_id: Reference,
    invoice_id: Reference,
    links: Links,
    supplementary_data: RelatedIds,
    status_details: v.optional(v.object({ reason: v.optional(v.string()) }, 'must be an object')),
  },
  'must be a PayPal payments resource { id, amount, ... }',
);

const DisputeSchema = v.object(
  {
    dispute_id: IdSchema,
    disputed_transactions: v.optional(
      v.array(
        v.object(
          {
            seller_transaction_id: v.optional(v.string('must be a string')),
            custom: Reference,
            invoice_number: Reference,
          },
          'must be an object',
        ),
        'must be an array',
      ),
    ),
    dispute_outcome: v.optional(
      v.object({ outcome_code: v.optional(v.string('must be a string')) }, 'must be an object'),
    ),
    money_movements: v.optional(
      v.array(
        v.object(
          {
            affected_party: v.optional(v.string('must be a string')),
            type: v.optional(v.string('must be a string')),
            reason: v.optional(v.string('must be a string')),
            amount: MoneySchema,
          },
          'must be an object',
        ),
        'must be an array',
      ),
    ),
  },
  'must be a PayPal dispute { dispute_id, ... }',
);

const EventSchema = v.object(
  { id: IdSchema, event_type: v.string('must be a string'), resource: v.unknown() },
  'must be a PayPal webhook event { id, event_type, resource }',
);

const OptionsSchema = v.strictObject(
  {
    reference: v.optional(
      v.picklist(['custom_id', 'invoice_id'], 'must be "custom_id" or "invoice_id"'),
    ),
    orderId: OrderIdOption,
  },
  'must be an object { reference?, orderId? }',
);

type Resource = v.InferOutput<typeof ResourceSchema>;

const RESOURCE = 'payload.resource';

const movingNoMoney = [
  'PAYMENT.CAPTURE.PENDING',
  'CUSTOMER.DISPUTE.CREATED',
  'CUSTOMER.DISPUTE.UPDATED',
  'CHECKOUT.ORDER.APPROVED',
];
const reportedByCaptures = ['CHECKOUT.ORDER.COMPLETED', 'CHECKOUT.PAYMENT-APPROVAL.REVERSED'];

/**
 * The engine events a PayPal webhook event means (parsed JSON, its signature already checked), for
 * the order named by the resource's `custom_id` (or `invoice_id`). Ids: an authorization, a
 * capture, a refund and a reversal are their own PayPal ids (a capture names its authorization
 * from `supplementary_data.related_ids` or its `up` link); a void is `<authorization>:voided`; a
 * dispute won is `<dispute>:won:<n>`. A redelivered event gives the same ids (D9).
 *
 * @example
 * paypalReports(event);
 * // => { reports: [{ orderId: 'A-1001', event: { type: 'gateway.paymentConfirmed',
 * //      transactionId: '0JF852973C016714D', amount: 3990, currency: 'EUR' } }], ignored: [] }
 */
export function paypalReports(event: unknown, options: PaypalOptions = {}): GatewayAnswer {
  const { reference = 'custom_id', orderId } = readPayload(OptionsSchema, options, 'options');
  const { event_type: type, resource } = readPayload(EventSchema, event, 'payload');

  const forOrder = (
    named: string | undefined,
    field: string,
    paymentId: string,
    events: () => GatewayEvent[],
  ) => {
    const order = orderOf(named, orderId, field);
    if (order === undefined) return ignored(type, 'orderNotNamed', paymentId);
    const list = events();
    return list.length === 0 ? ignored(type, 'movesNoMoney') : reported(order, list);
  };
  const payment = (
    events: (resource: Resource) => GatewayEvent[],
    paymentId: (resource: Resource) => string,
  ) => {
    const read = readPayload(ResourceSchema, resource, RESOURCE);
    const value = read[reference];
    const named =
      value === undefined || value === ''
        ? undefined
        : readPayload(IdSchema, value, `${RESOURCE}.${reference}`);
    return forOrder(named, `${RESOURCE}.${reference}`, paymentId(read), () => events(read));
  };

  switch (type) {
    case 'PAYMENT.AUTHORIZATION.CREATED':
      return payment(
        (auth) => moved('gateway.paymentAuthorized', auth),
        (auth) => auth.id,
      );
    case 'PAYMENT.AUTHORIZATION.VOIDED':
      return payment(
        (auth) => [
          {
            type: 'gateway.authorizationVoided',
            transactionId: `${auth.id}:voided`,
            authorizationId: auth.id,
          },
        ],
        (auth) => auth.id,
      );
    case 'PAYMENT.CAPTURE.COMPLETED':
      return payment(
        (capture) => {
          const authorizationId = relatedId(capture, 'authorization');
          if (authorizationId === undefined) return moved('gateway.paymentConfirmed', capture);
          return moved('gateway.paymentCaptured', capture).map(
            (event) => ({ ...event, authorizationId }) as GatewayEvent,
          );
        },
        (capture) => capture.id,
      );
    case 'PAYMENT.CAPTURE.DECLINED':
    case 'PAYMENT.CAPTURE.DENIED':
      return payment(
        (capture) => [
          {
            type: 'gateway.paymentFailed',
            transactionId: capture.id,
            ...reasonOf(capture.status_details?.reason ?? type),
          },
        ],
        (capture) => capture.id,
      );
    case 'PAYMENT.CAPTURE.REFUNDED':
      return payment(
        (refund) => moved('gateway.refunded', refund),
        (refund) => relatedId(refund, 'capture') ?? refund.id,
      );
    case 'PAYMENT.CAPTURE.REVERSED':
      return payment(
        (reversal) => moved('gateway.chargeback', reversal, true),
        (reversal) => relatedId(reversal, 'capture') ?? reversal.id,
      );
    case 'CUSTOMER.DISPUTE.RESOLVED': {
      const dispute = readPayload(DisputeSchema, resource, RESOURCE);
      const outcome = dispute.dispute_outcome?.outcome_code;
      // Lost: PayPal takes the money back by reversing the capture (PAYMENT.CAPTURE.REVERSED).
      if (outcome === 'RESOLVED_BUYER_FAVOUR') return ignored(type, 'reportedElsewhere');
      if (outcome !== 'RESOLVED_SELLER_FAVOUR') return ignored(type, 'movesNoMoney');
      const transaction = dispute.disputed_transactions?.[0];
      const key = reference === 'custom_id' ? 'custom' : 'invoice_number';
      const field = `${RESOURCE}.disputed_transactions[0].${key}`;
      const value = transaction?.[key];
      const named =
        value === undefined || value === '' ? undefined : readPayload(IdSchema, value, field);
      return forOrder(named, field, transaction?.seller_transaction_id ?? dispute.dispute_id, () =>
        won(dispute),
      );
    }
    default:
      if (movingNoMoney.includes(type)) return ignored(type, 'movesNoMoney');
      if (reportedByCaptures.includes(type)) return ignored(type, 'reportedElsewhere');
      // The Payments v1 sales API (PAYMENT.SALE.*) is deprecated; its events are not mapped.
      if (type.startsWith('PAYMENT.SALE.')) return ignored(type, 'unsupported');
      return ignored(type, 'unknownType');
  }
}

/** The movement of `resource`'s amount as an event of `type`; none for a zero amount. */
function moved(
  type:
    | 'gateway.paymentAuthorized'
    | 'gateway.paymentConfirmed'
    | 'gateway.paymentCaptured'
    | 'gateway.refunded'
    | 'gateway.chargeback',
  resource: Resource,
  signed = false,
): GatewayEvent[] {
  const amount = amountOf(resource.amount, `${RESOURCE}.amount`, signed);
  return amount.amount === 0
    ? []
    : [{ type, transactionId: resource.id, ...amount } as GatewayEvent];
}

/** The money a dispute resolved in the seller's favour gave back: its settlement credits to the seller. */
function won(dispute: v.InferOutput<typeof DisputeSchema>): GatewayEvent[] {
  return (dispute.money_movements ?? []).flatMap((movement, at) => {
    const credit =
      movement.affected_party === 'SELLER' &&
      movement.type === 'CREDIT' &&
      movement.reason === 'DISPUTE_SETTLEMENT';
    if (!credit) return [];
    const amount = amountOf(movement.amount, `${RESOURCE}.money_movements[${at}].amount`, false);
    return amount.amount === 0
      ? []
      : [
          {
            type: 'gateway.chargebackReversed',
            transactionId: `${dispute.dispute_id}:won:${at}`,
            ...amount,
          },
        ];
  });
}

function amountOf(
  money: { currency_code: string; value: string },
  field: string,
  signed: boolean,
): { amount: number; currency: string } {
  const currency = currencyCode(money.currency_code, `${field}.currency_code`);
  const value = signed ? unsigned(money.value) : money.value;
  return { amount: decimalMinorUnits(value, currency, `${field}.value`), currency };
}

/** The id of the authorization a capture took, or of the capture a refund returned. */
function relatedId(resource: Resource, kind: 'authorization' | 'capture'): string | undefined {
  const related = resource.supplementary_data?.related_ids?.[`${kind}_id`];
  if (related !== undefined && related !== '') return related;
  const pattern = new RegExp(`/v2/payments/${kind}s/([^/?#]+)$`);
  for (const link of resource.links ?? []) {
    const match = link.rel === 'up' ? pattern.exec(link.href) : null;
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}
