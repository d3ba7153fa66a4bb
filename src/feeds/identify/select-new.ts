import type { IdentifiedItem } from './item-identity.js';

export interface NewnessPolicy {
  /** The feed has never been read successfully before. */
  firstRead: boolean;
  /** On a first read, announce this many of the newest items ('all' for every one). */
  announceOnFirstPoll: number | 'all';
  /** Items published before this instant (ms) are not announced; undefined for no limit. */
  notBefore?: number;
  /** At most this many announcements per poll: the newest win. */
  maxPerPoll: number;
}

export interface Selection {
  /** Items to hand to delivery, oldest first. */
  announce: IdentifiedItem[];
  /** Every item not seen before (announced or not): all of them are recorded as seen. */
  unseen: IdentifiedItem[];
}

/**
 * Decides which of a feed's items are news. `isSeen` answers for an id or fingerprint hash.
 * Items are in feed order (normally newest first); an item repeated within one read counts once.
 */
export function selectNew(items: IdentifiedItem[], isSeen: (hash: string) => boolean, policy: NewnessPolicy): Selection {
  const unseen: IdentifiedItem[] = [];
  const fresh: Array<{ entry: IdentifiedItem; position: number }> = [];
  const thisRead = new Set<string>();
  items.forEach((entry, position) => {
    if (thisRead.has(entry.id)) return;
    thisRead.add(entry.id);
    if (isSeen(entry.id)) return;
    unseen.push(entry);
    // Known by its fingerprint: the same story under a new guid or date, so recorded, not announced.
    if (isSeen(entry.fingerprint) || thisRead.has(entry.fingerprint)) return;
    thisRead.add(entry.fingerprint);
    const published = entry.item.published ? Date.parse(entry.item.published) : undefined;
    if (policy.notBefore !== undefined && published !== undefined && published < policy.notBefore) return;
    fresh.push({ entry, position });
  });

  // Newest first: by date where given; feed order (newest first by convention) breaks ties and places undated items.
  fresh.sort((a, b) => {
    const ta = a.entry.item.published ? Date.parse(a.entry.item.published) : undefined;
    const tb = b.entry.item.published ? Date.parse(b.entry.item.published) : undefined;
    if (ta !== undefined && tb !== undefined && ta !== tb) return tb - ta;
    return a.position - b.position;
  });
  let limit = policy.maxPerPoll;
  if (policy.firstRead) limit = policy.announceOnFirstPoll === 'all' ? limit : Math.min(limit, policy.announceOnFirstPoll);
  const announce = fresh.slice(0, limit).map(({ entry }) => entry).reverse();
  return { announce, unseen };
}
