/**
 * The engine's contract with its host: a snapshot stored as JSON after every step and read back
 * decides the same future; inputs are never changed; the same inputs always give the same decision.
 */
import { test } from '@fast-check/vitest';
import { describe, test as example, expect } from 'vitest';
import {
  applyEvent,
  type Decision,
  getOrderView,
  OrderRulesError,
  type OrderSnapshot,
  readSnapshot,
  startOrder,
} from '../src/index.js';
import { SCHEMA_VERSION } from '../src/snapshot.js';
import { historyArb } from './arbitraries.js';
import { deepFreeze, ignoringIncomplete, paypalOrder, play, setPaid, writtenOut } from './play.js';

const history = historyArb();

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('persistence', () => {
  test.prop([history])(
    'for any history, storing the snapshot as JSON after every step changes no decision that follows, nor any view',
    ({ placement, events }) => {
      const inMemory = play(placement, events);
      let stored = roundTrip(startOrder(placement).snapshot) as OrderSnapshot;
      const throughJson: Decision[] = [startOrder(placement)];
      const views = [getOrderView(stored)];
      for (const event of events) {
        const decision = applyEvent(stored, event);
        throughJson.push(decision);
        stored = roundTrip(decision.snapshot);
        views.push(getOrderView(stored));
      }
      expect(throughJson).toEqual(inMemory.map((step) => step.decision));
      expect(views).toEqual(inMemory.map((step) => step.view));
    },
  );

  test.prop([history])(
    'for any history, every snapshot is plain JSON of the current schema: a round trip gives it back equal',
    ({ placement, events }) => {
      for (const step of play(placement, events)) {
        expect(roundTrip(step.decision.snapshot)).toEqual(step.decision.snapshot);
        expect(step.decision.snapshot.schemaVersion).toBe(SCHEMA_VERSION);
      }
    },
  );
});

describe('purity', () => {
  test.prop([history])(
    'for any history given as deep-frozen inputs, nothing is changed and the same inputs give the same decision',
    ({ placement, events }) => {
      const frozen = deepFreeze(structuredClone({ placement, events }));
      const first = startOrder(frozen.placement);
      expect(startOrder(frozen.placement)).toEqual(first);
      let snapshot = deepFreeze(roundTrip(first.snapshot));
      for (const event of frozen.events) {
        const decision = applyEvent(snapshot, event);
        expect(applyEvent(snapshot, event)).toEqual(decision);
        expect(getOrderView(snapshot)).toEqual(getOrderView(snapshot));
        snapshot = deepFreeze(roundTrip(decision.snapshot));
      }
      expect(frozen).toEqual({ placement, events });
    },
  );
});

describe('sealed snapshots', () => {
  test.prop([history])(
    "for any history, the engine's snapshots are deep-frozen (ledgers included), and the caller's placement is neither frozen nor shared",
    ({ placement, events }) => {
      const mine = structuredClone(placement);
      const steps = play(mine, events);
      expect(
        Object.isFrozen(mine.order) ||
          Object.isFrozen(mine.order.lines) ||
          Object.isFrozen(mine.settings),
      ).toBe(false);
      for (const { decision } of steps) {
        const { snapshot } = decision;
        for (const part of [
          snapshot,
          snapshot.state,
          snapshot.order.lines[0],
          snapshot.transactionIds,
          snapshot.money,
          snapshot.money.authorizations,
          snapshot.goods,
          snapshot.goods[0],
        ]) {
          expect(Object.isFrozen(part)).toBe(true);
        }
        expect(snapshot.order).not.toBe(mine.order);
      }
    },
  );

  test.prop([history])(
    'for any history, readSnapshot gives back a sealed snapshot in the form the engine writes, whatever fields that are nothing the stored one wrote out',
    ({ placement, events }) => {
      for (const { decision } of play(placement, events)) {
        const read = readSnapshot(writtenOut(decision.snapshot));
        expect(JSON.stringify(read)).toBe(JSON.stringify(decision.snapshot));
        expect(Object.isFrozen(read)).toBe(true);
        const cancelled = applyEvent(read, { type: 'merchant.orderCancelled' });
        expect(JSON.stringify(cancelled.snapshot)).toBe(
          JSON.stringify(
            applyEvent(decision.snapshot, { type: 'merchant.orderCancelled' }).snapshot,
          ),
        );
      }
    },
  );

  example(
    'a copy of a sealed snapshot, hidden field and all, is read as any stored one: checked',
    () => {
      const paid = applyEvent(
        startOrder({ order: paypalOrder, settings: ignoringIncomplete }).snapshot,
        setPaid,
      ).snapshot;
      const forged = Object.freeze(
        Object.defineProperties(
          {},
          {
            ...Object.getOwnPropertyDescriptors(paid),
            state: { value: { ...paid.state, confirmation: 'unconfirmed' }, enumerable: true },
          },
        ),
      ) as OrderSnapshot;
      expect(() => getOrderView(forged)).toThrow(OrderRulesError);
      const inheriting = Object.freeze(Object.create(paid)) as OrderSnapshot;
      expect(getOrderView(inheriting)).toEqual(getOrderView(paid)); // read through, and checked
    },
  );
});
