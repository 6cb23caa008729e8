/**
 * The stored form of an order: a plain JSON object the host keeps with the order, versioned, and
 * the schema that checks one read back from a database.
 * May touch: nothing; declarations only.
 */
import * as v from 'valibot';
import {
  type Order,
  OrderSchema,
  type PaymentStatus,
  paymentStatuses,
  type Settings,
  SettingsSchema,
  type ShippingStatus,
  shippingStatuses,
  TextSchema,
} from './order.js';

/** The version of the stored form this library writes and reads. */
export const SCHEMA_VERSION = 1;

/** The state of each region of the order machine. */
export interface OrderState {
  readonly payment: PaymentStatus;
  readonly shipping: ShippingStatus;
  readonly confirmation: 'unconfirmed' | 'confirmed';
  readonly stock: 'notDeducted' | 'deducted';
  readonly orderEmails: 'notSent' | 'sent';
}

/**
 * An order as the host stores it; it survives `JSON.parse(JSON.stringify(snapshot))`.
 *
 * @example
 * // => { schemaVersion: 1,
 * //      state: { payment: 'incomplete', shipping: 'notShipped', confirmation: 'unconfirmed',
 * //               stock: 'notDeducted', orderEmails: 'notSent' },
 * //      order: { id: 'A-1001', ... }, settings: { ... }, gatewayTransactionIds: [] }
 */
export interface OrderSnapshot {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly state: OrderState;
  readonly order: Order;
  readonly settings: Settings;
  readonly gatewayTransactionIds: readonly string[];
}

const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  v.picklist(options, `must be one of ${options.map((option) => `"${option}"`).join(', ')}`);

/** Checks an `OrderSnapshot` read back from storage; unknown fields are refused. */
export const OrderSnapshotSchema = v.strictObject(
  {
    schemaVersion: v.literal(SCHEMA_VERSION, `must be ${SCHEMA_VERSION}`),
    state: v.strictObject(
      {
        payment: oneOf(paymentStatuses),
        shipping: oneOf(shippingStatuses),
        confirmation: oneOf(['unconfirmed', 'confirmed']),
        stock: oneOf(['notDeducted', 'deducted']),
        orderEmails: oneOf(['notSent', 'sent']),
      },
      'must be an object with only the fields payment, shipping, confirmation, stock, orderEmails',
    ),
    order: OrderSchema,
    settings: SettingsSchema,
    gatewayTransactionIds: v.array(TextSchema, 'must be an array'),
  },
  'must be an object with only the fields schemaVersion, state, order, settings, gatewayTransactionIds',
) satisfies v.GenericSchema<unknown, OrderSnapshot>;
