/**
 * The compiled machine: the engine's fast path. The definition of `orderMachine` (its regions,
 * states, transitions, guards and actions) is read once, on first use, into plain tables, and run
 * here without XState's runtime, with XState's own order of things:
 * - for an event, each region (in document order) takes the first transition whose guard holds,
 *   its state's own first, then the region's;
 * - the actions of the transitions taken run in that order: context updates in turn, each effect
 *   or outcome built from the context as it is then;
 * - then, until none is enabled, each region takes its first enabled eventless transition.
 * The guards and actions run are the machine's own implementations. The machine stays the one
 * definition of the rules; a property test holds this to XState's `transition()`, and compiling
 * refuses any construct it does not know, so a machine this cannot run fails at once.
 * May touch: its tables, built once; nothing else.
 */
import { and, not, or, stateIn } from 'xstate';
import type { OrderEvent } from './events.js';
import { type ActionArgs, contextUpdates } from './machine/actions.js';
import { orderMachine } from './machine/index.js';
import type { OrderContext } from './order.js';
import type { OrderState } from './snapshot.js';

/** The state of each region by name, as the machine runs. */
type Value = Record<string, string>;
type Check = (context: OrderContext, event: OrderEvent, value: Value) => boolean;
type Step =
  | { readonly update: (args: ActionArgs) => Partial<OrderContext> }
  | { readonly type: string; readonly params: unknown };

interface Transition {
  readonly region: string;
  readonly guard: Check;
  readonly target: string | undefined;
  readonly steps: readonly Step[];
}

interface Region {
  readonly key: string;
  readonly initial: string;
  /** For each state, the transitions for each event type (its own first), and its eventless ones. */
  readonly states: Map<string, { on: Map<string, Transition[]>; always: Transition[] }>;
}

/** An action the machine took, as XState hands it back: its type and its data. */
export interface TakenAction {
  readonly type: string;
  readonly params: unknown;
}

/** Where a run leaves the order: the state of every region, the context, the actions taken. */
export interface Run {
  readonly state: OrderState;
  readonly context: OrderContext;
  readonly actions: readonly TakenAction[];
}

/** XState's guard combinators are told apart by the function that checks them. */
const checkerOf = (guard: unknown) => (guard as { check?: unknown }).check;
const combinators = {
  and: checkerOf(and([])),
  or: checkerOf(or([])),
  not: checkerOf(not(() => true)),
  stateIn: checkerOf(stateIn({})),
};

function compileGuard(guard: unknown): Check {
  if (guard === undefined) return () => true;
  if (typeof guard === 'string') {
    const implementation = (orderMachine.implementations.guards as Record<string, unknown>)[guard];
    if (implementation === undefined) throw new Error(`the machine has no guard ${guard}`);
    if (checkerOf(implementation) !== undefined) return compileGuard(implementation);
    const predicate = implementation as (args: ActionArgs) => boolean;
    return (context, event) => predicate({ context, event });
  }
  const { guards, stateValue } = guard as { guards?: unknown[]; stateValue?: unknown };
  switch (checkerOf(guard)) {
    case combinators.and: {
      const all = (guards ?? []).map(compileGuard);
      return (context, event, value) => all.every((check) => check(context, event, value));
    }
    case combinators.or: {
      const any = (guards ?? []).map(compileGuard);
      return (context, event, value) => any.some((check) => check(context, event, value));
    }
    case combinators.not: {
      const negated = compileGuard(guards?.[0]);
      return (context, event, value) => !negated(context, event, value);
    }
    case combinators.stateIn: {
      const wanted = Object.entries(stateValue as Record<string, unknown>);
      if (wanted.some(([, state]) => typeof state !== 'string')) {
        throw new Error(`the compiled machine reads stateIn of a region's state only`);
      }
      return (_context, _event, value) =>
        wanted.every(([region, state]) => value[region] === state);
    }
    default:
      throw new Error(`the compiled machine does not know the guard ${String(guard)}`);
  }
}

function compileAction(action: unknown): Step {
  if (typeof action === 'string' && action in contextUpdates) {
    return { update: contextUpdates[action as keyof typeof contextUpdates] };
  }
  const named = action as { type?: unknown; params?: unknown };
  const implementation =
    typeof named?.type === 'string'
      ? (orderMachine.implementations.actions as Record<string, unknown>)[named.type]
      : undefined;
  // Effects and outcomes: named actions with data and no body; XState's own actions have a `resolve`.
  if (typeof implementation !== 'function' || 'resolve' in implementation) {
    throw new Error(`the compiled machine does not know the action ${JSON.stringify(action)}`);
  }
  return { type: named.type as string, params: named.params };
}

interface TransitionDefinition {
  readonly guard?: unknown;
  readonly target?: readonly { readonly key: string; readonly parent?: { readonly key: string } }[];
  readonly actions: readonly unknown[];
}

function compileTransition(region: string, definition: TransitionDefinition): Transition {
  const target = definition.target?.[0];
  if (target !== undefined && (target.parent?.key !== region || definition.target?.length !== 1)) {
    throw new Error(`the compiled machine targets states of the transition's own region only`);
  }
  return {
    region,
    guard: compileGuard(definition.guard),
    target: target?.key,
    steps: definition.actions.map(compileAction),
  };
}

