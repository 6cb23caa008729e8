/**
 * The words the region files write their transitions with, typed so that a guard or an action the
 * machine does not have is a type error: guards by name and XState's `and`, `or`, `not` of them;
 * outcomes (refuse, leave unchanged); effects (an action named after the effect's type, with its
 * data); context updates by name.
 * May touch: nothing; it only builds objects for the machine's config.
 */

import { and as xstateAnd, not as xstateNot, or as xstateOr } from 'xstate';
import type { RefusalReason, UnchangedReason } from '../decision.js';
import type { OrderEmailTemplate, PaymentAlertCause } from '../effects.js';
import type { PaymentStatus } from '../order.js';
import {
  alertOf,
  type ContextUpdateName,
  type EffectBuilderName,
  effectBuilders,
  orderEmailOf,
} from './actions.js';
import type { GuardName } from './guards.js';

declare const combined: unique symbol;
/** XState's `and`, `or` or `not` of the machine's guards. */
export interface CombinedGuard {
  readonly [combined]: true;
}
/** A guard of the machine's config: a named guard, or a combination of them. */
export type Guard = GuardName | CombinedGuard;

/** XState's `and`: every guard holds. */
export const and = (guards: readonly Guard[]) =>
  xstateAnd(guards as never) as unknown as CombinedGuard;
/** XState's `or`: some guard holds. */
export const or = (guards: readonly Guard[]) =>
  xstateOr(guards as never) as unknown as CombinedGuard;
/** XState's `not`: the guard does not hold. */
export const not = (guard: Guard) => xstateNot(guard as never) as unknown as CombinedGuard;

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
  ({ type: 'sendEmail', params: alertOf(cause) }) as const;

/** An order email stating `paymentStatus` (I4): a `sendEmail` action with the email as its data. */
export const orderEmail = (template: OrderEmailTemplate, paymentStatus: PaymentStatus) =>
  ({ type: 'sendEmail', params: orderEmailOf(template, paymentStatus) }) as const;

/** An action of the machine's config: a context update, an effect or an outcome. */
export type Action =
  | ContextUpdateName
  | ReturnType<typeof orderEmail>
  | ReturnType<typeof alert>
  | ReturnType<typeof effect>
  | ReturnType<typeof refuse>
  | ReturnType<typeof leaveUnchanged>;

/** One transition of a region's config. */
export interface Transition {
  readonly guard?: Guard;
  readonly target?: string;
  readonly actions?: Action | readonly Action[];
}

type Transitions = Transition | readonly Transition[];

/** A region's config: its states, atomic, with their own transitions, and the region's. */
export interface Region {
  readonly initial: string;
  readonly on?: Readonly<Record<string, Transitions>>;
  readonly states: Readonly<
    Record<
      string,
      { readonly on?: Readonly<Record<string, Transitions>>; readonly always?: Transitions }
    >
  >;
}
