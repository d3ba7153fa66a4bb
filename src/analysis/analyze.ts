import type { Analysis, FeedItem } from '../model/item.js';
import { extractEvents } from './events/extract-events.js';
import { classify } from './topics/classify.js';
import type { CompiledTopics } from './topics/compile.js';

/**
 * The analysis stage: pure functions of an item's text: topics from the classifier, the
 * industry events it announces, and (when it lands) the summary.
 */
export type Analyzer = (item: FeedItem) => Analysis;

export function createAnalyzer(topics: CompiledTopics): Analyzer {
  return (item) => {
    const matched = classify(topics, item.title, item.text);
    const events = extractEvents({ title: item.title, text: item.text, published: item.published, ictItem: matched.length > 0 });
    return { topics: matched, summary: '', events };
  };
}
