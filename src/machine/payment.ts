/**
 * The payment region: the payment status, moved by the gateway's money reports (from the money they
 * leave, M2), by failures and the payment window (B3, B4), and by the merchant (D2-D4, B5).
 * Most statuses answer alike, so the region answers for them; `review` and `cancelled` answer for
 * themselves. Rule ids of RULES.md in comments.
 * May touch: nothing; statechart config only.
 */
import type { MoneyReport } from '../events.js';
import {
  type Action,
  alert,
  and,
  effect,
  leaveUnchanged,
  not,
  type Region,
  refuse,
  type Transition,
  update,
} from './steps.js';

/** What is particular to each kind of money report; the rest is common to all (M1, M2). */
interface ReportRule {
  /** The report moves an amount in a currency (all but a void), so B1 screens it. */
  readonly movesAmount: boolean;
  /** After D8, D9 and B1: when the report does not fit the ledger, it is refused. */
  readonly fits: readonly Transition[];
  /** Effects of every counted report of this kind, whatever status it leaves. */
  readonly effects: readonly Action[];
  /** M6: an overpayment alert when it takes received above the total. */
  readonly alertsOverpayment?: true;
  /** M5: a partial-payment alert when it leaves the order partly paid. */
  readonly alertsPartialPayment?: true;
  /** M4: an alert when it leaves a confirmed order with nothing received or held. */
  readonly alertsNothingLeft?: true;
  /** B6: what it does on a cancelled order besides being counted. */
  readonly onCancelled: readonly Action[];
  /** B6: an authorization, which a cancelled order releases at once, in any currency. */
  readonly releasedOnCancelled?: true;
}

const unknownAuthorization: Transition = {
  guard: 'isUnknownAuthorization',
  actions: refuse('unknownAuthorization'),
};

const reportRules: Record<MoneyReport['type'], ReportRule> = {
  'gateway.paymentConfirmed': {
    movesAmount: true,
    fits: [],
    effects: [],
    alertsOverpayment: true,
    alertsPartialPayment: true,
    onCancelled: [alert('paymentAfterCancellation')],
  },
  'gateway.paymentAuthorized': {
    movesAmount: true,
    fits: [], // M3
    effects: [],
    alertsPartialPayment: true,
    onCancelled: [effect('voidReportedAuthorization'), alert('paymentAfterCancellation')],
    releasedOnCancelled: true,
  },
  'gateway.paymentCaptured': {
    movesAmount: true,
    fits: [
      unknownAuthorization,
      { guard: 'exceedsAuthorization', actions: refuse('captureExceedsAuthorization') },
    ], // M4
    effects: [],
    alertsOverpayment: true,
    onCancelled: [alert('paymentAfterCancellation')],
  },
  'gateway.authorizationVoided': {
    movesAmount: false,
    fits: [
      // B1, B5: an authorization in another currency, released: taken, not counted, no alert.
      { guard: 'releasesOtherCurrencyAuthorization', actions: update('recordReport') },
      unknownAuthorization,
    ], // M4
    effects: [],
    alertsNothingLeft: true,
    onCancelled: [],
  },
  'gateway.refunded': {
    movesAmount: true,
    fits: [{ guard: 'exceedsReceived', actions: refuse('refundExceedsPayment') }], // M7
    effects: [effect('refundEmail')],
    onCancelled: [], // its refund email is in `effects`
  },
  'gateway.chargeback': {
    movesAmount: true,
    fits: [{ guard: 'exceedsReceived', actions: refuse('chargebackExceedsPayment') }], // M8
    effects: [alert('chargeback')],
    onCancelled: [], // its alert is in `effects`
  },
  'gateway.chargebackReversed': {
    movesAmount: true,
    fits: [{ guard: 'exceedsChargedBack', actions: refuse('reversalExceedsChargeback') }], // M8
    effects: [],
    alertsOverpayment: true,
    onCancelled: [alert('paymentAfterCancellation')],
  },
};

/** D8 then D9: what every status answers first to a money report. */
const screen: readonly Transition[] = [
  { guard: 'isManualPayment', actions: refuse('gatewayReportOnManualPayment') },
  { guard: 'isKnownTransaction', actions: leaveUnchanged('duplicateGatewayReport') },
];

