/**
 * Draws the order machine as a Mermaid `stateDiagram-v2`, from its own definition: parallel regions
 * side by side; the transitions a region answers for its statuses (those of a status that does not
 * answer the event itself) drawn from one dashed pseudo-state per region, "any status"; one arrow
 * per source and target, its label listing the events with their guards and effects, in the order
 * the machine tries them, events that read alike on one line. An effect that an event has on most
 * arrows of a source is written once, in the source's box. What leaves the order as it was
 * (refused or unchanged, D10) is drawn as no arrow: it is listed beside the diagram, in Markdown.
 * May touch: nothing; it reads the machine's definition and builds text.
 */
import { type AnyStateMachine, type AnyStateNode, initialTransition } from 'xstate';
import { effectTypes } from './effects.js';
import { moneyReportTypes } from './events.js';

type Guard = string | { type?: string; name?: string; guards?: readonly Guard[] } | undefined;
type Action = string | { type?: string; params?: unknown } | ((...args: never[]) => unknown);
type TransitionDefinition = {
  readonly target?: readonly AnyStateNode[] | undefined;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
};

/** What an effect's builder is called with to learn what the effect is (its template, cause). */
interface Sample {
  readonly context: unknown;
  readonly event: Record<string, unknown>;
}

/** One transition, read: its event, its guard, where it goes, what it does. */
interface Step {
  readonly event: string;
  readonly guard: string;
  /** The guard as a condition `on` and the `rest` (`P and G`: P, G; any other: itself, none). */
  readonly condition: { readonly on: string; readonly rest: string } | undefined;
  /** The state it goes to, the source itself for a transition without a target. */
  readonly target: AnyStateNode;
  /** `refused reason` or `unchanged reason` when the order stays exactly as it was (D10). */
  readonly outcome: string | undefined;
  readonly effects: readonly string[];
  /** For an outcome: the guards of the transitions of its event that the machine tries before. */
  readonly after: readonly string[];
}

/** One line of a label or a list: the steps of several events that read alike. */
interface Line {
  readonly steps: readonly Step[];
  readonly text: string;
  readonly target: AnyStateNode;
  readonly outcome: string | undefined;
}

/** What leaves the order as it was, from one source. */
export interface Stays {
  /** The source: `payment, any status` or `payment.review`. */
  readonly source: string;
  /** The source answers like its region's "any status" too, for the events listed there. */
  readonly asRegion: boolean;
  readonly lines: readonly string[];
}

/** The statechart: the Mermaid source, and what stays as it was, by source. */
export interface Statechart {
  readonly mermaid: string;
  readonly stays: readonly Stays[];
}

/**
 * The order the README's diagram (and the explorer's) is drawn with: its context names the emails
 * and alerts the effect builders make. Any order draws the same states and arrows.
 */
export const chartPlacement = {
  order: {
    id: 'A-1001',
    paymentMethod: { kind: 'gateway', provider: 'paypal' },
    lines: [{ sku: 'TEE-M', quantity: 2 }],
    total: { amount: 3990, currency: 'EUR' },
  },
  settings: { ignoreIncompleteOrders: true, realtimeStock: true, paymentWindowMinutes: 30 },
} as const;

/**
 * The statechart of `machine`; `input` places the order whose context effect builders are called
 * with, to name the emails and alerts they build.
 *
 * @example
 * drawStatechart(orderMachine, placement).mermaid; // => 'stateDiagram-v2\n  state "order" ...'
 */
export function drawStatechart(machine: AnyStateMachine, input: unknown): Statechart {
  const [initial] = initialTransition(machine, input);
  const chart = new Chart({ context: initial.context, event: sampleEvent('') });
  const lines = [
    'stateDiagram-v2',
    ...chart.state(machine.root, 1),
    '  classDef region stroke-dasharray: 5 5',
    ...chart.regions.map((id) => `  class ${id} region`),
  ];
  return { mermaid: lines.join('\n'), stays: chart.stays };
}

/**
 * The Markdown list of what leaves the order as it was, by source, wrapped at `width` columns.
 *
 * @example
 * staysMarkdown(drawStatechart(orderMachine, placement).stays); // => '- payment, any status:\n...'
 */
export function staysMarkdown(stays: readonly Stays[], width = 100): string {
  return stays
    .flatMap((source) => [
      `- ${source.source}${source.asRegion ? ', as any status, and' : ''}:`,
      ...source.lines.flatMap((line) => wrap(line, width, '  - ', '    ')),
    ])
    .join('\n');
}

/** A region whose "any status" has arrows to more states than this is drawn left to right. */
const FAN_ACROSS = 6;

const idOf = (node: AnyStateNode) => node.id.replaceAll('.', '_');
const indent = (depth: number) => '  '.repeat(depth);
const childrenOf = (node: AnyStateNode) => Object.values(node.states) as AnyStateNode[];

