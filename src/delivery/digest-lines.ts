import type { Digest, DigestEntry } from '../model/digest.js';

/** A digest grouped by topic (an entry under each of its topics), topics by size, newest first. */
export function groupDigest(digest: Digest): Array<{ topic: string; entries: DigestEntry[] }> {
  const groups = new Map<string, DigestEntry[]>();
  for (const entry of digest.entries) {
    for (const topic of entry.topics.length ? entry.topics : ['other']) groups.set(topic, [...(groups.get(topic) ?? []), entry]);
  }
  return [...groups.entries()]
    .map(([topic, entries]) => ({ topic, entries: entries.sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '')) }))
    .sort((a, b) => b.entries.length - a.entries.length || a.topic.localeCompare(b.topic));
}
