/**
 * The engine's contract with its host: a snapshot stored as JSON and read back decides the same
 * future; inputs are never changed; the same inputs always give the same decision.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  applyEvent,
  type Decision,
  getOrderView,
  type OrderSnapshot,
  startOrder,
} from '../src/index.js';
import { historyArb } from './arbitraries.js';
import { deepFreeze, play } from './play.js';

const history = historyArb();

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('persistence', () => {
  test.prop([history])(
    'for any history, storing the snapshot as JSON after every step changes no decision that follows',
    ({ placement, events }) => {
      const inMemory = play(placement, events).map((step) => step.decision);
      let stored = roundTrip(startOrder(placement)).snapshot as OrderSnapshot;
      const throughJson: Decision[] = [startOrder(placement)];
      for (const event of events) {
        const decision = applyEvent(stored, event);
        throughJson.push(decision);
        stored = roundTrip(decision.snapshot);
      }
      expect(throughJson).toEqual(inMemory);
    },
  );

  test.prop([history])(
    'for any history, every snapshot is plain JSON: a round trip gives it back equal',
    ({ placement, events }) => {
      for (const step of play(placement, events)) {
        expect(roundTrip(step.decision.snapshot)).toEqual(step.decision.snapshot);
        expect(step.decision.snapshot.schemaVersion).toBe(2);
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
      let snapshot = deepFreeze(first.snapshot);
      for (const event of frozen.events) {
        const decision = applyEvent(snapshot, event);
        expect(applyEvent(snapshot, event)).toEqual(decision);
        expect(getOrderView(snapshot)).toEqual(getOrderView(snapshot));
        snapshot = deepFreeze(decision.snapshot);
      }
      expect(frozen).toEqual({ placement, events });
    },
  );
});

describe('sealed snapshots', () => {
  test.prop([history])(
    "for any history, the engine's snapshots are deep-frozen, and the caller's placement is neither frozen nor shared",
    ({ placement, events }) => {
      const mine = structuredClone(placement);
      const steps = play(mine, events);
      expect(
        Object.isFrozen(mine.order) ||
          Object.isFrozen(mine.order.lines) ||
          Object.isFrozen(mine.settings),
      ).toBe(false);
      for (const { decision } of steps) {
        expect(Object.isFrozen(decision.snapshot.state.paymentAlerts)).toBe(true);
        expect(Object.isFrozen(decision.snapshot.order.lines[0])).toBe(true);
        expect(decision.snapshot.order).not.toBe(mine.order);
      }
    },
  );
});
