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
 * A run that refuses the event, or leaves it changing nothing, stops there: nothing it would go on
 * to do is kept (D10), so the eventless transitions are not looked for.
 * May touch: its tables, built once; nothing else.
 */
import { and, not, or, stateIn } from 'xstate';
import { type Effect, effectTypes } from './effects.js';
import type { OrderEvent } from './events.js';
import { type ActionArgs, contextUpdates } from './machine/actions.js';
import type { SharedAnswers } from './machine/guards.js';
import { orderMachine } from './machine/index.js';
import type { OrderContext } from './order.js';
import type { OrderState } from './snapshot.js';

/** The state of each region by name, as the machine runs. */
type Value = Record<string, string>;
/**
 * What guards and actions read, one object for a whole run: the context as the actions leave it,
 * the event, and the state of each region.
 */
interface Args extends ActionArgs {
  context: OrderContext;
  /** The state of each region: the run's own copy once a transition has a target (`copied`). */
  value: Value;
  copied: boolean;
  /** What the guards work out of the event, shared for the run (the money it would leave...). */
  readonly answers: SharedAnswers;
}
type Check = (args: Args) => boolean;
/**
 * One action of a transition: a context update, an effect for the host (its data, or what makes
 * it), or an outcome that ends the run (refused, unchanged).
 */
type Step =
  | { readonly kind: 'update'; readonly update: (args: ActionArgs) => Partial<OrderContext> }
  | { readonly kind: 'effect' | 'stop'; readonly type: string; readonly params: unknown };

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

/**
 * Where a run leaves the order: the state of every region, the context, the effects of the actions
 * taken, in order; or, for a run that refused the event or left it changing nothing, that action
 * (`stoppedBy`) and nothing else to keep.
 */
export interface Run {
  readonly state: OrderState;
  readonly context: OrderContext;
  readonly effects: Effect[];
  readonly stoppedBy?: TakenAction;
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
    // A guard's implementation reads `{ context, event }`: the run's own arguments are that.
    return implementation as (args: ActionArgs) => boolean;
  }
  const { guards, stateValue } = guard as { guards?: unknown[]; stateValue?: unknown };
  switch (checkerOf(guard)) {
    case combinators.and: {
      const all = (guards ?? []).map(compileGuard);
      return (args) => {
        for (const check of all) if (!check(args)) return false;
        return true;
      };
    }
    case combinators.or: {
      const any = (guards ?? []).map(compileGuard);
      return (args) => {
        for (const check of any) if (check(args)) return true;
        return false;
      };
    }
    case combinators.not: {
      const negated = compileGuard(guards?.[0]);
      return (args) => !negated(args);
    }
    case combinators.stateIn: {
      const wanted = Object.entries(stateValue as Record<string, unknown>);
      if (wanted.length !== 1 || typeof wanted[0]?.[1] !== 'string') {
        throw new Error(`the compiled machine reads stateIn of one region's state only`);
      }
      const [region, state] = wanted[0] as [string, string];
      return (args) => args.value[region] === state;
    }
    default:
      throw new Error(`the compiled machine does not know the guard ${String(guard)}`);
  }
}

/** The actions that end a run: the event is refused, or changes nothing (D10). */
const stoppers = new Set(['refuse', 'leaveUnchanged']);
const effectTypeSet = new Set<string>(effectTypes);

