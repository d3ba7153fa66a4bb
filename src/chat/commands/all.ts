import type { CommandSpec } from '../command.js';
import { CommandRegistry } from '../registry.js';
import { adminCommands } from './admin.js';
import { eventCommands } from './events.js';
import { memberCommands } from './member.js';

/** Every chat command, listed explicitly. `help` is built from this list. */
export const ALL_COMMANDS: readonly CommandSpec[] = [...memberCommands, ...eventCommands, ...adminCommands];

/** The registry, with `help` listing what the caller may run under the root command (e.g. "/radar"). */
export function createRegistry(root: string): CommandRegistry {
  const registry: CommandRegistry = new CommandRegistry([
    ...ALL_COMMANDS,
    { path: ['help'], description: 'what you may run here', options: [], run: async (ctx) => registry.help(ctx, root) },
  ]);
  return registry;
}
