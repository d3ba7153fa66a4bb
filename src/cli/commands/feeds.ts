import type { Command } from 'commander';
import { FeedStateRepository } from '../../store/feed-state-repository.js';
import { openStore } from '../../store/open-store.js';
import { FeedRepository } from '../../store/feed-repository.js';
import { FeedCatalog } from '../../feeds/feed-catalog.js';
import type { Config } from '../../config/load-config.js';
import { formatDuration } from '../../util/duration.js';
import { type GlobalOptions, loadContext } from '../context.js';
import { formatTable } from '../format/table.js';
import { type CliIo, UsageError } from '../io.js';

export function registerFeeds(program: Command, io: CliIo): void {
  const feeds = program.command('feeds').description('the configured feeds and their health');

  feeds
    .command('list')
    .description('every configured feed: id, name, interval, enabled, URL')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const { config } = loadContext(program.opts<GlobalOptions>(), io);
      const feeds = await feedsInForce(config);
      if (options.json) {
        for (const f of feeds) io.out(`${JSON.stringify({ id: f.id, name: f.name, url: f.url, interval: formatDuration(f.intervalMs), enabled: f.enabled, origin: f.origin })}\n`);
        return;
      }
      io.out(formatTable(['ID', 'NAME', 'EVERY', 'ENABLED', 'FROM', 'URL'], feeds.map((f) => [f.id, f.name, formatDuration(f.intervalMs), f.enabled ? 'yes' : 'no', f.origin === 'admin' ? 'chat' : 'config', f.url]), 70));
    });

  feeds
    .command('status')
    .description('each feed\'s health: last success, last error, consecutive failures, next poll, disabled and why')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const { config } = loadContext(program.opts<GlobalOptions>(), io);
      const store = await openStore(config.settings.store.url);
      try {
        const feeds = await new FeedCatalog(config.feeds, new FeedRepository(store)).all();
        const states = await new FeedStateRepository(store).getMany(feeds.map((f) => f.id));
        const now = Date.now();
        const rows = feeds.map((feed) => {
          const state = states.get(feed.id);
          const known = state && state.url === feed.url ? state : undefined;
          const health = !feed.enabled ? 'off (config)' : known?.disabledAt ? 'DISABLED' : !known?.lastPollAt ? 'never polled' : known.consecutiveFailures > 0 ? 'failing' : 'ok';
          return { feed, state: known, health };
        });
        if (options.json) {
          for (const { feed, state, health } of rows) {
            io.out(
              `${JSON.stringify({
                id: feed.id,
                health,
                lastSuccessAt: state?.lastSuccessAt ?? null,
                lastErrorAt: state?.lastErrorAt ?? null,
                lastError: state?.lastError ?? null,
                consecutiveFailures: state?.consecutiveFailures ?? 0,
                nextPollAt: state?.nextPollAt ?? null,
                disabledAt: state?.disabledAt ?? null,
                disabledReason: state?.disabledReason ?? (feed.enabled ? null : 'enabled: false in feeds.yaml'),
                movedTo: state?.movedTo ?? null,
                itemsAnnounced: state?.itemsAnnounced ?? 0,
              })}\n`,
            );
          }
          return;
        }
        const ago = (iso?: string) => (iso ? `${formatDuration(now - Date.parse(iso))} ago` : '-');
        const until = (iso?: string) => (!iso ? '-' : Date.parse(iso) <= now ? 'due' : `in ${formatDuration(Date.parse(iso) - now)}`);
        io.out(
          formatTable(
            ['ID', 'HEALTH', 'LAST SUCCESS', 'FAILURES', 'NEXT POLL', 'LAST ERROR / WHY DISABLED'],
            rows.map(({ feed, state, health }) => [
              feed.id,
              health,
              ago(state?.lastSuccessAt),
              String(state?.consecutiveFailures ?? 0),
              feed.enabled && !state?.disabledAt ? until(state?.nextPollAt) : '-',
              state?.disabledReason ?? (state?.consecutiveFailures ? `${state.lastError ?? ''} (${ago(state.lastErrorAt)})` : feed.enabled ? '' : 'enabled: false in feeds.yaml'),
            ]),
            90,
          ),
        );
      } finally {
        await store.close();
      }
    });

  feeds
    .command('enable')
    .description('re-enable a feed that was disabled after failures (its next poll is due at once)')
    .argument('<id>', 'the feed id (see `ict-radar feeds status`)')
    .action(async (id: string) => {
      const { config } = loadContext(program.opts<GlobalOptions>(), io);
      const store = await openStore(config.settings.store.url);
      try {
        const feed = await new FeedCatalog(config.feeds, new FeedRepository(store)).find(id);
        if (!feed) throw new UsageError(`unknown feed id "${id}": see \`ict-radar feeds list\``);
        const repository = new FeedStateRepository(store);
        const state = await repository.get(feed.id, feed.url);
        const { disabledAt: _at, disabledReason: _why, ...rest } = state;
        await repository.put({ ...rest, consecutiveFailures: 0, nextPollAt: new Date().toISOString() });
        io.out(state.disabledAt ? `${id}: enabled again (it was disabled: ${state.disabledReason ?? 'no reason recorded'})\n` : `${id}: was not disabled; its next poll is due now\n`);
        if (!feed.enabled) io.out(`note: ${id} has enabled: false in feeds.yaml, which still keeps it off\n`);
      } finally {
        await store.close();
      }
    });
}

/** Config feeds with those added from chat (the store is read, not written). */
async function feedsInForce(config: Config) {
  const store = await openStore(config.settings.store.url);
  try {
    return await new FeedCatalog(config.feeds, new FeedRepository(store)).all();
  } finally {
    await store.close();
  }
}
