import { describe, expect, it } from 'vitest';
import { chooseStrategy, identify } from '../../src/feeds/identify/item-identity.js';
import { normalizeLink } from '../../src/feeds/identify/normalize-link.js';
import { selectNew } from '../../src/feeds/identify/select-new.js';
import type { FeedItem } from '../../src/model/item.js';

const item = (fields: Partial<FeedItem>): FeedItem => ({ title: 'A title', titleFromText: false, text: '', html: '', categories: [], ...fields });

describe('normalizeLink', () => {
  it.each([
    ['https://Example.com/a/?utm_source=rss&utm_medium=feed&id=3#comments', 'example.com/a?id=3'],
    ['http://www.example.com/a', 'example.com/a'],
    ['https://example.com/?b=2&a=1&fbclid=xyz', 'example.com?a=1&b=2'],
    ['https://example.com:8443/x', 'example.com:8443/x'],
  ])('GIVEN %s THEN %s', (link, normalized) => expect(normalizeLink(link)).toBe(normalized));
});

describe('chooseStrategy', () => {
  it('prefers unique guids, then unique links, then title and date', () => {
    expect(chooseStrategy([item({ guid: 'a', link: 'https://x/1' }), item({ guid: 'b', link: 'https://x/1' })])).toBe('guid');
    expect(chooseStrategy([item({ guid: 'same', link: 'https://x/1' }), item({ guid: 'same', link: 'https://x/2' })])).toBe('link');
    expect(chooseStrategy([item({ link: 'https://x/1?utm_source=a' }), item({ link: 'https://x/1?utm_source=b' })])).toBe('title-date');
    expect(chooseStrategy([item({ guid: 'a' }), item({})])).toBe('title-date');
  });

  it('keeps the previous strategy while it stays valid', () => {
    const items = [item({ guid: 'a', link: 'https://x/1' }), item({ guid: 'b', link: 'https://x/2' })];
    expect(chooseStrategy(items, 'link')).toBe('link');
  });

  it('gives stable hashed ids that do not reveal the guid', () => {
    const [first] = identify([item({ guid: 'secret-guid-123' })], 'guid');
    const [again] = identify([item({ guid: 'secret-guid-123', title: 'Edited title' })], 'guid');
    expect(first?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(first?.id).toBe(again?.id);
    expect(first?.fingerprint).not.toBe(again?.fingerprint);
  });
});

describe('selectNew', () => {
  const dated = (guid: string, iso: string) => identify([item({ guid, title: guid, published: iso })], 'guid')[0]!;
  const policy = { firstRead: false, announceOnFirstPoll: 0, maxPerPoll: 50 } as const;

  it('hands on new items oldest first, undated ones in feed order', () => {
    const entries = [dated('c', '2026-01-03T00:00:00Z'), dated('a', '2026-01-01T00:00:00Z'), dated('b', '2026-01-02T00:00:00Z')];
    expect(selectNew(entries, () => false, policy).announce.map((e) => e.item.guid)).toEqual(['a', 'b', 'c']);
  });

  it('announces nothing on a first read by default, and the newest N when asked', () => {
    const entries = [dated('c', '2026-01-03T00:00:00Z'), dated('b', '2026-01-02T00:00:00Z'), dated('a', '2026-01-01T00:00:00Z')];
    const first = selectNew(entries, () => false, { ...policy, firstRead: true });
    expect(first.announce).toEqual([]);
    expect(first.unseen).toHaveLength(3);
    expect(selectNew(entries, () => false, { ...policy, firstRead: true, announceOnFirstPoll: 2 }).announce.map((e) => e.item.guid)).toEqual(['b', 'c']);
  });

  it('caps a flood at maxPerPoll, keeping the newest, and counts a repeated item once', () => {
    const entries = Array.from({ length: 10 }, (_, i) => dated(`n${i}`, new Date(Date.UTC(2026, 0, 1, i)).toISOString()));
    const selection = selectNew([...entries, entries[0]!], () => false, { ...policy, maxPerPoll: 3 });
    expect(selection.announce.map((e) => e.item.guid)).toEqual(['n7', 'n8', 'n9']);
    expect(selection.unseen).toHaveLength(10);
  });

  it('skips items older than the age limit and items known by fingerprint', () => {
    const old = dated('old', '2025-01-01T00:00:00Z');
    const known = dated('known', '2026-01-05T00:00:00Z');
    const fresh = dated('fresh', '2026-01-05T00:00:00Z');
    const selection = selectNew([old, known, fresh], (hash) => hash === known.fingerprint, { ...policy, notBefore: Date.parse('2026-01-01T00:00:00Z') });
    expect(selection.announce.map((e) => e.item.guid)).toEqual(['fresh']);
    expect(selection.unseen.map((e) => e.item.guid)).toEqual(['old', 'known', 'fresh']);
  });
});
