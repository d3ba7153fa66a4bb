import { UserError } from '../../util/user-error.js';
import { type CommandSpec, ephemeral, inChannel } from '../command.js';
import { escapeText } from '../format.js';

const split = (text: unknown) =>
  String(text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/** Admin only, checked on our side: topics, hand-entered events, paused channels, the audit log. */
export const adminCommands: CommandSpec[] = [
  {
    path: ['admin', 'topic', 'add'],
    description: 'add a topic',
    admin: true,
    options: [
      { name: 'id', description: 'a new id: lowercase letters, digits, dashes', type: 'string', required: true },
      { name: 'name', description: 'a short name', type: 'string', required: true },
      { name: 'terms', description: 'terms, comma-separated', type: 'string', rest: true },
    ],
    async run(ctx, args) {
      const topic = await ctx.services.topicAdmin.addTopic({ id: String(args.id), name: String(args.name), terms: split(args.terms) }, ctx.caller.id);
      return inChannel(`Added topic \`${topic.id}\` with ${topic.terms.length} terms.`);
    },
  },
  {
    path: ['admin', 'topic', 'remove'],
    description: 'remove a topic',
    admin: true,
    options: [{ name: 'topic', description: 'a topic id', type: 'topic', required: true }],
    async run(ctx, args) {
      await ctx.services.topicAdmin.removeTopic(String(args.topic), ctx.caller.id);
      return inChannel(`Removed topic \`${args.topic}\`.`);
    },
  },
  {
    path: ['admin', 'topic', 'terms'],
    description: 'add or remove terms of a topic',
    admin: true,
    options: [
      { name: 'topic', description: 'a topic id', type: 'topic', required: true },
      { name: 'action', description: 'add or remove', type: 'choice', choices: ['add', 'remove'], required: true },
      { name: 'terms', description: 'terms, comma-separated (quote a term with spaces)', type: 'string', required: true, rest: true },
    ],
    async run(ctx, args) {
      const topic = String(args.topic);
      const terms = split(args.terms);
      const updated = args.action === 'add' ? await ctx.services.topicAdmin.addTerms(topic, terms, ctx.caller.id) : await ctx.services.topicAdmin.removeTerms(topic, terms, ctx.caller.id);
      return inChannel(`\`${topic}\` now has ${updated.terms.length} terms (${args.action === 'add' ? 'added' : 'removed'}: ${terms.map(escapeText).join(', ')}).`);
    },
  },
  {
    path: ['admin', 'topic', 'exclude'],
    description: 'add or remove exclusion phrases of a topic',
    admin: true,
    options: [
      { name: 'topic', description: 'a topic id', type: 'topic', required: true },
      { name: 'action', description: 'add or remove', type: 'choice', choices: ['add', 'remove'], required: true },
      { name: 'phrases', description: 'phrases, comma-separated', type: 'string', required: true, rest: true },
    ],
    async run(ctx, args) {
      const topic = String(args.topic);
      const phrases = split(args.phrases);
      const updated = args.action === 'add' ? await ctx.services.topicAdmin.addExclusions(topic, phrases, ctx.caller.id) : await ctx.services.topicAdmin.removeExclusions(topic, phrases, ctx.caller.id);
      return inChannel(`\`${topic}\` now has ${updated.exclude.length} exclusions.`);
    },
  },
  {
    path: ['admin', 'topic', 'threshold'],
    description: 'the score a topic needs to fire',
    admin: true,
    options: [
      { name: 'topic', description: 'a topic id', type: 'topic', required: true },
      { name: 'score', description: 'a number from 0.1 to 50', type: 'string', required: true },
    ],
    async run(ctx, args) {
      const score = Number(args.score);
      const updated = await ctx.services.topicAdmin.setThreshold(String(args.topic), score, ctx.caller.id);
      return inChannel(`\`${updated.id}\` now fires at ${updated.threshold}.`);
    },
  },
  {
    path: ['admin', 'topic', 'disable'],
    description: 'disable (or enable) a topic',
    admin: true,
    options: [
      { name: 'topic', description: 'a topic id', type: 'topic', required: true },
      { name: 'state', description: 'off (default) or on', type: 'choice', choices: ['off', 'on'] },
    ],
    async run(ctx, args) {
      const enabled = args.state === 'on';
      await ctx.services.topicAdmin.setEnabled(String(args.topic), enabled, ctx.caller.id);
      return inChannel(`\`${args.topic}\` is ${enabled ? 'enabled' : 'disabled'}.`);
    },
  },
  {
    path: ['admin', 'event', 'add'],
    description: 'enter an event by hand (dates YYYY-MM-DD)',
    admin: true,
    options: [
      { name: 'start', description: 'first day, YYYY-MM-DD', type: 'string', required: true },
      { name: 'end', description: 'last day, YYYY-MM-DD', type: 'string', required: true },
      { name: 'city', description: 'the city', type: 'string', required: true },
      { name: 'name', description: 'the event name', type: 'string', required: true, rest: true },
    ],
    async run(ctx, args) {
      const event = await ctx.services.calendar.addManual({ name: String(args.name), start: String(args.start), end: String(args.end), city: String(args.city) });
      return inChannel(`Added **${escapeText(event.name)}** (${event.start} to ${event.end}, ${escapeText(event.city ?? '')}) \`${event.id}\`.`);
    },
  },
  {
    path: ['admin', 'event', 'remove'],
    description: 'remove an event from the calendar',
    admin: true,
    options: [{ name: 'id', description: 'the event id', type: 'string', required: true }],
    async run(ctx, args) {
      await ctx.services.calendar.remove(String(args.id));
      return inChannel(`Removed event \`${args.id}\`.`);
    },
  },
  {
    path: ['admin', 'feed', 'add'],
    description: 'poll a new feed (http or https; it must answer with a feed)',
    admin: true,
    options: [
      { name: 'url', description: 'the feed URL', type: 'string', required: true },
      { name: 'name', description: 'a name (default: the feed\'s title)', type: 'string', rest: true },
    ],
    async run(ctx, args) {
      const { feed, items } = await ctx.services.feedAdmin.add(String(args.url), ctx.caller.id, args.name === undefined ? undefined : String(args.name));
      return inChannel(`Added feed \`${feed.id}\` (${escapeText(feed.name)}, ${items} items now). Its first read records what is there; new items are announced from then on.`);
    },
  },
  {
    path: ['admin', 'feed', 'remove'],
    description: 'stop polling a feed',
    admin: true,
    options: [{ name: 'id', description: 'the feed id (see admin feed list)', type: 'string', required: true }],
    async run(ctx, args) {
      const feed = await ctx.services.feedAdmin.remove(String(args.id), ctx.caller.id);
      return inChannel(`Removed feed \`${feed.id}\` (${escapeText(feed.name)}).`);
    },
  },
  {
    path: ['admin', 'feed', 'list'],
    description: 'the feeds polled',
    admin: true,
    options: [],
    async run(ctx) {
      const feeds = await ctx.services.feeds.all();
      return ephemeral(feeds.map((f) => `\`${f.id}\` ${escapeText(f.name)}${f.enabled ? '' : ' (off)'}${f.origin === 'admin' ? ' (added from chat)' : ''}`).join('\n') || 'No feeds.');
    },
  },
  {
    path: ['admin', 'feed', 'status'],
    description: 'each feed\'s health: failing or disabled, and why',
    admin: true,
    options: [],
    async run(ctx) {
      const feeds = await ctx.services.feeds.all();
      const states = await ctx.services.feedStates.getMany(feeds.map((f) => f.id));
      const lines = feeds.map((f) => {
        const s = states.get(f.id);
        const health = s?.disabledAt ? `disabled: ${escapeText(s.disabledReason ?? '')}` : s?.consecutiveFailures ? `failing (${s.consecutiveFailures}): ${escapeText(s.lastError ?? '')}` : s?.lastSuccessAt ? `ok, last read ${s.lastSuccessAt.slice(0, 16).replace('T', ' ')} UTC` : 'not read yet';
        return `\`${f.id}\` ${health}`;
      });
      return ephemeral(lines.join('\n') || 'No feeds.');
    },
  },
  {
    path: ['admin', 'feed', 'enable'],
    description: 'poll a disabled feed again',
    admin: true,
    options: [{ name: 'id', description: 'the feed id', type: 'string', required: true }],
    async run(ctx, args) {
      const { feed, wasDisabled } = await ctx.services.feedAdmin.enable(String(args.id));
      return inChannel(wasDisabled ? `Feed \`${feed.id}\` is enabled again (it was disabled: ${escapeText(wasDisabled)}).` : `Feed \`${feed.id}\` was not disabled; its next poll is due now.`);
    },
  },
  {
    path: ['admin', 'settings'],
    description: 'this channel: quiet hours, digest time, time zone, alerts per hour',
    admin: true,
    options: [
      { name: 'quiet', description: 'quiet hours like 22:00-07:00, or off', type: 'string' },
      { name: 'digest', description: 'digest time like 09:00', type: 'string' },
      { name: 'timezone', description: 'a time zone like Asia/Shanghai', type: 'string' },
      { name: 'max', description: 'most instant alerts per hour (1 to 1000)', type: 'integer', min: 1, max: 1000 },
    ],
    async run(ctx, args) {
      const quiet = args.quiet === undefined ? undefined : String(args.quiet);
      const range = quiet && quiet !== 'off' ? /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(quiet) : undefined;
      if (quiet && quiet !== 'off' && !range) throw new UserError(`quiet hours are written like 22:00-07:00, or "off" (got "${quiet}")`);
      const settings = await ctx.services.subscriptions.configure(ctx.target, {
        quietHours: range ? { start: range[1] as string, end: range[2] as string } : undefined,
        digestTime: args.digest === undefined ? undefined : String(args.digest),
        timezone: args.timezone === undefined ? undefined : String(args.timezone),
        maxPerHour: args.max === undefined ? undefined : Number(args.max),
      });
      if (quiet === 'off') await ctx.services.subscriptions.clearQuietHours(ctx.target);
      const q = quiet === 'off' ? 'none' : settings.quietHours ? `${settings.quietHours.start}-${settings.quietHours.end}` : 'none';
      return inChannel(`Settings here: quiet hours ${q}, digest at ${settings.digestTime ?? '09:00'}, time zone ${settings.timezone ?? ctx.services.timezone}, at most ${settings.maxPerHour ?? 'unlimited'} alerts an hour.`);
    },
  },
  {
    path: ['admin', 'resume'],
    description: 'resume alerts here after the bot lost access',
    admin: true,
    options: [],
    async run(ctx) {
      return (await ctx.services.subscriptions.resume(ctx.target)) ? inChannel('Alerts are resumed here.') : ephemeral('Alerts were not paused here. Nothing changed.');
    },
  },
  {
    path: ['admin', 'audit'],
    description: 'the latest admin changes',
    admin: true,
    options: [{ name: 'count', description: 'how many (1 to 50)', type: 'integer', min: 1, max: 50 }],
    async run(ctx, args) {
      const entries = await ctx.services.audit.latest(Number(args.count ?? 10));
      if (entries.length === 0) return ephemeral('No admin changes yet.');
      return ephemeral(entries.map((e) => `${e.at.slice(0, 16).replace('T', ' ')} ${e.platform} <${e.user}> ${e.outcome}: \`${e.command.replace(/`/g, "'")}\``).join('\n'));
    },
  },
];
