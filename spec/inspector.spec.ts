/**
 * The live inspector: the bridge starts on a free loopback port without opening a browser, and a
 * WebSocket client in the browser's place receives the machine's registration and its snapshots;
 * a port in use is refused with its number. Nothing leaves this machine.
 */
import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { inspectScenarios } from '../src/cli/inspect.js';
import { scenarios } from '../src/cli/scenarios.js';

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
  readonly snapshot?: { readonly value?: { readonly payment?: string } };
}

let stop = () => {};
afterEach(() => stop());

test('the inspector receives the order machine and watches the payment region reach paid', async () => {
  const port = await freePort();
  const s1 = scenarios.filter((scenario) => scenario.rules === 'S1');
  const session = await inspectScenarios(s1, { port, open: false, delayMs: 0, log: () => {} });
  const client = new WebSocket(`ws://localhost:${port}`);
  stop = () => {
    client.close();
    session.stop();
  };
  const messages: InspectionMessage[] = [];
  const paid = new Promise<void>((resolve) => {
    client.on('message', (data) => {
      const message = JSON.parse(String(data)) as InspectionMessage;
      messages.push(message);
      if (message.type === '@xstate.snapshot' && message.snapshot?.value?.payment === 'paid')
        resolve();
    });
  });
  await paid;
  const registration = messages.find((message) => message.type === '@xstate.actor');
  expect(JSON.parse(registration?.definition ?? '{}')).toMatchObject({
    id: 'order',
    type: 'parallel',
    states: { payment: { initial: 'placed' }, shipping: {}, confirmation: {}, stock: {} },
  });
  expect(
    messages.filter((message) => message.type === '@xstate.event').length,
  ).toBeGreaterThanOrEqual(5);
}, 15_000);

test('a port another program listens on is refused with its number, before anything starts', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, resolve));
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
