#!/usr/bin/env node
/**
 * The `order-rules` command: `demo` plays the rule book's scenarios; `replay FILE` replays orders
 * from JSON Lines (into a store with `--db`); `outbox` lists a store's pending effects; `generate`
 * writes seeded traffic; `inspect` plays the scenarios in the live inspector; `explore` serves the
 * explorer's page on this machine.
 * Parses arguments, wires streams, sets the exit code.
 * May touch: standard input, output and error, the file it is asked to read, the store it is asked
 * to open, a local port.
 */
import { createReadStream, existsSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import pc from 'picocolors';
import { startExplorer } from '../explorer/server.js';
import { OrderRulesError } from '../index.js';
import { isPostgresUrl, MAX_GROUP, openStore } from '../store/index.js';
import { renderDemo } from './demo.js';
import { describeOutcomes } from './describe.js';
import { generateOrders } from './generate.js';
import { inspectScenarios } from './inspect.js';
import { describeReplay, ReplayLineError, replay } from './replay.js';
import { scenarios } from './scenarios.js';
import { DEFAULT_GROUP, replayIntoStore } from './storeReplay.js';

/** The store `--db` opens when it names none: a SQLite file in the working folder. */
const DEFAULT_DB = 'order-rules.db';

/** This package's version, from its package.json (two folders up from dist/cli or src/cli). */
const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

const program = new Command('order-rules')
  .version(version)
  .description(
    'What a shop platform must do with an order: stock, emails, listing, payments, shipments and returns.',
  )
  .showHelpAfterError();

program
  .command('demo')
  .description("play the rule book's scenarios and print what the engine decides at each step")
  .action(() => {
    process.stdout.write(`${renderDemo(scenarios, pc)}\n`);
  });

/** The options of `replay`. */
interface ReplayOptions {
  readonly quiet?: boolean;
  readonly db?: string | true;
  readonly group: string;
}

program
  .command('replay')
  .description(
    'replay orders from JSON Lines (placements and events, orders interleaved); prints one decision a line, or stores them with --db',
  )
  .argument('<file>', 'a JSON Lines file, or - for standard input')
  .option('-q, --quiet', 'print no decisions, only the summary')
  .option(
    '--db [location]',
    `commit the lines through a store, in groups (--group): a SQLite file or a postgres:// URL (default ${DEFAULT_DB})`,
  )
  .option(
    '--group <lines>',
    `with --db: how many lines to commit in one transaction, 1 to ${MAX_GROUP} (1: each line alone)`,
    String(DEFAULT_GROUP),
  )
  .action(async (file: string, options: ReplayOptions, command: Command) => {
    const location = options.db === true ? DEFAULT_DB : options.db;
    const group = Number(options.group);
    if (!Number.isInteger(group) || group < 1 || group > MAX_GROUP)
      command.error(`--group must be a whole number from 1 to ${MAX_GROUP}, got ${options.group}`);
    try {
      // A file that cannot be read is an error before any store is opened.
      const size = file === '-' ? undefined : statSync(file).size;
      const input = file === '-' ? process.stdin : createReadStream(file);
      if (location !== undefined) {
        await replayToStore(input, size, location, group);
        return;
      }
      const stats = await replay(input, process.stdout, { quiet: options.quiet === true });
      process.stderr.write(`${describeReplay(stats)}\n`);
    } catch (error) {
      process.stderr.write(`order-rules replay: ${problemOf(error, location)}\n`);
      process.exitCode = 1;
    }
  });

program
  .command('outbox')
  .description("list a store's pending effects, oldest first, one JSON line each")
  .option('--db [location]', `a SQLite file or a postgres:// URL (default ${DEFAULT_DB})`)
  .option('-l, --limit <count>', 'list at most this many', '100')
  .action(async (options: { db?: string | true; limit: string }, command: Command) => {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      command.error(`--limit must be a whole number from 1 to 10000, got ${options.limit}`);
    const location = options.db === undefined || options.db === true ? DEFAULT_DB : options.db;
    try {
      const store = await openExisting(location);
      try {
        const pending = await store.pendingEffects({ limit });
        for (const record of pending) {
          const { id, idempotencyKey, orderId, attempts, lastError, effect } = record;
          process.stdout.write(
            `${JSON.stringify({ id, idempotencyKey, orderId, attempts, lastError, effect })}\n`,
          );
        }
        // Counted past the page (a dispatcher may deliver some in between: never fewer than listed).
        const total =
          pending.length < limit
            ? pending.length
            : Math.max(pending.length, (await store.pendingEffects({ limit: MAX_COUNTED })).length);
        const totalCount = total === MAX_COUNTED ? `${count(total)} or more` : count(total);
        const page =
          total === pending.length
            ? ''
            : `, the first ${count(pending.length)} listed (--limit for more)`;
        process.stderr.write(
          `${totalCount} pending effect${total === 1 ? '' : 's'} in ${shown(location)}${page}\n`,
        );
      } finally {
        await store.close();
      }
    } catch (error) {
      process.stderr.write(`order-rules outbox: ${problemOf(error, location)}\n`);
      process.exitCode = 1;
    }
  });

/**
 * Writes all of `text` to standard output, however a pipe takes it: partial writes are finished,
 * a full pipe is waited out, and a reader that has gone (`| head`) ends the command quietly.
 */
function writeOut(text: string): void {
  let bytes = Buffer.from(text);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

program
  .command('generate')
  .description(
    'write interleaved histories of many orders as JSON Lines, for replay (about 20 events an order)',
  )
  .requiredOption('-o, --orders <count>', 'how many orders')
  .option('-s, --seed <seed>', 'the seed: the same seed gives the same lines', '1')
  .action((options: { orders: string; seed: string }, command: Command) => {
    const orders = Number(options.orders);
    const seed = Number(options.seed);
    if (!Number.isInteger(orders) || orders < 1)
      command.error(`--orders must be a whole number from 1, got ${options.orders}`);
    if (!Number.isInteger(seed))
      command.error(`--seed must be a whole number, got ${options.seed}`);
    let buffer = '';
    const events = generateOrders({ orders, seed }, (line) => {
      buffer += line;
      if (buffer.length > 1 << 16) {
        writeOut(buffer);
        buffer = '';
      }
    });
    writeOut(buffer);
    process.stderr.write(`generated ${count(orders)} orders, ${count(events)} events\n`);
  });

program
  .command('inspect')
  .description(
    'play the scenarios through live actors, watched in the Stately inspector in a browser',
  )
  .option('-p, --port <port>', 'the port of the inspector bridge on 127.0.0.1', '8080')
  .option('--no-open', 'do not open the browser')
  .option('-d, --delay <ms>', 'pause between two events, in milliseconds', '800')
  .action(async (options: { port: string; open: boolean; delay: string }, command: Command) => {
    const port = Number(options.port);
    const delayMs = Number(options.delay);
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      command.error(`--port must be 1-65535, got ${options.port}`);
    if (!Number.isInteger(delayMs) || delayMs < 0)
      command.error(`--delay must be a whole number of ms, got ${options.delay}`);
    try {
      await inspectScenarios(scenarios, {
        port,
        open: options.open,
        delayMs,
        log: (line) => console.log(line),
      });
      console.log('all scenarios played; the inspector stays open until you press Ctrl+C');
    } catch (error) {
      process.stderr.write(`order-rules inspect: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  });

program
  .command('explore')
  .description(
    'a page on this machine to play an order through the rules, watch its statechart, and read the rule book with its tests',
  )
  .option('-p, --port <port>', 'the port on 127.0.0.1 (0 for any free one)', '8090')
  .option('--no-open', 'do not open the browser')
  .option(
    '--report <file>',
    "the test report the rule book reads (default: the package's reports/spec-results.json)",
  )
  .action(async (options: { port: string; open: boolean; report?: string }) => {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      program.error(`--port must be 0-65535, got ${options.port}`);
    try {
      const explorer = await startExplorer({
        port,
        open: options.open,
        ...(options.report === undefined ? {} : { report: options.report }),
      });
      console.log(`the explorer is on ${explorer.url} (this machine only); Ctrl+C stops it`);
      const stop = () => {
        void explorer.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    } catch (error) {
      process.stderr.write(`order-rules explore: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  });

const count = (n: number) => n.toLocaleString('en-US');

/** A store's location as printed: a URL's password hidden. */
function shown(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'the PostgreSQL URL given';
  }
}

/**
 * Replays `input` into the store at `location`, `group` lines a transaction, with a progress bar
 * on a terminal when its `size` is known (a file, not standard input), and prints the summary on
 * standard error.
 */
async function replayToStore(
  input: Readable,
  size: number | undefined,
  location: string,
  group: number,
): Promise<void> {
  const store = await openStore(location);
  const bar =
    process.stderr.isTTY && size !== undefined
      ? new SingleBar(
          {
            stream: process.stderr,
            format: 'storing [{bar}] {percentage}% | {value}/{total} bytes | ETA {eta_formatted}',
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        )
      : undefined;
  bar?.start(size ?? 0, 0);
  try {
    const stats = await replayIntoStore(input, store, {
      group,
      ...(bar === undefined ? {} : { onProgress: (bytes: number) => bar.update(bytes) }),
    });
    bar?.stop();
    const lines = stats.placements + stats.events;
    const rate = Math.round(lines / Math.max(stats.seconds, 1e-9));
    process.stderr.write(
      `stored ${count(stats.events)} events and ${count(stats.placements)} placements in ${shown(location)} in ${stats.seconds.toFixed(2)} s: ` +
        `${count(rate)} lines/s\n${describeOutcomes(stats.outcomes, stats.placementOutcomes)}; ` +
        `${count(stats.effects)} effects put in the outbox\n`,
    );
  } finally {
    bar?.stop();
    await store.close();
  }
}

/**
 * How many pending effects `outbox` counts at most, past the page it lists: the most the store
 * reads in one call.
 */
const MAX_COUNTED = 10_000;

/**
 * Opens the store at `location` for a command that only reads it: a SQLite file that does not
 * exist is an error, never created (a PostgreSQL database that cannot be reached is one already).
 */
async function openExisting(location: string) {
  if (!isPostgresUrl(location) && location !== ':memory:' && !existsSync(location)) {
    throw new NoStoreError(
      `no store at ${location}: the file does not exist (replay --db creates one; check the path)`,
    );
  }
  return openStore(location);
}

/** A command that reads a store was given a SQLite file that does not exist. */
class NoStoreError extends Error {
  override readonly name = 'NoStoreError';
}

/**
 * What went wrong, as the command prints it: a bad line, bad input or a file that cannot be read
 * by its own message; a store that cannot be opened with its location too.
 */
function problemOf(error: unknown, location: string | undefined): string {
  if (error instanceof OrderRulesError && error.code === 'storeUnavailable' && location) {
    return `${shown(location)}: ${error.message}`;
  }
  return error instanceof ReplayLineError ||
    error instanceof OrderRulesError ||
    error instanceof NoStoreError ||
    isFileError(error)
    ? error.message
    : String(error);
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && 'path' in error;
}

await program.parseAsync();
