import type { App } from './compose.js';
import type { AlertChannel } from '../delivery/alert-channel.js';
import type { Environment } from '../config/environment.js';
import { DiscordPlatform } from '../platforms/discord/discord-platform.js';
import { SlackPlatform } from '../platforms/slack/slack-platform.js';
import type { Logger } from '../util/logger.js';

export interface RunningPlatform {
  channel: AlertChannel;
  stop(): Promise<void>;
}

/**
 * The chat platforms whose secrets are present, started; the others are simply not started,
 * with one line saying what would enable them. The only place that knows every platform.
 */
export async function startPlatforms(app: App, env: Environment, logger: Logger): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  const chat = app.config.settings.chat;
  if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    const slack = new SlackPlatform({
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET ?? '',
      appToken: env.SLACK_APP_TOKEN,
      port: env.PORT ?? 3000,
      apiUrl: env.SLACK_API_URL,
      command: chat.command,
      adminIds: chat.admins.slack,
      services: app.chat,
      logger: logger.child({ platform: 'slack' }),
    });
    if (await started('slack', () => slack.start(), logger)) running.push({ channel: slack, stop: () => slack.stop() });
  } else {
    logger.info('slack not started: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to enable it');
  }
  if (env.DISCORD_TOKEN) {
    const discord = new DiscordPlatform({
      token: env.DISCORD_TOKEN,
      apiUrl: env.DISCORD_API_URL,
      shards: env.DISCORD_SHARDS,
      command: chat.command,
      adminIds: chat.admins.discord,
      services: app.chat,
      logger: logger.child({ platform: 'discord' }),
    });
    if (await started('discord', () => discord.start(), logger)) running.push({ channel: discord, stop: () => discord.stop() });
    else await discord.stop().catch(() => undefined);
  } else {
    logger.info('discord not started: set DISCORD_TOKEN to enable it');
  }
  return running;
}

/**
 * A platform that cannot start (wrong token, network down) is reported and left out; the
 * worker goes on polling, and the platform's messages wait in the outbox for the next start.
 */
async function started(name: string, start: () => Promise<unknown>, logger: Logger): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (error) {
    logger.error(`${name} could not start; running without it (its messages wait in the outbox)`, { error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

