import path from 'node:path';
import { readEnvironment } from '../config/environment.js';
import { bundledConfigDir, type Config, loadConfig } from '../config/load-config.js';
import { createLogger, type Logger, Redactor } from '../util/logger.js';
import type { CliIo } from './io.js';

export interface GlobalOptions {
  config?: string;
}

export interface CommandContext {
  config: Config;
  logger: Logger;
}

/** Loads the environment and the config folder (--config, else ICT_RADAR_CONFIG, else the bundled one). */
export function loadContext(options: GlobalOptions, io: CliIo, overrides: { logLevel?: Config['settings']['log']['level'] } = {}): CommandContext {
  const env = readEnvironment(io.env);
  const dir = path.resolve(options.config ?? env.ICT_RADAR_CONFIG ?? bundledConfigDir);
  const config = loadConfig(dir, env);
  const redactor = new Redactor();
  // Secrets known at start are scrubbed from every log line (chat tokens join this list later).
  redactor.add(passwordOf(config.settings.store.url));
  if (env.QUEUE_URL) redactor.add(passwordOf(env.QUEUE_URL));
  for (const secret of [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN, env.DISCORD_TOKEN]) redactor.add(secret);
  const logger = createLogger({
    level: overrides.logLevel && !env.LOG_LEVEL ? overrides.logLevel : config.settings.log.level,
    format: config.settings.log.format,
    write: (line) => io.err(`${line}\n`),
    redact: redactor,
  });
  return { config, logger };
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
