import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/analysis/topics/classify.js';
import { compileTopics } from '../../src/analysis/topics/compile.js';
import { bundledConfigDir, loadConfig } from '../../src/config/load-config.js';
import { evaluate, loadEvalItems } from '../../src/tools/eval-topics.js';
import { repoRoot } from '../helpers/cli.js';

const config = loadConfig(bundledConfigDir);
const compiled = compileTopics(config.topics);

describe('the shipped topic pack', () => {
  it('has the fifteen topics other tools rely on, each with English and Chinese terms', () => {
    const ids = config.topics.map((t) => t.id);
    expect(ids).toEqual(['5g', '6g', 'iot', 'industrial-internet', 'ai', 'quantum', 'blockchain', 'satellite', 'computing', 'broadband', 'smart-city', 'connected-vehicles', 'cybersecurity', 'semiconductors', 'digital-economy']);
    for (const topic of config.topics) {
      expect(topic.description.length).toBeGreaterThan(10);
      expect(topic.terms.some((t) => /[\u4e00-\u9fff]/.test(t.term))).toBe(true);
      expect(topic.terms.filter((t) => !/[\u4e00-\u9fff]/.test(t.term)).length).toBeGreaterThanOrEqual(10);
    }
  });

  // A regression guard on the labelled set (the release figures come from `npm run eval`).
  it('keeps precision, recall and the false-alarm rate on the evaluation set', () => {
    const report = evaluate(compiled, loadEvalItems(path.join(repoRoot, 'test/eval/topics.yaml')));
    expect(report.items).toBeGreaterThanOrEqual(150);
    expect(report.micro.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.micro.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.nonIct.items).toBeGreaterThanOrEqual(50);
    expect(report.nonIct.rate).toBeLessThan(0.03);
  });

  it.each([
    ['the seeds\' conference: "5G+industrial internet"', 'Wuhan hosts the 2020 China 5G+Industrial Internet Conference', '', ['5g', 'industrial-internet']],
    ['hyphenated variants', 'Internet-of-things modules ship', 'Makers of internet-of-things modules and NB-IoT meters report growth.', ['iot']],
    ['Chinese terms', '东数西算工程加快推进', '国家算力枢纽节点建设提速，数据中心集群规模扩大，算力网络逐步成形。', ['computing']],
    ['a weather report with clouds', 'Cloudy with a chance of rain', 'Clouds will thicken over the coast; cloud cover clears by Sunday.', []],
    ['potato chips', 'Crisp makers raise prices', 'Potato chips and chocolate chips cost more this year.', []],
  ])('classifies %s', (_label, title, body, expected) => {
    expect(classify(compiled, title, body).map((t) => t.id).sort()).toEqual([...expected].sort());
  });
});
