/**
 * The Stately inspector's bridge, on this machine only: a page on http://127.0.0.1:PORT that
 * frames the hosted Stately inspector, and a WebSocket on the same port that relays what live
 * actors report to it. It does what `@statelyai/inspect/server` does, but listens on 127.0.0.1
 * and not on every interface, and says so when the port is taken.
 * May touch: a port on 127.0.0.1, the browser if asked to open it.
 */
import { exec } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { platform } from 'node:os';
import type { InspectionEvent, Observer } from 'xstate';

/** The only address the bridge listens on. */
export const LOOPBACK = '127.0.0.1';

/** The hosted inspector the bridge's page frames; it needs internet access. */
const INSPECTOR_URL = 'https://stately.ai/inspect';

/** How many messages the bridge keeps for a page that connects late. */
const BUFFERED = 200;

/** A running bridge. */
export interface InspectorBridge {
  /** The page to open: http://127.0.0.1:port. */
  readonly url: string;
  readonly port: number;
  /** Hand this to `createActor(machine, { inspect })`: each step is sent to the inspector. */
  readonly inspect: Observer<InspectionEvent>;
  /** Closes the socket and the port. */
  stop(): void;
}

/**
 * Starts the bridge on 127.0.0.1 (`port` 0 for any free port); rejects, naming the port, when it
 * is taken, and naming the package when `@statelyai/inspect` is not installed.
 *
 * @example
 * const bridge = await startInspectorBridge({ port: 8080, open: true });
 * createActor(orderMachine, { input, inspect: bridge.inspect }).start();
 */
export async function startInspectorBridge(options: {
  readonly port: number;
  readonly open: boolean;
}): Promise<InspectorBridge> {
  const { createWebSocketInspector, WebSocketServer } = await loadInspector();
  const server = createServer((request, response) => {
    const port = boundPort(server);
    response.writeHead(request.url === '/' ? 200 : 404, {
      'content-type': 'text/html; charset=utf-8',
    });
    response.end(request.url === '/' ? bridgePage(port) : 'not found');
  });
  await listen(server, options.port);
  const port = boundPort(server);
  const sockets = new WebSocketServer({ server });
  const buffer: string[] = [];
  sockets.on('connection', (socket) => {
    for (const message of buffer) socket.send(message);
    socket.on('message', (data) => {
      const message = String(data);
      buffer.push(message);
      if (buffer.length > BUFFERED) buffer.shift();
      for (const client of sockets.clients)
        if (client !== socket && client.readyState === client.OPEN) client.send(message);
    });
  });
  const inspector = createWebSocketInspector({ url: `ws://${LOOPBACK}:${port}` });
  const url = `http://${LOOPBACK}:${port}`;
  if (options.open) openInBrowser(url);
  return {
    url,
    port,
    inspect: inspector.inspect,
    stop() {
      inspector.stop();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.close();
    },
  };
}

/** Listens on 127.0.0.1, or rejects with a message that names the port and what to do. */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} is in use: choose another with --port`
            : `port ${port} cannot be used (${error.message})`,
        ),
      );
    server.once('error', failed);
    server.listen(port, LOOPBACK, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** The port a listening server was given. */
export function boundPort(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Opens `url` in the default browser, as the inspector's own bridge does. */
export function openInBrowser(url: string): void {
  const command =
    platform() === 'darwin' ? 'open' : platform() === 'win32' ? 'start ""' : 'xdg-open';
  exec(`${command} ${url}`, () => {});
}

/** The bridge's page: the hosted inspector in a frame, fed from the WebSocket. */
function bridgePage(port: number): string {
  return `<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>Stately inspector (order-rules)</title>
  <style>* { margin: 0; padding: 0; } html, body { height: 100%; } iframe { width: 100%; height: 100%; border: none; }</style>
</head>
<body>
  <iframe id="inspector" src="${INSPECTOR_URL}"></iframe>
  <script>
    const frame = document.getElementById('inspector');
    const waiting = [];
    let connected = false;
    window.addEventListener('message', (event) => {
      if (event.data && event.data.type === '@statelyai.connected') {
        connected = true;
        for (const data of waiting.splice(0)) frame.contentWindow.postMessage(data, '*');
      }
    });
    const socket = new WebSocket('ws://${LOOPBACK}:${port}');
    socket.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (connected) frame.contentWindow.postMessage(data, '*');
      else waiting.push(data);
    };
  </script>
</body>
</html>`;
}

async function loadInspector() {
  try {
    const [{ createWebSocketInspector }, { WebSocketServer }] = await Promise.all([
      import('@statelyai/inspect'),
      import('ws'),
    ]);
    return { createWebSocketInspector, WebSocketServer };
  } catch {
    throw new Error(
      'the inspector needs the packages @statelyai/inspect and ws: npm install @statelyai/inspect ws',
    );
  }
}