interface Node {
  readonly key: string;
  readonly type: string;
  readonly config: {
    readonly initial?: unknown;
    readonly entry?: unknown;
    readonly exit?: unknown;
  };
  readonly states: Record<string, Node>;
  readonly transitions: Map<string, readonly TransitionDefinition[]>;
  readonly always?: readonly TransitionDefinition[];
}

function compileRegion(node: Node): Region {
  const regionOn = node.transitions;
  const states = new Map<string, { on: Map<string, Transition[]>; always: Transition[] }>();
  for (const state of Object.values(node.states)) {
    if (state.type !== 'atomic' || state.config.entry || state.config.exit) {
      throw new Error(`the compiled machine runs regions of atomic states without entry or exit`);
    }
    const on = new Map<string, Transition[]>();
    for (const type of new Set([...state.transitions.keys(), ...regionOn.keys()])) {
      on.set(
        type,
        [...(state.transitions.get(type) ?? []), ...(regionOn.get(type) ?? [])].map((definition) =>
          compileTransition(node.key, definition),
        ),
      );
    }
    const always = (state.always ?? []).map((definition) =>
      compileTransition(node.key, definition),
    );
    states.set(state.key, { on, always });
  }
  if (node.always !== undefined || typeof node.config.initial !== 'string') {
    throw new Error(
      `the compiled machine runs regions with an initial state and no eventless transition`,
    );
  }
  return { key: node.key, initial: node.config.initial, states };
}

let compiled: readonly Region[] | undefined;

/** The machine's regions, compiled on first use. */
function regions(): readonly Region[] {
  if (compiled === undefined) {
    const root = orderMachine.root as unknown as Node;
    if (root.type !== 'parallel' || root.transitions.size > 0 || root.always !== undefined) {
      throw new Error('the compiled machine runs a parallel root with no transition of its own');
    }
    compiled = Object.values(root.states).map(compileRegion);
  }
  return compiled;
}

/** The longest run of eventless rounds: the machine settles in a few, so more is a loop. */
const MAX_ROUNDS = 64;

/** The first transition in `candidates` whose guard holds. */
function firstEnabled(
  candidates: readonly Transition[] | undefined,
  context: OrderContext,
  event: OrderEvent,
  value: Value,
): Transition | undefined {
  if (candidates === undefined) return undefined;
  for (const transition of candidates) {
    if (transition.guard(context, event, value)) return transition;
  }
  return undefined;
}

/** A run under way: the state of each region, the context as the actions leave it, the actions taken. */
interface Progress {
  readonly value: Value;
  context: OrderContext;
  readonly event: OrderEvent;
  readonly taken: TakenAction[];
}

/** Takes `transitions` together: their actions in turn, then their targets. */
function take(run: Progress, transitions: readonly Transition[]): void {
  const { event } = run;
  for (const transition of transitions) {
    for (const step of transition.steps) {
      if ('update' in step) {
        run.context = { ...run.context, ...step.update({ context: run.context, event }) };
      } else {
        const { params } = step;
        run.taken.push({
          type: step.type,
          params:
            typeof params === 'function'
              ? (params as (args: ActionArgs) => unknown)({ context: run.context, event })
              : params,
        });
      }
    }
  }
  for (const transition of transitions) {
    if (transition.target !== undefined) run.value[transition.region] = transition.target;
  }
}

/** Takes the enabled eventless transitions, round after round, until none is. */
function takeEventless(run: Progress): void {
  for (let round = 0; ; round += 1) {
    const enabled: Transition[] = [];
    for (const region of regions()) {
      const state = region.states.get(run.value[region.key] as string);
      const transition = firstEnabled(state?.always, run.context, run.event, run.value);
      if (transition !== undefined) enabled.push(transition);
    }
    if (enabled.length === 0) return;
    if (round === MAX_ROUNDS) throw new Error('the machine does not settle');
    take(run, enabled);
  }
}

/**
 * Places an order: every region in its initial state, then the eventless transitions.
 *
 * @example
 * placeCompiled(context).state.payment; // => 'incomplete' for a gateway order with the setting on
 */
export function placeCompiled(context: OrderContext): Run {
  const value: Value = {};
  for (const region of regions()) value[region.key] = region.initial;
  const event = { type: 'xstate.init', input: context } as unknown as OrderEvent;
  const run: Progress = { value, context, event, taken: [] };
  takeEventless(run);
  return { state: value as unknown as OrderState, context: run.context, actions: run.taken };
}

/**
 * Runs `event` on an order in `state` with `context`.
 *
 * @example
 * runCompiled(state, context, { type: 'merchant.orderCancelled' }).state.payment; // => 'cancelled'
 */
export function runCompiled(state: OrderState, context: OrderContext, event: OrderEvent): Run {
  const value: Value = { ...state };
  const run: Progress = { value, context, event, taken: [] };
  const enabled: Transition[] = [];
  for (const region of regions()) {
    const transition = firstEnabled(
      region.states.get(value[region.key] as string)?.on.get(event.type),
      context,
      event,
      value,
    );
    if (transition !== undefined) enabled.push(transition);
  }
  take(run, enabled);
  takeEventless(run);
  return { state: value as unknown as OrderState, context: run.context, actions: run.taken };
}
