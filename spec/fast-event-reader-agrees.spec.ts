/**
 * The fast event reader is the schema, only faster: on any valid event, `readEventFast` gives what
 * the event schema gives, field for field, in a fresh copy; on any input at all (a valid event with
 * a field made wrong, removed or added, a line made wrong, a proxy, a getter that throws, an object
 * of a class...) it gives nothing or exactly what the schema gives, and takes every plain event the
 * schema takes; and `parseEvent` throws the schema's very error, code, field and message. The same
 * holds for every field of every event type at each of its edges, one by one.
 */
import { fc, test } from '@fast-check/vitest';
import * as v from 'valibot';
import { describe, test as example, expect } from 'vitest';
import { minorUnitDigits } from '../src/currencies.js';
import { eventTypes, MAX_NOTE, OrderEventSchema } from '../src/events.js';
import { readEventFast } from '../src/fastParse.js';
import { type OrderEvent, OrderRulesError } from '../src/index.js';
import { MAX_LINES, MAX_TEXT } from '../src/order.js';
import { EventSchema, parseEvent } from '../src/parse.js';
import { validate } from '../src/validate.js';
import { historyArb, junkArb } from './arbitraries.js';

/** Every field some event type has. */
const knownFields = [
  'type',
  'transactionId',
  'authorizationId',
  'amount',
  'currency',
  'status',
  'lines',
  'restock',
  'reason',
] as const;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Texts the schema takes: short ones, of any characters, and the longest. */
const textArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: MAX_TEXT / 2 }),
  fc.constantFrom('x', 'x'.repeat(MAX_TEXT), 'é'.repeat(MAX_TEXT)),
);
const noteArb = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'x'.repeat(MAX_NOTE), 'é'.repeat(MAX_NOTE)),
);
const amountArb = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }),
  fc.constantFrom(1, 2, MAX_SAFE),
  fc.integer({ min: 1, max: MAX_SAFE }),
);
const currencyArb = fc.constantFrom(...Object.keys(minorUnitDigits));

/** The most lines an event may have, each of one unit. */
const mostLines = Array.from({ length: MAX_LINES }, (_, index) => ({
  sku: `SKU-${index}`,
  quantity: 1,
}));

/** Lines the schema takes: one per sku, up to MAX_LINES of them, up to 2^53 - 1 units in all. */
const linesArb = fc.oneof(
  {
    arbitrary: fc.uniqueArray(
      fc.record({ sku: textArb, quantity: fc.integer({ min: 1, max: 1_000_000 }) }),
      { minLength: 1, maxLength: 6, selector: (line) => line.sku },
    ),
    weight: 20,
  },
  {
    arbitrary: fc.constant([
      { sku: 'A', quantity: MAX_SAFE - 1 },
      { sku: 'B', quantity: 1 },
    ]),
    weight: 1,
  },
  { arbitrary: fc.constant(mostLines), weight: 1 },
);

const amountMovedArb = (type: string) =>
  fc.record({
    type: fc.constant(type),
    transactionId: textArb,
    amount: amountArb,
    currency: currencyArb,
  });

/** Every event type, each field drawn over all the schema takes (optional fields there or not). */
const eventOfEachTypeArb = {
  'gateway.paymentConfirmed': amountMovedArb('gateway.paymentConfirmed'),
  'gateway.paymentAuthorized': amountMovedArb('gateway.paymentAuthorized'),
  'gateway.paymentCaptured': fc.record({
    type: fc.constant('gateway.paymentCaptured'),
    transactionId: textArb,
    authorizationId: textArb,
    amount: amountArb,
    currency: currencyArb,
  }),
  'gateway.authorizationVoided': fc.record({
    type: fc.constant('gateway.authorizationVoided'),
    transactionId: textArb,
    authorizationId: textArb,
  }),
  'gateway.refunded': amountMovedArb('gateway.refunded'),
  'gateway.chargeback': amountMovedArb('gateway.chargeback'),
  'gateway.chargebackReversed': amountMovedArb('gateway.chargebackReversed'),
  'gateway.paymentFailed': fc.record(
    { type: fc.constant('gateway.paymentFailed'), transactionId: textArb, reason: noteArb },
    { requiredKeys: ['type'] },
  ),
  'timer.paymentWindowElapsed': fc.record({ type: fc.constant('timer.paymentWindowElapsed') }),
  'merchant.paymentStatusChanged': fc.record({
    type: fc.constant('merchant.paymentStatusChanged'),
    status: fc.constantFrom('paid', 'pending'),
  }),
  'merchant.shippingStatusChanged': fc.record({
    type: fc.constant('merchant.shippingStatusChanged'),
    status: fc.constantFrom('shipped', 'notShipped'),
  }),
  'merchant.linesShipped': fc.record({
    type: fc.constant('merchant.linesShipped'),
    lines: linesArb,
  }),
  'merchant.linesReturned': fc.record({
    type: fc.constant('merchant.linesReturned'),
    lines: linesArb,
    restock: fc.boolean(),
  }),
  'merchant.orderCancelled': fc.record(
    { type: fc.constant('merchant.orderCancelled'), reason: noteArb },
    { requiredKeys: ['type'] },
  ),
} satisfies { readonly [Type in OrderEvent['type']]: fc.Arbitrary<object> };

