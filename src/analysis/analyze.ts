import type { Analysis, FeedItem } from '../model/item.js';
import { classify } from './topics/classify.js';
import type { CompiledTopics } from './topics/compile.js';

/**
 * The analysis stage: pure functions of an item's text. Topics come from the classifier;
 * the summary and conference extraction plug in here when they land (empty until then, in
 * the shape that `scan --json` prints and delivery carries).
 */
export type Analyzer = (item: FeedItem) => Analysis;

export function createAnalyzer(topics: CompiledTopics): Analyzer {
  return (item) => ({ topics: classify(topics, item.title, item.text), summary: '', events: [] });
}
