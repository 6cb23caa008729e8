/**
 * Bad input: every public function checks what it is given at run time and throws OrderRulesError,
 * with a stable code and a message naming the bad field, and nothing else; it changes nothing it
 * is given, and an event it refuses leaves no trace: the order decides the next event as if the
 * bad one had never come. Extra fields of an event (a webhook's payload) are dropped; a stored
 * snapshot, which the engine writes with none, is refused with one.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, test as example, expect } from 'vitest';
import {
  applyEvent,
  getOrderView,
  type OrderEvent,
  OrderRulesError,
  type OrderRulesErrorCode,
  type OrderSnapshot,
  type Placement,
  startOrder,
} from '../src/index.js';
import { historyArb, placementArb } from './arbitraries.js';
import {
  authorization,
  cancelOrder,
  deepFreeze,
  ignoringIncomplete,
  last,
  paypalOrder,
  play,
  sale,
  setPaid,
} from './play.js';

const placed = startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot;

/** Calls `run` and returns the OrderRulesError it throws; fails if it throws anything else or nothing. */
function rulesErrorOf(run: () => unknown): OrderRulesError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OrderRulesError);
    return error as OrderRulesError;
  }
  throw new Error('expected an OrderRulesError, but nothing was thrown');
}

/** `run` throws OrderRulesError of `code` on `field`, and its message begins with the field. */
function expectRefusal(run: () => unknown, code: OrderRulesErrorCode, field: string): void {
  const error = rulesErrorOf(run);
  expect([error.code, error.field]).toEqual([code, field]);
  expect(error.message.startsWith(`${field} `)).toBe(true);
}

const place = (placement: unknown) => () => startOrder(placement as Placement);
const apply = (snapshot: unknown, event: unknown) => () =>
  applyEvent(snapshot as OrderSnapshot, event as OrderEvent);

/** The last snapshot of a history, as a host reads it back from storage. */
const storedAfter = (placement: Placement, events: readonly OrderEvent[]): OrderSnapshot =>
  JSON.parse(JSON.stringify(last(play(placement, events)).decision.snapshot));

describe('startOrder refuses a bad order or bad settings, naming the field', () => {
  const withOrder = (change: object) => ({
    order: { ...paypalOrder, ...change },
    settings: ignoringIncomplete,
  });
  test.each([
    [{ lines: [] }, 'order.lines'],
    [{ lines: [{ sku: 'TEE-M', quantity: 0 }] }, 'order.lines[0].quantity'],
    [{ lines: [{ sku: 'TEE-M', quantity: 1.5 }] }, 'order.lines[0].quantity'],
    [{ lines: [{ sku: 'TEE-M', quantity: -2 }] }, 'order.lines[0].quantity'],
    [{ lines: [{ sku: 'TEE-M', quantity: Number.NaN }] }, 'order.lines[0].quantity'],
    [{ lines: [{ sku: '', quantity: 1 }] }, 'order.lines[0].sku'],
    [
      {
        lines: [
          { sku: 'TEE-M', quantity: 1 },
          { sku: 'TEE-M', quantity: 1 },
        ],
      },
      'order.lines[1].sku',
    ],
    [{ total: { amount: Number.NaN, currency: 'EUR' } }, 'order.total.amount'],
    [{ total: { amount: -1, currency: 'EUR' } }, 'order.total.amount'],
    [{ total: { amount: 39.9, currency: 'EUR' } }, 'order.total.amount'],
    [{ total: { amount: 2 ** 53, currency: 'EUR' } }, 'order.total.amount'],
    [{ total: { amount: Number.POSITIVE_INFINITY, currency: 'EUR' } }, 'order.total.amount'],
    [{ total: { amount: 10, currency: 'euro' } }, 'order.total.currency'],
    [{ total: { amount: 10, currency: 'eur' } }, 'order.total.currency'],
    [{ total: { amount: 10, currency: 'ABC' } }, 'order.total.currency'],
    [{ total: { amount: 10, currency: 'XXX' } }, 'order.total.currency'],
    [{ total: { amount: 10 } }, 'order.total.currency'],
    [{ paymentMethod: { kind: 'crypto', provider: 'x' } }, 'order.paymentMethod.kind'],
    [{ id: '' }, 'order.id'],
  ])('M9, G1: the order changed by %j is refused on %s', (change, field) => {
    expectRefusal(place(withOrder(change)), 'invalidOrder', field);
  });

  test.each([
    [{ realtimeStock: true }, 'settings.ignoreIncompleteOrders'],
    [{ ignoreIncompleteOrders: 'yes', realtimeStock: true }, 'settings.ignoreIncompleteOrders'],
    [{ ...ignoringIncomplete, paymentWindowMinutes: 0 }, 'settings.paymentWindowMinutes'],
  ])('the settings %j are refused on %s', (settings, field) => {
    expectRefusal(place({ order: paypalOrder, settings }), 'invalidSettings', field);
  });

  example('what is not a placement is refused', () => {
    expectRefusal(place(null), 'invalidOrder', 'placement');
    expectRefusal(place({ settings: ignoringIncomplete }), 'invalidOrder', 'placement.order');
  });
});