/** Fields no event type has, as a webhook's payload brings them, at the top and in lines. */
const extraFieldsArb = fc.oneof(
  fc.constant({}),
  fc.dictionary(
    fc.string().filter((key) => !(knownFields as readonly string[]).includes(key)),
    fc.jsonValue(),
    { minKeys: 1, maxKeys: 3 },
  ),
);

/** `event` with `extra` fields at its top and `lineExtra` fields in each of its lines. */
function padded(event: object, extra: object, lineExtra: object): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...extra, ...event };
  if (Array.isArray(copy.lines)) {
    copy.lines = copy.lines.map((line: object) => ({ ...lineExtra, ...line }));
  }
  return copy;
}

/** Valid events of any type, as likely as one another, some with fields no type has. */
const anyEventArb = fc
  .tuple(fc.oneof(...Object.values(eventOfEachTypeArb)), extraFieldsArb, extraFieldsArb)
  .map(([event, extra, lineExtra]) => padded(event, extra, lineExtra));

/** Valid events: those of the histories, and any of each type, some with fields no type has. */
const validEventArb = fc.oneof(
  fc
    .tuple(
      historyArb(40, 1).chain(({ events }) => fc.constantFrom(...events)),
      extraFieldsArb,
      extraFieldsArb,
    )
    .map(([event, extra, lineExtra]) => padded(event, extra, lineExtra)),
  anyEventArb,
);

type KnownField = (typeof knownFields)[number];

/** Values at the edges of what a text takes, and of the wrong kind. */
const textEdges: readonly unknown[] = [
  '',
  'x',
  'x'.repeat(MAX_TEXT),
  'x'.repeat(MAX_TEXT + 1),
  'é'.repeat(MAX_TEXT + 1),
  7,
  null,
  undefined,
  ['A-1'],
  { toString: () => 'A-1' },
  new String('A-1'),
];
/** Values at the edges of what an amount or a quantity takes, and of the wrong kind. */
const countEdges: readonly unknown[] = [
  -0,
  0,
  1,
  2,
  -1,
  0.5,
  1.5,
  MAX_SAFE,
  2 ** 53,
  2 ** 53 + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '10',
  null,
  undefined,
  new Number(5),
  5n,
  true,
];

/** Values at the edges of what each field takes, and of the wrong kind. */
const edgesOf: { readonly [Field in KnownField]: readonly unknown[] } = {
  type: [
    ...eventTypes,
    'merchant.orderDeleted',
    'Gateway.refunded',
    '',
    null,
    undefined,
    5,
    new String('timer.paymentWindowElapsed'),
  ],
  transactionId: textEdges,
  authorizationId: textEdges,
  amount: countEdges,
  currency: [
    'EUR',
    'JPY',
    'BHD',
    'CLF',
    'eur',
    'Eur',
    'EURO',
    'EU',
    '',
    ' EUR',
    'EUR\n',
    'ABC',
    'XXX',
    'XAU',
    'XTS',
    'XDR',
    978,
    null,
    undefined,
    new String('EUR'),
  ],
  status: [
    'paid',
    'pending',
    'shipped',
    'notShipped',
    'refunded',
    'authorized',
    'PAID',
    '',
    null,
    undefined,
    true,
  ],
  lines: [
    [],
    'TEE-M',
    null,
    undefined,
    {},
    { 0: { sku: 'A', quantity: 1 }, length: 1 },
    [{ sku: 'A', quantity: 1 }],
    [['A', 1]],
  ],
  restock: [true, false, 'yes', 1, 0, null, undefined, new Boolean(true)],
  reason: ['', 'x'.repeat(MAX_NOTE), 'x'.repeat(MAX_NOTE + 1), 5, null, undefined, new String('x')],
};
const allEdges = [...new Set(Object.values(edgesOf).flat())];
const lineEdgesOf = { sku: textEdges, quantity: countEdges };
/** What may stand in a list of lines in place of a line. */
const notLines: readonly unknown[] = [
  null,
  undefined,
  'TEE-M',
  [],
  ['A', 1],
  { sku: 'A' },
  { quantity: 1 },
  { sku: 'A', quantity: 1 },
];