/** The walk over the machine's states, gathering the regions' pseudo-states and what stays. */
class Chart {
  readonly regions: string[] = [];
  readonly stays: Stays[] = [];
  constructor(private readonly sample: Sample) {}

  state(node: AnyStateNode, depth: number): string[] {
    const out = [`${indent(depth)}state "${node.key}" as ${idOf(node)}`];
    if (childrenOf(node).length > 0) {
      out.push(
        `${indent(depth)}state ${idOf(node)} {`,
        ...this.children(node, depth + 1),
        `${indent(depth)}}`,
      );
    }
    return out;
  }

  private children(node: AnyStateNode, depth: number): string[] {
    const children = childrenOf(node);
    if (node.type === 'parallel') {
      return children.flatMap((child, index) => [
        ...(index > 0 ? [`${indent(depth)}--`] : []),
        ...this.state(child, depth),
      ]);
    }
    const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
    const out = initial ? [`${indent(depth)}[*] --> ${idOf(initial)}`] : [];
    const region = stepsOf(node, this.sample);
    const regionStays = linesOf(node, region.filter(staysAsItWas)).map((line) => line.text);
    const any = `${idOf(node)}__any`;
    // The region's own answers first in the list of what stays; drawn after its states.
    const fromAny = region.length > 0 ? this.source(node, any, [], depth) : [];
    for (const child of children) {
      out.push(...this.state(child, depth));
      out.push(...this.source(child, idOf(child), regionStays, depth));
    }
    if (region.length > 0) {
      this.regions.push(any);
      out.push(`${indent(depth)}state "any status" as ${any}`, ...fromAny);
    }
    // A wide fan of arrows from "any status" reads better as a column: left to right.
    const fan = new Set(region.map((step) => step.target)).size;
    return fan > FAN_ACROSS ? [`${indent(depth)}direction LR`, ...out] : out;
  }

  /**
   * The arrows from `node` (drawn as `from`: itself, or its region's "any status"), one per
   * target; the effects most of an event's arrows have, in the source's box; what stays as it
   * was, less what its region lists already (`regionStays`), kept for the list beside.
   */
  private source(
    node: AnyStateNode,
    from: string,
    regionStays: readonly string[],
    depth: number,
  ): string[] {
    const steps = stepsOf(node, this.sample);
    if (steps.length === 0) return [];
    const { moves, facts } = factored(steps.filter((step) => !staysAsItWas(step)));
    const out = facts.map((fact) => `${indent(depth)}${from} : ${fact}`);
    const arrows = new Map<AnyStateNode, string[]>();
    for (const line of linesOf(node, moves))
      arrows.set(line.target, [...(arrows.get(line.target) ?? []), line.text]);
    for (const [target, texts] of arrows) {
      const to = target === node ? from : idOf(target);
      out.push(`${indent(depth)}${from} --> ${to}: ${texts.join('<br/>')}`);
    }
    const stays = linesOf(node, steps.filter(staysAsItWas)).map((line) => line.text);
    const own = stays.filter((text) => !regionStays.includes(text));
    if (own.length > 0) {
      const source =
        from === idOf(node) ? node.id.replace(/^[^.]*\./, '') : `${node.key}, any status`;
      this.stays.push({ source, asRegion: own.length < stays.length, lines: own });
    }
    return out;
  }
}

const staysAsItWas = (step: Step) => step.outcome !== undefined;

/** The node's own transitions (and eventless ones), read, in the order the machine tries them. */
function stepsOf(node: AnyStateNode, sample: Sample): Step[] {
  const steps: Step[] = [];
  const read = (eventType: string, definitions: readonly TransitionDefinition[]) => {
    const own = definitions.map((definition, at): Step => {
      const actions = definition.actions as readonly Action[];
      const outcome = actions.map(outcomeText).find((text) => text !== undefined);
      const earlier = definitions
        .slice(0, at)
        .filter((before) => !(before.actions as readonly Action[]).some(isOutcome))
        .map((before) => guardText(before.guard as Guard));
      return {
        event: eventType,
        guard:
          definition.guard === undefined
            ? definitions.length > 1
              ? 'otherwise'
              : ''
            : guardText(definition.guard as Guard),
        condition: conditionOf(definition.guard as Guard),
        target: definition.target?.[0] ?? node,
        outcome,
        effects: effectWords(actions, { ...sample, event: sampleEvent(eventType) }),
        after: outcome === undefined ? [] : [...new Set(earlier)],
      };
    });
    steps.push(...withConditionalEffects(own));
  };
  for (const [eventType, definitions] of node.transitions)
    read(eventType, definitions as TransitionDefinition[]);
  if (node.always !== undefined) read('always', node.always as TransitionDefinition[]);
  return steps;
}

