/** Reads `max-age` (or `s-maxage`) from a Cache-Control header; `no-store`/`no-cache` mean none. */
export function parseMaxAge(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const directives = header.toLowerCase().split(',').map((part) => part.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return undefined;
  for (const name of ['s-maxage', 'max-age']) {
    const found = directives.find((d) => d.startsWith(`${name}=`));
    if (found) {
      const seconds = Number(found.slice(name.length + 1).replace(/"/g, ''));
      if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    }
  }
  return undefined;
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
