#!/usr/bin/env node
/**
 * The `order-rules` command: `demo` plays the rule book's scenarios; `replay FILE` replays one
 * order's history from JSON Lines; `inspect` plays the scenarios in the live inspector.
 * Parses arguments, wires streams, sets the exit code.
 * May touch: standard input, output and error, the file it is asked to read, a local port.
 */
import { createReadStream } from 'node:fs';
import { Command } from 'commander';
import pc from 'picocolors';
import { renderDemo } from './demo.js';
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
    'replay one order from JSON Lines: the placement, then one event a line; prints one decision a line',
  )
  .argument('<file>', 'a JSON Lines file, or - for standard input')
  .action(async (file: string) => {
    const input = file === '-' ? process.stdin : createReadStream(file);
    try {
      await replay(input, process.stdout);
    } catch (error) {
      const message =
        error instanceof ReplayLineError || isFileError(error) ? error.message : String(error);
      process.stderr.write(`order-rules replay: ${message}\n`);
      process.exitCode = 1;
    }
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

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && 'path' in error;
}

await program.parseAsync();
