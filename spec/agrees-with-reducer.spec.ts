/**
 * The engine and the hand-written reducer of edition 2 (the benchmark's floor, written without the
 * machine) agree on every step of any history: the same outcome and reason, the same effects in the
 * same order, the same stored snapshot.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import type { Decision } from '../src/index.js';
import { historyArb } from './arbitraries.js';
import { play } from './play.js';
import { place, reduce } from './reducer.js';

/** What a step answers, with the event it answers, so that a failure shows where the two part. */
const answer = (step: number, event: unknown, decision: Decision) => ({
  step,
  event,
  outcome: decision.outcome,
  reason: 'reason' in decision ? decision.reason : undefined,
  effects: decision.effects,
  snapshot: decision.snapshot,
});

test.prop([historyArb()])(
  'for any order, settings and events, the reducer decides what applyEvent decides at every step: outcome, reason, effects and snapshot',
  ({ placement, events }) => {
    const engine = play(placement, events);
    let decision = place(placement);
    expect(answer(0, undefined, decision)).toEqual(
      answer(0, undefined, (engine[0] as (typeof engine)[number]).decision),
    );
    events.forEach((event, at) => {
      decision = reduce(decision.snapshot, event);
      expect(answer(at + 1, event, decision)).toEqual(
        answer(at + 1, event, (engine[at + 1] as (typeof engine)[number]).decision),
      );
    });
  },
);