/**
 * B1: a report in another currency is not counted; `target` is where it leaves the order, `first`
 * what it does before the alert.
 */
const otherCurrency = (
  rule: ReportRule,
  target?: string,
  first: readonly Action[] = [],
): readonly Transition[] =>
  rule.movesAmount
    ? [
        {
          guard: 'isOtherCurrency',
          ...(target === undefined ? {} : { target }),
          actions: [...first, alert('currencyMismatch'), update('recordOtherCurrencyReport')],
        },
      ]
    : [];

/** The report's effects, `extra` ones, then the report counted. */
const counted = (rule: ReportRule, ...extra: Action[]): Action[] => [
  ...rule.effects,
  ...extra,
  update('recordReport'),
];

/** M2, M3, M6: the report leaves the order paid in full or covered. */
const covering = (rule: ReportRule, to: (status: string) => string): Transition[] => [
  ...(rule.alertsOverpayment
    ? [
        {
          guard: 'raisesReceivedAboveTotal',
          target: to('paid'),
          actions: counted(rule, alert('overpayment')),
        } as const,
      ]
    : []), // M6
  ...(rule.alertsNothingLeft
    ? [
        {
          guard: and(['leavesTotalReceived', 'leavesNothing', 'isConfirmed']),
          target: to('paid'),
          actions: counted(rule, alert('authorizationVoided')),
        },
      ]
    : []), // M4: a void leaving nothing on an order with nothing to pay (D12)
  { guard: 'leavesTotalReceived', target: to('paid'), actions: counted(rule) },
  { guard: 'leavesTotalCovered', target: to('authorized'), actions: counted(rule) },
];

/** M2: the payment status the counted report leaves, with the alerts it calls for (M4-M6). */
const settleByMoney = (rule: ReportRule, to: (status: string) => string): Transition[] => {
  const nothingLeft = rule.alertsNothingLeft ? [alert('authorizationVoided')] : [];
  return [
    ...covering(rule, to),
    ...(rule.alertsNothingLeft
      ? [
          {
            guard: and(['leavesAllRefunded', 'leavesNothing', 'isConfirmed']),
            target: to('refunded'),
            actions: counted(rule, ...nothingLeft),
          },
        ]
      : []), // M4
    { guard: 'leavesAllRefunded', target: to('refunded'), actions: counted(rule) },
    { guard: 'leavesPartRefunded', target: to('partiallyRefunded'), actions: counted(rule) },
    {
      guard: 'leavesPartPaid',
      target: to('partiallyPaid'),
      actions: rule.alertsPartialPayment ? counted(rule, alert('partialPayment')) : counted(rule),
    }, // M5
    { guard: 'isConfirmed', target: to('voided'), actions: counted(rule, ...nothingLeft) },
    { target: to('incomplete'), actions: counted(rule) },
  ];
};

const child = (status: string) => `.${status}`;
const sibling = (status: string) => status;

/** Any status but review and cancelled: the money sets the status (M2). */
const reportOnOpenOrder = (rule: ReportRule): Transition[] => [
  ...screen,
  ...otherCurrency(rule, '.review'), // B1
  ...rule.fits,
  ...settleByMoney(rule, child),
];

/** B1: in review, money is counted; only a report that covers the order resolves the review. */
const reportInReview = (rule: ReportRule): Transition[] => [
  ...screen,
  ...otherCurrency(rule),
  ...rule.fits,
  ...covering(rule, sibling),
  ...(rule.alertsNothingLeft
    ? [
        {
          guard: and(['leavesNothing', 'isConfirmed']),
          actions: counted(rule, alert('authorizationVoided')),
        },
      ]
    : []),
  { actions: counted(rule) },
];

/** B5, B6: a cancelled order stays cancelled; money is still counted, and told. */
const reportOnCancelledOrder = (rule: ReportRule): Transition[] => [
  ...screen,
  // B6: an authorization in another currency holds the buyer's money too: released at once.
  ...otherCurrency(
    rule,
    undefined,
    rule.releasedOnCancelled ? [effect('voidReportedAuthorization')] : [],
  ),
  ...rule.fits,
  { actions: counted(rule, ...rule.onCancelled) },
];

