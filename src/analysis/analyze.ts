import type { Analysis, FeedItem } from '../model/item.js';
import { extractEvents } from './events/extract-events.js';
import { summarize } from './summary/summarize.js';
import { classify } from './topics/classify.js';
import type { CompiledTopics } from './topics/compile.js';

/**
 * The analysis stage: pure functions of an item's text: topics from the classifier, a short
 * extractive summary, and the industry events it announces.
 */
export type Analyzer = (item: FeedItem) => Analysis;

export function createAnalyzer(topics: CompiledTopics, options: { summaryChars?: number } = {}): Analyzer {
  return (item) => {
    const matched = classify(topics, item.title, item.text);
    const events = extractEvents({ title: item.title, text: item.text, published: item.published, ictItem: matched.length > 0 });
    // The summary prefers sentences rich in the terms that made the item relevant.
    const summary = summarize({ title: item.title, text: item.text, terms: matched.flatMap((t) => t.matched), maxChars: options.summaryChars });
    return { topics: matched, summary, events };
  };
}
