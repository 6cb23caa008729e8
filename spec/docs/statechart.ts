/**
 * Draws the order machine as a Mermaid `stateDiagram-v2`, from its own definition: parallel regions
 * side by side, every transition labelled with its event, its guard and the actions it decides.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

type Guard = string | { type?: string; name?: string; guards?: readonly Guard[] } | undefined;
type Action = string | { type?: string; params?: unknown } | ((...args: never[]) => unknown);

/** The Mermaid source of `machine`'s statechart. */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root;
  return ['stateDiagram-v2', ...drawState(root, 1)].join('\n');
}

const idOf = (node: AnyStateNode) => node.id.replaceAll('.', '_');
const indent = (depth: number) => '  '.repeat(depth);

function drawChildren(node: AnyStateNode, depth: number): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (node.type === 'parallel') {
    return children.flatMap((child, index) => [
      ...(index > 0 ? [`${indent(depth)}--`] : []),
      ...drawState(child, depth),
    ]);
  }
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  return [
    ...(initial ? [`${indent(depth)}[*] --> ${idOf(initial)}`] : []),
    ...children.flatMap((child) => drawState(child, depth)),
  ];
}

function drawState(node: AnyStateNode, depth: number): string[] {
  const lines = [`${indent(depth)}state "${node.key}" as ${idOf(node)}`];
  if (Object.keys(node.states).length > 0) {
    lines.push(
      `${indent(depth)}state ${idOf(node)} {`,
      ...drawChildren(node, depth + 1),
      `${indent(depth)}}`,
    );
  }
  for (const transition of [...node.transitions.values()].flat()) {
    lines.push(drawTransition(node, transition.eventType, transition, depth));
  }
  for (const transition of node.always ?? [])
    lines.push(drawTransition(node, 'always', transition, depth));
  return lines;
}

function drawTransition(
  source: AnyStateNode,
  event: string,
  transition: {
    target?: readonly AnyStateNode[] | undefined;
    guard?: unknown;
    actions: readonly unknown[];
  },
  depth: number,
): string {
  const target = transition.target?.[0] ?? source;
  const guard = transition.guard === undefined ? '' : ` [${guardText(transition.guard as Guard)}]`;
  const actions = transition.actions.map((action) => actionText(action as Action)).filter(Boolean);
  const label = `${event}${guard}${actions.length > 0 ? ` / ${actions.join(', ')}` : ''}`;
  return `${indent(depth)}${idOf(source)} --> ${idOf(target)}: ${label}`;
}

function guardText(guard: Guard): string {
  if (typeof guard === 'string') return guard;
  if (guard === undefined) return '';
  const parts = (guard.guards ?? []).map(guardText);
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

function actionText(action: Action): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') return '';
  const params = action.params;
  if (params !== null && typeof params === 'object' && 'reason' in params)
    return `${action.type} ${params.reason}`;
  if (params !== null && typeof params === 'object' && 'cause' in params)
    return `${action.type} ${params.cause}`;
  return action.type ?? '';
}
