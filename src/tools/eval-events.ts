import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CITIES } from '../analysis/events/cities.js';
import { eventKey, extractEvents } from '../analysis/events/extract-events.js';
import { classify } from '../analysis/topics/classify.js';
import type { CompiledTopics } from '../analysis/topics/compile.js';
import type { ExtractedEvent } from '../model/item.js';

/**
 * Extraction precision and recall: an event counts when its start, end and city match exactly
 * and its name matches closely (the same words once years and editions are set aside, or one
 * name containing the other).
 */
export interface EventEvalItem {
  id: string;
  published: string;
  title: string;
  body: string;
  events: Array<{ name: string; city: string | null; country?: string | null; start: string; end: string }>;
}

export interface EventEvalReport {
  items: number;
  gold: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  misses: Array<{ id: string; expected: string }>;
  inventions: Array<{ id: string; found: string }>;
}

export function loadEventItems(file: string): EventEvalItem[] {
  return (parse(readFileSync(file, 'utf8')) as { items: EventEvalItem[] }).items;
}

export function evaluateEvents(compiled: CompiledTopics, items: EventEvalItem[]): EventEvalReport {
  let gold = 0;
  let predicted = 0;
  let correct = 0;
  const misses: EventEvalReport['misses'] = [];
  const inventions: EventEvalReport['inventions'] = [];
  for (const item of items) {
    const found = extractEvents({ title: item.title, text: item.body, published: item.published, ictItem: classify(compiled, item.title, item.body).length > 0 });
    gold += item.events.length;
    predicted += found.length;
    const unmatched = [...found];
    for (const expected of item.events) {
      const at = unmatched.findIndex((f) => sameEvent(f, expected));
      if (at >= 0) {
        correct += 1;
        unmatched.splice(at, 1);
      } else misses.push({ id: item.id, expected: describe(expected) });
    }
    for (const extra of unmatched) inventions.push({ id: item.id, found: describe(extra) });
  }
  const precision = predicted === 0 ? 1 : correct / predicted;
  const recall = gold === 0 ? 1 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { items: items.length, gold, predicted, correct, precision: round(precision), recall: round(recall), f1: round(f1), misses, inventions };
}

function sameEvent(found: ExtractedEvent, expected: EventEvalItem['events'][number]): boolean {
  if (found.start !== expected.start || found.end !== expected.end || canonicalCity(found.city) !== canonicalCity(expected.city ?? null)) return false;
  const a = eventKey(found.name);
  const b = eventKey(expected.name);
  return a === b || (Math.min(a.length, b.length) >= 6 && (a.includes(b) || b.includes(a)));
}

/** 成都 and Chengdu are one city: the calendar names cities in English, a Chinese text in Chinese. */
function canonicalCity(city: string | null): string | null {
  if (city === null) return null;
  return CITIES.find((c) => c.zh === city || c.name.toLowerCase() === city.toLowerCase())?.name ?? city;
}

function describe(e: { name: string; city: string | null; start: string; end: string }): string {
  return `${e.name} | ${e.city ?? '-'} | ${e.start}..${e.end}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
