import type { DigestEntry } from '../model/digest.js';
import { IndexedCollection } from './indexed-collection.js';
import type { Store } from './open-store.js';

export interface DigestBox {
  target: string;
  period: 'daily' | 'weekly';
  entries: DigestEntry[];
}

/** Alerts waiting for each target's next daily or weekly digest. */
export class DigestRepository {
  private readonly boxes: IndexedCollection<DigestBox>;

  constructor(store: Store) {
    this.boxes = new IndexedCollection<DigestBox>(store, 'digests');
  }

  async add(target: string, period: 'daily' | 'weekly', entry: DigestEntry): Promise<void> {
    const key = `${target}|${period}`;
    const box = (await this.boxes.get(key)) ?? { target, period, entries: [] };
    if (box.entries.some((e) => e.key === entry.key)) return;
    await this.boxes.put(key, { ...box, entries: [...box.entries, entry] });
  }

  async all(): Promise<DigestBox[]> {
    return (await this.boxes.entries()).map(([, box]) => box);
  }

  /** Removes entries that went out in a digest. */
  async remove(target: string, period: 'daily' | 'weekly', keys: string[]): Promise<void> {
    const key = `${target}|${period}`;
    const box = await this.boxes.get(key);
    if (!box) return;
    await this.boxes.put(key, { ...box, entries: box.entries.filter((e) => !keys.includes(e.key)) });
  }
}
