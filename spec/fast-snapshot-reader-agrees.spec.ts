/**
 * The fast snapshot reader is the snapshot schema, only faster: on every snapshot any history
 * leaves, read back from JSON (as the engine writes it, or with every field of its money and goods
 * written out), `readSnapshotFast` gives what the schema gives, field for field, in a fresh copy;
 * on any input at all (a field made wrong, removed or added anywhere in it, an object of a class,
 * a getter, a proxy) it gives nothing or exactly what the schema gives, and takes every plain
 * snapshot the schema takes.
 */
import { fc, test } from '@fast-check/vitest';
import * as v from 'valibot';
import { describe, test as example, expect } from 'vitest';
import { readSnapshotFast } from '../src/fastSnapshot.js';
import { applyEvent, type OrderSnapshot, startOrder } from '../src/index.js';
import { OrderSnapshotSchema, SCHEMA_VERSION } from '../src/snapshot.js';
import { type History, historyArb } from './arbitraries.js';
import { chequeOrder, ignoringIncomplete, paypalOrder, writtenOut } from './play.js';

// biome-ignore lint/suspicious/noExplicitAny: a snapshot as plain JSON, edited anywhere
type Json = any;

/** Every snapshot of a history, as JSON read back. */
function snapshotsOf({ placement, events }: History): Json[] {
  let snapshot: OrderSnapshot = startOrder(placement).snapshot;
  const all = [snapshot];
  for (const event of events) {
    snapshot = applyEvent(snapshot, event).snapshot;
    all.push(snapshot);
  }
  return all.map((each) => JSON.parse(JSON.stringify(each)));
}

const bySchema = (input: unknown) => v.safeParse(OrderSnapshotSchema, input, { abortEarly: true });

/** No object of `output` is one of `input`'s. */
function sharesNothing(output: unknown, input: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    seen.add(value);
    for (const child of Object.values(value)) walk(child);
  };
  walk(input);
  const clash = (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    (seen.has(value) || Object.values(value).some(clash));
  return !clash(output);
}

/** Every path to a value inside `json`, the root's fields first. */
function pathsOf(json: Json, at: (string | number)[] = []): (string | number)[][] {
  if (typeof json !== 'object' || json === null) return [];
  const keys = Array.isArray(json) ? json.map((_, index) => index) : Object.keys(json);
  return keys.flatMap((key) => [[...at, key], ...pathsOf(json[key], [...at, key])]);
}

/** A copy of `json` with the value at `path` set to `value`, or removed when `value` is REMOVE. */
const REMOVE = Symbol('remove');
function edited(json: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(json);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1) as string | number;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Values a field may be made: of the wrong type, at the edges of numbers and texts. */
const edgeValues = [
  REMOVE,
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'x'.repeat(200),
  'x'.repeat(201),
  'EUR',
  'eur',
  'XXX',
  'paid',
  'listed',
  [],
  [{}],
  {},
  { shipped: 1 },
];
const badValueArb = fc.oneof(fc.constantFrom(...edgeValues), fc.anything({ maxDepth: 2 }));

/** The same data handed over another way: the schema and the reader must still agree. */
const handedArb = fc.constantFrom(
  'as is',
  'null prototype',
  'class instance',
  'a getter',
  'a throwing getter',
  'a forwarding proxy',
  'a frozen copy',
  'an extra field',
  'an inherited field',
);
function handed(json: Json, how: string): unknown {
  switch (how) {
    case 'null prototype':
      return Object.assign(Object.create(null), json);
    case 'class instance':
      return Object.assign(new (class Stored {})(), json);
    case 'a getter':
      return Object.defineProperty({ ...json }, 'money', {
        get: () => json.money,
        enumerable: true,
      });
    case 'a throwing getter':
      return Object.defineProperty({ ...json }, 'state', {
        get: () => {
          throw new Error('no');
        },
        enumerable: true,
      });
    case 'a forwarding proxy':
      return new Proxy(json, {});
    case 'a frozen copy':
      return Object.freeze({ ...json });
    case 'an extra field':
      return { ...json, note: 'hi' };
    case 'an inherited field':
      return Object.assign(Object.create({ note: 'hi' }), json);
    default:
      return json;
  }
}

