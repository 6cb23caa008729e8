/**
 * Hostile input: whatever a webhook, a database or a person sends, every public function either
 * decides on valid input or throws OrderRulesError with the code of the bad argument; it never
 * throws anything else, never changes what it was given, and never decides on an order no history
 * could have left: a snapshot edited by hand into such a state is refused, naming the field. And
 * every snapshot the engine writes reads back from storage and decides as it would have in memory.
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
import { historyArb, junkArb, placementArb } from './arbitraries.js';
import schema2 from './fixtures/snapshots-schema-2.json' with { type: 'json' };
import {
  cancelOrder,
  chequeOrder,
  deepFreeze,
  ignoringIncomplete,
  last,
  paypalOrder,
  play,
  sale,
  setPaid,
  setShipped,
  writtenOut,
} from './play.js';

const huge = 'x'.repeat(1_000_000);

/** Values no field of the rules accepts in place of a valid one of another kind, or out of range. */
const badNumbers = [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, 2 ** 53, '10', null];
const badTexts = ['', huge, 42, null, { toString: () => 'A-1' }];
const badCurrencies = ['eur', 'EURO', '', 978, null, 'ABC', 'XXX', 'XAU', 'XTS'];

/** Lines naming a sku twice: refused in an order, merged in a snapshot of schema 1 or 2. */
const duplicateSkuLines = [
  { sku: 'A', quantity: 1 },
  { sku: 'A', quantity: 1 },
];

/** Paths into an order, and values that are wrong there. */
const orderCorruptions: readonly [string[], readonly unknown[]][] = [
  [['id'], badTexts],
  [['paymentMethod'], [null, 'paypal', []]],
  [
    ['paymentMethod', 'kind'],
    ['crypto', '', 1, null],
  ],
  [['paymentMethod', 'provider'], badTexts],
  [['lines'], [[], 'TEE-M', null, {}, duplicateSkuLines]],
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
  [['total', 'currency'], badCurrencies],
];

