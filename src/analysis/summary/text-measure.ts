/** Small text measures for the summarizer: length in characters, CJK detection, title likeness, term hits, cutting. */

// Han, kana, hangul, CJK punctuation and full-width forms: text that is written without spaces.
const CJK_CHAR = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/;
const CJK_ALL = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/g;
const SURROGATE = /[\ud800-\udfff]/;

/** Length in code points, as Array.from(s).length, without building the array for the common case. */
export function charLength(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

export function isCjkChar(c: string): boolean {
  return CJK_CHAR.test(c);
}

/** Mostly CJK: at least a third of the non-space characters (a CJK character carries about a word). */
export function isCjkText(s: string): boolean {
  const cjk = s.match(CJK_ALL)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= s.replace(/\s+/g, '').length;
}

// A Han character is a token of its own; Latin, Greek and Cyrillic letters and digits make words.
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff]|[a-z0-9\u00df-\u024f\u0370-\u03ff\u0400-\u04ff]+/g;
const ASCII_TOKEN = /[a-z0-9]+/g;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;

function tokens(s: string): string[] {
  const lower = s.toLowerCase();
  return lower.match(NON_ASCII.test(lower) ? TOKEN : ASCII_TOKEN) ?? [];
}

/**
 * A test for sentences that restate the title: contained in it, made of it (80% of its
 * words are title words), or the title with a few words around it. A long lead sentence that
 * starts with the title's words and goes on with facts is not a restatement and stays.
 * Compares word sequences, so case, punctuation and spacing do not matter.
 */
export function titleMatcher(title: string): (sentence: string) => boolean {
  const titleWords = tokens(title);
  const titleSet = new Set(titleWords);
  const t = ` ${titleWords.join(' ')} `;
  if (titleWords.length === 0) return () => false;
  // A sentence twice the title's length (and then some) is more than a restatement: skip the word count.
  const longest = title.length * 2 + 20;
  return (sentence) => {
    if (sentence.length > longest) return false;
    const lower = sentence.toLowerCase();
    const pattern = NON_ASCII.test(lower) ? TOKEN : ASCII_TOKEN;
    pattern.lastIndex = 0;
    let words = 0;
    let shared = 0;
    for (let m = pattern.exec(lower); m; m = pattern.exec(lower)) {
      words += 1;
      if (titleSet.has(m[0])) shared += 1;
    }
    if (words === 0) return false;
    if (shared / words >= 0.8) return true;
    if (shared < titleSet.size) return false; // cannot contain the title
    const s = ` ${tokens(sentence).join(' ')} `;
    return s.includes(t) && t.length >= s.length * 0.6;
  };
}

const WORD_CHAR = /[a-z0-9]/;

/** Occurrences of a lowercase term in lowercase text, at word boundaries for Latin edges; a plural -s/-es is fine. */
function countTerm(text: string, term: string): number {
  const checkStart = WORD_CHAR.test(term[0] as string);
  const checkEnd = WORD_CHAR.test(term[term.length - 1] as string);
  let hits = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    if (checkStart && at > 0 && WORD_CHAR.test(text[at - 1] as string)) continue;
    let end = at + term.length;
    if (checkEnd) {
      if (text.startsWith('es', end)) end += 2;
      else if (text[end] === 's') end += 1;
      if (end < text.length && WORD_CHAR.test(text[end] as string)) continue;
    }
    hits += 1;
  }
  return hits;
}

/** One point per distinct term, a little more for repeats (capped, so a list of terms cannot win alone). */
export function termScore(lowerText: string, lowerTerms: string[]): number {
  let distinct = 0;
  let hits = 0;
  for (const term of lowerTerms) {
    const n = countTerm(lowerText, term);
    if (n > 0) distinct += 1;
    hits += n;
  }
  return distinct + Math.min(hits, 4) * 0.25;
}

/**
 * Shortens text to at most `max` characters ending in "…", cutting between words (at any
 * character boundary next to CJK text); a single word longer than the limit is cut inside.
 */
export function cutAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max < 2) return '…';
  let cut = max - 1;
  while (cut > 0 && !isBoundary(chars, cut)) cut -= 1;
  if (cut === 0) cut = max - 1;
  const kept = chars.slice(0, cut).join('').replace(/[\s,.;:!?\-–—，、；：。！？"'“‘「『(（[【]+$/u, '');
  return `${kept === '' ? chars.slice(0, max - 1).join('') : kept}…`;
}

function isBoundary(chars: string[], at: number): boolean {
  const before = chars[at - 1] as string;
  const after = chars[at] as string;
  return after === ' ' || before === ' ' || isCjkChar(before) || isCjkChar(after);
}
