import type { Analysis, FeedItem } from '../model/item.js';

/**
 * The analysis stage: pure functions of an item's text. Topics (the classifier), the summary
 * and conference extraction plug in here; until they land, analysis finds nothing, and the
 * shape that `scan --json` prints and delivery carries is already the final one.
 */
export type Analyzer = (item: FeedItem) => Analysis;

export const analyzeItem: Analyzer = () => ({ topics: [], summary: '', events: [] });
