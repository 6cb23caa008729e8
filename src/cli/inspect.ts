/**
 * The live inspector: starts the Stately inspector's bridge on this machine (127.0.0.1 only), then
 * plays scenarios through live actors of `orderMachine` that report every step to it, so a browser
 * shows them.
 * May touch: a port on 127.0.0.1 (HTTP and WebSocket), the browser if asked to open it.
 */
import { createActor } from 'xstate';
import { orderMachine } from '../index.js';
import { describeEvent } from './describe.js';
import { startInspectorBridge } from './inspectorBridge.js';
import type { Scenario } from './scenarios.js';

/** How to run the inspector. */
export interface InspectOptions {
  /** The bridge's port on 127.0.0.1 (0 for any free one); the page is http://127.0.0.1:port. */
  readonly port: number;
  /** Open the inspector page in the default browser. */
  readonly open: boolean;
  /** Pause between two events, in milliseconds, so each step can be watched. */
  readonly delayMs: number;
  /** Where to tell what is played. */
  readonly log: (line: string) => void;
}

/**
 * Starts the bridge and plays `scenarios`; resolves once they are played, with a `stop` that
 * closes the bridge.
 *
 * @example
 * const { stop } = await inspectScenarios(scenarios, { port: 8080, open: true, delayMs: 800, log: console.log });
 */
export async function inspectScenarios(
  scenarios: readonly Scenario[],
  options: InspectOptions,
): Promise<{ stop(): void; readonly url: string }> {
  const bridge = await startInspectorBridge({ port: options.port, open: options.open });
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.delayMs));
  options.log(`inspector bridge on ${bridge.url}`);
  for (const scenario of scenarios) {
    options.log(`${scenario.rules}  ${scenario.title}`);
    const actor = createActor(orderMachine, {
      input: scenario.placement,
      inspect: bridge.inspect,
    });
    actor.start();
    for (const event of scenario.events) {
      await pause();
      options.log(`  ${describeEvent(event)}`);
      actor.send(event);
    }
  }
  return { url: bridge.url, stop: () => bridge.stop() };
}
