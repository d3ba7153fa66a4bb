import { editDistance } from '../config/config-error.js';
import { UserError } from '../util/user-error.js';
import { type Args, type CommandContext, type CommandSpec, ephemeral, type Reply } from './command.js';
import type { CommandRegistry } from './registry.js';

/** User input is bounded: a command line longer than this is refused before it is parsed. */
export const MAX_INPUT = 1_000;


/**
 * Runs a command from words (Slack text) or from options already parsed (Discord). Checks the
 * caller's rights on our side, validates every option, and turns failures into replies that
 * say what to fix. A refused command changes nothing.
 */
export async function dispatchWords(registry: CommandRegistry, words: string[], ctx: CommandContext, root: string): Promise<Reply> {
  if (words.join(' ').length > MAX_INPUT) return ephemeral(`That is too long: keep a command under ${MAX_INPUT} characters.`);
  if (words.length === 0) return registry.help(ctx, root);
  const match = registry.match(words);
  if (!match) {
    const guess = closestCommand(registry, words[0] as string);
    return ephemeral(`Unknown command \`${root} ${words.slice(0, 3).join(' ')}\`.${guess ? ` Did you mean \`${root} ${guess}\`?` : ''} Try \`${root} help\`.`);
  }
  const parsed = parseWords(match.spec, words.slice(match.spec.path.length));
  if ('error' in parsed) return ephemeral(`${parsed.error}\nUsage: ${usage(match.spec, root)}`);
  return run(match.spec, parsed.args, ctx, root);
}

export async function dispatchOptions(registry: CommandRegistry, path: string[], options: Args, ctx: CommandContext, root: string): Promise<Reply> {
  const spec = registry.find(path);
  if (!spec) return ephemeral(`Unknown command \`${root} ${path.join(' ')}\`. Try \`${root} help\`.`);
  const args: Args = {};
  for (const option of spec.options) {
    const value = options[option.name];
    if (value === undefined || value === '') {
      if (option.required) return ephemeral(`\`${option.name}\` is required.\nUsage: ${usage(spec, root)}`);
      continue;
    }
    const checked = checkValue(option, String(value));
    if (typeof checked === 'object') return ephemeral(`${checked.error}\nUsage: ${usage(spec, root)}`);
    args[option.name] = checked;
  }
  return run(spec, args, ctx, root);
}

async function run(spec: CommandSpec, args: Args, ctx: CommandContext, root: string): Promise<Reply> {
  const line = `${root} ${spec.path.join(' ')}${Object.entries(args).map(([k, v]) => ` ${k}=${v}`).join('')}`;
  if (spec.admin && !ctx.caller.isAdmin) {
    await ctx.services.audit.record({ at: new Date(ctx.services.now()).toISOString(), platform: ctx.platform, target: ctx.target, user: ctx.caller.id, command: line, outcome: 'refused' });
    return ephemeral(`\`${root} ${spec.path.join(' ')}\` is for admins only${ctx.platform === 'discord' ? ' (Manage Server)' : ctx.platform === 'slack' ? ' (workspace admins and owners, or the ids listed in settings)' : ''}. Nothing was changed.`);
  }
  try {
    const reply = await spec.run(ctx, args);
    if (spec.admin) await ctx.services.audit.record({ at: new Date(ctx.services.now()).toISOString(), platform: ctx.platform, target: ctx.target, user: ctx.caller.id, command: line, outcome: 'done' });
    return reply;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isUserFacing(error)) return ephemeral(`${message}\nUsage: ${usage(spec, root)}`);
    return ephemeral('Something went wrong on our side; nothing was changed. Please try again in a moment.');
  }
}

function isUserFacing(error: unknown): boolean {
  return error instanceof UserError || error instanceof RangeError;
}

function parseWords(spec: CommandSpec, words: string[]): { args: Args } | { error: string } {
  const args: Args = {};
  let i = 0;
  for (const option of spec.options) {
    const raw = option.rest ? words.slice(i).join(' ') : words[i];
    if (raw === undefined || raw === '') {
      if (option.required) return { error: `\`${option.name}\` is missing: ${option.description}.` };
      continue;
    }
    const checked = checkValue(option, raw);
    if (typeof checked === 'object') return { error: checked.error };
    args[option.name] = checked;
    i = option.rest ? words.length : i + 1;
  }
  if (i < words.length) return { error: `Too many words: \`${words.slice(i).join(' ')}\` was not expected.` };
  return { args };
}

function checkValue(option: CommandSpec['options'][number], raw: string): string | number | { error: string } {
  if (option.type === 'integer') {
    const n = Number(raw);
    if (!Number.isInteger(n) || (option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
      return { error: `\`${option.name}\` must be a whole number${option.min !== undefined ? ` from ${option.min}` : ''}${option.max !== undefined ? ` to ${option.max}` : ''} (got "${raw}").` };
    }
    return n;
  }
  if (option.choices && !option.choices.includes(raw.toLowerCase())) {
    return { error: `\`${option.name}\` is one of ${option.choices.map((c) => `\`${c}\``).join(', ')} (got "${raw}").` };
  }
  if (raw.length > 300) return { error: `\`${option.name}\` is too long (300 characters at most).` };
  return option.choices || option.type === 'topic' ? raw.toLowerCase() : raw;
}

export function usage(spec: CommandSpec, root: string): string {
  const parts = spec.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return `\`${[root, ...spec.path, ...parts].join(' ')}\``;
}

function closestCommand(registry: CommandRegistry, word: string): string | undefined {
  const names = [...new Set(registry.all().map((s) => s.path[0] as string))];
  return names.find((n) => editDistance(n, word.toLowerCase()) <= 2);
}