/** A value for a field: mostly at the edges of what that field takes, else any at all. */
const valueArbOf = (edges: readonly unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...edges), weight: 8 },
    { arbitrary: fc.constantFrom(...allEdges), weight: 1 },
    { arbitrary: junkArb, weight: 1 },
  );

const linesChanges = [
  'repeatASku',
  'oneTooMany',
  'tooManyUnits',
  'empty',
  'withHole',
  'withArrayField',
] as const;

/** A change to an event: a field set (perhaps to undefined), removed or added, or a line changed. */
type Change =
  | { readonly kind: 'set' | 'extra'; readonly key: string; readonly value: unknown }
  | { readonly kind: 'delete'; readonly key: string }
  | {
      readonly kind: 'setLineField';
      readonly index: number;
      readonly key: 'sku' | 'quantity';
      readonly value: unknown;
    }
  | { readonly kind: 'deleteLineField'; readonly index: number; readonly key: 'sku' | 'quantity' }
  | { readonly kind: 'replaceLine'; readonly index: number; readonly value: unknown }
  | { readonly kind: 'lines'; readonly as: (typeof linesChanges)[number] };

/** A field of `event`, mostly one it has. */
const keyArbOf = (event: Record<string, unknown>) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...Object.keys(event)), weight: 3 },
    { arbitrary: fc.constantFrom(...knownFields), weight: 1 },
  );

/** The changes that may be made to `event`: to its fields, and to its lines if it has some. */
function changeArbOf(event: Record<string, unknown>): fc.Arbitrary<Change> {
  const set = keyArbOf(event).chain((key) =>
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.constant(key),
      value: valueArbOf(Object.hasOwn(edgesOf, key) ? edgesOf[key as KnownField] : allEdges),
    }),
  );
  const remove = fc.record({ kind: fc.constant('delete' as const), key: keyArbOf(event) });
  const extra = fc.record({
    kind: fc.constant('extra' as const),
    key: fc.string(),
    value: junkArb,
  });
  const fieldChanges = [
    { arbitrary: set, weight: 6 },
    { arbitrary: remove, weight: 2 },
    { arbitrary: extra, weight: 1 },
  ];
  const count = Array.isArray(event.lines) ? event.lines.length : 0;
  if (count === 0) return fc.oneof(...fieldChanges);
  const index = fc.nat(count - 1);
  const lineKey = fc.constantFrom('sku' as const, 'quantity' as const);
  return fc.oneof(
    ...fieldChanges,
    {
      arbitrary: fc.tuple(index, lineKey).chain(([at, key]) =>
        fc.record({
          kind: fc.constant('setLineField' as const),
          index: fc.constant(at),
          key: fc.constant(key),
          value: valueArbOf(lineEdgesOf[key]),
        }),
      ),
      weight: 3,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('deleteLineField' as const), index, key: lineKey }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('replaceLine' as const),
        index,
        value: valueArbOf(notLines),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('lines' as const),
        as: fc.constantFrom(...linesChanges),
      }),
      weight: 4,
    },
  );
}

/**
 * How the changed event is handed over. `plain`: as it is, frozen, of no prototype, through a
 * proxy that only forwards, or with getters that return its fields: the reader must take it
 * whenever the schema does. The others it may leave to the schema.
 */
const plainWrappings = ['none', 'frozen', 'noPrototype', 'forwardingProxy', 'getters'] as const;
const otherWrappings = [
  'classInstance',
  'array',
  'inheritedFields',
  'throwingGetter',
  'throwingProxy',
  'throwingPrototypeProxy',
  'hidingProxy',
  'linesOfAClass',
  'lineOfAClass',
  'throwingLine',
] as const;
type Wrapping = (typeof plainWrappings)[number] | (typeof otherWrappings)[number];

/** Events with lines, to change their lines more often. */
const lineEventArb = fc
  .tuple(
    fc.oneof(
      eventOfEachTypeArb['merchant.linesShipped'],
      eventOfEachTypeArb['merchant.linesReturned'],
    ),
    extraFieldsArb,
    extraFieldsArb,
  )
  .map(([event, extra, lineExtra]) => padded(event, extra, lineExtra));

