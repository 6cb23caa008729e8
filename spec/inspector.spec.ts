/**
 * The live inspector: the bridge starts on a free port of 127.0.0.1 (and listens on no other
 * address) without opening a browser, and a WebSocket client in the browser's place receives the
 * machine's registration and its snapshots; a port in use is refused with its number. Nothing
 * leaves this machine.
 */
import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { inspectScenarios } from '../src/cli/inspect.js';
import { scenarios } from '../src/cli/scenarios.js';
import { listeningAddresses } from './listening.js';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

interface InspectionMessage {
  readonly type: string;
  readonly definition?: string;
  readonly snapshot?: {
    readonly value?: { readonly payment?: string; readonly shipping?: string };
    readonly context?: {
      readonly money?: { readonly captured?: number };
      readonly goods?: readonly { readonly shipped: number }[];
    };
  };
}

let stop = () => {};
afterEach(() => stop());

/** Plays the scenarios of `rules` in the inspector; collects what a browser receives until `done` says so. */
async function watch(
  rules: string,
  done: (message: InspectionMessage) => boolean,
): Promise<InspectionMessage[]> {
  const port = await freePort();
  const played = scenarios.filter((scenario) => scenario.rules === rules);
  const session = await inspectScenarios(played, { port, open: false, delayMs: 0, log: () => {} });
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  stop = () => {
    client.close();
    session.stop();
  };
  const messages: InspectionMessage[] = [];
  await new Promise<void>((resolve) => {
    client.on('message', (data) => {
      const message = JSON.parse(String(data)) as InspectionMessage;
      messages.push(message);
      if (done(message)) resolve();
    });
  });
  return messages;
}

test('the inspector receives the order machine and watches the payment region reach paid', async () => {
  const messages = await watch(
    'S1',
    (message) => message.type === '@xstate.snapshot' && message.snapshot?.value?.payment === 'paid',
  );
  const registration = messages.find((message) => message.type === '@xstate.actor');
  expect(JSON.parse(registration?.definition ?? '{}')).toMatchObject({
    id: 'order',
    type: 'parallel',
    states: {
      payment: { initial: 'placed' },
      shipping: {},
      confirmation: {},
      stock: {},
      orderEmails: {},
      paymentWindow: {},
      listing: {},
    },
  });
  expect(
    messages.filter((message) => message.type === '@xstate.event').length,
  ).toBeGreaterThanOrEqual(5);
}, 15_000);

test('M3, G2: the inspector watches an authorization captured in parts while the goods ship, the money and the units in the context', async () => {
  const snapshots = (
    await watch(
      'M3',
      (message) =>
        message.type === '@xstate.snapshot' &&
        message.snapshot?.value?.payment === 'paid' &&
        message.snapshot.value.shipping === 'shipped',
    )
  ).flatMap((message) =>
    message.type === '@xstate.snapshot' && message.snapshot ? [message.snapshot] : [],
  );
  const steps = snapshots.map((snapshot) => [snapshot.value?.payment, snapshot.value?.shipping]);
  expect(steps).toContainEqual(['authorized', 'notShipped']);
  expect(steps).toContainEqual(['authorized', 'partiallyShipped']);
  expect(steps.at(-1)).toEqual(['paid', 'shipped']);
  const last = snapshots.at(-1)?.context;
  expect(last?.money?.captured).toBe(3990);
  expect(last?.goods?.map((line) => line.shipped)).toEqual([2, 1]);
}, 15_000);

test('the bridge listens on 127.0.0.1 only, and its page is served there', async () => {
  const port = await freePort();
  const session = await inspectScenarios([], { port, open: false, delayMs: 0, log: () => {} });
  stop = () => session.stop();
  expect(session.url).toBe(`http://127.0.0.1:${port}`);
  const addresses = listeningAddresses(port);
  if (addresses !== undefined) expect(addresses).toEqual(['127.0.0.1']);
  const page = await fetch(session.url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`ws://127.0.0.1:${port}`);
});

test('a port another program listens on is refused with its number, before anything starts', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const address = taken.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await expect(
      inspectScenarios(scenarios, { port, open: false, delayMs: 0, log: () => {} }),
    ).rejects.toThrow(`port ${port} is in use: choose another with --port`);
  } finally {
    taken.close();
  }
});
