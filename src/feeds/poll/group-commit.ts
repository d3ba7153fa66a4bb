/**
 * Group commit: calls that arrive while a write is under way are gathered into the next
 * single write. A cycle's feeds with new items hand off to the outbox this way, so each
 * outbox write (which reads and rewrites the recent stories to catch repeats) serves all the
 * feeds that finished meanwhile instead of one. Every caller still resolves only once its own
 * entries are durable, and fails when the write that carried them failed; an idle writer
 * starts a call at once (after the current microtask), so a lone poll waits for nothing.
 */
export function groupCommit<T>(write: (batch: T[]) => Promise<void>): (batch: T[]) => Promise<void> {
  let open: T[] | undefined;
  let openWritten: Promise<void> | undefined;
  let tail: Promise<void> = Promise.resolve();
  return (batch) => {
    if (batch.length === 0) return Promise.resolve();
    if (!open || !openWritten) {
      const group: T[] = [];
      open = group;
      openWritten = tail.then(
        () => startGroup(group),
        () => startGroup(group),
      );
      tail = openWritten.catch(() => undefined);
    }
    for (const entry of batch) open.push(entry);
    return openWritten;
  };

  function startGroup(group: T[]): Promise<void> {
    // From here on, new calls form the next group behind this one.
    if (open === group) {
      open = undefined;
      openWritten = undefined;
    }
    return write(group);
  }
}
