/**
 * Snapshots stored by earlier versions read back: every schema-3 snapshot order-rules 0.2 wrote
 * (spec/fixtures/snapshots-schema-3.json, each with the view that code gave) gives the same view,
 * every schema-2 snapshot the pre-edition-2 code wrote (spec/fixtures/snapshots-schema-2.json) and
 * the schema-1 ones give the same six view fields, and all take events like any order; a schema
 * this version does not know is refused, saying which versions it reads.
 */
import { describe, expect, test } from 'vitest';
import {
  applyEvent,
  getOrderView,
  type OrderEvent,
  OrderRulesError,
  type OrderSnapshot,
  type OrderView,
} from '../src/index.js';
import { readSnapshot, SCHEMA_VERSION } from '../src/snapshot.js';
import schema1 from './fixtures/snapshots-schema-1.json' with { type: 'json' };
import schema2 from './fixtures/snapshots-schema-2.json' with { type: 'json' };
import schema3 from './fixtures/snapshots-schema-3.json' with { type: 'json' };
import {
  cancelOrder,
  deepFreeze,
  expectedCancellationEmail,
  paymentFailed,
  setNotShipped,
  setPaid,
  setPending,
  setShipped,
  windowElapsed,
} from './play.js';

/** The six fields the view had before edition 2. */
type SixFields = Pick<
  OrderView,
  'orderId' | 'paymentStatus' | 'shippingStatus' | 'listed' | 'confirmed' | 'stockDeducted'
>;
interface Entry {
  readonly snapshot: { readonly schemaVersion: 2 } & Record<string, unknown>;
  readonly view: SixFields;
}

const entries = deepFreeze(schema2.entries as unknown as readonly Entry[]);
const asStored = (snapshot: unknown) => snapshot as OrderSnapshot;

const sixFieldsOf = ({
  orderId,
  paymentStatus,
  shippingStatus,
  listed,
  confirmed,
  stockDeducted,
}: OrderView): SixFields => ({
  orderId,
  paymentStatus,
  shippingStatus,
  listed,
  confirmed,
  stockDeducted,
});

/** Every kind of event, each in the order's own currency (the total's) where it moves money. */
const eventsFor = (currency: string): readonly OrderEvent[] => [
  setPaid,
  setPending,
  setShipped,
  setNotShipped,
  cancelOrder,
  windowElapsed,
  paymentFailed,
  { type: 'gateway.paymentConfirmed', transactionId: 'NEW-PAY', amount: 1, currency },
  { type: 'gateway.paymentAuthorized', transactionId: 'NEW-AUTH', amount: 1, currency },
  { type: 'gateway.refunded', transactionId: 'NEW-REF', amount: 1, currency },
  { type: 'gateway.chargeback', transactionId: 'NEW-DSP', amount: 1, currency },
  { type: 'gateway.chargebackReversed', transactionId: 'NEW-WON', amount: 1, currency },
  {
    type: 'gateway.paymentCaptured',
    transactionId: 'NEW-CAP',
    authorizationId: 'NEW-AUTH',
    amount: 1,
    currency,
  },
  { type: 'gateway.authorizationVoided', transactionId: 'NEW-VOID', authorizationId: 'NEW-AUTH' },
];

/** Calls `run` and returns the OrderRulesError it throws. */
function rulesErrorOf(run: () => unknown): OrderRulesError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OrderRulesError);
    return error as OrderRulesError;
  }
  throw new Error('expected an OrderRulesError, but nothing was thrown');
}

