import type Keyv from 'keyv';
import type { Store } from './open-store.js';

/** Admin changes made from chat: who, where, what, when. The newest 1,000 are kept. */
export interface AuditEntry {
  at: string;
  platform: string;
  target: string;
  user: string;
  command: string;
  outcome: 'done' | 'refused';
}

const KEY = 'entries';
const KEEP = 1_000;

export class AuditLog {
  private readonly keyv: Keyv<AuditEntry[]>;

  constructor(store: Store) {
    this.keyv = store.collection<AuditEntry[]>('audit');
  }

  async record(entry: AuditEntry): Promise<void> {
    const entries = (await this.keyv.get(KEY)) ?? [];
    await this.keyv.set(KEY, [...entries, entry].slice(-KEEP));
  }

  async latest(limit: number): Promise<AuditEntry[]> {
    return ((await this.keyv.get(KEY)) ?? []).slice(-limit).reverse();
  }
}
