#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { StoreUrlError } from '../store/open-store.js';
import { registerDemo } from './commands/demo.js';
import { registerEvents } from './commands/events.js';
import { registerFeeds } from './commands/feeds.js';
import { registerPoll } from './commands/poll.js';
import { registerScan } from './commands/scan.js';
import { registerStart } from './commands/start.js';
import { registerTopics } from './commands/topics.js';
import { type CliIo, processIo, UsageError } from './io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('ict-radar')
    .description('ICT industry news alerts: polls RSS/Atom feeds, finds what is new, and delivers alerts')
    .option('-c, --config <dir>', 'the config folder (default: $ICT_RADAR_CONFIG, else the bundled config/)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  registerStart(program, io);
  registerPoll(program, io);
  registerScan(program, io);
  registerFeeds(program, io);
  registerTopics(program, io);
  registerEvents(program, io);
  registerDemo(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage or configuration). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof StoreUrlError) {
      io.err(`ict-radar: ${error.message}\n`);
      return 2;
    }
    io.err(`ict-radar: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}
