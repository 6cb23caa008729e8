/**
 * The order machine: the one definition of the order rules, composed from one file per region.
 * Parallel regions: `payment` and `shipping` follow the events; `confirmation` follows the payment
 * status; `stock` and `orderEmails` follow the confirmation and the cancellation; `paymentWindow`
 * asks for the window's timer at placement; `listing` says whether the merchant's list shows the
 * order. The money and the goods are ledgers in context, moved by `assign` actions that compute;
 * guards compare them. Effects are actions with data and no body, which the engine returns to the
 * host. No I/O, no clock, no randomness.
 * May touch: nothing outside its own context.
 */
import { assign, setup } from 'xstate';
import type { RefusalReason, UnchangedReason } from '../decision.js';
import type {
  DeductStock,
  RestoreStock,
  ScheduleTimer,
  SendCancellationEmail,
  SendEmail,
  SendPaymentAlert,
  SendRefundEmail,
  VoidAuthorization,
} from '../effects.js';
import type { OrderEvent } from '../events.js';
import { noGoods } from '../goods.js';
import { noMoney } from '../money.js';
import type { OrderContext, Placement } from '../order.js';
import { contextUpdates } from './actions.js';
import { confirmation, listing, orderEmails, paymentWindow, stock } from './following.js';
import { guards } from './guards.js';
import { payment } from './payment.js';
import { shipping } from './shipping.js';
import type { Region } from './steps.js';

/** The machine's types, guards and actions, named once. */
const orderSetup = setup({
  types: {
    context: {} as OrderContext,
    input: {} as Placement,
    events: {} as OrderEvent,
  },
  guards,
  actions: {
    // Effects: data for the host, performed by no one here.
    deductStock: (_, _effect: DeductStock) => {},
    restoreStock: (_, _effect: RestoreStock) => {},
    scheduleTimer: (_, _effect: ScheduleTimer) => {},
    voidAuthorization: (_, _effects: VoidAuthorization | readonly VoidAuthorization[]) => {},
    sendEmail: (
      _,
      _effect: SendEmail | SendCancellationEmail | SendRefundEmail | SendPaymentAlert,
    ) => {},
    // Outcomes: why an event leaves the order as it was (D10).
    refuse: (_, _outcome: { reason: RefusalReason }) => {},
    leaveUnchanged: (_, _outcome: { reason: UnchangedReason }) => {},
    // The order's own bookkeeping: its ledgers.
    recordReport: assign(contextUpdates.recordReport),
    recordOtherCurrencyReport: assign(contextUpdates.recordOtherCurrencyReport),
    recordGoods: assign(contextUpdates.recordGoods),
    deductEveryUnit: assign(contextUpdates.deductEveryUnit),
    restoreUnshippedUnits: assign(contextUpdates.restoreUnshippedUnits),
  },
});

/**
 * A region's config, as the region files write it (`Region` of steps.ts checks every guard and
 * action name against `guards` and the actions above), given to `createMachine` as XState types
 * it. Typed without `id` (no region has one): the machine's declared type then names no
 * `id?: string | undefined`, which a host compiling our `.d.ts` with `exactOptionalPropertyTypes`
 * and `skipLibCheck: false` would refuse as XState's `StateSchema`.
 */
type RegionConfig = Omit<Parameters<typeof orderSetup.createStateConfig>[0], 'id'>;
const region = (config: Region) => config as unknown as RegionConfig;

/**
 * The order rules as an XState v5 machine. Its input is the order and the settings as placed.
 *
 * @example
 * const actor = createActor(orderMachine, { input: { order, settings }, inspect });
 * actor.start();
 * actor.send({ type: 'merchant.paymentStatusChanged', status: 'paid' });
 * actor.getSnapshot().value.payment; // => 'paid'
 */
export const orderMachine = orderSetup.createMachine({
  id: 'order',
  type: 'parallel',
  context: ({ input }) => ({
    order: input.order,
    settings: input.settings,
    transactionIds: [],
    money: noMoney,
    goods: noGoods(input.order),
  }),
  states: {
    payment: region(payment),
    shipping: region(shipping),
    confirmation: region(confirmation),
    stock: region(stock),
    orderEmails: region(orderEmails),
    paymentWindow: region(paymentWindow),
    listing: region(listing),
  },
});