/** Paths into a stored snapshot of the current schema, and values that are wrong there. */
const snapshotCorruptions: readonly [string[], readonly unknown[]][] = [
  [['schemaVersion'], [0, 5, '4', null, Number.NaN]],
  [['state'], [null, 'paid', []]],
  [
    ['state', 'payment'],
    ['lost', 'placed', '', 7],
  ],
  [
    ['state', 'shipping'],
    ['lost', null, 'partlyShipped'],
  ],
  [
    ['state', 'stock'],
    ['negative', null],
  ],
  [
    ['state', 'orderEmails'],
    ['twice', true],
  ],
  [
    ['state', 'listing'],
    [true, 'shown', null],
  ],
  [
    ['state', 'paymentWindow'],
    ['open', 30],
  ],
  [['transactionIds'], [null, 'PAY-9', [7], [huge], [''], ['PAY-1', 'PAY-1']]],
  [['money'], [null, 0, []]],
  [['money', 'captured'], badNumbers],
  [['money', 'refunded'], badNumbers],
  [['money', 'chargedBack'], badNumbers],
  [
    ['money', 'otherCurrencyAuthorizations'],
    [null, 'AUTH-9', [7], [''], ['AUTH-9']],
  ],
  [
    ['money', 'authorizations'],
    [null, 'AUTH-1', [{ id: 'A' }], [{ id: 'A', held: 0 }], [{ id: '', held: 5 }]],
  ],
  [
    ['money', 'otherCurrency'],
    ['yes', 1, null],
  ],
  [['goods'], [null, 'all', {}]],
  [
    ['goods', '0'],
    [null, 2, []],
  ],
  [['goods', '0', 'deducted'], badNumbers],
  [['goods', '0', 'shipped'], badNumbers],
  [['goods', '0', 'returned'], badNumbers],
  [['goods', '0', 'restored'], badNumbers],
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

/** Paths into a stored snapshot of schema 2, and values that are wrong there. */
const schema2Corruptions: readonly [string[], readonly unknown[]][] = [
  [
    ['state', 'payment'],
    ['authorized', 'refunded', 'lost'],
  ],
  [
    ['state', 'shipping'],
    ['partiallyShipped', 'returned'],
  ],
  [
    ['state', 'paymentAlerts'],
    [null, 'sent'],
  ],
  [
    ['state', 'paymentAlerts', 'amountMismatch'],
    ['twice', true],
  ],
  [['state', 'listing'], ['listed']],
  [['gatewayTransactionIds'], [null, 'PAY-9', [7], [huge]]],
  [['transactionIds'], [[]]],
  [['money'], [{}]],
  ...orderCorruptions.map(([path, values]): [string[], readonly unknown[]] => [
    ['order', ...path],
    values.filter((value) => value !== duplicateSkuLines),
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

/** The field name of `path` as errors write it: `order.lines[0].sku`. */
const fieldOf = (root: string, path: readonly (string | number)[]) =>
  root + path.map((key) => (/^\d+$/.test(String(key)) ? `[${key}]` : `.${key}`)).join('');

/** Runs `call`, which must throw OrderRulesError with one of `codes`, and returns that error. */
function refusal(call: () => unknown, ...codes: OrderRulesErrorCode[]): OrderRulesError {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (!(error instanceof OrderRulesError)) throw error;
    expect(codes).toContain(error.code);
    // Short whatever the input: the longest fixed part is the list of event types.
    expect(error.message.length).toBeLessThan(500);
    return error;
  }
  throw new Error(
    `expected OrderRulesError ${codes.join(' or ')}, got a decision: ${JSON.stringify(result)}`,
  );
}

/**
 * A snapshot as a host stores it, as plain mutable JSON, to edit by hand, with every field of its
 * money and goods written out (the engine leaves out those that are nothing; both read alike).
 */
// biome-ignore lint/suspicious/noExplicitAny: a hand edit reaches anywhere in the JSON
type Stored = any;
const stored = (snapshot: OrderSnapshot): Stored => writtenOut(snapshot);
const storedAfter = (placement: Placement, events: readonly OrderEvent[] = []): Stored =>
  stored(last(play(placement, events)).decision.snapshot);

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
    'M9, G1: for any order with one field made wrong (a quantity of 0, a repeated sku, an unknown currency, NaN, huge strings...), startOrder throws invalidOrder naming it',
    (placement, [path, bad]) => {
      const error = refusal(
        () => startOrder(deepFreeze({ ...placement, order: corrupt(placement.order, path, bad) })),
        'invalidOrder',
      );
      const field = fieldOf('order', path);
      expect(error.field.startsWith(field) || field.startsWith(error.field)).toBe(true);
    },
  );

  test.prop([historyArb(10), junkArb])(
    'for any value at all as the event, applyEvent throws invalidEvent and changes nothing',
    ({ placement, events }, junk) => {
      const snapshot = last(play(placement, events)).decision.snapshot;
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
    'for any stored snapshot with one field made wrong, applyEvent and getOrderView throw invalidSnapshot naming it',
    ({ placement, events }, [path, bad]) => {
      const broken = deepFreeze(corrupt(storedAfter(placement, events), path, bad));
      const field = fieldOf('snapshot', path);
      for (const error of [
        refusal(() => applyEvent(broken, setPaid), 'invalidSnapshot'),
        refusal(() => getOrderView(broken), 'invalidSnapshot'),
      ]) {
        const named = error.field.startsWith(field) || field.startsWith(error.field);
        expect(named, `${error.message} for ${field}`).toBe(true);
      }
    },
  );

  test.prop([fc.constantFrom(...schema2.entries), corruptionArb(schema2Corruptions)])(
    'for any schema-2 snapshot with one field made wrong, applyEvent and getOrderView throw invalidSnapshot',
    ({ snapshot }, [path, bad]) => {
      const broken = deepFreeze(corrupt(snapshot, path, bad)) as unknown as OrderSnapshot;
      refusal(() => applyEvent(broken, setPaid), 'invalidSnapshot');
      refusal(() => getOrderView(broken), 'invalidSnapshot');
    },
  );

  example('a huge string is refused with a short message', () => {
    const error = refusal(
      () => applyEvent(placed, { type: 'gateway.paymentFailed', transactionId: huge }),
      'invalidEvent',
    );
    expect(error.field).toBe('event.transactionId');
  });

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
      const withProto = JSON.parse(
        JSON.stringify(decision.snapshot).replace('{', '{"__proto__":{"x":1},'),
      );
      refusal(() => getOrderView(withProto), 'invalidSnapshot');
      expect(JSON.stringify(decision.snapshot)).toContain('"money":{}');
      const withProtoInMoney = JSON.parse(
        JSON.stringify(decision.snapshot).replace(
          '"money":{}',
          '"money":{"__proto__":{"captured":5}}',
        ),
      );
      refusal(() => getOrderView(withProtoInMoney), 'invalidSnapshot');
    },
  );
});

