/**
 * The explorer's server, on 127.0.0.1 only: one page, its scripts and styles (this package's own
 * built code from dist/, and xstate, valibot and mermaid from node_modules), the rule book with
 * the last test run's results, and the Stately inspector attached on request. The engine runs in
 * the page, from dist/; the server decides nothing. Nothing it serves comes from the internet, and
 * it serves no file outside the folders it names.
 * May touch: a port on 127.0.0.1; reads the package's files, its rule book and test report; the
 * inspector's bridge on another port of 127.0.0.1 when the page asks for it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Actor, createActor } from 'xstate';
import {
  boundPort,
  type InspectorBridge,
  LOOPBACK,
  listen,
  openInBrowser,
  startInspectorBridge,
} from '../cli/inspectorBridge.js';
import { OrderRulesError } from '../errors.js';
import type { OrderEvent } from '../events.js';
import { orderMachine } from '../machine/index.js';
import { HistoryError, playHistory } from './history.js';
import { parseRuleBook, rulesWithTests, type SpecResults } from './ruleBook.js';

/** How to run the explorer. */
export interface ExplorerOptions {
  /** The port on 127.0.0.1; 0 for any free one. */
  readonly port: number;
  /** Open the page in the default browser. */
  readonly open?: boolean;
  /** The test report the rule book reads (default: reports/spec-results.json in the package). */
  readonly report?: string;
}

/** A running explorer. */
export interface Explorer {
  /** The page: http://127.0.0.1:port/. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The package's folder: two up from dist/explorer or src/explorer. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The largest request body taken, in bytes: a history is a few kilobytes. */
const MAX_BODY = 1 << 20;

const contentTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A folder whose files of the given kinds are served under a prefix of the page's paths. */
interface Served {
  readonly prefix: string;
  readonly folder: string;
  readonly extensions: readonly string[];
}

/** The folder of an installed package, found from its entry point; undefined when not installed. */
function packageFolder(name: string): string | undefined {
  try {
    let folder = dirname(require.resolve(name));
    while (folder !== dirname(folder)) {
      const manifest = join(folder, 'package.json');
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name)
        return folder;
      folder = dirname(folder);
    }
  } catch {
    // not installed
  }
  return undefined;
}

/** Where each path of the page comes from; every other path is not found. */
function servedFolders(): { served: Served[]; mermaid: boolean } {
  const xstate = packageFolder('xstate');
  const valibot = packageFolder('valibot');
  const mermaid = packageFolder('mermaid');
  if (xstate === undefined || valibot === undefined)
    throw new Error('the explorer needs xstate and valibot, the engine itself: run npm install');
  const served: Served[] = [
    { prefix: '/app/', folder: join(root, 'dist'), extensions: ['.js', '.css'] },
    { prefix: '/vendor/xstate/', folder: join(xstate, 'dist'), extensions: ['.js'] },
    { prefix: '/vendor/valibot/', folder: join(valibot, 'dist'), extensions: ['.mjs'] },
  ];
  const mermaidFile = mermaid === undefined ? '' : join(mermaid, 'dist', 'mermaid.min.js');
  if (mermaid !== undefined && existsSync(mermaidFile))
    served.push({ prefix: '/vendor/mermaid/', folder: dirname(mermaidFile), extensions: ['.js'] });
  return { served, mermaid: mermaid !== undefined && existsSync(mermaidFile) };
}

/**
 * The file a path names under one of `served`, or undefined: only a file of an allowed kind,
 * inside its folder; no `..`, no `.` segment, no backslash, no NUL, no hidden file.
 *
 * @example
 * fileFor('/app/index.js', served); // => '/…/order-rules/dist/index.js'
 * fileFor('/app/../package.json', served); // => undefined
 */