/**
 * An input that is no event at all; or a valid event with some changes made, handed over some
 * way, `key` naming the field the wrapping picks on (a getter that throws, a field hidden).
 */
type Hostile =
  | { readonly whole: unknown }
  | {
      readonly event: Record<string, unknown>;
      readonly changes: readonly Change[];
      readonly wrapping: Wrapping;
      readonly key: string;
    };

const hostileArb: fc.Arbitrary<Hostile> = fc.oneof(
  {
    arbitrary: fc.record({ whole: fc.oneof(fc.constantFrom(...allEdges), junkArb) }),
    weight: 1,
  },
  {
    arbitrary: fc.oneof(anyEventArb, validEventArb, lineEventArb).chain((event) =>
      fc.record({
        event: fc.constant(event),
        changes: fc.oneof(
          { arbitrary: fc.constant([]), weight: 1 },
          { arbitrary: fc.array(changeArbOf(event), { minLength: 1, maxLength: 2 }), weight: 4 },
        ),
        wrapping: fc.oneof(
          { arbitrary: fc.constantFrom<Wrapping>(...plainWrappings), weight: 4 },
          { arbitrary: fc.constantFrom<Wrapping>(...otherWrappings), weight: 1 },
        ),
        key: keyArbOf(event),
      }),
    ),
    weight: 9,
  },
);

/** An object of a class: the fields of `fields`, its own, but not a plain object. */
class Payload {
  constructor(fields: object) {
    Object.assign(this, fields);
  }
}

/** An array of a class of its own. */
class LineList extends Array<unknown> {}

const throwing = () => {
  throw new Error('boom');
};

/** A copy of `event`'s lines, if it has a list of them, to change. */
const linesOf = (event: Record<string, unknown>): unknown[] | undefined =>
  Array.isArray(event.lines) ? [...event.lines] : undefined;

