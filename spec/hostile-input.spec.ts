/**
 * Hostile input: whatever a webhook, a database or a person sends, every public function either
 * decides on valid input or throws OrderRulesError with the code of the bad argument; it never
 * throws anything else, never changes what it was given, and never decides on a corrupt order.
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
import fixtures from './fixtures/snapshots-schema-1.json' with { type: 'json' };
import { deepFreeze, ignoringIncomplete, paypalOrder, play, setPaid } from './play.js';

/** Any value at all: primitives, arrays, objects with or without prototype, maps, dates, big integers... */
const junkArb = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

const huge = 'x'.repeat(1_000_000);

/** Values no field of the rules accepts in place of a valid one of another kind, or out of range. */
const badNumbers = [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, 2 ** 53, '10', null];
const badTexts = ['', huge, 42, null, { toString: () => 'A-1' }];

/** Paths into an order, and values that are wrong there. */
const orderCorruptions: readonly [string[], readonly unknown[]][] = [
  [['id'], badTexts],
  [['paymentMethod'], [null, 'paypal', []]],
  [
    ['paymentMethod', 'kind'],
    ['crypto', '', 1, null],
  ],
  [['paymentMethod', 'provider'], badTexts],
  [['lines'], [[], 'TEE-M', null, {}]],
  [
    ['lines', '0'],
    [null, 'TEE-M', []],
  ],
  [['lines', '0', 'sku'], badTexts],
  [
    ['lines', '0', 'quantity'],
    [0, -2, ...badNumbers],
  ],
  [['total', 'amount'], badNumbers],
  [
    ['total', 'currency'],
    ['eur', 'EURO', '', 978, null],
  ],
];

/** Paths into a snapshot, and values that are wrong there. */
const snapshotCorruptions: readonly [string[], readonly unknown[]][] = [
  [['schemaVersion'], [0, 3, '2', null, Number.NaN]],
  [['state'], [null, 'paid', []]],
  [
    ['state', 'payment'],
    ['refunded', 'placed', '', 7],
  ],
  [
    ['state', 'shipping'],
    ['lost', null],
  ],
  [
    ['state', 'stock'],
    ['negative', null],
  ],
  [
    ['state', 'paymentAlerts'],
    [null, 'sent'],
  ],
  [
    ['state', 'paymentAlerts', 'amountMismatch'],
    ['twice', true],
  ],
  [['gatewayTransactionIds'], [null, 'PAY-9', [7], [huge]]],
  [
    ['settings', 'realtimeStock'],
    ['yes', 1, null],
  ],
  [
    ['settings', 'paymentWindowMinutes'],
    [0, -5, 2.5, Number.NaN, '30'],
  ],
  ...orderCorruptions.map(([path, values]): [string[], readonly unknown[]] => [
    ['order', ...path],
    values,
  ]),
];

const corruptionArb = (corruptions: readonly [string[], readonly unknown[]][]) =>
  fc
    .constantFrom(...corruptions)
    .chain(([path, values]) => fc.tuple(fc.constant(path), fc.constantFrom(...values)));

/** A deep copy of `value` with the value at `path` replaced by `bad`. */
function corrupt<T>(value: T, path: readonly string[], bad: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1] as string] = bad;
  return copy as T;
}

/** Runs `call`, which must throw OrderRulesError with one of `codes`, and returns that error. */
function refusal(call: () => unknown, ...codes: OrderRulesErrorCode[]): OrderRulesError {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (!(error instanceof OrderRulesError)) throw error;
    expect(codes).toContain(error.code);
    expect(error.message.length).toBeLessThan(400);
    return error;
  }
  throw new Error(
    `expected OrderRulesError ${codes.join(' or ')}, got a decision: ${JSON.stringify(result)}`,
  );
}

const placed = startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot;

