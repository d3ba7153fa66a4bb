import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { classify } from '../analysis/topics/classify.js';
import type { CompiledTopics } from '../analysis/topics/compile.js';

/**
 * Precision, recall and F1 of the classifier on a labelled set. An item lists the topics it is
 * clearly about and those it merely touches: predicting a touched topic is neither right nor
 * wrong; missing it is no error either.
 */
export interface EvalItem {
  id: string;
  lang?: string;
  title: string;
  body: string;
  about: string[];
  touches?: string[];
  trap?: string;
}

export interface TopicScore {
  id: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  items: number;
  perTopic: TopicScore[];
  micro: { precision: number; recall: number; f1: number };
  macro: { precision: number; recall: number; f1: number };
  nonIct: { items: number; withAnyTopic: number; rate: number; offenders: Array<{ id: string; topics: string[]; trap?: string }> };
  errors: Array<{ id: string; kind: 'fp' | 'fn'; topic: string }>;
}

export function loadEvalItems(file: string): EvalItem[] {
  const data = parse(readFileSync(file, 'utf8')) as { items: EvalItem[] };
  return data.items;
}

export function evaluate(compiled: CompiledTopics, items: EvalItem[]): EvalReport {
  const ids = compiled.topics.map((t) => t.id);
  const counts = new Map(ids.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const errors: EvalReport['errors'] = [];
  const offenders: EvalReport['nonIct']['offenders'] = [];
  let nonIct = 0;
  for (const item of items) {
    const predicted = new Set(classify(compiled, item.title, item.body).map((t) => t.id));
    const about = new Set(item.about);
    const touches = new Set(item.touches ?? []);
    for (const id of ids) {
      const c = counts.get(id) as { tp: number; fp: number; fn: number };
      if (predicted.has(id) && about.has(id)) c.tp += 1;
      else if (predicted.has(id) && !touches.has(id)) {
        c.fp += 1;
        errors.push({ id: item.id, kind: 'fp', topic: id });
      } else if (!predicted.has(id) && about.has(id)) {
        c.fn += 1;
        errors.push({ id: item.id, kind: 'fn', topic: id });
      }
    }
    if (item.about.length === 0 && (item.touches ?? []).length === 0) {
      nonIct += 1;
      if (predicted.size > 0) offenders.push({ id: item.id, topics: [...predicted], trap: item.trap });
    }
  }
  const perTopic = ids.map((id) => {
    const { tp, fp, fn } = counts.get(id) as { tp: number; fp: number; fn: number };
    return { id, tp, fp, fn, ...prf(tp, fp, fn) };
  });
  const sum = perTopic.reduce((acc, t) => ({ tp: acc.tp + t.tp, fp: acc.fp + t.fp, fn: acc.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
  const present = perTopic.filter((t) => t.tp + t.fn + t.fp > 0);
  const mean = (key: 'precision' | 'recall' | 'f1') => round(present.reduce((acc, t) => acc + t[key], 0) / Math.max(present.length, 1));
  return {
    items: items.length,
    perTopic,
    micro: prf(sum.tp, sum.fp, sum.fn),
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    nonIct: { items: nonIct, withAnyTopic: offenders.length, rate: round(offenders.length / Math.max(nonIct, 1)), offenders },
    errors,
  };
}

function prf(tp: number, fp: number, fn: number) {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
