import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/analysis/summary/summarize.js';
import { compileTopics } from '../../src/analysis/topics/compile.js';
import { bundledConfigDir, loadConfig } from '../../src/config/load-config.js';
import { evaluateEvents, loadEventItems } from '../../src/tools/eval-events.js';
import { loadEvalItems } from '../../src/tools/eval-topics.js';
import { repoRoot } from '../helpers/cli.js';

const compiled = compileTopics(loadConfig(bundledConfigDir).topics);
const eventItems = loadEventItems(path.join(repoRoot, 'test/eval/events.yaml'));

// Regression guards on the labelled sets; the release figures come from `npm run eval`.
describe('event extraction and summaries on the evaluation sets', () => {
  it('keeps extraction precision and recall', () => {
    const report = evaluateEvents(compiled, eventItems);
    expect(report.gold).toBeGreaterThanOrEqual(60);
    expect(eventItems.filter((i) => i.events.length === 0).length).toBeGreaterThanOrEqual(40);
    expect(report.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps every summary within bounds: length, whole sentences, no title, no boilerplate', () => {
    const texts = [...loadEvalItems(path.join(repoRoot, 'test/eval/topics.yaml')), ...eventItems];
    for (const { title, body } of texts) {
      const summary = summarize({ title, text: body });
      expect(Array.from(summary).length).toBeLessThanOrEqual(280);
      expect(summary).toMatch(/([.!?。！？]["'”’)\]」』）]*|…)$/);
      expect(summary.toLowerCase().startsWith(title.toLowerCase())).toBe(false);
      expect(summary).not.toMatch(/follow us|also read|fill out the form|all rights reserved|关注我们|责任编辑/i);
    }
  });
});
