import { editDistance } from '../config/config-error.js';
import { type TermDefinition, type TopicDefinition, termSchema, topicSchema, toTopicDefinition } from '../analysis/topics/topic-model.js';
import type { TopicRepository } from '../store/topic-repository.js';
import type { TopicCatalog } from './topic-catalog.js';
import { UserError } from '../util/user-error.js';

/** A refused change: the message says what is wrong and how to fix it; nothing was stored. */
export class TopicChangeError extends UserError {}

export interface NewTopic {
  id: string;
  name: string;
  description?: string;
  threshold?: number;
  terms?: Array<string | { term: string; weight?: number }>;
}

/**
 * What admins may change about topics, validated before anything is stored. Used by the CLI
 * today and by the chat admin commands later.
 */
export class TopicAdmin {
  constructor(
    private readonly catalog: TopicCatalog,
    private readonly repository: TopicRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async addTopic(input: NewTopic, by: string): Promise<TopicDefinition> {
    const parsed = topicSchema.safeParse({ ...input, terms: input.terms ?? [] });
    if (!parsed.success) throw new TopicChangeError(describe(parsed.error.issues));
    if (await this.catalog.find(parsed.data.id)) throw new TopicChangeError(`topic "${parsed.data.id}" already exists: change it with the terms, exclude and threshold commands`);
    const topic = toTopicDefinition(parsed.data);
    await this.save(topic, by);
    return topic;
  }

  async removeTopic(id: string, by: string): Promise<void> {
    await this.existing(id);
    await this.repository.put(id, { removed: true, updatedAt: this.now().toISOString(), updatedBy: by });
  }

  async addTerms(id: string, terms: Array<string | { term: string; weight?: number }>, by: string): Promise<TopicDefinition> {
    const topic = await this.existing(id);
    const added = terms.map((raw) => {
      const parsed = termSchema.safeParse(raw);
      if (!parsed.success) throw new TopicChangeError(describe(parsed.error.issues));
      const value = parsed.data;
      return typeof value === 'string' ? ({ term: value, weight: 1, case: 'auto', requires: [] } satisfies TermDefinition) : value;
    });
    const duplicate = added.find((t) => topic.terms.some((existing) => existing.term.toLowerCase() === t.term.toLowerCase()));
    if (duplicate) throw new TopicChangeError(`"${duplicate.term}" is already a term of ${id}: nothing changed`);
    return this.save({ ...topic, terms: [...topic.terms, ...added] }, by);
  }

  async removeTerms(id: string, terms: string[], by: string): Promise<TopicDefinition> {
    const topic = await this.existing(id);
    const missing = terms.filter((term) => !topic.terms.some((t) => t.term.toLowerCase() === term.trim().toLowerCase()));
    if (missing.length) throw new TopicChangeError(`${id} has no term ${missing.map((m) => `"${m}"`).join(', ')}: see \`topics show ${id}\``);
    const drop = new Set(terms.map((t) => t.trim().toLowerCase()));
    return this.save({ ...topic, terms: topic.terms.filter((t) => !drop.has(t.term.toLowerCase())) }, by);
  }

  async addExclusions(id: string, phrases: string[], by: string): Promise<TopicDefinition> {
    const topic = await this.existing(id);
    const clean = phrases.map((p) => p.trim());
    if (clean.some((p) => p.length === 0 || p.length > 100)) throw new TopicChangeError('an exclusion is a phrase of 1 to 100 characters');
    return this.save({ ...topic, exclude: [...new Set([...topic.exclude, ...clean])] }, by);
  }

  async removeExclusions(id: string, phrases: string[], by: string): Promise<TopicDefinition> {
    const topic = await this.existing(id);
    const drop = new Set(phrases.map((p) => p.trim().toLowerCase()));
    const kept = topic.exclude.filter((p) => !drop.has(p.toLowerCase()));
    if (kept.length === topic.exclude.length) throw new TopicChangeError(`${id} has no such exclusion: see \`topics show ${id}\``);
    return this.save({ ...topic, exclude: kept }, by);
  }

  async setThreshold(id: string, threshold: number, by: string): Promise<TopicDefinition> {
    if (!Number.isFinite(threshold) || threshold < 0.1 || threshold > 50) throw new TopicChangeError(`threshold must be a number between 0.1 and 50 (got ${threshold})`);
    return this.save({ ...(await this.existing(id)), threshold }, by);
  }

  async setEnabled(id: string, enabled: boolean, by: string): Promise<TopicDefinition> {
    return this.save({ ...(await this.existing(id)), enabled }, by);
  }

  private async existing(id: string): Promise<TopicDefinition> {
    const topic = await this.catalog.find(id);
    if (topic) return topic;
    const ids = (await this.catalog.topics()).map((t) => t.id);
    const close = ids.filter((candidate) => editDistance(candidate, id) <= 2 || candidate.includes(id)).slice(0, 3);
    throw new TopicChangeError(`unknown topic "${id}"${close.length ? `: did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : `; topics are: ${ids.join(', ')}`}`);
  }

  private async save(topic: TopicDefinition, by: string): Promise<TopicDefinition> {
    // Re-validate the whole topic as stored, so a stored topic always compiles.
    const parsed = topicSchema.safeParse({ ...topic, zh: [] });
    if (!parsed.success) throw new TopicChangeError(describe(parsed.error.issues));
    await this.repository.put(topic.id, { topic, updatedAt: this.now().toISOString(), updatedBy: by });
    return topic;
  }
}

function describe(issues: Array<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
}
