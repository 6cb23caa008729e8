#!/usr/bin/env node
/**
 * The `order-rules` command: `demo` plays the rule book's scenarios; `replay FILE` replays one
 * order's history from JSON Lines; `inspect` plays the scenarios in the live inspector.
 * Parses arguments, wires streams, sets the exit code.
 * May touch: standard input, output and error, the file it is asked to read, a local port.
 */
import { createReadStream, writeSync } from 'node:fs';
import { Command } from 'commander';
import pc from 'picocolors';
import { renderDemo } from './demo.js';
import { generateOrders } from './generate.js';
import { inspectScenarios } from './inspect.js';
import { ReplayLineError, replay } from './replay.js';
import { scenarios } from './scenarios.js';

const program = new Command('order-rules')
  .description(
    'What a shop platform must do with an order: stock, emails, listing, status changes.',
  )
  .showHelpAfterError();

program
  .command('demo')
  .description("play the rule book's scenarios and print what the engine decides at each step")
  .action(() => {
    process.stdout.write(`${renderDemo(scenarios, pc)}\n`);
  });

program
  .command('replay')
  .description(
    'replay orders from JSON Lines (placements and events, orders interleaved); prints one decision a line',
  )
  .argument('<file>', 'a JSON Lines file, or - for standard input')
  .option('-q, --quiet', 'print no decisions, only the summary')
  .action(async (file: string, options: { quiet?: boolean }) => {
    const input = file === '-' ? process.stdin : createReadStream(file);
    try {
      const stats = await replay(input, process.stdout, { quiet: options.quiet === true });
      const rate = Math.round(stats.events / Math.max(stats.seconds, 1e-9));
      process.stderr.write(
        `replayed ${count(stats.events)} events of ${count(stats.orders)} orders in ${stats.seconds.toFixed(2)} s: ` +
          `${count(rate)} events/s, peak memory ${Math.round(stats.peakMemory / 2 ** 20)} MiB\n`,
      );
    } catch (error) {
      const message =
        error instanceof ReplayLineError || isFileError(error) ? error.message : String(error);
      process.stderr.write(`order-rules replay: ${message}\n`);
      process.exitCode = 1;
    }
  });

program
  .command('generate')
  .description(
    'write interleaved histories of many orders as JSON Lines, for replay (about 20 events an order)',
  )
  .requiredOption('-o, --orders <count>', 'how many orders')
  .option('-s, --seed <seed>', 'the seed: the same seed gives the same lines', '1')
  .action((options: { orders: string; seed: string }) => {
    const orders = Number(options.orders);
    const seed = Number(options.seed);
    if (!Number.isInteger(orders) || orders < 1)
      program.error(`--orders must be a whole number from 1, got ${options.orders}`);
    if (!Number.isInteger(seed))
      program.error(`--seed must be a whole number, got ${options.seed}`);
    let buffer = '';
    const events = generateOrders({ orders, seed }, (line) => {
      buffer += line;
      if (buffer.length > 1 << 16) {
        writeSync(1, buffer);
        buffer = '';
      }
    });
    writeSync(1, buffer);
    process.stderr.write(`generated ${count(orders)} orders, ${count(events)} events\n`);
  });

program
  .command('inspect')
  .description(
    'play the scenarios through live actors, watched in the Stately inspector in a browser',
  )
  .option('-p, --port <port>', 'the port of the inspector bridge on localhost', '8080')
  .option('--no-open', 'do not open the browser')
  .option('-d, --delay <ms>', 'pause between two events, in milliseconds', '800')
  .action(async (options: { port: string; open: boolean; delay: string }) => {
    const port = Number(options.port);
    const delayMs = Number(options.delay);
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      program.error(`--port must be 1-65535, got ${options.port}`);
    if (!Number.isInteger(delayMs) || delayMs < 0)
      program.error(`--delay must be a whole number of ms, got ${options.delay}`);
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

const count = (n: number) => n.toLocaleString('en-US');

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && 'path' in error;
}

await program.parseAsync();