describe('schema-2 snapshots written before edition 2', () => {
  test('the fixture holds the snapshots the old code wrote, of every payment status it knew', () => {
    expect(entries).toHaveLength(152);
    expect(new Set(entries.map((entry) => entry.view.paymentStatus))).toEqual(
      new Set(['incomplete', 'pending', 'paid', 'review', 'failed', 'expired', 'cancelled']),
    );
  });

  test.each(entries.map((entry, at) => [at, entry.view.paymentStatus, entry] as const))(
    'entry %i (%s) reads back with the six view fields the old code gave',
    (_, __, { snapshot, view }) => {
      expect(sixFieldsOf(getOrderView(asStored(snapshot)))).toEqual(view);
    },
  );

  test.each(entries.map((entry, at) => [at, entry.view.paymentStatus, entry] as const))(
    'entry %i (%s) takes every kind of event, and what it becomes is a snapshot of the current schema that reads back',
    (_, __, { snapshot }) => {
      const stored = asStored(snapshot);
      const { currency } = (snapshot.order as { total: { currency: string } }).total;
      for (const event of eventsFor(currency)) {
        const decision = applyEvent(stored, event);
        if (decision.outcome !== 'applied') {
          expect(decision.snapshot).toBe(stored); // D10: left exactly as it was
          continue;
        }
        expect(decision.snapshot.schemaVersion).toBe(SCHEMA_VERSION);
        const readBack = JSON.parse(JSON.stringify(decision.snapshot)) as OrderSnapshot;
        expect(getOrderView(readBack)).toEqual(getOrderView(decision.snapshot));
      }
    },
  );

  test('a confirmed order that took a gateway payment reads back with the total received, whatever the merchant set after; one set paid by hand, with nothing', () => {
    const byReport = entries.filter(
      ({ snapshot, view }) =>
        view.confirmed &&
        view.paymentStatus !== 'review' &&
        (snapshot.gatewayTransactionIds as string[]).length > 0,
    );
    const byHand = entries.filter(
      ({ snapshot, view }) =>
        view.paymentStatus === 'paid' && (snapshot.gatewayTransactionIds as string[]).length === 0,
    );
    expect(new Set(byReport.map(({ view }) => view.paymentStatus)).size).toBeGreaterThan(1);
    expect(byReport.length).toBeGreaterThan(0);
    expect(byHand.length).toBeGreaterThan(0);
    for (const { snapshot } of byReport) {
      const { amounts } = getOrderView(asStored(snapshot));
      expect(amounts.received).toBe(amounts.total);
      expect(amounts.due).toBe(0);
    }
    for (const { snapshot } of byHand) {
      expect(getOrderView(asStored(snapshot)).amounts.received).toBe(0);
    }
  });

  test('B4, I10: an order paid by T1 and set pending by the merchant under schema 2 keeps its money: the window leaves it (history 2 of edition 2)', () => {
    const paidThenPending = entries.find(
      ({ snapshot, view }) =>
        view.paymentStatus === 'pending' &&
        view.confirmed &&
        (snapshot.gatewayTransactionIds as string[]).length > 0 &&
        (snapshot.state as { paymentWindow: string }).paymentWindow === 'scheduled' &&
        !(snapshot.settings as { ignoreIncompleteOrders: boolean }).ignoreIncompleteOrders,
    );
    expect(paidThenPending).toBeDefined();
    const old = asStored(paidThenPending?.snapshot);
    expect(applyEvent(old, windowElapsed)).toMatchObject({
      outcome: 'unchanged',
      reason: 'paymentReceived',
    });
  });

  test('its goods read back line by line: every unit deducted, shipped and restored as the statuses said', () => {
    for (const { snapshot, view } of entries) {
      const state = snapshot.state as { stock: string; shipping: string };
      for (const line of getOrderView(asStored(snapshot)).lines) {
        expect(line.deducted).toBe(state.stock === 'notDeducted' ? 0 : line.quantity);
        expect(line.shipped).toBe(view.shippingStatus === 'shipped' ? line.quantity : 0);
        expect(line.restored).toBe(state.stock === 'restored' ? line.quantity : 0);
        expect(line.returned).toBe(0);
      }
    }
  });

  test('D13: an order the old code cancelled after its confirmation sends no cancellation email now, and never will', () => {
    const cancelled = entries.filter(
      ({ view }) => view.paymentStatus === 'cancelled' && view.confirmed,
    );
    expect(cancelled.length).toBeGreaterThan(0);
    for (const { snapshot } of cancelled) {
      const decision = applyEvent(asStored(snapshot), cancelOrder);
      expect([decision.outcome, decision.effects]).toEqual(['unchanged', []]);
    }
  });

  test('D13: an order the old code left confirmed sends the cancellation email when it is cancelled now', () => {
    const entry = entries.find(({ view }) => view.paymentStatus === 'pending' && view.confirmed);
    const snapshot = asStored(entry?.snapshot);
    expect(applyEvent(snapshot, cancelOrder).effects).toContainEqual(
      expectedCancellationEmail(snapshot.order),
    );
  });

  test('a sku the old code kept on several lines becomes one line of their units', () => {
    const entry = entries.find(
      ({ snapshot }) => (snapshot.order as { lines: unknown[] }).lines.length === 1,
    );
    const snapshot = entry?.snapshot as Entry['snapshot'] & { order: OrderSnapshot['order'] };
    const [line] = snapshot.order.lines as [{ sku: string; quantity: number }];
    const split = {
      ...snapshot,
      order: {
        ...snapshot.order,
        lines: [
          { sku: line.sku, quantity: 1 },
          { sku: 'OTHER', quantity: 4 },
          { sku: line.sku, quantity: 2 },
        ],
      },
    };
    expect(
      getOrderView(asStored(split)).lines.map(({ sku, quantity }) => ({ sku, quantity })),
    ).toEqual([
      { sku: line.sku, quantity: 3 },
      { sku: 'OTHER', quantity: 4 },
    ]);
    const tooMany = {
      ...split,
      order: {
        ...split.order,
        lines: [
          { sku: line.sku, quantity: Number.MAX_SAFE_INTEGER },
          { sku: line.sku, quantity: 1 },
        ],
      },
    };
    const error = rulesErrorOf(() => getOrderView(asStored(tooMany)));
    expect([error.code, error.message]).toEqual([
      'invalidSnapshot',
      'snapshot.order.lines must have at most 9007199254740991 units in all (received Array)',
    ]);
  });
});

