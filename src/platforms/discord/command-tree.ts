import { ApplicationCommandOptionType, PermissionFlagsBits, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { CommandSpec, OptionSpec } from '../../chat/command.js';

/**
 * The chat core's commands as Discord application commands. Discord nests at most a group and
 * a subcommand under a command, so member commands live under `/radar` and admin commands
 * under `/radar-admin` (whose default member permission is Manage Server; it is checked again
 * on our side). A path that is also a prefix of another ("events" and "events search")
 * becomes a subcommand named "list".
 */
export interface DiscordPath {
  command: string;
  group?: string;
  sub: string;
}

const LIST = 'list';

export function discordPath(spec: CommandSpec, root: string, all: readonly CommandSpec[]): DiscordPath {
  const admin = spec.path[0] === 'admin';
  const path = admin ? spec.path.slice(1) : spec.path;
  const command = admin ? `${root}-admin` : root;
  const isPrefix = all.some((other) => other !== spec && other.path.length > spec.path.length && spec.path.every((p, i) => other.path[i] === p));
  if (path.length === 1) return isPrefix ? { command, group: path[0], sub: LIST } : { command, sub: path[0] as string };
  return { command, group: path[0], sub: path[1] as string };
}

export function buildCommands(specs: readonly CommandSpec[], root: string): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const commands = new Map<string, RESTPostAPIChatInputApplicationCommandsJSONBody>();
  for (const spec of specs) {
    const where = discordPath(spec, root, specs);
    let command = commands.get(where.command);
    if (!command) {
      command = {
        name: where.command,
        description: where.command.endsWith('-admin') ? 'ict-radar settings (admins)' : 'ICT news alerts and conferences',
        options: [],
        contexts: [0, 1],
        ...(where.command.endsWith('-admin') ? { default_member_permissions: PermissionFlagsBits.ManageGuild.toString(), contexts: [0] } : {}),
      };
      commands.set(where.command, command);
    }
    const sub = { type: ApplicationCommandOptionType.Subcommand as const, name: where.sub, description: clip(spec.description), options: spec.options.map(toOption) };
    if (where.group) {
      let group = command.options!.find((o) => o.name === where.group && o.type === ApplicationCommandOptionType.SubcommandGroup) as { options: unknown[] } | undefined;
      if (!group) {
        group = { type: ApplicationCommandOptionType.SubcommandGroup, name: where.group, description: clip(`${where.group} commands`), options: [] } as never;
        command.options!.push(group as never);
      }
      group!.options.push(sub);
    } else {
      command.options!.push(sub as never);
    }
  }
  return [...commands.values()];
}

function toOption(option: OptionSpec) {
  const base = { name: option.name, description: clip(option.description), required: option.required ?? false };
  if (option.type === 'integer') return { ...base, type: ApplicationCommandOptionType.Integer as const, min_value: option.min, max_value: option.max };
  if (option.type === 'choice') return { ...base, type: ApplicationCommandOptionType.String as const, choices: (option.choices ?? []).map((c) => ({ name: c, value: c })) };
  return { ...base, type: ApplicationCommandOptionType.String as const, autocomplete: option.type === 'topic', max_length: 300 };
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text || '-';
}

/** Whether Discord already has exactly these commands (so that start-up sends nothing). */
export function sameCommands(existing: Array<Record<string, unknown>>, wanted: RESTPostAPIChatInputApplicationCommandsJSONBody[]): boolean {
  const norm = (c: Record<string, unknown>) =>
    JSON.stringify({ name: c.name, description: c.description, options: normalizeOptions(c.options), default_member_permissions: c.default_member_permissions ?? null });
  const a = existing.map(norm).sort();
  const b = wanted.map((w) => norm(w as unknown as Record<string, unknown>)).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function normalizeOptions(options: unknown): unknown {
  if (!Array.isArray(options)) return [];
  return options.map((o: Record<string, unknown>) => ({
    type: o.type,
    name: o.name,
    description: o.description,
    required: o.required ?? false,
    choices: o.choices ?? undefined,
    autocomplete: o.autocomplete ?? undefined,
    min_value: o.min_value ?? undefined,
    max_value: o.max_value ?? undefined,
    max_length: o.max_length ?? undefined,
    options: normalizeOptions(o.options),
  }));
}
