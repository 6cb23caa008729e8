/**
 * The shipping region: the shipping status, from the goods ledger as the merchant ships, undoes
 * shipments and takes returns (G2, G3, D5). Every status answers alike, so the region answers for
 * them. Rule ids of RULES.md in comments.
 * May touch: nothing; statechart config only.
 */
import {
  and,
  effect,
  type Guard,
  leaveUnchanged,
  not,
  type Region,
  refuse,
  type Transition,
  update,
} from './steps.js';

/**
 * G2, G3: the shipping status the goods leave, the goods recorded after `effects`; with `when`,
 * only when that guard holds too.
 */
const settleByGoods = (when?: Guard, ...effects: ReturnType<typeof effect>[]): Transition[] => {
  const actions = [...effects, update('recordGoods')];
  const only = (guard?: Guard) =>
    when === undefined ? guard : guard === undefined ? when : and([when, guard]);
  return [
    { guard: only('leavesAllReturned'), target: '.returned', actions },
    { guard: only('leavesSomeReturned'), target: '.partiallyReturned', actions },
    { guard: only('leavesAllShipped'), target: '.shipped', actions },
    { guard: only('leavesSomeShipped'), target: '.partiallyShipped', actions },
    { ...(when === undefined ? {} : { guard: when }), target: '.notShipped', actions },
  ].map(({ guard, ...rest }) => (guard === undefined ? rest : { guard, ...rest }));
};

/** B5, D5: no shipment on a cancelled or unconfirmed order. */
const screenShipment: readonly Transition[] = [
  { guard: 'isCancelled', actions: refuse('orderCancelled') },
  { guard: not('isConfirmed'), actions: refuse('orderNotConfirmed') },
];

/**
 * The shipping region's config.
 *
 * @example
 * createMachine({ type: 'parallel', states: { payment, shipping, ... } });
 */
export const shipping: Region = {
  initial: 'notShipped',
  on: {
    'merchant.linesShipped': [
      ...screenShipment,
      { guard: 'namesUnknownSku', actions: refuse('unknownSku') },
      { guard: 'exceedsOrderedQuantity', actions: refuse('exceedsOrderedQuantity') },
      ...settleByGoods(),
    ], // G2, G5
    'merchant.shippingStatusChanged': [
      { guard: 'isCancelled', actions: refuse('orderCancelled') }, // B5
      {
        guard: and([not('asksNotShipped'), 'hasShippedEverything']),
        actions: leaveUnchanged('statusAlreadySet'),
      }, // D11, S1e, S3c
      {
        guard: and(['asksNotShipped', not('hasShippedUnits')]),
        actions: leaveUnchanged('statusAlreadySet'),
      }, // D11
      { guard: not('isConfirmed'), actions: refuse('orderNotConfirmed') }, // D5
      { guard: and(['asksNotShipped', 'hasReturnedUnits']), actions: refuse('linesReturned') }, // G2
      ...settleByGoods(),
    ], // G2: shipped ships every unit left, notShipped undoes the shipments
    'merchant.linesReturned': [
      { guard: 'namesUnknownSku', actions: refuse('unknownSku') },
      { guard: 'exceedsShippedQuantity', actions: refuse('exceedsShippedQuantity') },
      ...settleByGoods('restoresUnits', effect('restoreReturnedUnits')),
      ...settleByGoods(),
    ], // G3
  },
  states: {
    notShipped: {},
    partiallyShipped: {},
    shipped: {},
    partiallyReturned: {},
    returned: {},
  },
};
