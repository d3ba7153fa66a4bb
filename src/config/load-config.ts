import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type TopicDefinition, toTopicDefinition } from '../analysis/topics/topic-model.js';
import type { FeedDefinition } from '../model/feed.js';
import { eventsFileSchema, topicsFileSchema } from './catalog-schema.js';
import { ConfigError, type ConfigProblem, problemsFromZod } from './config-error.js';
import { feedsFileSchema } from './feeds-schema.js';
import { type Settings, settingsSchema } from './settings-schema.js';
import { type Environment } from './environment.js';

export interface Config {
  dir: string;
  settings: Settings;
  feeds: FeedDefinition[];
  topics: TopicDefinition[];
  events: z.output<typeof eventsFileSchema>['events'];
}

/** The config folder that ships with the package: the default when none is given. */
export const bundledConfigDir = fileURLToPath(new URL('../../config', import.meta.url));

/**
 * Reads and validates every file of a config folder. Each file is optional (its schema's
 * defaults apply), but a file that is present must be valid: all problems are collected
 * and reported together, so an operator fixes them in one pass.
 */
export function loadConfig(dir: string, env: Environment = {}): Config {
  const problems: ConfigProblem[] = [];
  const read = <S extends z.ZodType>(name: string, schema: S): z.output<S> | undefined => {
    const file = path.join(dir, name);
    const shown = path.relative(process.cwd(), file) || file;
    let raw: unknown = {};
    if (existsSync(file)) {
      const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
      if (doc.errors.length > 0) {
        for (const error of doc.errors) {
          problems.push({ file: shown, key: '', message: `is not valid YAML: ${error.message.split('\n')[0]} (fix the syntax at that line)` });
        }
        return undefined;
      }
      raw = doc.toJS() ?? {};
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      problems.push(...problemsFromZod(shown, schema, result.error, raw));
      return undefined;
    }
    return result.data;
  };

  if (!existsSync(dir)) {
    throw new ConfigError([{ file: dir, key: '', message: 'the config folder does not exist: pass --config with a folder that holds settings.yaml and feeds.yaml' }]);
  }
  const settings = read('settings.yaml', settingsSchema);
  const feedsFile = read('feeds.yaml', feedsFileSchema);
  const topicsFile = read('topics.yaml', topicsFileSchema);
  const eventsFile = read('events.yaml', eventsFileSchema);
  if (problems.length > 0 || !settings || !feedsFile || !topicsFile || !eventsFile) throw new ConfigError(problems);

  if (env.STORE_URL) settings.store.url = env.STORE_URL;
  if (env.LOG_LEVEL) settings.log.level = env.LOG_LEVEL;
  if (env.LOG_FORMAT) settings.log.format = env.LOG_FORMAT;

  const feeds = feedsFile.feeds.map(
    (entry): FeedDefinition => ({
      id: entry.id,
      name: entry.name,
      url: resolveFeedUrl(entry.url, dir),
      intervalMs: Math.max(entry.interval ?? settings.poll.interval, settings.poll.minInterval),
      enabled: entry.enabled,
    }),
  );
  return { dir, settings, feeds, topics: topicsFile.topics.map(toTopicDefinition), events: eventsFile.events };
}

/** http(s) URLs stay as they are; a path becomes a file:// URL, relative to the config folder. */
export function resolveFeedUrl(value: string, baseDir: string): string {
  if (/^(https?|file):\/\//i.test(value)) return value;
  return pathToFileURL(path.resolve(baseDir, value)).href;
}