/** Money reports that move an amount, each with a valid payload. */
const amountReports: readonly Record<string, unknown>[] = [
  { type: 'gateway.paymentConfirmed', transactionId: 'T-1', amount: 100, currency: 'EUR' },
  { type: 'gateway.paymentAuthorized', transactionId: 'T-1', amount: 100, currency: 'EUR' },
  {
    type: 'gateway.paymentCaptured',
    transactionId: 'T-1',
    authorizationId: 'A-1',
    amount: 100,
    currency: 'EUR',
  },
  { type: 'gateway.refunded', transactionId: 'T-1', amount: 100, currency: 'EUR' },
  { type: 'gateway.chargeback', transactionId: 'T-1', amount: 100, currency: 'EUR' },
  { type: 'gateway.chargebackReversed', transactionId: 'T-1', amount: 100, currency: 'EUR' },
];
const lineEvents: readonly Record<string, unknown>[] = [
  { type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 1 }] },
  { type: 'merchant.linesReturned', lines: [{ sku: 'TEE-M', quantity: 1 }], restock: true },
];
const voidReport = {
  type: 'gateway.authorizationVoided',
  transactionId: 'V-1',
  authorizationId: 'A-1',
};

/** A bad event: a valid one with one field made wrong (or removed, for `undefined`), and that field. */
type BadEvent = readonly [event: Record<string, unknown>, field: string];
const made = (event: Record<string, unknown>, key: string, value: unknown): BadEvent => {
  const bad: Record<string, unknown> = { ...event, [key]: value };
  if (value === undefined) delete bad[key];
  return [bad, `event.${key}`];
};

const badAmounts = [
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  '10',
  null,
  undefined,
];
const badCurrencies = ['eur', 'Eur', 'EURO', 'ABC', 'XXX', 'XAU', '', 978, null, undefined];
const badIds = ['', 'x'.repeat(201), 7, null, undefined];

const badEvents: readonly BadEvent[] = [
  ...amountReports.flatMap((report) => [
    ...badAmounts.map((amount) => made(report, 'amount', amount)),
    ...badCurrencies.map((currency) => made(report, 'currency', currency)),
    ...badIds.map((id) => made(report, 'transactionId', id)),
  ]),
  ...[amountReports[2] as Record<string, unknown>, voidReport].flatMap((report) =>
    badIds.map((id) => made(report, 'authorizationId', id)),
  ),
  ...badIds.map((id) => made(voidReport, 'transactionId', id)),
  ...lineEvents.flatMap((event): BadEvent[] => [
    made(event, 'lines', []),
    made(event, 'lines', undefined),
    made(event, 'lines', 'TEE-M'),
    [{ ...event, lines: [{ sku: 'TEE-M', quantity: 0 }] }, 'event.lines[0].quantity'],
    [{ ...event, lines: [{ sku: 'TEE-M', quantity: -1 }] }, 'event.lines[0].quantity'],
    [{ ...event, lines: [{ sku: 'TEE-M', quantity: 0.5 }] }, 'event.lines[0].quantity'],
    [{ ...event, lines: [{ sku: 'TEE-M', quantity: Number.NaN }] }, 'event.lines[0].quantity'],
    [{ ...event, lines: [{ sku: 'TEE-M' }] }, 'event.lines[0].quantity'],
    [{ ...event, lines: [{ sku: '', quantity: 1 }] }, 'event.lines[0].sku'],
    [
      {
        ...event,
        lines: [
          { sku: 'TEE-M', quantity: 1 },
          { sku: 'CAP', quantity: 1 },
          { sku: 'TEE-M', quantity: 1 },
        ],
      },
      'event.lines[2].sku',
    ],
  ]),
  ...['yes', 1, null, undefined].map((restock) =>
    made(lineEvents[1] as Record<string, unknown>, 'restock', restock),
  ),
  made({ type: 'merchant.paymentStatusChanged', status: 'paid' }, 'status', 'refunded'),
  made({ type: 'merchant.shippingStatusChanged', status: 'shipped' }, 'status', 'partiallyShipped'),
  made({ type: 'merchant.orderCancelled' }, 'reason', 5),
  made({ type: 'gateway.paymentFailed' }, 'transactionId', ''),
  made({ type: 'merchant.orderDeleted' }, 'type', 'merchant.orderDeleted'),
];

