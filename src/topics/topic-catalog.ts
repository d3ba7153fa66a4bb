import { type CompiledTopics, compileTopics } from '../analysis/topics/compile.js';
import type { TopicDefinition } from '../analysis/topics/topic-model.js';
import type { TopicRepository } from '../store/topic-repository.js';

/**
 * The topics in force: the shipped pack from config with admins' stored changes laid over it.
 * The compiled classifier is cached and rebuilt only when the stored version moves, so a
 * change made by any process takes effect at the next poll without a restart.
 */
export class TopicCatalog {
  private cached: { version: number; topics: TopicDefinition[]; compiled: CompiledTopics } | undefined;

  constructor(
    private readonly configTopics: TopicDefinition[],
    private readonly repository?: TopicRepository,
  ) {}

  async topics(): Promise<TopicDefinition[]> {
    return (await this.current()).topics;
  }

  async compiled(): Promise<CompiledTopics> {
    return (await this.current()).compiled;
  }

  async find(id: string): Promise<TopicDefinition | undefined> {
    return (await this.topics()).find((topic) => topic.id === id);
  }

  /** Whether this topic came from config (changed or not) or was added by an admin. */
  async origin(id: string): Promise<'config' | 'config, changed by an admin' | 'added by an admin' | undefined> {
    const stored = this.repository ? (await this.repository.all()).get(id) : undefined;
    const inConfig = this.configTopics.some((t) => t.id === id);
    if (stored?.removed) return undefined;
    if (stored) return inConfig ? 'config, changed by an admin' : 'added by an admin';
    return inConfig ? 'config' : undefined;
  }

  private async current() {
    const version = this.repository ? await this.repository.version() : 0;
    if (this.cached && this.cached.version === version) return this.cached;
    const stored = this.repository && version > 0 ? await this.repository.all() : new Map();
    const merged: TopicDefinition[] = [];
    for (const topic of this.configTopics) {
      const change = stored.get(topic.id);
      if (change?.removed) continue;
      merged.push(change?.topic ?? topic);
    }
    for (const [id, change] of stored) {
      if (!change.removed && change.topic && !this.configTopics.some((t) => t.id === id)) merged.push(change.topic);
    }
    this.cached = { version, topics: merged, compiled: compileTopics(merged) };
    return this.cached;
  }
}
