/**
 * The same story from several feeds: titles (and openings) that share most of their words.
 * A story's signature is its set of significant words (Latin words of three letters or more,
 * without common ones; Chinese character pairs), compared with Jaccard similarity.
 */
const COMMON = new Set('the and for with from that this into over after its are was were will has have new says said amid more than about been their they what when which while who how why not but you your our out off per via'.split(' '));
const THRESHOLD = 0.6;

export function signature(title: string, text = ''): string[] {
  const source = `${title} ${text.slice(0, 200)}`.toLowerCase().normalize('NFKC');
  const words = new Set<string>();
  for (const word of source.match(/[a-z0-9][a-z0-9+-]{2,}/g) ?? []) if (!COMMON.has(word)) words.add(word.replace(/s$/, ''));
  for (const run of source.match(/[\u4e00-\u9fff]+/g) ?? []) for (let i = 0; i + 2 <= run.length; i += 1) words.add(run.slice(i, i + 2));
  return [...words].sort();
}

export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const word of b) if (set.has(word)) shared += 1;
  return shared / (a.length + b.length - shared);
}

export function isSameStory(a: readonly string[], b: readonly string[]): boolean {
  return Math.min(a.length, b.length) >= 4 && similarity(a, b) >= THRESHOLD;
}
