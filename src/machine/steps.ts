/**
 * The words the region files write their transitions with: outcomes (refuse, leave unchanged),
 * effects (an action named after the effect's type, with its data), and context updates.
 * May touch: nothing; it only builds action objects for the machine's config.
 */

import type { RefusalReason, UnchangedReason } from '../decision.js';
import type { PaymentAlertCause } from '../effects.js';
import {
  type ActionArgs,
  alertOf,
  type ContextUpdateName,
  type EffectBuilderName,
  effectBuilders,
} from './actions.js';

/** D10: the event is refused; the order stays as it was. */
export const refuse = (reason: RefusalReason) => ({ type: 'refuse', params: { reason } }) as const;

/** D10: the event changes nothing; the order stays as it was. */
export const leaveUnchanged = (reason: UnchangedReason) =>
  ({ type: 'leaveUnchanged', params: { reason } }) as const;

/** A context update, by name (see `contextUpdates`). */
export const update = (name: ContextUpdateName) => name;

/** The effect types whose builders are named in `effectBuilders`. */
const effectTypeOf = {
  deductEveryUnit: 'deductStock',
  restoreUnshippedUnits: 'restoreStock',
  restoreReturnedUnits: 'restoreStock',
  schedulePaymentWindow: 'scheduleTimer',
  voidHeldAuthorizations: 'voidAuthorization',
  voidReportedAuthorization: 'voidAuthorization',
  cancellationEmail: 'sendEmail',
  refundEmail: 'sendEmail',
} as const satisfies Record<EffectBuilderName, string>;

/** An effect, by what it is for (see `effectBuilders`): an action of the effect's type, with its data. */
export const effect = <const Name extends EffectBuilderName>(name: Name) =>
  ({ type: effectTypeOf[name], params: effectBuilders[name] }) as const;

/** The merchant's alert about `cause` (B7): a `sendEmail` action with the alert as its data. */
export const alert = (cause: PaymentAlertCause) =>
  ({ type: 'sendEmail', params: (args: ActionArgs) => alertOf(cause)(args) }) as const;