/** A guard read as a condition and the rest: `P and G` as [P, G], any other as [itself, none]. */
function conditionOf(guard: Guard): Step['condition'] {
  if (guard === undefined) return undefined;
  if (typeof guard !== 'string' && guard.name === 'and' && guard.guards?.length === 2) {
    const [first, rest] = guard.guards as [Guard, Guard];
    return { on: guardText(first), rest: guardText(rest) };
  }
  return { on: guardText(guard), rest: '' };
}

/**
 * An event's transitions that come twice, first each under one condition P with some effects,
 * then the same ones without P or those effects (an effect taken only when P holds: the restock
 * of a return), read as the second run, those effects marked `when P`: the machine takes the
 * same target either way, and the effects only when P holds.
 */
function withConditionalEffects(own: readonly Step[]): Step[] {
  for (let start = 0; start < own.length; start += 1) {
    for (let length = Math.floor((own.length - start) / 2); length >= 1; length -= 1) {
      const first = own.slice(start, start + length);
      const second = own.slice(start + length, start + 2 * length);
      const on = first[0]?.condition?.on;
      const pairs = first.map((step, at) => [step, second[at] as Step] as const);
      const twice = pairs.every(
        ([conditional, plain]) =>
          on !== undefined &&
          conditional.outcome === undefined &&
          plain.outcome === undefined &&
          conditional.target === plain.target &&
          (conditional.guard === on
            ? plain.guard === 'otherwise' || plain.guard === ''
            : conditional.condition?.on === on && conditional.condition.rest === plain.guard) &&
          plain.effects.every((word) => conditional.effects.includes(word)) &&
          conditional.effects.length > plain.effects.length,
      );
      if (!twice) continue;
      const merged = pairs.map(([conditional, plain]) => ({
        ...plain,
        effects: [
          ...plain.effects,
          ...conditional.effects
            .filter((word) => !plain.effects.includes(word))
            .map((word) => `${word} when ${on}`),
        ],
      }));
      const steps = [...own.slice(0, start), ...merged, ...own.slice(start + 2 * length)];
      // A transition left alone for its event needs no "otherwise".
      return steps.length === 1 ? steps.map((step) => ({ ...step, guard: '' })) : steps;
    }
  }
  return [...own];
}

/**
 * An effect an event has on at least this many arrows of a source, and lacks on fewer than half as
 * many, is written once, in the source's box.
 */
const FACT_FROM = 3;

/**
 * The moves with the effects that an event has on most of its moves taken out, and those effects
 * as facts for the source's box: `every E arrow but [guard] / effect`.
 */
function factored(moves: readonly Step[]): { moves: Step[]; facts: string[] } {
  const facts: string[] = [];
  let out = [...moves];
  for (const event of new Set(moves.map((step) => step.event))) {
    const ofEvent = out.filter((step) => step.event === event);
    for (const word of new Set(ofEvent.flatMap((step) => step.effects))) {
      const having = ofEvent.filter((step) => step.effects.includes(word));
      const lacking = ofEvent.filter((step) => !step.effects.includes(word));
      if (having.length < FACT_FROM || lacking.length * 2 >= having.length) continue;
      const but =
        lacking.length === 0 ? '' : ` but [${lacking.map((step) => step.guard).join('], [')}]`;
      facts.push(`every ${event} arrow${but} / ${word}`);
      out = out.map((step) =>
        step.event === event
          ? { ...step, effects: step.effects.filter((effect) => effect !== word) }
          : step,
      );
    }
  }
  return { moves: out, facts };
}

/**
 * The steps as lines: the steps of several events with the same guard, target and outcome on one
 * line (an effect that only some of them have is named with those events), in an order that keeps
 * each event's own order (the order the machine tries its transitions).
 */
function linesOf(node: AnyStateNode, steps: readonly Step[]): Line[] {
  const groups = new Map<string, Step[]>();
  for (const step of steps) {
    const key = JSON.stringify([step.guard, step.target.id, step.outcome, step.after]);
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }
  const lines = [...groups.values()].map((group): Line => {
    const [first] = group as [Step, ...Step[]];
    return { steps: group, text: lineText(group), target: first.target, outcome: first.outcome };
  });
  return inEventOrder(node, steps, lines);
}

/** `lines` ordered so that, for each event, its steps come in the machine's order. */
function inEventOrder(node: AnyStateNode, steps: readonly Step[], lines: readonly Line[]): Line[] {
  const before = lines.map(() => new Set<number>());
  const previous = new Map<string, number>();
  for (const step of steps) {
    const at = lines.findIndex((line) => line.steps.includes(step));
    const last = previous.get(step.event);
    if (last !== undefined && last !== at) before[at]?.add(last);
    previous.set(step.event, at);
  }
  const ordered: Line[] = [];
  const done = new Set<number>();
  while (done.size < lines.length) {
    const next = lines.findIndex(
      (_, at) => !done.has(at) && [...(before[at] ?? [])].every((need) => done.has(need)),
    );
    if (next === -1) throw new Error(`no order of ${node.id}'s lines keeps every event's own`);
    done.add(next);
    ordered.push(lines[next] as Line);
  }
  return ordered;
}

