/**
 * The machine runs as a live XState actor too (as the inspector watches it), and agrees with the
 * pure engine on every step of any history.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { createActor } from 'xstate';
import { orderMachine } from '../src/index.js';
import { historyArb } from './arbitraries.js';
import { play } from './play.js';

test.prop([historyArb()])(
  'for any history, an actor created with createActor(orderMachine, { input }) passes through the states the engine stores',
  ({ placement, events }) => {
    const actor = createActor(orderMachine, { input: placement }).start();
    const states = [actor.getSnapshot().value];
    for (const event of events) {
      actor.send(event);
      states.push(actor.getSnapshot().value);
    }
    actor.stop();
    expect(states).toEqual(play(placement, events).map((step) => step.decision.snapshot.state));
  },
);