describe('snapshots edited by hand into a state no order can be in', () => {
  /** An edit no history can leave, with the fields its refusal may name; undefined: not for this order. */
  type Edit = (snapshot: Stored) => readonly string[] | undefined;
  const other = <T>(values: readonly T[], current: T) => values.find((value) => value !== current);
  const edits: Record<string, Edit> = {
    'goods of one line more than the order (G1)': (s) => {
      s.goods.push({ shipped: 0, returned: 0, restored: 0 });
      return ['snapshot.goods'];
    },
    'part of a line deducted (I1)': (s) => {
      s.goods[0].deducted = s.order.lines[0].quantity + 1;
      return ['snapshot.goods[0].deducted'];
    },
    'more units shipped than ordered (G2)': (s) => {
      s.goods[0].shipped = s.order.lines[0].quantity + 1;
      return ['snapshot.goods[0].shipped'];
    },
    'more units returned than shipped (G3)': (s) => {
      s.goods[0].returned = s.goods[0].shipped + 1;
      return ['snapshot.goods[0].returned'];
    },
    'more units restored than deducted (I1)': (s) => {
      s.goods[0].restored = (s.state.stock === 'notDeducted' ? 0 : s.order.lines[0].quantity) + 1;
      return ['snapshot.goods[0].restored'];
    },
    'more refunded than captured (I8)': (s) => {
      s.money.refunded = s.money.captured - s.money.chargedBack + 1;
      return ['snapshot.money'];
    },
    'a transaction id taken twice (D9)': (s) => {
      s.transactionIds = [...s.transactionIds.slice(-30), 'TWICE', 'TWICE'];
      return ['snapshot.transactionIds'];
    },
    'an authorization listed twice (M4)': (s) => {
      s.money.authorizations.push({ id: 'TWICE', held: 1 }, { id: 'TWICE', held: 1 });
      return ['snapshot.money.authorizations'];
    },
    'a manual-payment order with money (D8)': (s) => {
      if (s.order.paymentMethod.kind !== 'manual') return undefined;
      s.money.otherCurrency = true;
      return ['snapshot.money'];
    },
    'a stock region the goods and the confirmation do not match (I3, I5, G4)': (s) => {
      s.state.stock = other(['notDeducted', 'deducted', 'restored'], s.state.stock);
      // The units deducted follow the stock region: units restored may then exceed them.
      return [
        'snapshot.state.stock',
        ...s.goods.map((_: unknown, at: number) => `snapshot.goods[${at}].restored`),
      ];
    },
    'order emails the confirmation does not match (I4, D13)': (s) => {
      s.state.orderEmails = other(['notSent', 'sent', 'cancellationSent'], s.state.orderEmails);
      return ['snapshot.state.orderEmails'];
    },
    'a confirmation undone or made up (I4, I5)': (s) => {
      s.state.confirmation = s.state.confirmation === 'confirmed' ? 'unconfirmed' : 'confirmed';
      return ['snapshot.state.stock', 'snapshot.state.orderEmails'];
    },
    'a shipping status the goods do not match (G2, G3)': (s) => {
      s.state.shipping = other(
        ['notShipped', 'partiallyShipped', 'shipped', 'partiallyReturned', 'returned'],
        s.state.shipping,
      );
      return ['snapshot.state.shipping'];
    },
    'a listing written into the stored form, which works it out (I6)': (s) => {
      s.state.listing = 'listed';
      return ['snapshot.state.listing'];
    },
    'a units-deducted count written into the stored form, which works it out (I1)': (s) => {
      s.goods[0].deducted = s.order.lines[0].quantity;
      return ['snapshot.goods[0].deducted'];
    },
  };

  test.prop([historyArb(20), fc.constantFrom(...Object.keys(edits))])(
    'for any order a history leaves, a snapshot edited into a state no history leaves is refused with invalidSnapshot, naming the field',
    ({ placement, events }, name) => {
      const snapshot = storedAfter(placement, events);
      const fields = (edits[name] as Edit)(snapshot);
      if (fields === undefined) return;
      const frozen = deepFreeze(snapshot);
      for (const error of [
        refusal(() => applyEvent(frozen, setPaid), 'invalidSnapshot'),
        refusal(() => getOrderView(frozen), 'invalidSnapshot'),
      ]) {
        expect(fields, error.message).toContain(error.field);
      }
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
      'authorized',
      'partiallyPaid',
      'partiallyRefunded',
      'refunded',
      'voided',
    ),
    shipping: fc.constantFrom(
      'notShipped',
      'partiallyShipped',
      'shipped',
      'partiallyReturned',
      'returned',
    ),
    confirmation: fc.constantFrom('unconfirmed', 'confirmed'),
    stock: fc.constantFrom('notDeducted', 'deducted', 'restored'),
    orderEmails: fc.constantFrom('notSent', 'sent', 'cancellationSent'),
  });

  test.prop([historyArb(20), stateArb])(
    'for any snapshot whose state is replaced by hand, the engine refuses it or reads an order that keeps the invariants',
    ({ placement, events }, state) => {
      const edited = deepFreeze({ ...storedAfter(placement, events), state }) as OrderSnapshot;
      let view: ReturnType<typeof getOrderView>;
      try {
        view = getOrderView(edited);
      } catch (error) {
        expect(error).toBeInstanceOf(OrderRulesError);
        expect((error as OrderRulesError).code).toBe('invalidSnapshot');
        return;
      }
      const { realtimeStock } = placement.settings;
      const { amounts, lines, confirmed, paymentStatus } = view;
      const holdsMoney = amounts.received > 0 || amounts.held > 0 || edited.money.otherCurrency;
      expect(view.listed).toBe(confirmed || paymentStatus === 'review' || holdsMoney); // I6
      expect(!view.stockDeducted || (confirmed && realtimeStock)).toBe(true); // I2, I5
      expect(view.shippingStatus === 'notShipped' || confirmed).toBe(true); // D5
      expect(state.orderEmails !== 'notSent').toBe(confirmed); // I4
      expect(state.orderEmails === 'cancellationSent').toBe(
        confirmed && paymentStatus === 'cancelled',
      ); // D13
      if (['pending', 'paid', 'authorized', 'failed', 'voided'].includes(paymentStatus)) {
        expect(confirmed).toBe(true);
      }
      if (['incomplete', 'expired'].includes(paymentStatus)) expect(confirmed).toBe(false);
      if (state.stock === 'restored') expect(paymentStatus).toBe('cancelled'); // G4
      if (confirmed && realtimeStock && paymentStatus !== 'cancelled') {
        expect(lines.every((line) => line.deducted === line.quantity)).toBe(true); // I3
      }
      const shipped = lines.reduce((sum, line) => sum + line.shipped, 0);
      const returned = lines.reduce((sum, line) => sum + line.returned, 0);
      if (returned > 0) {
        expect(view.shippingStatus).toBe(returned === shipped ? 'returned' : 'partiallyReturned');
      } else if (shipped === 0) expect(view.shippingStatus).toBe('notShipped'); // G2
    },
  );

  const paypal = { order: paypalOrder, settings: ignoringIncomplete };
  example.each([
    [
      'confirmed with stock never deducted (I3)',
      storedAfter(paypal),
      { confirmation: 'confirmed', payment: 'pending', orderEmails: 'sent' },
      'snapshot.state.stock',
    ],
    [
      'shipped before the confirmation (D5)',
      storedAfter(paypal),
      { shipping: 'shipped' },
      'snapshot.state.shipping',
    ],
    [
      'paid but never confirmed (S1d)',
      storedAfter(paypal),
      { payment: 'paid' },
      'snapshot.state.confirmation',
    ],
    [
      'stock restored on a live order (G4)',
      storedAfter(paypal, [sale('PAY-1', 3990)]),
      { stock: 'restored' },
      'snapshot.state.stock',
    ],
    [
      'a window never asked for (B4)',
      storedAfter(paypal),
      { paymentWindow: 'scheduled' },
      'snapshot.state.paymentWindow',
    ],
    [
      'an incomplete order listed (S1b)',
      storedAfter(paypal),
      { listing: 'listed' },
      'snapshot.state.listing',
    ],
    [
      'a cancelled order that never sent its cancellation email (D13)',
      storedAfter(paypal, [sale('PAY-1', 3990), cancelOrder]),
      { orderEmails: 'sent' },
      'snapshot.state.orderEmails',
    ],
    [
      'a shipping status without the goods behind it (G2)',
      storedAfter(paypal, [sale('PAY-1', 3990)]),
      { shipping: 'partiallyShipped' },
      'snapshot.state.shipping',
    ],
    [
      'a manual-payment order left unconfirmed (S3a)',
      storedAfter({
        order: chequeOrder,
        settings: { ...ignoringIncomplete, realtimeStock: false },
      }),
      { confirmation: 'unconfirmed', orderEmails: 'notSent', payment: 'review' },
      'snapshot.state.confirmation',
    ],
  ])(
    'a snapshot edited into an impossible state (%s) is refused with invalidSnapshot',
    (_, snapshot, edit, field) => {
      const edited = { ...snapshot, state: { ...snapshot.state, ...edit } } as OrderSnapshot;
      expect(refusal(() => applyEvent(edited, setPaid), 'invalidSnapshot').field).toBe(field);
    },
  );

  example('goods that do not fit the order are refused, naming the line and the count', () => {
    const shipped = storedAfter(paypal, [sale('PAY-1', 3990), setShipped]);
    const cases: [(s: Stored) => void, string][] = [
      [(s) => (s.goods[0].deducted = 1), 'snapshot.goods[0].deducted'],
      [(s) => (s.goods[0].returned = 3), 'snapshot.goods[0].returned'],
      [(s) => (s.goods[0].restored = 1), 'snapshot.goods[0].restored'],
      [(s) => s.goods.pop(), 'snapshot.goods'],
    ];
    for (const [edit, field] of cases) {
      const edited = structuredClone(shipped);
      edit(edited);
      expect(refusal(() => getOrderView(edited), 'invalidSnapshot').field).toBe(field);
    }
  });

  example('money that does not fit the order is refused, naming the ledger', () => {
    const paid = storedAfter(paypal, [sale('PAY-1', 3990)]);
    const manual = storedAfter({ order: chequeOrder, settings: ignoringIncomplete });
    const cases: [Stored, string][] = [
      [{ ...paid, money: { ...paid.money, refunded: 4000 } }, 'snapshot.money'],
      [{ ...paid, money: { ...paid.money, chargedBack: 3991 } }, 'snapshot.money'],
      [{ ...paid, transactionIds: ['PAY-1', 'PAY-1'] }, 'snapshot.transactionIds'],
      [{ ...manual, transactionIds: ['PAY-1'] }, 'snapshot.transactionIds'],
      [{ ...manual, money: { ...manual.money, captured: 5400 } }, 'snapshot.money'],
    ];
    for (const [edited, field] of cases) {
      expect(refusal(() => getOrderView(edited), 'invalidSnapshot').field).toBe(field);
    }
  });
});