export function fileFor(pathname: string, served: readonly Served[]): string | undefined {
  const place = served.find((candidate) => pathname.startsWith(candidate.prefix));
  if (place === undefined) return undefined;
  const rest = pathname.slice(place.prefix.length);
  const segments = rest.split('/');
  if (
    rest.includes('\\') ||
    rest.includes('\0') ||
    segments.some((segment) => segment === '' || segment.startsWith('.'))
  )
    return undefined;
  if (!place.extensions.includes(extname(rest))) return undefined;
  const file = resolve(place.folder, ...segments);
  if (!file.startsWith(place.folder + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The page's HTML: its import map names where xstate and valibot are served. */
function shell(mermaid: boolean): { html: string; scriptHash: string } {
  const importMap = JSON.stringify({
    imports: { xstate: '/vendor/xstate/xstate.esm.js', valibot: '/vendor/valibot/index.mjs' },
  });
  const scriptHash = createHash('sha256').update(importMap).digest('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>order-rules explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/app/explorer/page/style.css">
  <script type="importmap">${importMap}</script>
  ${mermaid ? '<script src="/vendor/mermaid/mermaid.min.js"></script>' : ''}
  <script type="module" src="/app/explorer/page/main.js"></script>
</head>
<body>
  <div id="app" data-mermaid="${mermaid ? 'yes' : 'no'}"><p class="loading">Loading the rules…</p></div>
  <noscript>The explorer runs the rules in the page: it needs JavaScript.</noscript>
</body>
</html>
`;
  return { html, scriptHash };
}

/** A request the explorer answers with an error status and a message. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the explorer on 127.0.0.1; rejects with a message naming the port when it is taken, and
 * when the page is not built (run `npm run build`).
 *
 * @example
 * const explorer = await startExplorer({ port: 8090, open: true });
 * console.log(`the explorer is on ${explorer.url}`);
 */
export async function startExplorer(options: ExplorerOptions): Promise<Explorer> {
  if (!existsSync(join(root, 'dist', 'explorer', 'page', 'main.js')))
    throw new Error(`the explorer's page is not built in ${join(root, 'dist')}: run npm run build`);
  const { served, mermaid } = servedFolders();
  const page = shell(mermaid);
  const reportPath = resolve(options.report ?? join(root, 'reports', 'spec-results.json'));
  const rulesPath = join(root, 'docs', 'RULES.md');
  const inspector = new InspectorLink();
  let port = 0;

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      const refusal =
        error instanceof Refusal ? error : new Refusal(500, (error as Error).message ?? 'error');
      if (!response.headersSent) sendJson(response, refusal.status, { error: refusal.message });
      else response.end();
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (host !== `${LOOPBACK}:${port}` && host !== `localhost:${port}`)
      throw new Refusal(421, `this server answers only to ${LOOPBACK}:${port}`);
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}:${port}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      throw new Refusal(400, 'the path is not valid percent-encoding');
    }
    if (request.method === 'POST' && pathname === '/api/inspector') {
      const body = await readJson(request);
      sendJson(response, 200, await inspector.attach(body));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      throw new Refusal(405, `${request.method} is not answered here`);
    if (pathname === '/') {
      response.writeHead(200, {
        ...securityHeaders,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': contentSecurityPolicy(page.scriptHash),
      });
      response.end(request.method === 'HEAD' ? undefined : page.html);
      return;
    }
    if (pathname === '/api/rules') {
      sendJson(response, 200, await ruleBook(rulesPath, reportPath));
      return;
    }
    const file = fileFor(pathname, served);
    if (file === undefined) throw new Refusal(404, `${pathname} is not here`);
    response.writeHead(200, {
      ...securityHeaders,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    });
    response.end(request.method === 'HEAD' ? undefined : await readFile(file));
  }

  await listen(server, options.port);
  port = boundPort(server);
  const url = `http://${LOOPBACK}:${port}/`;
  if (options.open === true) openInBrowser(url);
  return {
    url,
    port,
    close: () =>
      new Promise<void>((done) => {
        inspector.stop();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The page may load and fetch from this server only; the import map is its one inline script. */
function contentSecurityPolicy(scriptHash: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'sha256-${scriptHash}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The request's body as JSON, at most MAX_BODY bytes; a 400 that says why when it is not JSON. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Refusal(413, `the body is over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Refusal(400, `the body is not JSON: ${(error as Error).message}`);
  }
}

/** The rule book with its tests, and what the report says of itself; none when there is none. */
async function ruleBook(rulesPath: string, reportPath: string) {
  const rules = parseRuleBook(await readFile(rulesPath, 'utf8'));
  let results: SpecResults | undefined;
  try {
    results = JSON.parse(await readFile(reportPath, 'utf8')) as SpecResults;
  } catch {
    results = undefined;
  }
  const tests = Object.values(results?.files ?? {}).flatMap((file) => file.tests);
  return {
    rules: rulesWithTests(rules, results),
    report:
      results === undefined
        ? null
        : {
            path: reportPath,
            madeAt: results.madeAt,
            files: Object.keys(results.files).length,
            tests: tests.length,
            passed: tests.filter((test) => test.state === 'passed').length,
            failed: tests.filter((test) => test.state === 'failed').length,
          },
  };
}

/**
 * The Stately inspector, attached on request: the bridge on a free port of 127.0.0.1, and one live
 * actor of `orderMachine` that plays the page's history. A history that goes on from the one
 * played is sent its new events; any other (an undo, another order) starts a new actor.
 */
class InspectorLink {
  #bridge: Promise<InspectorBridge> | undefined;
  #actor: Actor<typeof orderMachine> | undefined;
  #played: string[] = [];

  async attach(body: unknown): Promise<{ url: string; events: number }> {
    if (typeof body !== 'object' || body === null || !('placement' in body))
      throw new Refusal(400, 'the body must be a history: { placement, events }');
    const { placement, events = [] } = body as { placement: unknown; events?: unknown };
    if (!Array.isArray(events)) throw new Refusal(400, 'events must be an array');
    const history = { placement, events } as Parameters<typeof playHistory>[0];
    try {
      playHistory(history);
    } catch (error) {
      if (error instanceof HistoryError || error instanceof OrderRulesError)
        throw new Refusal(400, error.message);
      throw error;
    }
    this.#bridge ??= startInspectorBridge({ port: 0, open: false });
    let bridge: InspectorBridge;
    try {
      bridge = await this.#bridge;
    } catch (error) {
      this.#bridge = undefined;
      throw new Refusal(501, (error as Error).message);
    }
    const played = [JSON.stringify(placement), ...events.map((event) => JSON.stringify(event))];
    const goesOn =
      this.#actor !== undefined &&
      this.#played.length <= played.length &&
      this.#played.every((line, at) => played[at] === line);
    if (!goesOn) {
      this.#actor?.stop();
      this.#actor = createActor(orderMachine, {
        input: history.placement,
        inspect: bridge.inspect,
      }).start();
      this.#played = played.slice(0, 1);
    }
    for (const event of events.slice(this.#played.length - 1))
      this.#actor?.send(event as OrderEvent);
    this.#played = played;
    return { url: bridge.url, events: events.length };
  }

  stop(): void {
    this.#actor?.stop();
    this.#bridge?.then((bridge) => bridge.stop()).catch(() => {});
  }
}
