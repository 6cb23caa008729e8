/**
 * What a provider's webhook means for the engine: reports for orders, and what was ignored and
 * why. Also the reading shared by the providers' adapters: a payload checked against the shape
 * its provider documents, the order it names, the events it gives, each checked as `applyEvent`
 * will check it.
 * May touch: nothing; builders of data only.
 */
import * as v from 'valibot';
import { OrderRulesError } from '../errors.js';
import { type GatewayPaymentFailed, type MoneyReport, OrderEventSchema } from '../events.js';
import { TextSchema } from '../order.js';
import { validate } from '../validate.js';

/** An engine event a provider's webhook can mean: a money report or a failed payment. */
export type GatewayEvent = MoneyReport | GatewayPaymentFailed;

/**
 * One engine event for one order, ready for `applyEvent`.
 *
 * @example
 * // => { orderId: 'A-1001', event: { type: 'gateway.refunded', transactionId: '1Y107995YT783435V',
 * //      amount: 990, currency: 'EUR' } }
 */
export interface GatewayReport {
  /** The merchant's order id, read where the provider carries the merchant's reference. */
  readonly orderId: string;
  readonly event: GatewayEvent;
}

/**
 * Why part of a webhook gives no event:
 * - `movesNoMoney`: it moves no money (a dispute opened for information, a pending capture, a
 *   modification that did not succeed, a zero-amount card check);
 * - `reportedElsewhere`: another event of the same provider reports that movement, and the adapter
 *   maps that one (Stripe's `payment_intent.succeeded` beside `charge.succeeded`);
 * - `unsupported`: it moves money in a way the engine has no event for (a refund that failed after
 *   it succeeded, a capture undone): a person must look at the order;
 * - `unknownType`: a type the adapter does not know;
 * - `orderNotNamed`: the payload names no order (Stripe's disputes carry no metadata): find the
 *   order by `paymentId` and call the adapter again with `{ orderId }`.
 */
export type IgnoredReason =
  | 'movesNoMoney'
  | 'reportedElsewhere'
  | 'unsupported'
  | 'unknownType'
  | 'orderNotNamed';

/**
 * A part of a webhook that gives no event, and why.
 *
 * @example
 * // => { eventType: 'charge.dispute.funds_withdrawn', reason: 'orderNotNamed', paymentId: 'pi_3Mt...' }
 */
export interface Ignored {
  /** The provider's name for what happened (its event type, event code or payment status). */
  readonly eventType: string;
  readonly reason: IgnoredReason;
  /** With `orderNotNamed`: the provider's id of the payment, to look the order up by. */
  readonly paymentId?: string;
}

/**
 * What a webhook means: the events to apply, in order, and the parts ignored.
 *
 * @example
 * // => { reports: [{ orderId: 'A-1001', event: { type: 'gateway.paymentConfirmed', ... } }], ignored: [] }
 */
export interface GatewayAnswer {
  readonly reports: readonly GatewayReport[];
  readonly ignored: readonly Ignored[];
}

/**
 * The answer for a webhook that gives no event, for `reason`.
 *
 * @example
 * ignored('charge.dispute.created', 'movesNoMoney').ignored[0]?.reason; // => 'movesNoMoney'
 */
export function ignored(
  eventType: string,
  reason: IgnoredReason,
  paymentId?: string,
): GatewayAnswer {
  const part: Ignored =
    paymentId === undefined ? { eventType, reason } : { eventType, reason, paymentId };
  return { reports: [], ignored: [part] };
}

/**
 * The answer giving `events` for `orderId`, each checked as `applyEvent` will check it; a
 * transaction id longer than the engine takes, say, is refused here, naming the field.
 *
 * @example
 * reported('A-1001', [report]).reports.length; // => 1
 */
export function reported(orderId: string, events: readonly GatewayEvent[]): GatewayAnswer {
  return {
    reports: events.map((event, at) => ({
      orderId,
      event: validate(
        OrderEventSchema,
        event,
        'invalidWebhook',
        `reports[${at}].event`,
      ) as GatewayEvent,
    })),
    ignored: [],
  };
}

/**
 * The answers of several parts of one webhook (Adyen's notification items, a Mollie payment's
 * movements), in order.
 *
 * @example
 * merged([ignored('A', 'movesNoMoney'), ignored('B', 'unknownType')]).ignored.length; // => 2
 */
export function merged(answers: readonly GatewayAnswer[]): GatewayAnswer {
  return {
    reports: answers.flatMap((answer) => answer.reports),
    ignored: answers.flatMap((answer) => answer.ignored),
  };
}

/**
 * A payload checked against `schema`, or `OrderRulesError` `invalidWebhook` naming the first bad
 * field from `root`.
 *
 * @example
 * readPayload(EventSchema, event, 'payload').type; // => 'charge.succeeded'
 */
export function readPayload<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  root: string,
): v.InferOutput<TSchema> {
  return validate(schema, input, 'invalidWebhook', root);
}

/**
 * The order a report is for: the one the payload names at `field`, or else the one the host gave
 * (`options.orderId`); both and different is an error, so a webhook is never applied to another
 * order than its own. Undefined when neither names one.
 *
 * @example
 * orderOf('A-1001', undefined, 'payload.resource.custom_id'); // => 'A-1001'
 */
export function orderOf(
  named: string | undefined,
  given: string | undefined,
  field: string,
): string | undefined {
  if (named !== undefined && given !== undefined && named !== given) {
    throw new OrderRulesError(
      'invalidWebhook',
      'options.orderId',
      `is ${JSON.stringify(given)}, but the payload names order ${JSON.stringify(named)} at ${field}`,
    );
  }
  return named ?? given;
}

/** A string field of a payload: present, at most 200 characters (ids, references). */
export const IdSchema = TextSchema;

/** A string field that may be absent or null. */
export const MaybeText = v.nullish(v.string('must be a string'));

/** A whole number of minor units, from 0. */
export const CountSchema = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be a whole number'),
  v.minValue(0, 'must not be negative'),
);

/** `options.orderId`: the order a host found for a payload that names none. */
export const OrderIdOption = v.optional(TextSchema);

/** A reason for a failure, as the engine keeps it (at most 1000 characters). */
export function reasonOf(text: string | null | undefined): { readonly reason?: string } {
  return typeof text === 'string' && text !== '' ? { reason: text.slice(0, 1000) } : {};
}
