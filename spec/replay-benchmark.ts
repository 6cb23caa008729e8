/**
 * `npm run bench:replay`: how fast `order-rules replay` decides a million events, and how much
 * memory it holds for each order. It writes the generator's traffic (`order-rules generate`, 50,000
 * orders of about 20 events: 1,002,580 events with seed 1) to a temporary file and times
 * `order-rules replay FILE --quiet` in a child process: its wall time (node's start included) and
 * its peak resident set size, which the child reads from `process.resourceUsage().maxRSS` as it
 * exits. The same for a tenth of the orders; the memory held for each order is the slope between
 * the two: the difference of the peaks over the difference of the orders. The peak counts garbage
 * not collected yet; so the heap the replay holds once every line is decided, after collection, is
 * weighed too (`replay()` run in a child with `--expose-gc`), and its slope printed. It also reads the file
 * for how many orders are open at once (placed, their last event still to come), to set against
 * the orders the replay holds. Each replay runs `--runs` times: the best wall time and the median
 * peak are printed, then the targets, each with its figure, the ratio of the figure to the target,
 * and whether it is met. Builds the command first (`npm run build`) when `dist/` is missing or
 * older than `src/`. Not a test: run it on a quiet machine.
 *
 *   npm run bench:replay                                   # 50,000 orders, and 5,000 for the slope
 *   npm run bench:replay -- --orders 100000 --small-orders 20000 --runs 1 --seed 2
 * May touch: `dist/` (through `npm run build`), a temporary folder, the processes it starts.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HOT_ORDERS } from '../src/cli/replay.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '50000' },
    'small-orders': { type: 'string' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
  },
});
const wholeNumber = (option: string, text: string | undefined, least: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < least)
    throw new Error(`--${option}: a whole number from ${least}, got ${text}`);
  return n;
};
const orders = wholeNumber('orders', values.orders, 2);
const smallOrders = wholeNumber(
  'small-orders',
  values['small-orders'] ?? String(Math.max(1, Math.round(orders / 10))),
  1,
);
if (smallOrders >= orders) throw new Error('--small-orders: fewer than --orders');
const seed = wholeNumber('seed', values.seed, 0);
const runs = wholeNumber('runs', values.runs, 1);

/** The seconds the replay of the large file may take at most. */
const TARGET_SECONDS = 10;

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');

/** The latest change to `path` or anything under it, in ms since the epoch. */
function latestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(
    stats.mtimeMs,
    ...readdirSync(path).map((name) => latestChange(join(path, name))),
  );
}