/** `event` with `change` made, in a copy. */
function changed(event: Record<string, unknown>, change: Change): Record<string, unknown> {
  const copy = { ...event };
  const lines = linesOf(copy);
  switch (change.kind) {
    case 'set':
      copy[change.key] = change.value;
      return copy;
    case 'delete':
      delete copy[change.key];
      return copy;
    case 'extra':
      Object.defineProperty(copy, change.key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    case 'setLineField':
    case 'deleteLineField':
    case 'replaceLine': {
      if (lines === undefined) return copy;
      const index = change.index % lines.length;
      if (change.kind === 'replaceLine') lines[index] = change.value;
      else {
        const line = { ...(lines[index] as object) } as Record<string, unknown>;
        if (change.kind === 'setLineField') line[change.key] = change.value;
        else delete line[change.key];
        lines[index] = line;
      }
      return { ...copy, lines };
    }
    case 'lines':
      if (lines === undefined) return copy;
      return { ...copy, lines: changedLines(lines, change.as) };
  }
}

/** `lines` changed as `as` says. */
function changedLines(lines: unknown[], as: Extract<Change, { kind: 'lines' }>['as']): unknown[] {
  const first = lines[0] as { readonly sku?: unknown } | null | undefined;
  switch (as) {
    case 'repeatASku':
      return [...lines, { sku: first?.sku, quantity: 1 }];
    case 'oneTooMany':
      return [...mostLines, { sku: 'ONE-MORE', quantity: 1 }].slice(0, MAX_LINES + 1);
    case 'tooManyUnits':
      return [...lines, { sku: 'MANY', quantity: MAX_SAFE }];
    case 'empty':
      return [];
    case 'withHole': {
      const holed = [...lines];
      holed.length += 1;
      return holed;
    }
    case 'withArrayField':
      return Object.assign([...lines], { note: 'a field on the list' });
  }
}

/** Proxy handlers: one that only forwards, and the hostile ones. */
const forwarding: ProxyHandler<object> = {};
const throwingOnRead: ProxyHandler<object> = { get: throwing, has: throwing };
const throwingOnPrototype: ProxyHandler<object> = { getPrototypeOf: throwing };
/** Says it has no `key` while it gives its value all the same. */
const hiding = (key: string): ProxyHandler<object> => ({
  has: (target, name) => name !== key && Reflect.has(target, name),
});

/** `event` handed over as `wrapping` says; `key` names the field a wrapping picks on. */
function wrapped(event: Record<string, unknown>, wrapping: Wrapping, key: string): unknown {
  switch (wrapping) {
    case 'none':
      return event;
    case 'frozen':
      return Object.freeze({ ...event });
    case 'noPrototype':
      return Object.assign(Object.create(null), event);
    case 'forwardingProxy':
      return new Proxy(event, forwarding);
    case 'getters':
      return Object.defineProperties(
        {},
        Object.fromEntries(
          Object.entries(event).map(([name, value]) => [
            name,
            { get: () => value, enumerable: true, configurable: true },
          ]),
        ),
      );
    case 'classInstance':
      return new Payload(event);
    case 'array':
      return Object.assign([], event);
    case 'inheritedFields':
      return Object.create(event);
    case 'throwingGetter':
      return Object.defineProperty({ ...event }, key, { get: throwing, enumerable: true });
    case 'throwingProxy':
      return new Proxy(event, throwingOnRead);
    case 'throwingPrototypeProxy':
      return new Proxy(event, throwingOnPrototype);
    case 'hidingProxy':
      return new Proxy(event, hiding(key));
    case 'linesOfAClass':
      return { ...event, lines: LineList.from(linesOf(event) ?? []) };
    case 'lineOfAClass':
    case 'throwingLine': {
      const lines = linesOf(event);
      if (lines === undefined || lines.length === 0) return event;
      const line = lines[0] as object;
      lines[0] =
        wrapping === 'lineOfAClass'
          ? new Payload(line)
          : Object.defineProperty({ ...line }, 'quantity', { get: throwing, enumerable: true });
      return { ...event, lines };
    }
  }
}

/** The input a hostile case stands for, built afresh, and whether the reader must take it if the schema does. */
function inputOf(hostile: Hostile): { input: unknown; plain: boolean } {
  if ('whole' in hostile) return { input: hostile.whole, plain: true };
  const event = hostile.changes.reduce(changed, hostile.event);
  return {
    input: wrapped(event, hostile.wrapping, hostile.key),
    plain: (plainWrappings as readonly string[]).includes(hostile.wrapping),
  };
}

/** What `schema` makes of `input`: its output, or `refused` (an issue, or a throw while reading it). */
function schemaOutput(schema: v.GenericSchema, input: unknown): { output: unknown } | 'refused' {
  try {
    const result = v.safeParse(schema, input, { abortEarly: true });
    return result.success ? { output: result.output } : 'refused';
  } catch {
    return 'refused';
  }
}

/** What `read` does with an input: the event it gives, or the OrderRulesError it throws, in full. */
function outcomeOf(read: () => OrderEvent): unknown {
  try {
    return { event: read() };
  } catch (error) {
    expect(error).toBeInstanceOf(OrderRulesError);
    const { code, field, message } = error as OrderRulesError;
    return { code, field, message };
  }
}

/** Every object and array within `value`, itself included (skipping a field whose getter throws). */
function objectsWithin(value: unknown, found = new Set<unknown>()): Set<unknown> {
  if (typeof value !== 'object' || value === null || found.has(value)) return found;
  found.add(value);
  for (const key of Reflect.ownKeys(value)) {
    try {
      objectsWithin(Reflect.get(value, key), found);
    } catch {
      // A getter that throws: nothing the reader could have copied.
    }
  }
  return found;
}

/** `fast` is `expected`, the schema's output, to the order of the fields, and shares no object with `input`. */
function expectSameCopy(fast: unknown, expected: unknown, input: unknown): void {
  expect(fast).toStrictEqual(expected);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
  const inputObjects = objectsWithin(input);
  expect([...objectsWithin(fast)].filter((object) => inputObjects.has(object))).toEqual([]);
}

/**
 * `readEventFast` gives nothing or what the schema gives, in a fresh copy, and gives something
 * whenever the schema does if the input is `plain`; `parseEvent` gives what the schema gives, or
 * throws its very error.
 */
function expectAgreement(input: unknown, plain: boolean): void {
  const fast = readEventFast(input);
  const expected = schemaOutput(EventSchema, input);
  if (fast !== undefined) {
    expect(expected).not.toBe('refused');
    expect(schemaOutput(OrderEventSchema, input)).not.toBe('refused');
    expectSameCopy(fast, (expected as { output: unknown }).output, input);
  } else if (plain) {
    expect(expected).toBe('refused');
  }
  expect(outcomeOf(() => parseEvent(input))).toStrictEqual(
    outcomeOf(() => validate(EventSchema, input, 'invalidEvent', 'event')),
  );
}

/** A valid event of each type, with every field its type has. */
const eventOfEachType = {
  'gateway.paymentConfirmed': {
    type: 'gateway.paymentConfirmed',
    transactionId: 'PAY-1',
    amount: 3990,
    currency: 'EUR',
  },
  'gateway.paymentAuthorized': {
    type: 'gateway.paymentAuthorized',
    transactionId: 'AUTH-1',
    amount: 3990,
    currency: 'EUR',
  },
  'gateway.paymentCaptured': {
    type: 'gateway.paymentCaptured',
    transactionId: 'CAP-1',
    authorizationId: 'AUTH-1',
    amount: 2000,
    currency: 'EUR',
  },
  'gateway.authorizationVoided': {
    type: 'gateway.authorizationVoided',
    transactionId: 'VOID-1',
    authorizationId: 'AUTH-1',
  },
  'gateway.refunded': {
    type: 'gateway.refunded',
    transactionId: 'REF-1',
    amount: 990,
    currency: 'EUR',
  },
  'gateway.chargeback': {
    type: 'gateway.chargeback',
    transactionId: 'DSP-1',
    amount: 3990,
    currency: 'EUR',
  },
  'gateway.chargebackReversed': {
    type: 'gateway.chargebackReversed',
    transactionId: 'WON-1',
    amount: 3990,
    currency: 'EUR',
  },
  'gateway.paymentFailed': {
    type: 'gateway.paymentFailed',
    transactionId: 'PAY-9',
    reason: 'denied',
  },
  'timer.paymentWindowElapsed': { type: 'timer.paymentWindowElapsed' },
  'merchant.paymentStatusChanged': { type: 'merchant.paymentStatusChanged', status: 'paid' },
  'merchant.shippingStatusChanged': { type: 'merchant.shippingStatusChanged', status: 'shipped' },
  'merchant.linesShipped': {
    type: 'merchant.linesShipped',
    lines: [
      { sku: 'TEE-M', quantity: 1 },
      { sku: 'CAP', quantity: 2 },
    ],
  },
  'merchant.linesReturned': {
    type: 'merchant.linesReturned',
    lines: [
      { sku: 'TEE-M', quantity: 1 },
      { sku: 'CAP', quantity: 2 },
    ],
    restock: true,
  },
  'merchant.orderCancelled': { type: 'merchant.orderCancelled', reason: 'out of stock' },
} satisfies { readonly [Type in OrderEvent['type']]: OrderEvent & { readonly type: Type } };

/** Each event of `eventOfEachType` with one field (its own or another type's) removed or set to each of its edges, or one line field so. */
const eachEdge: readonly unknown[] = Object.values(eventOfEachType).flatMap(
  (event: Record<string, unknown>) => [
    ...knownFields.flatMap((key) => [
      changed(event, { kind: 'delete', key }),
      ...edgesOf[key].map((value) => changed(event, { kind: 'set', key, value })),
    ]),
    ...(Array.isArray(event.lines)
      ? (['sku', 'quantity'] as const).flatMap((key) => [
          changed(event, { kind: 'deleteLineField', index: 1, key }),
          ...lineEdgesOf[key].map((value) =>
            changed(event, { kind: 'setLineField', index: 1, key, value }),
          ),
        ])
      : []),
    ...linesChanges.map((as) => changed(event, { kind: 'lines', as })),
  ],
);

describe('the fast event reader is the event schema', () => {
  test.prop([validEventArb])(
    'for any valid event (of any type, any field at its edges, with fields no type has), readEventFast gives what the schema gives, in a fresh copy',
    (event) => {
      const fast = readEventFast(event);
      expect(fast).not.toBe(undefined);
      const expected = schemaOutput(OrderEventSchema, event);
      expect(expected).not.toBe('refused');
      expectSameCopy(fast, (expected as { output: unknown }).output, event);
      expectSameCopy(fast, validate(EventSchema, event, 'invalidEvent', 'event'), event);
    },
  );

  test.prop([hostileArb])(
    'for any input at all (a field made wrong, removed or added, a line made wrong, proxies, getters that throw, objects of classes), readEventFast gives nothing or what the schema gives, takes every plain event the schema takes, and parseEvent throws what the schema throws',
    (hostile) => {
      const { input, plain } = inputOf(hostile);
      expectAgreement(input, plain);
    },
  );

  example(
    'for every event type and every field at each of its edges (removed, -0, 0, 2^53, NaN, 201 characters, "eur", "XXX", a status of another kind, a repeated sku...), the same holds',
    () => {
      for (const input of eachEdge) expectAgreement(input, true);
    },
  );
});
