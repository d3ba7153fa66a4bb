import pLimit, { type LimitFunction } from 'p-limit';

/**
 * At most N requests in flight to one host, so that a thousand feeds on one publisher's
 * server are read politely. Limiters of idle hosts are dropped to keep memory flat.
 */
export class HostLimiter {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(private readonly perHost: number) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(this.perHost);
      this.limits.set(host, limit);
    }
    try {
      return await limit(task);
    } finally {
      if (limit.activeCount === 0 && limit.pendingCount === 0) this.limits.delete(host);
    }
  }
}