/** Builds `dist/` when it is missing or older than `src/` or the compiler's settings; says which. */
function ensureBuilt(): string {
  let built: number;
  try {
    built = statSync(cli).mtimeMs;
  } catch {
    built = Number.NEGATIVE_INFINITY;
  }
  const sources = Math.max(
    latestChange(join(root, 'src')),
    latestChange(join(root, 'tsconfig.json')),
    latestChange(join(root, 'tsconfig.build.json')),
  );
  if (built >= sources) return 'dist/ is up to date with src/';
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit code ${build.status})`);
  return Number.isFinite(built) ? 'dist/ was older than src/: built it' : 'no dist/: built it';
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** What the generator wrote: the file, its events and its size. */
interface Traffic {
  readonly orders: number;
  readonly file: string;
  readonly events: number;
  readonly bytes: number;
}

function generate(folder: string, orderCount: number): Traffic {
  const file = join(folder, `orders-${orderCount}-seed-${seed}.jsonl`);
  const out = openSync(file, 'w');
  let said: string;
  try {
    const run = spawnSync(
      process.execPath,
      [cli, 'generate', '--orders', String(orderCount), '--seed', String(seed)],
      { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`generate failed: ${run.stderr}`);
    said = run.stderr;
  } finally {
    closeSync(out);
  }
  const events = /([\d,]+) events/.exec(said)?.[1];
  if (events === undefined) throw new Error(`generate said: ${said}`);
  const bytes = statSync(file).size;
  return { orders: orderCount, file, events: Number(events.replaceAll(',', '')), bytes };
}

/**
 * The most orders open at once in `file`: an order is open from its placement's line to its last
 * event's line, both included.
 */
async function mostOpenAtOnce(file: string): Promise<number> {
  const span = new Map<string, { first: number; last: number }>();
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity,
  })) {
    line += 1;
    const id = /^\{"order(?:Id)?":(?:\{"id":)?"([^"]+)"/.exec(text)?.[1];
    if (id === undefined) continue;
    const known = span.get(id);
    if (known === undefined) span.set(id, { first: line, last: line });
    else known.last = line;
  }
  const opens = [...span.values()].map(({ first }) => first).sort((a, b) => a - b);
  const closes = [...span.values()].map(({ last }) => last).sort((a, b) => a - b);
  let open = 0;
  let most = 0;
  let closed = 0;
  for (const first of opens) {
    while ((closes[closed] ?? Number.POSITIVE_INFINITY) < first) {
      closed += 1;
      open -= 1;
    }
    open += 1;
    most = Math.max(most, open);
  }
  return most;
}

/** Reads the child's peak resident set size as it exits, in KiB, onto its standard error. */
const PEAK_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs';" +
    "process.on('exit', () => writeSync(2, '\\npeak-rss-kib ' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

/**
 * Replays `file` in a child run with `--expose-gc` through `replay()` itself, and answers the heap
 * it holds once every line is decided (after two full collections): the orders it keeps, and the
 * program.
 */
function heldHeap(file: string): number {
  const script = [
    "import { createReadStream } from 'node:fs';",
    "import { Writable } from 'node:stream';",
    `const { replay } = await import(${JSON.stringify(new URL('../dist/cli/replay.js', import.meta.url).href)});`,
    'let held = 0;',
    `await replay(createReadStream(${JSON.stringify(file)}), new Writable({ write: (_c, _e, done) => done() }), {`,
    '  quiet: true,',
    '  onDecided: () => { globalThis.gc(); globalThis.gc(); held = process.memoryUsage().heapUsed; },',
    '});',
    "process.stdout.write('held-heap-bytes ' + held);",
  ].join('\n');
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  const held = /held-heap-bytes (\d+)/.exec(run.stdout)?.[1];
  if (run.status !== 0 || held === undefined) throw new Error(`replay failed: ${run.stderr}`);
  return Number(held);
}

/** One replay: wall time, peak RSS, and what the command says it did. */
interface Replayed {
  readonly seconds: number;
  readonly peakBytes: number;
  readonly ownSeconds: number;
  readonly events: number;
  readonly held: number;
}

function replayOnce(traffic: Traffic): Replayed {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ['--import', PEAK_PROBE, cli, 'replay', traffic.file, '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`replay failed (exit code ${run.status}): ${run.stderr}`);
  const summary = /replayed ([\d,]+) events? of ([\d,]+) orders? in ([\d.]+) s/.exec(run.stderr);
  const peak = /peak-rss-kib (\d+)/.exec(run.stderr)?.[1];
  if (summary === null || peak === undefined) throw new Error(`replay said: ${run.stderr}`);
  const number = (text: string | undefined) => Number((text ?? '').replaceAll(',', ''));
  return {
    seconds,
    peakBytes: Number(peak) * 1024,
    ownSeconds: Number(summary[3]),
    events: number(summary[1]),
    held: number(summary[2]),
  };
}

/** The best wall time of `runs` replays, the median peak, the replay's own time of the best. */
function replayed(traffic: Traffic): Replayed {
  const all = Array.from({ length: runs }, () => replayOnce(traffic));
  const best = all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  for (const run of all) {
    if (run.events !== traffic.events)
      throw new Error(`replay decided ${run.events} events of ${traffic.events}`);
  }
  return { ...best, peakBytes: median(all.map((run) => run.peakBytes)) };
}

const folder = mkdtempSync(join(tmpdir(), 'order-rules-replay-bench-'));
try {
  const build = ensureBuilt();
  console.log(
    `order-rules replay benchmark: seed ${seed}, node ${process.version}, ${availableParallelism()} cores; ${build}`,
  );
  const traffics = [generate(folder, orders), generate(folder, smallOrders)];
  const openAtOnce = await mostOpenAtOnce((traffics[0] as Traffic).file);
  for (const traffic of traffics) {
    console.log(
      `traffic: ${count(traffic.orders)} orders, ${count(traffic.events)} events (${count(traffic.orders + traffic.events)} lines, ${mib(traffic.bytes)})`,
    );
  }
  console.log(
    `at most ${count(openAtOnce)} orders open at once in the ${count(orders)} orders' file`,
  );
  console.log('');
  console.log(
    `order-rules replay FILE --quiet, the best wall time of ${runs} run${runs === 1 ? '' : 's'} (node's start included), the median peak RSS:`,
  );
  const [big, little] = traffics.map((traffic) => ({ traffic, run: replayed(traffic) })) as [
    { traffic: Traffic; run: Replayed },
    { traffic: Traffic; run: Replayed },
  ];
  for (const { traffic, run } of [big, little]) {
    console.log(
      `  ${count(traffic.orders).padStart(7)} orders ${count(traffic.events).padStart(10)} events ${run.seconds.toFixed(2).padStart(7)} s ` +
        `${count(traffic.events / run.seconds).padStart(9)} events/s   peak RSS ${mib(run.peakBytes).padStart(10)}   ` +
        `(replay's own clock: ${run.ownSeconds.toFixed(2)} s; ${count(run.held)} orders held at the end)`,
    );
  }
  const perOrder = (big.run.peakBytes - little.run.peakBytes) / (big.run.held - little.run.held);
  const base = little.run.peakBytes - perOrder * little.run.held;
  console.log(
    `peak RSS per order held: (${mib(big.run.peakBytes)} - ${mib(little.run.peakBytes)}) / ${count(big.run.held - little.run.held)} orders = ${count(perOrder)} bytes; ${mib(base)} at no order (garbage not yet collected included)`,
  );
  const [bigHeld, littleHeld] = [heldHeap(big.traffic.file), heldHeap(little.traffic.file)];
  const heldPerOrder = (bigHeld - littleHeld) / (big.run.held - little.run.held);
  console.log(
    `heap held once every line is decided, after collection: ${mib(bigHeld)} at ${count(big.run.held)} orders, ${mib(littleHeld)} at ${count(little.run.held)}: ${count(heldPerOrder)} bytes per order beyond the latest ${count(HOT_ORDERS)} (held as its JSON; those are held as snapshots)`,
  );
  console.log(
    `replay holds every order it has placed, to its end: ${count(big.run.held)}, of which at most ${count(openAtOnce)} open at once`,
  );

  const targets = [
    {
      name: `replay of ${count(big.traffic.events)} events`,
      figure: `${big.run.seconds.toFixed(2)} s`,
      target: `< ${TARGET_SECONDS} s`,
      ratio: big.run.seconds / TARGET_SECONDS,
      met: big.run.seconds < TARGET_SECONDS,
    },
    {
      name: 'replay memory: orders held as snapshots, bound: open at once',
      figure: count(Math.min(big.run.held, HOT_ORDERS)),
      target: `<= ${count(openAtOnce)}`,
      ratio: Math.min(big.run.held, HOT_ORDERS) / openAtOnce,
      met: Math.min(big.run.held, HOT_ORDERS) <= openAtOnce,
    },
  ];
  console.log('');
  console.log('targets (ratio: the figure over the target):');
  for (const { name, figure, target, ratio, met } of targets) {
    console.log(
      `  ${name.padEnd(48)} ${figure.padStart(9)}  ${target.padEnd(9)} ${ratio.toFixed(2).padStart(6)}  ${met ? 'met' : 'NOT MET'}`,
    );
  }
  console.log(
    `  (every order placed is held to the end: the latest ${count(HOT_ORDERS)} to take an event as snapshots, the others as their JSON, ${count(heldPerOrder)} bytes of heap each)`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