/** The reader gives nothing, or what the schema gives (read by both without throwing). */
function expectAgreement(input: unknown) {
  const fast = readSnapshotFast(input, SCHEMA_VERSION);
  let schema: ReturnType<typeof bySchema> | undefined;
  try {
    schema = bySchema(input);
  } catch {
    schema = undefined; // a throwing getter: the schema cannot read it, nor does the reader
  }
  if (fast !== undefined) {
    expect(schema?.success).toBe(true);
    expect(fast).toStrictEqual(schema?.output);
    expect(sharesNothing(fast, input)).toBe(true);
  }
  return { fast, schema };
}

describe('the fast snapshot reader is the snapshot schema', () => {
  test.prop([historyArb(20), fc.boolean()])(
    'for every snapshot any history leaves, read back from JSON as written or with every field written out, readSnapshotFast gives what the schema gives, in a fresh copy',
    (history, fieldsWrittenOut) => {
      for (const json of snapshotsOf(history)) {
        const input = fieldsWrittenOut ? writtenOut(json) : json;
        const { fast } = expectAgreement(input);
        expect(fast).toBeDefined();
      }
    },
  );

  test.prop([historyArb(12), fc.nat(), badValueArb, handedArb, fc.boolean()])(
    'for any snapshot with one value anywhere in it made wrong, removed or added, handed over any way, readSnapshotFast gives nothing or what the schema gives, and takes every plain one the schema takes',
    (history, pick, value, how, fieldsWrittenOut) => {
      const all = snapshotsOf(history);
      const json = all[pick % all.length];
      const base = fieldsWrittenOut ? writtenOut(json) : json;
      const paths = pathsOf(base);
      const path = paths[pick % paths.length] as (string | number)[];
      const input = handed(edited(base, path, value), how);
      const { fast, schema } = expectAgreement(input);
      const plain = how === 'as is' || how === 'null prototype' || how === 'a frozen copy';
      if (plain && schema?.success) expect(fast).toBeDefined();
    },
  );

  /** Orders with every part of a snapshot present: authorizations, money in another currency, goods moved, a window. */
  const full = [
    { placement: { order: chequeOrder, settings: ignoringIncomplete }, events: [] },
    {
      placement: {
        order: paypalOrder,
        settings: { ...ignoringIncomplete, paymentWindowMinutes: 30 },
      },
      events: [
        {
          type: 'gateway.paymentAuthorized',
          transactionId: 'AUTH-1',
          amount: 3990,
          currency: 'EUR',
        },
        {
          type: 'gateway.paymentAuthorized',
          transactionId: 'AUTH-USD',
          amount: 10,
          currency: 'USD',
        },
        {
          type: 'gateway.paymentCaptured',
          transactionId: 'CAP-1',
          authorizationId: 'AUTH-1',
          amount: 2000,
          currency: 'EUR',
        },
        { type: 'gateway.refunded', transactionId: 'REF-1', amount: 500, currency: 'EUR' },
        { type: 'gateway.chargeback', transactionId: 'CB-1', amount: 500, currency: 'EUR' },
        { type: 'merchant.linesShipped', lines: [{ sku: paypalOrder.lines[0]?.sku, quantity: 2 }] },
        {
          type: 'merchant.linesReturned',
          lines: [{ sku: paypalOrder.lines[0]?.sku, quantity: 1 }],
          restock: true,
        },
      ],
    },
  ] as History[];

  example.each(full.map((history, at) => [at, history] as const))(
    'order %i: every field of its snapshot, at every edge value (removed, undefined, -0, 2^53, NaN, 201 characters, an unknown currency...), read alike by the reader and the schema',
    (_, history) => {
      const [json] = snapshotsOf(history).slice(-1);
      for (const base of [json, writtenOut(json)]) {
        expect(readSnapshotFast(base, SCHEMA_VERSION)).toBeDefined();
        for (const path of pathsOf(base)) {
          for (const value of edgeValues) {
            const { fast, schema } = expectAgreement(edited(base, path, value));
            if (schema?.success) expect(fast).toBeDefined();
          }
        }
      }
    },
  );
});