describe('hostile input', () => {
  test.prop([junkArb])(
    'for any value at all as the placement, startOrder throws invalidOrder or invalidSettings',
    (junk) => {
      refusal(() => startOrder(deepFreeze(junk) as Placement), 'invalidOrder', 'invalidSettings');
    },
  );

  test.prop([placementArb, junkArb])(
    'for any value at all as the settings, startOrder throws invalidSettings',
    (placement, junk) => {
      refusal(
        () => startOrder(deepFreeze({ ...placement, settings: junk }) as Placement),
        'invalidSettings',
      );
    },
  );

  test.prop([placementArb, corruptionArb(orderCorruptions)])(
    'for any order with one field made wrong (NaN, negative or fractional quantities, huge strings...), startOrder throws invalidOrder naming it',
    (placement, [path, bad]) => {
      const error = refusal(
        () => startOrder(deepFreeze({ ...placement, order: corrupt(placement.order, path, bad) })),
        'invalidOrder',
      );
      const field = `order${path.map((key) => (/^\d+$/.test(key) ? `[${key}]` : `.${key}`)).join('')}`;
      expect(error.field.startsWith(field) || field.startsWith(error.field)).toBe(true);
    },
  );

  test.prop([historyArb(10), junkArb])(
    'for any value at all as the event, applyEvent throws invalidEvent and changes nothing',
    ({ placement, events }, junk) => {
      const snapshot = deepFreeze(
        play(placement, events).at(-1)?.decision.snapshot as OrderSnapshot,
      );
      refusal(() => applyEvent(snapshot, deepFreeze(junk) as OrderEvent), 'invalidEvent');
    },
  );

  test.prop([junkArb])(
    'for any value at all as the snapshot, applyEvent and getOrderView throw invalidSnapshot',
    (junk) => {
      const snapshot = deepFreeze(junk) as OrderSnapshot;
      refusal(() => applyEvent(snapshot, setPaid), 'invalidSnapshot');
      refusal(() => getOrderView(snapshot), 'invalidSnapshot');
    },
  );

  test.prop([historyArb(10), corruptionArb(snapshotCorruptions)])(
    'for any stored snapshot with one field made wrong, applyEvent and getOrderView throw invalidSnapshot',
    ({ placement, events }, [path, bad]) => {
      const stored = play(placement, events).at(-1)?.decision.snapshot as OrderSnapshot;
      const broken = deepFreeze(corrupt(stored, path, bad));
      refusal(() => applyEvent(broken, setPaid), 'invalidSnapshot');
      refusal(() => getOrderView(broken), 'invalidSnapshot');
    },
  );

  const stateArb = fc.record({
    payment: fc.constantFrom(
      'incomplete',
      'pending',
      'paid',
      'review',
      'failed',
      'expired',
      'cancelled',
    ),
    shipping: fc.constantFrom('notShipped', 'shipped'),
    confirmation: fc.constantFrom('unconfirmed', 'confirmed'),
    stock: fc.constantFrom('notDeducted', 'deducted', 'restored'),
    orderEmails: fc.constantFrom('notSent', 'sent'),
    paymentWindow: fc.constantFrom('scheduled', 'none'),
    paymentAlerts: fc.record({
      amountMismatch: fc.constantFrom('notSent', 'sent'),
      possibleDoublePayment: fc.constantFrom('notSent', 'sent'),
      paymentAfterCancellation: fc.constantFrom('notSent', 'sent'),
    }),
  });

  test.prop([historyArb(10), stateArb])(
    'for any snapshot whose state is edited by hand, the engine refuses it or reads an order that keeps the rules',
    ({ placement, events }, state) => {
      const stored = play(placement, events).at(-1)?.decision.snapshot as OrderSnapshot;
      const edited = deepFreeze({ ...stored, state } as OrderSnapshot);
      let view: ReturnType<typeof getOrderView>;
      try {
        view = getOrderView(edited);
      } catch (error) {
        expect(error).toBeInstanceOf(OrderRulesError);
        expect((error as OrderRulesError).code).toBe('invalidSnapshot');
        return;
      }
      const { realtimeStock } = placement.settings;
      expect(view.listed).toBe(view.confirmed || view.paymentStatus === 'review'); // I6
      expect(!view.stockDeducted || (view.confirmed && realtimeStock)).toBe(true); // I2, I5
      expect(view.shippingStatus === 'notShipped' || view.confirmed).toBe(true); // D5
      expect(state.orderEmails === 'sent').toBe(view.confirmed); // I4
      expect(
        ['pending', 'paid', 'failed'].includes(view.paymentStatus) ? view.confirmed : true,
      ).toBe(true);
      expect(['incomplete', 'expired'].includes(view.paymentStatus) ? !view.confirmed : true).toBe(
        true,
      );
      expect(state.stock === 'restored' ? view.paymentStatus === 'cancelled' : true).toBe(true); // I1
    },
  );

  example.each([
    [
      'confirmed with stock never deducted',
      { confirmation: 'confirmed', payment: 'pending', orderEmails: 'sent' },
    ],
    ['shipped before confirmation', { shipping: 'shipped' }],
    ['paid but unconfirmed', { payment: 'paid' }],
    ['stock restored on a live order', { stock: 'restored' }],
    ['a window never asked for', { paymentWindow: 'scheduled' }],
  ])(
    'a snapshot edited into an impossible state (%s) is refused with invalidSnapshot',
    (_, edit) => {
      const edited = { ...placed, state: { ...placed.state, ...edit } } as OrderSnapshot;
      expect(refusal(() => applyEvent(edited, setPaid), 'invalidSnapshot').field).toBe(
        'snapshot.state',
      );
    },
  );

  example(
    'gateway transactions that do not fit the order are refused: repeated ids, or ids on a manual payment',
    () => {
      const paid = play({ order: paypalOrder, settings: ignoringIncomplete }, [setPaid]).at(-1)
        ?.decision.snapshot as OrderSnapshot;
      refusal(
        () => getOrderView({ ...paid, gatewayTransactionIds: ['PAY-1', 'PAY-1'] }),
        'invalidSnapshot',
      );
      const manual = startOrder({
        order: { ...paypalOrder, paymentMethod: { kind: 'manual', provider: 'cheque' } },
        settings: ignoringIncomplete,
      }).snapshot;
      refusal(
        () => getOrderView({ ...manual, gatewayTransactionIds: ['PAY-1'] }),
        'invalidSnapshot',
      );
    },
  );

  example(
    'keys named __proto__ and constructor neither pollute prototypes nor reach the snapshot',
    () => {
      const order = JSON.parse(
        `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(paypalOrder).slice(1)}`,
      );
      const event = JSON.parse(
        '{"type":"merchant.paymentStatusChanged","status":"paid","__proto__":{"status":"pending"}}',
      );
      const decision = applyEvent(
        startOrder({ order, settings: ignoringIncomplete }).snapshot,
        event,
      );
      expect(getOrderView(decision.snapshot).paymentStatus).toBe('paid');
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      expect(Object.keys(decision.snapshot.order)).toEqual([
        'id',
        'paymentMethod',
        'lines',
        'total',
      ]);
      const stored = JSON.parse(
        JSON.stringify(decision.snapshot).replace('{', '{"__proto__":{"x":1},'),
      );
      refusal(() => getOrderView(stored), 'invalidSnapshot');
    },
  );

  example('a huge string is refused with a short message', () => {
    const error = refusal(
      () => applyEvent(placed, { type: 'gateway.paymentFailed', transactionId: huge }),
      'invalidEvent',
    );
    expect(error.field).toBe('event.transactionId');
  });
});