const reports = (answer: (rule: ReportRule) => Transition[]) =>
  Object.fromEntries(
    Object.entries(reportRules).map(([type, rule]) => [type, answer(rule)]),
  ) as Record<MoneyReport['type'], Transition[]>;

/** D8: a manual-payment order takes no failure report either. */
const screenFailure: Transition = {
  guard: 'isManualPayment',
  actions: refuse('gatewayReportOnManualPayment'),
};

/** B4: only a gateway order with a window set has a timer to elapse. */
const screenWindow: Transition = {
  guard: not('hasPaymentWindow'),
  actions: refuse('noPaymentWindow'),
};

/**
 * The payment region's config.
 *
 * @example
 * createMachine({ type: 'parallel', states: { payment, ... } });
 */
export const payment: Region = {
  initial: 'placed',
  on: {
    ...reports(reportOnOpenOrder),
    'gateway.paymentFailed': [
      screenFailure,
      { guard: 'isPaid', actions: refuse('orderAlreadyPaid') },
      { guard: 'holdsMoney', actions: leaveUnchanged('paymentReceived') },
      { guard: not('isConfirmed'), actions: leaveUnchanged('buyerMayRetry') },
      { guard: 'isFailed', actions: leaveUnchanged('statusAlreadySet') },
      { target: '.failed' },
    ], // B3
    'timer.paymentWindowElapsed': [
      screenWindow,
      { guard: 'holdsMoney', actions: leaveUnchanged('paymentReceived') }, // I10
      { guard: 'hasShippedUnits', actions: leaveUnchanged('goodsShipped') }, // I10
      { guard: 'isPaid', actions: leaveUnchanged('alreadyPaid') },
      { guard: 'isExpired', actions: leaveUnchanged('statusAlreadySet') },
      { guard: not('isConfirmed'), target: '.expired' },
      { guard: 'ignoresIncompleteOrders', actions: leaveUnchanged('confirmedByMerchant') },
      { target: '.cancelled' },
    ], // B4
    'merchant.paymentStatusChanged': [
      { guard: and(['asksPaid', 'isPaid']), actions: leaveUnchanged('statusAlreadySet') },
      { guard: and(['asksPending', 'isPending']), actions: leaveUnchanged('statusAlreadySet') },
      { guard: 'asksPaid', target: '.paid' },
      { target: '.pending' },
    ], // D2, D3, D4, D11, S2c, S3d
    'merchant.orderCancelled': [
      {
        guard: 'hasReceivedMoney',
        target: '.cancelled',
        actions: [effect('voidHeldAuthorizations'), alert('refundDue')],
      },
      { target: '.cancelled', actions: effect('voidHeldAuthorizations') },
    ], // B5
  },
  states: {
    placed: {
      always: [
        { guard: 'hasNothingToPay', target: 'paid' }, // D12
        { guard: 'isManualPayment', target: 'pending' }, // S3a
        { guard: 'ignoresIncompleteOrders', target: 'incomplete' }, // S1
        { target: 'pending' }, // D1
      ],
    },
    incomplete: {}, // S1
    pending: {}, // S3, D1, D3
    paid: {}, // S1d, S2, D2
    authorized: {}, // M3
    partiallyPaid: {}, // M5
    partiallyRefunded: {}, // M7, M8
    refunded: {}, // M7, M8
    voided: {}, // M4
    failed: {}, // B3
    expired: {}, // B4
    review: {
      on: {
        ...reports(reportInReview),
        'gateway.paymentFailed': [
          screenFailure,
          { actions: leaveUnchanged('awaitingMerchantReview') },
        ],
        'timer.paymentWindowElapsed': [
          screenWindow,
          { actions: leaveUnchanged('awaitingMerchantReview') },
        ],
      },
    }, // B1
    cancelled: {
      on: {
        ...reports(reportOnCancelledOrder),
        'gateway.paymentFailed': [screenFailure, { actions: leaveUnchanged('alreadyCancelled') }],
        'timer.paymentWindowElapsed': [
          screenWindow,
          { actions: leaveUnchanged('alreadyCancelled') },
        ],
        'merchant.paymentStatusChanged': { actions: refuse('orderCancelled') },
        'merchant.orderCancelled': { actions: leaveUnchanged('statusAlreadySet') },
      },
    }, // B5, B6
  },
};
