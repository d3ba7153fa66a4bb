interface HostSlots {
  /** Slots made so far (0, 1, …); at most perHost. */
  made: number;
  /** Made and not in use, the most recently released last (its connection is the warmest). */
  free: number[];
  waiting: Array<(slot: number) => void>;
}

/**
 * At most N requests in flight to one host, so that a thousand feeds on one publisher's
 * server are read politely. Each request holds one of the host's N numbered slots, which the
 * HTTP source maps to a connection of its own. A host has an entry only while it has work:
 * ten thousand hosts read once each leave nothing behind. A counter and a queue rather than
 * a p-limit per host, because a limiter built and dropped for every feed was a visible share
 * of a 10,000-feed cycle's garbage.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostSlots>();

  constructor(private readonly perHost: number) {}

  async run<T>(host: string, task: (slot: number) => Promise<T>): Promise<T> {
    let entry = this.hosts.get(host);
    if (!entry) {
      entry = { made: 0, free: [], waiting: [] };
      this.hosts.set(host, entry);
    }
    const slots = entry;
    const slot = slots.free.pop() ?? (slots.made < this.perHost ? slots.made++ : await new Promise<number>((resolve) => slots.waiting.push(resolve)));
    try {
      return await task(slot);
    } finally {
      const next = slots.waiting.shift();
      if (next) next(slot);
      else {
        slots.free.push(slot);
        if (slots.free.length === slots.made) this.hosts.delete(host);
      }
    }
  }
}