describe('what the engine writes reads back', () => {
  test.prop([historyArb()])(
    'for any history, every snapshot after a JSON round trip reads back with the same view, and decides the next event exactly as the snapshot in memory did',
    ({ placement, events }) => {
      const steps = play(placement, events);
      steps.forEach((step, at) => {
        const readBack = JSON.parse(JSON.stringify(step.decision.snapshot)) as OrderSnapshot;
        expect(getOrderView(readBack)).toEqual(step.view);
        const next = steps[at + 1];
        if (next === undefined) return;
        const decision = applyEvent(readBack, next.event as OrderEvent);
        expect([decision.outcome, decision.effects, getOrderView(decision.snapshot)]).toEqual([
          next.decision.outcome,
          next.decision.effects,
          next.view,
        ]);
      });
    },
  );

  test.prop([historyArb()])(
    'for any history, the engine changes nothing it is given: frozen placements, events and snapshots decide as unfrozen ones',
    ({ placement, events }) => {
      const frozen = play(
        deepFreeze(structuredClone(placement)),
        deepFreeze(structuredClone(events)),
      );
      const free = play(placement, events);
      expect(frozen.map((step) => [step.decision.effects, step.view])).toEqual(
        free.map((step) => [step.decision.effects, step.view]),
      );
    },
  );
});
