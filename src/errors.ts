/**
 * The one error the library throws: bad input, named by its field, or (from `order-rules/store`) an
 * order the store cannot take, or (from `order-rules/gateways`) a webhook that is unsigned or unreadable.
 * May touch: nothing; it only describes what was wrong.
 */

/** What was wrong, as a stable code a host can branch on. */
export type OrderRulesErrorCode =
  | 'invalidOrder'
  | 'invalidSettings'
  | 'invalidEvent'
  | 'invalidSnapshot'
  /** `order-rules/store`: a bad argument to the store (a location, an option, a handler). */
  | 'invalidStoreArgument'
  /** `order-rules/store`: no order of that id is placed in the store. */
  | 'orderNotFound'
  /** `order-rules/store`: an order of that id is already placed, with another order or settings. */
  | 'orderConflict'
  /** `order-rules/store`: the database driver is not installed, or the database cannot be opened. */
  | 'storeUnavailable'
  /** `order-rules/gateways`: a provider's payload, or an argument given with it, that cannot be read. */
  | 'invalidWebhook'
  /** `order-rules/gateways`: a webhook's signature is missing, does not match, or is too old. */
  | 'invalidSignature';

/**
 * Thrown by every public function when its input is not what the rules can decide on.
 * `code` is stable; `field` is the path of the bad value; the message names both field and problem.
 *
 * @example
 * try {
 *   startOrder({ order: { ...order, lines: [] }, settings });
 * } catch (error) {
 *   if (error instanceof OrderRulesError) error.code; // => 'invalidOrder'
 *   // error.message => 'order.lines must have at least 1 line (received 0)'
 * }
 */
export class OrderRulesError extends Error {
  override readonly name = 'OrderRulesError';

  constructor(
    readonly code: OrderRulesErrorCode,
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}