describe('snapshots of older versions', () => {
  example(
    'a snapshot stored by order-rules 0.1 (schema 1) is read, brought up to date, and decided on',
    () => {
      const old = fixtures.paidAndShipped as unknown as OrderSnapshot;
      expect(getOrderView(old)).toEqual({
        orderId: 'A-1001',
        paymentStatus: 'paid',
        shippingStatus: 'shipped',
        listed: true,
        confirmed: true,
        stockDeducted: true,
      });
      const cancelled = applyEvent(old, { type: 'merchant.orderCancelled' });
      expect(cancelled.snapshot.schemaVersion).toBe(2);
      expect(cancelled.effects.map((effect) => effect.type)).toEqual(['restoreStock']);
      const unchanged = applyEvent(old, setPaid);
      expect(unchanged.snapshot).toBe(old);
    },
  );

  example('an incomplete order stored at schema 1 is confirmed by a later payment report', () => {
    const old = fixtures.incomplete as unknown as OrderSnapshot;
    const paid = applyEvent(old, {
      type: 'gateway.paymentConfirmed',
      transactionId: 'PAY-1',
      amount: 3990,
      currency: 'EUR',
    });
    expect(paid.effects.map((effect) => effect.type)).toEqual([
      'deductStock',
      'sendEmail',
      'sendEmail',
    ]);
  });

  example(
    'a snapshot of a schema this version does not know is refused, saying which it reads',
    () => {
      const error = refusal(
        () => getOrderView({ ...placed, schemaVersion: 9 } as unknown as OrderSnapshot),
        'invalidSnapshot',
      );
      expect(error.message).toBe(
        'snapshot.schemaVersion is 9, which this version of order-rules does not read (it reads 1 and 2)',
      );
    },
  );
});