describe('applyEvent refuses a bad event, naming the field', () => {
  test.each(badEvents)('M9, G2, G3: %j is refused on %s', (event, field) => {
    expectRefusal(apply(placed, event), 'invalidEvent', field);
  });

  example('what is not an event is refused', () => {
    for (const event of ['paid', 5, null, undefined, true]) {
      expectRefusal(apply(placed, event), 'invalidEvent', 'event');
    }
  });

  test.prop([historyArb(20), fc.constantFrom(...badEvents)])(
    'for any order and any bad event, applyEvent throws invalidEvent naming the field, changes nothing it is given, and the order decides its next event as if the bad one had never come',
    ({ placement, events }, [event, field]) => {
      const stored = storedAfter(placement, events);
      const before = JSON.stringify(stored);
      expectRefusal(apply(deepFreeze(stored), deepFreeze(event)), 'invalidEvent', field);
      expect(JSON.stringify(stored)).toBe(before);
      const next = applyEvent(stored, setPaid);
      const untouched = applyEvent(JSON.parse(before), setPaid);
      expect([next.outcome, next.effects, getOrderView(next.snapshot)]).toEqual([
        untouched.outcome,
        untouched.effects,
        getOrderView(untouched.snapshot),
      ]);
    },
  );
});

describe('M9: amounts are counted exactly', () => {
  example(
    'a payment that would take the money received past 2^53 - 1 is refused, and the order is left as it was',
    () => {
      const paid = storedAfter({ order: paypalOrder, settings: ignoringIncomplete }, [
        sale('PAY-1', 3990),
      ]);
      const before = JSON.stringify(paid);
      expectRefusal(
        apply(deepFreeze(paid), sale('PAY-2', Number.MAX_SAFE_INTEGER)),
        'invalidEvent',
        'event.amount',
      );
      expect(JSON.stringify(paid)).toBe(before);
      expect(applyEvent(paid, sale('PAY-2', Number.MAX_SAFE_INTEGER - 3990)).outcome).toBe(
        'applied',
      );
    },
  );

  example('an authorization that would take the money held past 2^53 - 1 is refused', () => {
    const authorized = storedAfter({ order: paypalOrder, settings: ignoringIncomplete }, [
      authorization('AUTH-1', Number.MAX_SAFE_INTEGER),
    ]);
    expectRefusal(apply(authorized, authorization('AUTH-2', 1)), 'invalidEvent', 'event.amount');
    expect(getOrderView(authorized).amounts.held).toBe(Number.MAX_SAFE_INTEGER);
  });

  example('what the engine decides on the largest amounts still reads back from storage', () => {
    const steps = play({ order: paypalOrder, settings: ignoringIncomplete }, [
      sale('PAY-1', Number.MAX_SAFE_INTEGER),
      authorization('AUTH-1', Number.MAX_SAFE_INTEGER),
      {
        type: 'gateway.chargeback',
        transactionId: 'DSP-1',
        amount: Number.MAX_SAFE_INTEGER,
        currency: 'EUR',
      },
    ]);
    for (const { decision, view } of steps) {
      expect(decision.outcome).toBe('applied');
      expect(getOrderView(JSON.parse(JSON.stringify(decision.snapshot)))).toEqual(view);
    }
  });
});

describe('extra fields', () => {
  /** `event` with fields the rules do not know, at its top and in each of its lines. */
  const padded = (event: OrderEvent): OrderEvent => {
    const extra = { ...event, note: 'from the webhook', receivedAt: 1_700_000_000 };
    if (!('lines' in event)) return extra;
    return { ...extra, lines: event.lines.map((line) => ({ ...line, price: 5 })) } as OrderEvent;
  };

  test.prop([historyArb()])(
    'for any history, events with extra fields decide exactly as the same events without them, and the fields reach no snapshot',
    ({ placement, events }) => {
      const plain = play(placement, events);
      const extra = play(placement, events.map(padded));
      extra.forEach((step, at) => {
        const same = plain[at];
        expect([step.decision.outcome, step.decision.effects, step.view]).toEqual([
          same?.decision.outcome,
          same?.decision.effects,
          same?.view,
        ]);
        const json = JSON.stringify(step.decision.snapshot);
        expect(json).not.toContain('from the webhook');
        expect(json).not.toContain('price');
      });
    },
  );

  /** The objects a stored snapshot always has, by path, and the field paths an extra field there gets. */
  const objectPaths: readonly (readonly (string | number)[])[] = [
    [],
    ['state'],
    ['order'],
    ['order', 'paymentMethod'],
    ['order', 'total'],
    ['order', 'lines', 0],
    ['settings'],
    ['money'],
    ['goods', 0],
  ];

  test.prop([historyArb(20), fc.constantFrom(...objectPaths), fc.constantFrom('note', 'extra')])(
    'for any stored snapshot with a field added to any object in it, applyEvent and getOrderView refuse it, naming that field',
    ({ placement, events }, path, name) => {
      const stored = storedAfter(placement, events) as unknown as Record<string, unknown>;
      let node = stored;
      for (const key of path) node = (node as Record<string | number, unknown>)[key] as typeof node;
      node[name] = 'hand-written';
      const field = `snapshot${path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')}.${name}`;
      for (const run of [
        apply(stored, setPaid),
        () => getOrderView(stored as unknown as OrderSnapshot),
      ]) {
        const error = rulesErrorOf(run);
        expect([error.code, error.message]).toEqual([
          'invalidSnapshot',
          `${field} is not a known field`,
        ]);
      }
    },
  );
});