describe('schema-3 snapshots written by order-rules 0.2', () => {
  interface Entry3 {
    readonly snapshot: { readonly schemaVersion: 3 } & Record<string, unknown>;
    readonly view: OrderView;
  }
  const entries3 = deepFreeze(schema3.entries as unknown as readonly Entry3[]);

  test('they cover the payment and shipping statuses, listed and hidden', () => {
    const seen = (pick: (view: OrderView) => unknown) =>
      new Set(entries3.map(({ view }) => pick(view)));
    expect(seen((view) => view.paymentStatus).size).toBeGreaterThanOrEqual(10);
    expect(seen((view) => view.shippingStatus).size).toBe(5);
    expect(seen((view) => view.listed)).toEqual(new Set([true, false]));
  });

  test.each(entries3.map((entry, at) => [at, entry.view.paymentStatus, entry] as const))(
    'entry %i (%s) reads back with the whole view the old code gave, in a smaller stored form',
    (_, __, { snapshot, view }) => {
      expect(getOrderView(asStored(snapshot))).toEqual(view);
      const decision = applyEvent(asStored(snapshot), {
        type: 'gateway.paymentFailed',
        transactionId: 'NEVER-SEEN',
      });
      if (decision.outcome === 'applied') {
        expect(decision.snapshot.schemaVersion).toBe(SCHEMA_VERSION);
        expect(JSON.stringify(decision.snapshot).length).toBeLessThan(
          JSON.stringify(snapshot).length,
        );
      }
    },
  );

  test.each(entries3.map((entry, at) => [at, entry.view.paymentStatus, entry] as const))(
    'entry %i (%s) takes every kind of event as its stored form of the current schema does: the same outcome, effects and view',
    (_, __, { snapshot }) => {
      const old = asStored(snapshot);
      const migrated = JSON.parse(JSON.stringify(readSnapshot(old))) as OrderSnapshot;
      expect(migrated.schemaVersion).toBe(SCHEMA_VERSION);
      const { currency } = (snapshot.order as { total: { currency: string } }).total;
      for (const event of eventsFor(currency)) {
        const fromOld = applyEvent(old, event);
        const fromMigrated = applyEvent(migrated, event);
        const answer = (decision: typeof fromOld) => ({
          ...decision,
          snapshot: getOrderView(decision.snapshot),
        });
        expect(answer(fromOld)).toEqual(answer(fromMigrated));
        if (fromOld.outcome !== 'applied') expect(fromOld.snapshot).toBe(old); // D10
      }
    },
  );
});

describe('schema-1 snapshots', () => {
  test('a paid and shipped order reads back, and takes a cancellation', () => {
    const old = asStored(deepFreeze(schema1.paidAndShipped));
    expect(sixFieldsOf(getOrderView(old))).toEqual({
      orderId: 'A-1001',
      paymentStatus: 'paid',
      shippingStatus: 'shipped',
      listed: true,
      confirmed: true,
      stockDeducted: true,
    });
    expect(getOrderView(old).amounts.received).toBe(3990);
    const cancelled = applyEvent(old, cancelOrder);
    expect(cancelled.snapshot.schemaVersion).toBe(SCHEMA_VERSION);
    expect(getOrderView(cancelled.snapshot).paymentStatus).toBe('cancelled');
    expect(applyEvent(old, setPaid).snapshot).toBe(old);
  });

  test('an incomplete order reads back hidden, and a payment report confirms it', () => {
    const old = asStored(deepFreeze(schema1.incomplete));
    expect(sixFieldsOf(getOrderView(old))).toEqual({
      orderId: 'A-1002',
      paymentStatus: 'incomplete',
      shippingStatus: 'notShipped',
      listed: false,
      confirmed: false,
      stockDeducted: false,
    });
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
});

describe('schema versions', () => {
  test.each([0, 5, 9, -1, 2.5])(
    'a snapshot of schema %s is refused, saying which versions this one reads',
    (schemaVersion) => {
      const error = rulesErrorOf(() =>
        getOrderView(asStored({ ...schema1.incomplete, schemaVersion })),
      );
      expect([error.code, error.field, error.message]).toEqual([
        'invalidSnapshot',
        'snapshot.schemaVersion',
        `snapshot.schemaVersion is ${schemaVersion}, which this version of order-rules does not read (it reads 1 to ${SCHEMA_VERSION})`,
      ]);
    },
  );
});
