/**
 * The oracle of the store's specs: an order's stored log replayed through the pure engine gives
 * the effects its outbox must hold, and I1-I5 checked over that replay. Written against the public
 * API only, so that it holds the store to what the engine alone decides.
 */
import type { LogEntry } from '../../src/store/index.js';
import { play, type Step } from '../play.js';

/** An effect as the replay decides it: the log entry that decided it, and the effect. */
export interface ReplayedEffect {
  readonly seq: number;
  readonly effect: unknown;
}

/** Replays a log (placement first) and gives every step and every effect, by log entry. */
export function replayLog(log: readonly LogEntry[]): { steps: Step[]; effects: ReplayedEffect[] } {
  const [first, ...rest] = log;
  if (first === undefined || !('placement' in first.entry)) {
    throw new Error('a log starts with its placement');
  }
  const events = rest.map((entry, index) => {
    if (!('event' in entry.entry)) throw new Error(`log entry ${index + 1} is not an event`);
    if (entry.seq !== index + 1) throw new Error(`log entry ${index + 1} has seq ${entry.seq}`);
    return entry.entry.event;
  });
  const steps = play(first.entry.placement, events);
  return {
    steps,
    effects: steps.flatMap((step, seq) => step.decision.effects.map((effect) => ({ seq, effect }))),
  };
}

/** What breaks I1-I5 in a replayed history, in words; empty when they all hold. */
export function invariantBreaks(steps: readonly Step[]): string[] {
  const breaks: string[] = [];
  const settings = steps[0]?.decision.snapshot.settings;
  let deducted = 0;
  let restored = 0;
  let confirmedAt: number | undefined;
  const emails = new Map<string, number>();
  steps.forEach((step, at) => {
    const { effects } = step.decision;
    const stock = effects.filter((e) => e.type === 'deductStock' || e.type === 'restoreStock');
    deducted += effects.filter((e) => e.type === 'deductStock').length;
    restored += effects.filter((e) => e.type === 'restoreStock').length;
    if (deducted > 1 || restored > 1 || restored > deducted) breaks.push(`I1 at step ${at}`);
    if (settings?.realtimeStock === false && stock.length > 0) breaks.push(`I2 at step ${at}`);
    const net = deducted - restored;
    if (settings?.realtimeStock === true && step.view.paymentStatus === 'paid' && net !== 1)
      breaks.push(`I3 at step ${at}`);
    if (step.view.confirmed && confirmedAt === undefined) confirmedAt = at;
    for (const effect of effects) {
      if (effect.type !== 'sendEmail' || !('paymentStatus' in effect)) continue;
      emails.set(effect.template, (emails.get(effect.template) ?? 0) + 1);
      if (at !== confirmedAt) breaks.push(`I4 at step ${at}: ${effect.template} off confirmation`);
    }
    if (!step.view.confirmed && (stock.length > 0 || step.view.stockDeducted))
      breaks.push(`I5 at step ${at}`);
  });
  if (confirmedAt !== undefined && emails.size !== 2) breaks.push('I4: not both order emails');
  for (const [template, times] of emails) {
    if (times > 1) breaks.push(`I4: ${template} sent ${times} times`);
  }
  return breaks;
}
