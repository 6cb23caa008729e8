/**
 * The live inspector: starts the Stately inspector's bridge on this machine, then plays scenarios
 * through live actors of `orderMachine` that report every step to it, so a browser shows them.
 * May touch: a local port (HTTP and WebSocket), the browser if asked to open it.
 */
import { createServer } from 'node:net';
import { createActor } from 'xstate';
import { orderMachine } from '../index.js';
import { describeEvent } from './describe.js';
import type { Scenario } from './scenarios.js';

/** How to run the inspector. */
export interface InspectOptions {
  /** The bridge's port; the browser page is http://localhost:port. */
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
): Promise<{ stop(): void }> {
  const { createInspectorServer, createWebSocketInspector } = await loadInspector();
  await checkFree(options.port);
  const server = createInspectorServer({ port: options.port, autoOpen: options.open });
  const inspector = createWebSocketInspector({ url: `ws://localhost:${options.port}` });
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.delayMs));
  options.log(`inspector bridge on http://localhost:${options.port}`);
  for (const scenario of scenarios) {
    options.log(`${scenario.rules}  ${scenario.title}`);
    const actor = createActor(orderMachine, {
      input: scenario.placement,
      inspect: inspector.inspect,
    });
    actor.start();
    for (const event of scenario.events) {
      await pause();
      options.log(`  ${describeEvent(event)}`);
      actor.send(event);
    }
  }
  return {
    stop() {
      inspector.stop();
      server.stop();
    },
  };
}

/**
 * Rejects, naming the port, when another program listens on it: the bridge itself would only
 * crash the process later, without a word.
 */
function checkFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} is in use: choose another with --port`
            : `port ${port} cannot be used (${error.message})`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function loadInspector() {
  try {
    const [{ createInspectorServer }, { createWebSocketInspector }] = await Promise.all([
      import('@statelyai/inspect/server'),
      import('@statelyai/inspect'),
    ]);
    return { createInspectorServer, createWebSocketInspector };
  } catch {
    throw new Error(
      'the inspector needs the package @statelyai/inspect: npm install @statelyai/inspect',
    );
  }
}
