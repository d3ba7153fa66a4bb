import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { explainClassification } from '../../analysis/topics/classify.js';
import type { TopicDefinition } from '../../analysis/topics/topic-model.js';
import { bundledConfigDir } from '../../config/load-config.js';
import { htmlToText } from '../../text/html-to-text.js';
import { openTopicCatalog } from '../../topics/open-catalog.js';
import { suggestTerms } from '../../topics/suggest-terms.js';
import { TopicAdmin, TopicChangeError } from '../../topics/topic-admin.js';
import { type GlobalOptions, loadContext } from '../context.js';
import { formatTable } from '../format/table.js';
import { type CliIo, UsageError } from '../io.js';

export function registerTopics(program: Command, io: CliIo): void {
  const topics = program.command('topics').description('the ICT topics items are classified against: look, explain, tune');

  const withCatalog = async <T>(run: (ctx: Awaited<ReturnType<typeof openTopicCatalog>>) => Promise<T>): Promise<T> => {
    const { config } = loadContext(program.opts<GlobalOptions>(), io);
    const opened = await openTopicCatalog(config);
    try {
      return await run(opened);
    } catch (error) {
      if (error instanceof TopicChangeError) throw new UsageError(error.message);
      throw error;
    } finally {
      await opened.store.close();
    }
  };

  topics
    .command('list')
    .description('every topic: id, name, threshold, number of terms, description')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) =>
      withCatalog(async ({ catalog }) => {
        const all = await catalog.topics();
        if (options.json) {
          for (const t of all) io.out(`${JSON.stringify({ id: t.id, name: t.name, description: t.description, threshold: t.threshold, enabled: t.enabled, terms: t.terms.length })}\n`);
          return;
        }
        io.out(formatTable(['ID', 'NAME', 'ON', 'THRESHOLD', 'TERMS', 'DESCRIPTION'], all.map((t) => [t.id, t.name, t.enabled ? 'yes' : 'no', String(t.threshold), String(t.terms.length), t.description]), 70));
      }),
    );

  topics
    .command('show')
    .description('one topic in full: terms with weights and context, exclusions, threshold, origin')
    .argument('<id>', 'the topic id')
    .action((id: string) =>
      withCatalog(async ({ catalog }) => {
        const topic = await catalog.find(id);
        if (!topic) throw new UsageError(`unknown topic "${id}": see \`ict-radar topics list\``);
        io.out(renderTopic(topic, (await catalog.origin(id)) ?? 'config'));
      }),
    );

  topics
    .command('explain')
    .description('score a text against every topic and show why: the terms that fired, what an exclusion stopped')
    .argument('[text]', 'the text to classify (or use --file)')
    .option('--file <path>', 'read the text from a file (HTML is stripped)')
    .option('--title <title>', 'the item\'s title (terms in a title count more)', '')
    .option('--all', 'show every topic, also those with no term found')
    .action((text: string | undefined, options: { file?: string; title: string; all?: boolean }) =>
      withCatalog(async ({ catalog }) => {
        if (!text && !options.file) throw new UsageError('give the text to explain, or --file <path>');
        const body = options.file ? htmlToText(readFileSync(options.file, 'utf8')) : (text as string);
        const result = explainClassification(await catalog.compiled(), options.title, body);
        io.out(`language: ${result.language}; fired: ${result.topics.map((t) => `${t.id} (${t.score})`).join(', ') || 'none'}\n\n`);
        for (const e of result.explanations) {
          if (!options.all && e.terms.length === 0 && e.excluded.length === 0 && e.missingContext.length === 0) continue;
          io.out(`${e.fired ? '✔' : '·'} ${e.id}  score ${e.score} / threshold ${e.threshold}${e.enabled ? '' : '  (disabled)'}\n`);
          for (const t of e.terms) io.out(`    ${t.term}  ×${t.count}${t.inTitle ? ' (in title)' : ''}  weight ${t.weight} → ${t.score}\n`);
          for (const x of e.excluded) io.out(`    "${x.term}" not counted: inside exclusion "${x.by}"\n`);
          for (const m of e.missingContext) io.out(`    "${m.term}" not counted: needs one of ${m.requires.join(', ')}\n`);
          if (e.passingMention) io.out('    not fired: a single mention in passing in a long text\n');
        }
      }),
    );

  topics
    .command('suggest')
    .description('propose terms for a new topic from example articles: phrases frequent in them and rare in general news')
    .argument('<files...>', 'example articles (text or HTML), at least two')
    .option('--background <path>', 'general news to compare against, paragraphs separated by blank lines', path.join(bundledConfigDir, 'background/general-news.txt'))
    .option('--limit <n>', 'how many suggestions', '30')
    .action((files: string[], options: { background: string; limit: string }) =>
      withCatalog(async ({ catalog }) => {
        if (files.length < 2) throw new UsageError('give at least two example articles: a phrase must recur to be worth a term');
        const examples = files.map((file) => htmlToText(readFileSync(file, 'utf8')));
        const background = readFileSync(options.background, 'utf8').split(/\n\s*\n/).filter((p) => p.trim());
        const known = new Map<string, string>();
        for (const topic of await catalog.topics()) for (const term of topic.terms) known.set(term.term.toLowerCase(), topic.id);
        const rows = suggestTerms(examples, background, Number(options.limit) || 30).map((s) => [s.phrase, `${s.examples}/${files.length}`, String(s.background), String(s.score), known.get(s.phrase.toLowerCase()) ?? '']);
        io.out(formatTable(['PHRASE', 'IN EXAMPLES', 'IN BACKGROUND', 'SCORE', 'ALREADY A TERM OF'], rows));
      }),
    );

  registerTopicChanges(topics, io, withCatalog);
}

