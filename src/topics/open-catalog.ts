import type { Config } from '../config/load-config.js';
import { openStore, type Store } from '../store/open-store.js';
import { TopicRepository } from '../store/topic-repository.js';
import { TopicCatalog } from './topic-catalog.js';

/** The topic catalog with admins' changes, for commands that only read; close the store after. */
export async function openTopicCatalog(config: Config): Promise<{ catalog: TopicCatalog; repository: TopicRepository; store: Store }> {
  const store = await openStore(config.settings.store.url);
  const repository = new TopicRepository(store);
  return { catalog: new TopicCatalog(config.topics, repository), repository, store };
}
