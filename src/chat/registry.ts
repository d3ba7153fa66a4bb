import { type CommandContext, type CommandSpec, ephemeral, type Reply } from './command.js';
import { usage } from './dispatch.js';

/** The explicit list of commands. Two commands with one path are refused at start. */
export class CommandRegistry {
  private readonly specs: CommandSpec[] = [];

  constructor(specs: readonly CommandSpec[]) {
    for (const spec of specs) {
      const key = spec.path.join(' ');
      if (this.specs.some((s) => s.path.join(' ') === key)) throw new Error(`two commands are declared as "${key}"`);
      this.specs.push(spec);
    }
  }

  all(): readonly CommandSpec[] {
    return this.specs;
  }

  find(path: readonly string[]): CommandSpec | undefined {
    return this.specs.find((s) => s.path.join(' ') === path.join(' '));
  }

  /** The command whose path is the longest prefix of the words. */
  match(words: string[]): { spec: CommandSpec } | undefined {
    const lower = words.map((w) => w.toLowerCase());
    let best: CommandSpec | undefined;
    for (const spec of this.specs) {
      if (spec.path.every((p, i) => lower[i] === p) && (!best || spec.path.length > best.path.length)) best = spec;
    }
    return best ? { spec: best } : undefined;
  }

  /** What this caller may run, with usage and a line of help each. */
  help(ctx: CommandContext, root: string): Reply {
    const lines = this.specs.filter((s) => !s.admin || ctx.caller.isAdmin).map((s) => `${usage(s, root)}: ${s.description}`);
    return ephemeral(`**ict-radar commands**\n${lines.join('\n')}`);
  }
}
