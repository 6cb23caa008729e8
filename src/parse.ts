/**
 * Typed parsing for hosts: untrusted data (a webhook's JSON, a queue message, a form) read as an
 * event or a placement with the engine's own schemas, so that a host needs no cast. The engine
 * checks its arguments with these same functions.
 * May touch: nothing; the input is read, never changed, and the output is a fresh copy.
 */
import * as v from 'valibot';
import { type OrderEvent, OrderEventSchema } from './events.js';
import { readEventFast } from './fastParse.js';
import { OrderSchema, type Placement, SettingsSchema } from './order.js';
import { validate } from './validate.js';

/** The schema of each event type, by its `type`. */
const schemaOfType = new Map<unknown, v.GenericSchema<unknown, OrderEvent>>(
  OrderEventSchema.options.map((schema) => [schema.entries.type.literal, schema]),
);

/**
 * Checks an event with the schema of its own type, found at once by its `type` (the variant of
 * every type tries each in turn, which took a quarter of `applyEvent`'s time); any other input goes
 * to the variant, which says what is wrong with it. The authority on events: `readEventFast`, tried
 * first, takes only events this schema takes, and gives its very output.
 *
 * @example
 * validate(EventSchema, { type: 'timer.paymentWindowElapsed' }, 'invalidEvent', 'event');
 * // => { type: 'timer.paymentWindowElapsed' }
 */
export const EventSchema = v.lazy(
  (input): v.GenericSchema<unknown, OrderEvent> =>
    (typeof input === 'object' && input !== null
      ? schemaOfType.get((input as { readonly type?: unknown }).type)
      : undefined) ?? OrderEventSchema,
);

const PlacementSchema = v.object(
  { order: v.unknown(), settings: v.unknown() },
  'must be an object { order, settings }',
);

/**
 * Reads untrusted data as an `OrderEvent`: a checked copy, typed, with the fields its type does not
 * have dropped; or throws `OrderRulesError` `invalidEvent` naming the first bad field. A plain,
 * valid event is read by `readEventFast`, which gives the schema's very copy; anything else goes to
 * `EventSchema`, which takes it or says what is wrong.
 *
 * @example
 * const event = parseEvent(JSON.parse(body)); // OrderEvent, no cast
 * // body '{"type":"merchant.paymentStatusChanged","status":"paid","by":"ann"}'
 * // => { type: 'merchant.paymentStatusChanged', status: 'paid' }
 * parseEvent({ type: 'gateway.refunded', transactionId: 'REF-1', amount: 0, currency: 'EUR' });
 * // throws OrderRulesError: 'event.amount must be at least 1 minor unit (received 0)'
 */
export function parseEvent(input: unknown): OrderEvent {
  return readEventFast(input) ?? validate(EventSchema, input, 'invalidEvent', 'event');
}

/**
 * Reads untrusted data as a `Placement`, `{ order, settings }`: a checked copy, typed; or throws
 * `OrderRulesError` naming the first bad field: `invalidOrder` for the placement's shape and its
 * order, `invalidSettings` for its settings.
 *
 * @example
 * const placement = parsePlacement(JSON.parse(body)); // Placement, no cast
 * startOrder(placement);
 * parsePlacement({ order: { ...order, lines: [] }, settings });
 * // throws OrderRulesError: 'order.lines must have at least 1 line (received 0)'
 */
export function parsePlacement(input: unknown): Placement {
  const { order, settings } = validate(PlacementSchema, input, 'invalidOrder', 'placement');
  return {
    order: validate(OrderSchema, order, 'invalidOrder', 'order'),
    settings: validate(SettingsSchema, settings, 'invalidSettings', 'settings'),
  };
}
