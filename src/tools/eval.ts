import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from '../analysis/summary/summarize.js';
import { classify } from '../analysis/topics/classify.js';
import { compileTopics } from '../analysis/topics/compile.js';
import { formatTable } from '../cli/format/table.js';
import { bundledConfigDir, loadConfig } from '../config/load-config.js';
import { existsSync } from 'node:fs';
import { evaluateEvents, loadEventItems } from './eval-events.js';
import { evaluate, loadEvalItems } from './eval-topics.js';

/** `npm run eval`: the classifier's quality on the labelled set in test/eval. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const file = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? path.join(root, 'test/eval/topics.yaml');
const config = loadConfig(bundledConfigDir);
const items = loadEvalItems(file);
const report = evaluate(compileTopics(config.topics), items);

const pct = (x: number) => x.toFixed(3);
process.stdout.write(`Topic classification on ${report.items} labelled items (${path.relative(process.cwd(), file)})\n\n`);
process.stdout.write(
  formatTable(
    ['TOPIC', 'TP', 'FP', 'FN', 'PRECISION', 'RECALL', 'F1'],
    report.perTopic.map((t) => [t.id, String(t.tp), String(t.fp), String(t.fn), pct(t.precision), pct(t.recall), pct(t.f1)]),
  ),
);
process.stdout.write(`\nmicro  precision ${pct(report.micro.precision)}  recall ${pct(report.micro.recall)}  F1 ${pct(report.micro.f1)}\n`);
process.stdout.write(`macro  precision ${pct(report.macro.precision)}  recall ${pct(report.macro.recall)}  F1 ${pct(report.macro.f1)}\n`);
process.stdout.write(`non-ICT items given any topic: ${report.nonIct.withAnyTopic} of ${report.nonIct.items} (${(report.nonIct.rate * 100).toFixed(1)}%)\n`);
if (process.argv.includes('--errors') || process.env.EVAL_ERRORS) {
  process.stdout.write('\nerrors:\n');
  for (const e of report.errors) process.stdout.write(`  ${e.kind} ${e.topic} ${e.id}\n`);
  for (const o of report.nonIct.offenders) process.stdout.write(`  non-ICT ${o.id} → ${o.topics.join(', ')} (trap: ${o.trap ?? '?'})\n`);
}

// Summary checks over every labelled item of both sets.
const BOILERPLATE = /follow us|also read|read more|most popular|\bsubscribe\b|newsletter|fill out the form|all rights reserved|appeared first on|\bphoto:|关注我们|责任编辑|来源：|点击阅读/i;
const WHOLE = /([.!?。！？]["'”’)\]」』）]*|…)$/;
{
  const compiled = compileTopics(config.topics);
  const texts = [...items.map((i) => ({ title: i.title, body: i.body }))];
  const eventsPath = path.join(root, 'test/eval/events.yaml');
  if (existsSync(eventsPath)) texts.push(...loadEventItems(eventsPath).map((i) => ({ title: i.title, body: i.body })));
  let tooLong = 0;
  let boilerplate = 0;
  let broken = 0;
  let repeatsTitle = 0;
  let empty = 0;
  for (const t of texts) {
    const terms = classify(compiled, t.title, t.body).flatMap((m) => m.matched);
    const summary = summarize({ title: t.title, text: t.body, terms });
    if (!summary) {
      empty += 1;
      continue;
    }
    if (Array.from(summary).length > 280) tooLong += 1;
    if (BOILERPLATE.test(summary)) boilerplate += 1;
    if (!WHOLE.test(summary)) broken += 1;
    if (summary.toLowerCase().startsWith(t.title.toLowerCase())) repeatsTitle += 1;
  }
  process.stdout.write(`\nSummaries of ${texts.length} items: over 280 characters ${tooLong}, boilerplate left ${boilerplate}, not ending a sentence ${broken}, repeating the title ${repeatsTitle}, empty ${empty}\n`);
}

const eventsFile = path.join(root, 'test/eval/events.yaml');
if (existsSync(eventsFile)) {
  const events = evaluateEvents(compileTopics(config.topics), loadEventItems(eventsFile));
  process.stdout.write(`\nEvent extraction on ${events.items} items (${path.relative(process.cwd(), eventsFile)}): ${events.gold} labelled events, ${events.predicted} found, ${events.correct} correct\n`);
  process.stdout.write(`precision ${pct(events.precision)}  recall ${pct(events.recall)}  F1 ${pct(events.f1)}\n`);
  if (process.argv.includes('--errors') || process.env.EVAL_ERRORS) {
    for (const m of events.misses) process.stdout.write(`  missed   ${m.id}: ${m.expected}\n`);
    for (const i of events.inventions) process.stdout.write(`  invented ${i.id}: ${i.found}\n`);
  }
}