type WithCatalog = <T>(run: (ctx: Awaited<ReturnType<typeof openTopicCatalog>>) => Promise<T>) => Promise<T>;

/** The admin's changes: stored, audited by who and when, in force at the next poll. */
function registerTopicChanges(topics: Command, io: CliIo, withCatalog: WithCatalog): void {
  const by = `cli:${process.env.USER ?? 'operator'}`;
  const change = (describe: (admin: TopicAdmin) => Promise<string>) =>
    withCatalog(async ({ catalog, repository }) => {
      io.out(`${await describe(new TopicAdmin(catalog, repository))}\n`);
    });

  topics
    .command('add')
    .description('add a topic (admins)')
    .argument('<id>', 'a new id: lowercase letters, digits, dashes')
    .requiredOption('--name <name>', 'a short name')
    .option('--description <text>', 'one line on what belongs', '')
    .option('--threshold <n>', 'score needed to fire', '2')
    .option('--term <term...>', 'initial terms (weight 1 each; add weighted ones with `topics terms`)')
    .action((id: string, o: { name: string; description: string; threshold: string; term?: string[] }) =>
      change(async (admin) => {
        const topic = await admin.addTopic({ id, name: o.name, description: o.description, threshold: Number(o.threshold), terms: o.term ?? [] }, by);
        return `added topic ${topic.id} with ${topic.terms.length} terms`;
      }),
    );

  topics
    .command('remove')
    .description('remove a topic (admins)')
    .argument('<id>')
    .action((id: string) => change(async (admin) => (await admin.removeTopic(id, by), `removed topic ${id}`)));

  topics
    .command('terms')
    .description('add or remove terms of a topic (admins): topics terms 5g add "5G-Advanced" --weight 3')
    .argument('<id>')
    .argument('<action>', 'add or remove')
    .argument('<terms...>')
    .option('--weight <n>', 'weight of added terms (0.1 to 5)', '1')
    .action((id: string, action: string, terms: string[], o: { weight: string }) =>
      change(async (admin) => {
        if (action === 'add') return `${id}: now ${(await admin.addTerms(id, terms.map((term) => ({ term, weight: Number(o.weight) })), by)).terms.length} terms`;
        if (action === 'remove') return `${id}: now ${(await admin.removeTerms(id, terms, by)).terms.length} terms`;
        throw new UsageError(`the action is "add" or "remove", not "${action}"`);
      }),
    );

  topics
    .command('exclude')
    .description('add or remove exclusion phrases of a topic (admins): topics exclude quantum add "quantum leap"')
    .argument('<id>')
    .argument('<action>', 'add or remove')
    .argument('<phrases...>')
    .action((id: string, action: string, phrases: string[]) =>
      change(async (admin) => {
        if (action === 'add') return `${id}: now ${(await admin.addExclusions(id, phrases, by)).exclude.length} exclusions`;
        if (action === 'remove') return `${id}: now ${(await admin.removeExclusions(id, phrases, by)).exclude.length} exclusions`;
        throw new UsageError(`the action is "add" or "remove", not "${action}"`);
      }),
    );

  topics
    .command('threshold')
    .description('set the score a topic needs to fire (admins)')
    .argument('<id>')
    .argument('<score>')
    .action((id: string, score: string) => change(async (admin) => `${id}: threshold ${(await admin.setThreshold(id, Number(score), by)).threshold}`));

  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    topics
      .command(name)
      .description(`${name} a topic (admins)`)
      .argument('<id>')
      .action((id: string) => change(async (admin) => (await admin.setEnabled(id, enabled, by), `${id}: ${name}d`)));
  }
}

function renderTopic(topic: TopicDefinition, origin: string): string {
  const lines = [
    `${topic.id}: ${topic.name}${topic.enabled ? '' : ' (disabled)'}`,
    `  ${topic.description}`,
    `  threshold ${topic.threshold}; from ${origin}`,
    `  terms (${topic.terms.length}):`,
    ...topic.terms.map((t) => `    ${t.term}  weight ${t.weight}${t.case !== 'auto' ? `, case ${t.case}` : ''}${t.requires.length ? `, needs one of: ${t.requires.join(', ')}` : ''}`),
    `  exclusions (${topic.exclude.length}): ${topic.exclude.join('; ') || 'none'}`,
  ];
  return `${lines.join('\n')}\n`;
}