function lineText(steps: readonly Step[]): string {
  const [first] = steps as [Step, ...Step[]];
  const events = steps.map((step) => step.event);
  const words = [...new Set(steps.flatMap((step) => step.effects))];
  const effects = words.map((word) => {
    const having = steps.filter((step) => step.effects.includes(word)).map((step) => step.event);
    return having.length === events.length ? word : `${word} (${having.map(short).join(', ')})`;
  });
  const guard = first.guard === '' ? '' : ` [${first.guard}]`;
  if (first.outcome !== undefined) {
    const after = first.after.length > 0 ? ` (tried after [${first.after.join('], [')}])` : '';
    return `${eventsText(events)}${guard}: ${first.outcome}${after}`;
  }
  return `${eventsText(events)}${guard}${effects.length > 0 ? ` / ${effects.join(', ')}` : ''}`;
}

const short = (type: string) => type.slice(type.indexOf('.') + 1);

/** Events in a few words: "any money report", "money report but X", or their names. */
function eventsText(events: readonly string[]): string {
  const reports = moneyReportTypes.filter((type) => events.includes(type));
  const others = events.filter((type) => !(moneyReportTypes as readonly string[]).includes(type));
  const missing = moneyReportTypes.filter((type) => !events.includes(type));
  const words =
    reports.length === moneyReportTypes.length
      ? ['any money report']
      : reports.length >= 4
        ? [`money report but ${missing.map(short).join(', ')}`]
        : reports;
  return [...words, ...others].join(', ');
}

function guardText(guard: Guard): string {
  if (typeof guard === 'string') return guard;
  if (guard === undefined) return '';
  const parts = (guard.guards ?? []).map((inner) => {
    const text = guardText(inner);
    return typeof inner === 'string' || inner?.name === 'not' ? text : `(${text})`;
  });
  switch (guard.name) {
    case 'not':
      return `not ${parts[0]}`;
    case 'and':
      return parts.join(' and ');
    case 'or':
      return parts.join(' or ');
    default:
      return guard.type ?? 'guard';
  }
}

const isOutcome = (action: Action) => outcomeText(action) !== undefined;

/** `refused reason` or `unchanged reason` for an outcome action, undefined for any other. */
function outcomeText(action: Action): string | undefined {
  if (typeof action !== 'object' || action === null) return undefined;
  const params = action.params as { reason?: string } | undefined;
  if (action.type === 'refuse') return `refused ${params?.reason}`;
  if (action.type === 'leaveUnchanged') return `unchanged ${params?.reason}`;
  return undefined;
}

/** The effects among `actions`, in a few words; the order's own bookkeeping is left out. */
function effectWords(actions: readonly Action[], sample: Sample): string[] {
  const words = actions.flatMap((action) => {
    if (typeof action !== 'object' || action === null || action.type === undefined) return [];
    if (!(effectTypes as readonly string[]).includes(action.type)) return [];
    return [effectWord(action.type, built(action.params, sample))];
  });
  // The two order emails of a confirmation, in one word.
  return [...new Set(words)];
}

/** What an effect action's data is: its value, or what its builder builds for the sample. */
function built(params: unknown, sample: Sample): Record<string, unknown> | undefined {
  const value = typeof params === 'function' ? params(sample) : params;
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object'
    ? (first as Record<string, unknown>)
    : undefined;
}

function effectWord(type: string, effect: Record<string, unknown> | undefined): string {
  switch (effect?.template) {
    case 'merchantOrderNotification':
    case 'customerOrderConfirmation':
      return `order emails (${effect.paymentStatus})`;
    case 'merchantPaymentAlert':
      return `alert ${effect.cause}`;
    case 'customerRefundNotification':
      return 'refund email';
    case 'customerOrderCancellation':
      return 'cancellation email';
    default:
      return type;
  }
}

/** An event of `type` with every field an effect builder may read. */
function sampleEvent(type: string): Record<string, unknown> {
  return {
    type,
    transactionId: 'T-1',
    authorizationId: 'T-0',
    amount: 1,
    currency: 'EUR',
    status: 'paid',
    lines: [],
    restock: true,
  };
}

/** `text` cut at spaces into lines of at most `width` columns, after `first`, then `hanging`. */
function wrap(text: string, width: number, first: string, hanging: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    const empty = line === first || line === hanging;
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = hanging + word;
    } else line = empty ? line + word : `${line} ${word}`;
  }
  return [...lines, line];
}