function compileAction(action: unknown): Step {
  if (typeof action === 'string' && action in contextUpdates) {
    return { kind: 'update', update: contextUpdates[action as keyof typeof contextUpdates] };
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
  const type = named.type as string;
  if (stoppers.has(type)) return { kind: 'stop', type, params: named.params };
  if (effectTypeSet.has(type)) return { kind: 'effect', type, params: named.params };
  throw new Error(`the compiled machine does not know the action ${JSON.stringify(action)}`);
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

/** The machine compiled: its regions, and for quick looking-up, which of them an event moves. */
interface Compiled {
  readonly regions: readonly Region[];
  /** For each event type, the regions with a transition for it in some state, in document order. */
  readonly regionsFor: Map<string, readonly Region[]>;
  /** The regions with an eventless transition in some state, in document order. */
  readonly eventless: readonly Region[];
}

let compiled: Compiled | undefined;

/** The machine, compiled on first use. */
function machine(): Compiled {
  if (compiled === undefined) {
    const root = orderMachine.root as unknown as Node;
    if (root.type !== 'parallel' || root.transitions.size > 0 || root.always !== undefined) {
      throw new Error('the compiled machine runs a parallel root with no transition of its own');
    }
    const regions = Object.values(root.states).map(compileRegion);
    const states = (region: Region) => [...region.states.values()];
    const types = new Set(
      regions.flatMap((region) => states(region).flatMap((state) => [...state.on.keys()])),
    );
    compiled = {
      regions,
      regionsFor: new Map(
        [...types].map((type) => [
          type,
          regions.filter((region) => states(region).some((state) => state.on.has(type))),
        ]),
      ),
      eventless: regions.filter((region) =>
        states(region).some((state) => state.always.length > 0),
      ),
    };
  }
  return compiled;
}

/** The longest run of eventless rounds: the machine settles in a few, so more is a loop. */
const MAX_ROUNDS = 64;

/** The first transition in `candidates` whose guard holds. */
function firstEnabled(
  candidates: readonly Transition[] | undefined,
  args: Args,
): Transition | undefined {
  if (candidates === undefined) return undefined;
  for (const transition of candidates) {
    if (transition.guard(args)) return transition;
  }
  return undefined;
}

/**
 * Takes `transitions` together: their actions in turn, then their targets. Answers the action that
 * refuses the event or leaves it changing nothing, if one is taken: the run stops there.
 */
function take(
  args: Args,
  transitions: readonly Transition[],
  effects: Effect[],
): TakenAction | undefined {
  for (const transition of transitions) {
    for (const step of transition.steps) {
      if (step.kind === 'update') {
        args.context = { ...args.context, ...step.update(args) };
        continue;
      }
      const { params } = step;
      const data =
        typeof params === 'function' ? (params as (args: ActionArgs) => unknown)(args) : params;
      if (step.kind === 'stop') return { type: step.type, params: data };
      // An effect's data is one effect, or a list of them (a void for each authorization held).
      if (Array.isArray(data)) effects.push(...(data as Effect[]));
      else effects.push(data as Effect);
    }
  }
  for (const transition of transitions) {
    if (transition.target === undefined) continue;
    if (!args.copied) {
      args.value = { ...args.value };
      args.copied = true;
    }
    args.value[transition.region] = transition.target;
  }
  return undefined;
}

/** Takes the enabled eventless transitions, round after round, until none is. */
function takeEventless(args: Args, effects: Effect[]): TakenAction | undefined {
  const { eventless } = machine();
  for (let round = 0; ; round += 1) {
    const enabled: Transition[] = [];
    for (const region of eventless) {
      const state = region.states.get(args.value[region.key] as string);
      const transition = firstEnabled(state?.always, args);
      if (transition !== undefined) enabled.push(transition);
    }
    if (enabled.length === 0) return undefined;
    if (round === MAX_ROUNDS) throw new Error('the machine does not settle');
    const stoppedBy = take(args, enabled, effects);
    if (stoppedBy !== undefined) return stoppedBy;
  }
}

/** Where a run ends: the state of every region, the context, its effects or what stopped it. */
function ended(args: Args, effects: Effect[], stoppedBy: TakenAction | undefined): Run {
  const state = args.value as unknown as OrderState;
  return stoppedBy === undefined
    ? { state, context: args.context, effects }
    : { state, context: args.context, effects: [], stoppedBy };
}

/**
 * Places an order: every region in its initial state, then the eventless transitions.
 *
 * @example
 * placeCompiled(context).state.payment; // => 'incomplete' for a gateway order with the setting on
 */
export function placeCompiled(context: OrderContext): Run {
  const value: Value = {};
  for (const region of machine().regions) value[region.key] = region.initial;
  const event = { type: 'xstate.init', input: context } as unknown as OrderEvent;
  const args: Args = { context, event, value, copied: true, answers: {} };
  const effects: Effect[] = [];
  return ended(args, effects, takeEventless(args, effects));
}

/**
 * Runs `event` on an order in `state` with `context`.
 *
 * @example
 * runCompiled(state, context, { type: 'merchant.orderCancelled' }).state.payment; // => 'cancelled'
 */
export function runCompiled(state: OrderState, context: OrderContext, event: OrderEvent): Run {
  const args: Args = { context, event, value: state, copied: false, answers: {} };
  const effects: Effect[] = [];
  const enabled: Transition[] = [];
  for (const region of machine().regionsFor.get(event.type) ?? []) {
    const transitions = region.states.get(args.value[region.key] as string)?.on.get(event.type);
    const transition = firstEnabled(transitions, args);
    if (transition !== undefined) enabled.push(transition);
  }
  const stoppedBy = take(args, enabled, effects) ?? takeEventless(args, effects);
  return ended(args, effects, stoppedBy);
}
