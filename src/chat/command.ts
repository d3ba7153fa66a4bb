import type { TargetId } from '../model/target.js';
import type { ChatServices } from './services.js';

/**
 * Commands are declared once here, platform-neutral: a path under the root command
 * (`/radar subscribe`, `/radar admin topic terms`), typed options, who may run them, help,
 * and a handler. Each platform adapter turns them into its own form (Discord slash commands
 * with subcommands; Slack text after `/radar`) and back.
 */
export type OptionType = 'string' | 'integer' | 'topic' | 'choice';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
  /** Takes the rest of the words (Slack), e.g. search terms. */
  rest?: boolean;
  min?: number;
  max?: number;
}

export type Visibility = 'ephemeral' | 'channel';

/** A reply: plain text with a little markup (**bold**, `code`, line breaks) each platform renders. */
export interface Reply {
  text: string;
  visibility: Visibility;
}

export interface Caller {
  id: string;
  name?: string;
  /** Checked by the adapter on our side (Manage Server on Discord; admin/owner or listed ids on Slack). */
  isAdmin: boolean;
}

export interface CommandContext {
  platform: 'discord' | 'slack' | 'console' | 'test';
  /** The channel the command came from (or the caller's direct-message target). */
  target: TargetId;
  /** The caller's own direct-message target, for personal subscriptions. */
  personalTarget: TargetId;
  isDirect: boolean;
  caller: Caller;
  services: ChatServices;
}

export type Args = Record<string, string | number | undefined>;

export interface CommandSpec {
  path: readonly string[];
  description: string;
  options: readonly OptionSpec[];
  admin?: boolean;
  run(ctx: CommandContext, args: Args): Promise<Reply>;
}

export const ephemeral = (text: string): Reply => ({ text, visibility: 'ephemeral' });
export const inChannel = (text: string): Reply => ({ text, visibility: 'channel' });