describe('applyEvent and getOrderView refuse a bad snapshot, naming the field', () => {
  const json = JSON.parse(JSON.stringify(placed));
  test.each([
    [{ ...json, schemaVersion: 5 }, 'snapshot.schemaVersion'],
    [{ ...json, schemaVersion: '4' }, 'snapshot.schemaVersion'],
    [{ ...json, state: { ...json.state, payment: 'lost' } }, 'snapshot.state.payment'],
    [{ ...json, state: { ...json.state, shipping: 'lost' } }, 'snapshot.state.shipping'],
    [{ ...json, state: { ...json.state, listing: 'shown' } }, 'snapshot.state.listing'],
    [{ ...json, note: 'hi' }, 'snapshot.note'],
    [{ ...json, order: { ...json.order, lines: 'many' } }, 'snapshot.order.lines'],
    [{ ...json, money: { ...json.money, captured: -1 } }, 'snapshot.money.captured'],
    [{ ...json, money: { ...json.money, chargedBack: 1.5 } }, 'snapshot.money.chargedBack'],
    [
      { ...json, money: { ...json.money, authorizations: [{ id: 'A' }] } },
      'snapshot.money.authorizations[0].held',
    ],
    [{ ...json, goods: [{ shipped: 0, restored: -1 }] }, 'snapshot.goods[0].restored'],
    [{ ...json, goods: [{ deducted: 2 }] }, 'snapshot.goods[0].deducted'],
    [{ ...json, goods: [[]] }, 'snapshot.goods[0]'],
    [{ ...json, money: [] }, 'snapshot.money'],
    [{ ...json, goods: [] }, 'snapshot.goods'],
    [{ ...json, transactionIds: [''] }, 'snapshot.transactionIds[0]'],
    [[], 'snapshot.schemaVersion'],
    ['{}', 'snapshot'],
  ])('%j is refused on %s', (snapshot, field) => {
    expectRefusal(apply(snapshot, setPaid), 'invalidSnapshot', field);
    expectRefusal(() => getOrderView(snapshot as OrderSnapshot), 'invalidSnapshot', field);
  });

  example(
    'the error names its field apart from its message, for hosts that map it to a form or a log',
    () => {
      const error = rulesErrorOf(
        apply(placed, { type: 'merchant.shippingStatusChanged', status: 'lost' }),
      );
      expect(error).toMatchObject({
        name: 'OrderRulesError',
        code: 'invalidEvent',
        field: 'event.status',
      });
    },
  );

  example('an input that cannot be read as data is refused, not crashed on', () => {
    const throwing = {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    };
    const order = Object.defineProperty({ ...paypalOrder }, 'id', throwing);
    expectRefusal(place({ order, settings: ignoringIncomplete }), 'invalidOrder', 'order');
    const event = Object.defineProperty(
      { type: 'gateway.refunded', transactionId: 'R-1', currency: 'EUR' },
      'amount',
      throwing,
    );
    expectRefusal(apply(placed, event), 'invalidEvent', 'event');
    const snapshot = Object.defineProperty(JSON.parse(JSON.stringify(placed)), 'money', throwing);
    expectRefusal(apply(snapshot, cancelOrder), 'invalidSnapshot', 'snapshot');
  });
});

describe('any JSON at all', () => {
  test.prop([fc.jsonValue()])(
    'for any JSON value as an event, applyEvent decides or throws invalidEvent',
    (event) => {
      try {
        applyEvent(placed, event as unknown as OrderEvent);
      } catch (error) {
        expect(error).toBeInstanceOf(OrderRulesError);
        expect((error as OrderRulesError).code).toBe('invalidEvent');
      }
    },
  );

  test.prop([placementArb, fc.jsonValue()])(
    'for any JSON value in place of the settings, startOrder decides or throws invalidSettings',
    (placement, settings) => {
      try {
        startOrder({ ...placement, settings } as unknown as Placement);
      } catch (error) {
        expect(error).toBeInstanceOf(OrderRulesError);
        expect((error as OrderRulesError).code).toBe('invalidSettings');
      }
    },
  );
});
