import type { DeliveryMode } from '../../model/subscription.js';
import { type CommandSpec, ephemeral, inChannel } from '../command.js';
import { escapeText } from '../format.js';

const MODES = ['instant', 'daily', 'weekly'] as const;

/** What team members run: subscriptions (for the channel, or for themselves in a DM), topics, recent alerts. */
export const memberCommands: CommandSpec[] = [
  {
    path: ['subscribe'],
    description: 'get alerts on a topic here (in a DM: for yourself)',
    options: [
      { name: 'topic', description: 'a topic id, see `topics`', type: 'topic', required: true },
      { name: 'mode', description: 'instant, daily or weekly', type: 'choice', choices: MODES },
    ],
    async run(ctx, args) {
      const topic = String(args.topic);
      const mode = (args.mode as DeliveryMode | undefined) ?? 'instant';
      const result = await ctx.services.subscriptions.subscribe(ctx.target, topic, mode, ctx.personalTarget);
      const where = ctx.isDirect ? 'You' : 'This channel';
      if (result === 'already') return ephemeral(`${where} already get${ctx.isDirect ? '' : 's'} **${topic}** (${mode}). Nothing changed.`);
      if (result === 'changed') return inChannel(`${where} now get${ctx.isDirect ? '' : 's'} **${topic}** as ${mode}.`);
      return inChannel(`${where} will get **${topic}** alerts (${mode}).`);
    },
  },
  {
    path: ['unsubscribe'],
    description: 'stop alerts on a topic here',
    options: [{ name: 'topic', description: 'a topic id', type: 'topic', required: true }],
    async run(ctx, args) {
      const topic = String(args.topic);
      return (await ctx.services.subscriptions.unsubscribe(ctx.target, topic))
        ? inChannel(`No more **${topic}** alerts here.`)
        : ephemeral(`There was no **${topic}** subscription here. Nothing changed.`);
    },
  },
  {
    path: ['subscriptions'],
    description: 'what this channel and you get',
    options: [],
    async run(ctx) {
      const describe = async (target: string) => {
        const settings = await ctx.services.subscriptions.of(target);
        const list = settings?.subscriptions.map((s) => `**${s.topic}** (${s.mode})`).join(', ');
        return `${list || 'nothing yet'}${settings?.paused ? ` (paused: ${escapeText(settings.paused.reason)})` : ''}`;
      };
      const lines = [`This channel: ${await describe(ctx.target)}`];
      if (ctx.personalTarget !== ctx.target) lines.push(`You, by direct message: ${await describe(ctx.personalTarget)}`);
      return ephemeral(lines.join('\n'));
    },
  },
  {
    path: ['topics'],
    description: 'every topic, with what belongs to it',
    options: [],
    async run(ctx) {
      const topics = (await ctx.services.topics.topics()).filter((t) => t.enabled);
      return ephemeral(topics.map((t) => `\`${t.id}\` **${escapeText(t.name)}**: ${escapeText(t.description)}`).join('\n') || 'No topics are configured.');
    },
  },
  {
    path: ['recent'],
    description: 'the latest alerts, of one topic or all',
    options: [
      { name: 'topic', description: 'a topic id', type: 'topic' },
      { name: 'count', description: 'how many (1 to 20)', type: 'integer', min: 1, max: 20 },
    ],
    async run(ctx, args) {
      const items = await ctx.services.recentItems(Number(args.count ?? 5), args.topic as string | undefined);
      if (items.length === 0) return ephemeral('No recent alerts.');
      return ephemeral(items.map((i) => `• ${i.link ? `[${escapeText(i.title)}](${i.link})` : escapeText(i.title)}${i.topics.length ? ` (${i.topics.map((t) => t.id).join(', ')})` : ''}`).join('\n'));
    },
  },
];
