import type { TopicMatch } from '../../model/item.js';
import type { CompiledTopics } from './compile.js';
import { detectLanguage, type Language } from './language.js';
import { localAcronyms } from './local-acronyms.js';
import { type Match, matchText } from './match-text.js';

/**
 * Scores every topic for a title and a body. Each distinct term that fired adds its weight,
 * more for repetition up to twice its weight (so repetition saturates), and its weight once
 * more if it is in the title. A topic fires at or above its threshold, with three guards
 * against what fools keyword matching:
 * - context: a term that needs context counts only when one of its context words is present;
 * - one sense per text: when an occurrence of a term sits inside one of its topic's exclusions
 *   ("Route 5G", "北斗七星"), or the text spells out an acronym as something else ("Amnesty
 *   International (AI)"), the text uses the word in that other sense, so none of its
 *   occurrences count;
 * - passing mentions: in a long text, a single occurrence of a single term of ordinary
 *   weight, outside the title, is a mention in passing, not what the item is about.
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
  /** Enough score, but from one mention in passing in a long text. */
  passingMention: boolean;
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
/** Body size (Han characters count double) above which one lone mention is only in passing. */
const PASSING_MENTION_SIZE = 400;
const STRONG_TERM = 1.5;

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
  // Terms used in an excluded sense anywhere in the item: "topic:term" keys.
  const otherSense = new Set<string>();
  for (const matches of [titleMatches, bodyMatches]) {
    const exclusions = matches.filter((m) => m.entry.kind === 'exclude');
    if (exclusions.length === 0) continue;
    for (const m of matches) {
      if (m.entry.kind !== 'term') continue;
      const voider = exclusions.find((x) => x.entry.topic === m.entry.topic && x.start < m.end && m.start < x.end);
      if (!voider) continue;
      otherSense.add(`${m.entry.topic}:${m.entry.index}`);
      const def = compiled.topics[m.entry.topic];
      if (full && def) push(excluded, m.entry.topic, { term: def.terms[m.entry.index]?.term ?? '', by: def.exclude[voider.entry.index] ?? '' });
    }
  }
  // An acronym the text spells out as something else ("Amnesty International (AI)") is not ours.
  const definitions = localAcronyms(body);
  if (definitions.size > 0) {
    for (const m of [...titleMatches, ...bodyMatches]) {
      const acronym = m.entry.kind === 'term' && m.entry.words?.length === 1 ? m.entry.exact?.[0] : undefined;
      const expansion = acronym ? definitions.get(acronym) : undefined;
      if (!expansion) continue;
      const ours = matchText(compiled, expansion).some((x) => x.entry.kind === 'term' && x.entry.topic === m.entry.topic);
      if (!ours) {
        otherSense.add(`${m.entry.topic}:${m.entry.index}`);
        const def = compiled.topics[m.entry.topic];
        if (full && def) push(excluded, m.entry.topic, { term: acronym as string, by: `${expansion} (${acronym})` });
      }
    }
  }
  const tally = (matches: Match[], inTitle: boolean) => {
    for (const m of matches) {
      if (m.entry.kind !== 'term') continue;
      const topic = m.entry.topic;
      const def = compiled.topics[topic];
      if (!def?.enabled) continue;
      if (otherSense.size > 0 && otherSense.has(`${topic}:${m.entry.index}`)) continue;
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
  const longText = bodySize(body) > PASSING_MENTION_SIZE;
  for (const t of relevant) {
    const def = compiled.topics[t];
    if (!def) continue;
    const { total, hits } = score(t);
    // A strong term (weight at least 1.5× the threshold) says enough even once.
    const passing = longText && hits.length === 1 && hits[0]?.count === 1 && !hits[0].inTitle && hits[0].weight < def.threshold * STRONG_TERM;
    const fired = def.enabled && total >= def.threshold && hits.length > 0 && !passing;
    if (fired) topics.push({ id: def.id, score: total, matched: hits.map((h) => h.term) });
    if (full) {
      explanations.push({
        id: def.id,
        name: def.name,
        score: total,
        threshold: def.threshold,
        fired,
        passingMention: passing && total >= def.threshold,
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

function bodySize(body: string): number {
  if (body.length <= PASSING_MENTION_SIZE / 2) return body.length * 2;
  let han = 0;
  for (let i = 0; i < body.length; i += 1) {
    const code = body.charCodeAt(i);
    if (code >= 0x3400 && code <= 0x9fff) han += 1;
  }
  return body.length + han;
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
