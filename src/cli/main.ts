#!/usr/bin/env node
/**
 * The `order-rules` command: `demo` plays the rule book's scenarios; `replay FILE` replays one
 * order's history from JSON Lines. Parses arguments, wires streams, sets the exit code.
 * May touch: standard input, output and error, and the file it is asked to read.
 */
import { createReadStream } from 'node:fs';
import { Command } from 'commander';
import pc from 'picocolors';
import { renderDemo } from './demo.js';
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

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && 'path' in error;
}

await program.parseAsync();
