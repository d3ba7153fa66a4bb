import type { TopicMatch } from '../../model/item.js';
import type { CompiledTopics } from './compile.js';
import { detectLanguage, type Language } from './language.js';
import { type Match, matchText } from './match-text.js';

/**
 * Scores every topic for a title and a body. Each distinct term that fired adds its weight,
 * more for repetition up to twice its weight (so repetition saturates), and its weight once
 * more if it is in the title. A term needing context counts only when one of its context words
 * is present; a term occurrence inside one of its topic's exclusions does not count. A topic
 * fires at or above its threshold.
 */
export interface TermHit {
  term: string;
  weight: number;
  count: number;
  inTitle: boolean;
  score: number;
}

export interface TopicExplanation {
  id: string;
  name: string;
  score: number;
  threshold: number;
  fired: boolean;
  enabled: boolean;
  terms: TermHit[];
  /** Occurrences voided by an exclusion: which term, which exclusion. */
  excluded: Array<{ term: string; by: string }>;
  /** Terms found but not counted for want of a context word. */
  missingContext: Array<{ term: string; requires: string[] }>;
}

export interface Classification {
  language: Language;
  topics: TopicMatch[];
  explanations: TopicExplanation[];
}

const TITLE_BONUS = 1;

export function classify(compiled: CompiledTopics, title: string, body: string): TopicMatch[] {
  return explainClassification(compiled, title, body, false).topics;
}

export function explainClassification(compiled: CompiledTopics, title: string, body: string, full = true): Classification {
  const titleMatches = matchText(compiled, title);
  const bodyMatches = matchText(compiled, body);
  const context = new Set<number>();
  for (const m of [...titleMatches, ...bodyMatches]) if (m.entry.kind === 'context') context.add(m.entry.index);

  // Per topic: term index → [count, inTitle]
  const counts = new Map<number, Map<number, { count: number; inTitle: boolean }>>();
  const excluded = new Map<number, Array<{ term: string; by: string }>>();
  const missing = new Map<number, Set<number>>();
  const tally = (matches: Match[], inTitle: boolean) => {
    const exclusions = matches.filter((m) => m.entry.kind === 'exclude');
    for (const m of matches) {
      if (m.entry.kind !== 'term') continue;
      const topic = m.entry.topic;
      const def = compiled.topics[topic];
      if (!def?.enabled) continue;
      const voider = exclusions.find((x) => x.entry.topic === topic && x.start < m.end && m.start < x.end);
      if (voider) {
        if (full) push(excluded, topic, { term: def.terms[m.entry.index]?.term ?? '', by: def.exclude[voider.entry.index] ?? '' });
        continue;
      }
      const needs = compiled.termContext[topic]?.[m.entry.index] ?? [];
      if (needs.length > 0 && !needs.some((id) => context.has(id))) {
        if (full) add(missing, topic, m.entry.index);
        continue;
      }
      let perTopic = counts.get(topic);
      if (!perTopic) counts.set(topic, (perTopic = new Map()));
      const hit = perTopic.get(m.entry.index) ?? { count: 0, inTitle: false };
      hit.count += 1;
      hit.inTitle ||= inTitle;
      perTopic.set(m.entry.index, hit);
    }
  };
  tally(titleMatches, true);
  tally(bodyMatches, false);

  const topics: TopicMatch[] = [];
  const explanations: TopicExplanation[] = [];
  const score = (topic: number) => {
    const def = compiled.topics[topic];
    const hits: TermHit[] = [];
    let total = 0;
    for (const [index, { count, inTitle }] of counts.get(topic) ?? []) {
      const term = def?.terms[index];
      if (!term) continue;
      const value = term.weight * (1 + 0.5 * Math.min(count - 1, 2)) + (inTitle ? term.weight * TITLE_BONUS : 0);
      total += value;
      hits.push({ term: term.term, weight: term.weight, count, inTitle, score: round(value) });
    }
    hits.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
    return { total: round(total), hits };
  };
  const relevant = full ? compiled.topics.map((_, i) => i) : [...counts.keys()];
  for (const t of relevant) {
    const def = compiled.topics[t];
    if (!def) continue;
    const { total, hits } = score(t);
    const fired = def.enabled && total >= def.threshold && hits.length > 0;
    if (fired) topics.push({ id: def.id, score: total, matched: hits.map((h) => h.term) });
    if (full) {
      explanations.push({
        id: def.id,
        name: def.name,
        score: total,
        threshold: def.threshold,
        fired,
        enabled: def.enabled,
        terms: hits,
        excluded: excluded.get(t) ?? [],
        missingContext: [...(missing.get(t) ?? [])].map((i) => ({ term: def.terms[i]?.term ?? '', requires: def.terms[i]?.requires ?? [] })),
      });
    }
  }
  topics.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  explanations.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { language: full ? detectLanguage(`${title}\n${body}`) : 'other', topics, explanations };
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

function add(map: Map<number, Set<number>>, key: number, value: number): void {
  const set = map.get(key) ?? new Set<number>();
  set.add(value);
  map.set(key, set);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
