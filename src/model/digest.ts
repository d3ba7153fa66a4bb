import type { TargetId } from './target.js';

/** One alert waiting for a digest: what the digest line needs, not the whole item. */
export interface DigestEntry {
  key: string;
  title: string;
  link: string | null;
  feedName: string;
  topics: string[];
  published: string | null;
  queuedAt: number;
}

/** A daily or weekly digest for one target, grouped by topic when rendered. */
export interface Digest {
  target: TargetId;
  period: 'daily' | 'weekly';
  entries: DigestEntry[];
}
