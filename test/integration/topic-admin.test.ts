import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/analysis/topics/classify.js';
import { topicSchema, toTopicDefinition } from '../../src/analysis/topics/topic-model.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { TopicRepository } from '../../src/store/topic-repository.js';
import { TopicAdmin, TopicChangeError } from '../../src/topics/topic-admin.js';
import { TopicCatalog } from '../../src/topics/topic-catalog.js';
import { tempSqliteUrl } from '../helpers/pipeline.js';

const shipped = [
  toTopicDefinition(topicSchema.parse({ id: 'quantum', name: 'Quantum', terms: [{ term: 'quantum key distribution', weight: 3 }, { term: 'quantum', weight: 1 }] })),
  toTopicDefinition(topicSchema.parse({ id: '5g', name: '5G', terms: [{ term: '5G', weight: 2 }] })),
];

describe('topics tuned by admins, stored in SQLite', () => {
  let file: ReturnType<typeof tempSqliteUrl>;
  let store: Store;
  let catalog: TopicCatalog;
  let admin: TopicAdmin;

  beforeEach(async () => {
    file = tempSqliteUrl();
    store = await openStore(file.url);
    const repository = new TopicRepository(store);
    catalog = new TopicCatalog(shipped, repository);
    admin = new TopicAdmin(catalog, repository, () => new Date('2026-01-01T00:00:00Z'));
  });

  afterEach(async () => {
    await store.close();
    file.dispose();
  });

  const fired = async (title: string) => classify(await catalog.compiled(), title, '').map((t) => t.id);

  it('takes effect on the next item, without a restart, and survives one', async () => {
    expect(await fired('5G-Advanced and RedCap roll out')).toEqual(['5g']);
    expect(await fired('RedCap modules ship')).toEqual([]);
    await admin.addTerms('5g', [{ term: 'RedCap', weight: 2 }], 'test');
    expect(await fired('RedCap modules ship')).toEqual(['5g']);

    await admin.addExclusions('quantum', ['quantum leap'], 'test');
    await admin.setThreshold('quantum', 1, 'test');
    expect(await fired('A quantum leap in style')).toEqual([]);
    expect(await fired('Quantum computers')).toEqual(['quantum']);

    await store.close();
    store = await openStore(file.url);
    const reopened = new TopicCatalog(shipped, new TopicRepository(store));
    expect(classify(await reopened.compiled(), 'RedCap modules ship', '').map((t) => t.id)).toEqual(['5g']);
    expect(await reopened.origin('5g')).toBe('config, changed by an admin');
  });

  it('adds, disables and removes topics', async () => {
    await admin.addTopic({ id: 'open-ran', name: 'Open RAN', description: 'Open radio access networks', terms: [{ term: 'Open RAN', weight: 2 }, 'O-RAN'] }, 'test');
    expect(await fired('Open RAN trial')).toEqual(['open-ran']);
    expect(await catalog.origin('open-ran')).toBe('added by an admin');
    await admin.setEnabled('open-ran', false, 'test');
    expect(await fired('Open RAN trial')).toEqual([]);
    await admin.removeTopic('5g', 'test');
    expect((await catalog.topics()).map((t) => t.id)).toEqual(['quantum', 'open-ran']);
  });

  it.each([
    ['an unknown topic id, with the closest ids', (a: TopicAdmin) => a.addTerms('5h', ['x'], 't'), 'unknown topic "5h": did you mean "5g"?'],
    ['an empty term', (a: TopicAdmin) => a.addTerms('5g', ['  '], 't'), 'a term must not be empty'],
    ['a regular expression', (a: TopicAdmin) => a.addTerms('5g', ['/5G(-A)?/i'], 't'), 'a term is a word or phrase, not a regular expression'],
    ['a duplicate term', (a: TopicAdmin) => a.addTerms('5g', ['5g'], 't'), '"5g" is already a term of 5g: nothing changed'],
    ['a threshold out of range', (a: TopicAdmin) => a.setThreshold('5g', 0, 't'), 'threshold must be a number between 0.1 and 50 (got 0)'],
    ['a weight out of range', (a: TopicAdmin) => a.addTerms('5g', [{ term: 'NR', weight: 9 }], 't'), 'weight must be between 0.1 and 5'],
    ['a bad new topic id', (a: TopicAdmin) => a.addTopic({ id: 'Open RAN', name: 'x' }, 't'), 'a topic id is lowercase letters, digits and dashes'],
    ['an existing topic id', (a: TopicAdmin) => a.addTopic({ id: '5g', name: 'x' }, 't'), 'topic "5g" already exists'],
    ['removing a term that is not there', (a: TopicAdmin) => a.removeTerms('5g', ['LTE'], 't'), '5g has no term "LTE"'],
  ])('refuses %s with a clear message and stores nothing', async (_label, act, message) => {
    const repository = new TopicRepository(store);
    const before = await repository.version();
    const error = await act(admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopicChangeError);
    expect((error as Error).message).toContain(message);
    expect(await repository.version()).toBe(before);
  });
});
