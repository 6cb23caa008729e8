/**
 * The machine runs as a live XState actor too (as the inspector watches it), and agrees with the
 * pure engine on every step of any history: the states, the ledgers, the effects its actions carry,
 * and why an event was refused or changed nothing.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { createActor, type InspectionEvent } from 'xstate';
import { effectsOf, stateOf } from '../src/decide.js';
import { orderMachine } from '../src/index.js';
import { machineFormOf, type OrderState } from '../src/snapshot.js';
import { historyArb } from './arbitraries.js';
import { play } from './play.js';

type Action = { readonly type: string; readonly params?: unknown };

test.prop([historyArb()])(
  'for any history, an actor created with createActor(orderMachine, { input }) passes through the states and ledgers the engine stores, and takes the actions whose effects and reasons the engine gives',
  ({ placement, events }) => {
    let actions: Action[] = [];
    const inspect = (inspection: InspectionEvent) => {
      if (inspection.type === '@xstate.action') actions.push(inspection.action as Action);
    };
    const actor = createActor(orderMachine, { input: placement, inspect }).start();
    const seen: unknown[] = [];
    const observe = () => {
      const { value, context } = actor.getSnapshot();
      const outcome = actions.find(
        (action) => action.type === 'refuse' || action.type === 'leaveUnchanged',
      );
      seen.push({
        state: stateOf(value as OrderState),
        transactionIds: context.transactionIds,
        money: context.money,
        goods: context.goods,
        effects: effectsOf(actions),
        reason: (outcome?.params as { reason?: string } | undefined)?.reason,
      });
      actions = [];
    };
    observe();
    for (const event of events) {
      actor.send(event);
      observe();
    }
    actor.stop();
    expect(seen).toEqual(
      play(placement, events).map(({ decision }) => ({
        state: machineFormOf(decision.snapshot).state,
        transactionIds: decision.snapshot.transactionIds,
        money: machineFormOf(decision.snapshot).context.money,
        goods: machineFormOf(decision.snapshot).context.goods,
        effects: decision.effects,
        reason: 'reason' in decision ? decision.reason : undefined,
      })),
    );
  },
);
