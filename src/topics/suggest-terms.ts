import { tokenize } from '../analysis/topics/tokenize.js';

/**
 * Candidate terms for a new topic, drawn from example articles the way the shipped pack was
 * drawn from its seed corpus: phrases of one to three words (two to four characters in
 * Chinese) that recur across the examples and are rare in a background of general news.
 * The score is the share of examples containing a phrase times its inverse document
 * frequency in the background (both smoothed).
 */
export interface Suggestion {
  phrase: string;
  /** In how many examples it appears. */
  examples: number;
  /** In how many background documents it appears. */
  background: number;
  score: number;
}

const STOPWORDS = new Set(
  'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its last more most new not of on one or our said says she so than that the their them there these they this to two up was we were what when which who will with would year years also after about over under between more other such been being all any some only its may per via while where next first second third most many much each every other another those both either including according told told percent million billion week month day people time'.split(
    ' ',
  ),
);
const CJK_STOP = /[的了是在和与及等将对为把被也都而并或之其这那个年月日中]/;
const HAN_RUN = /[\p{Script=Han}]+/gu;

export function suggestTerms(examples: string[], background: string[], limit = 30): Suggestion[] {
  const exampleSets = examples.map(phrasesOf);
  const backgroundSets = background.map(phrasesOf);
  const exampleDf = new Map<string, number>();
  for (const set of exampleSets) for (const phrase of set.keys()) exampleDf.set(phrase, (exampleDf.get(phrase) ?? 0) + 1);
  const backgroundDf = new Map<string, number>();
  for (const set of backgroundSets) for (const phrase of set.keys()) if (exampleDf.has(phrase)) backgroundDf.set(phrase, (backgroundDf.get(phrase) ?? 0) + 1);

  const minExamples = examples.length >= 4 ? 2 : 1;
  const surface = new Map<string, string>();
  for (const set of exampleSets) for (const [key, written] of set) if (!surface.has(key)) surface.set(key, written);
  const candidates: Suggestion[] = [];
  for (const [phrase, df] of exampleDf) {
    if (df < minExamples) continue;
    const bg = backgroundDf.get(phrase) ?? 0;
    const idf = Math.log((background.length + 1) / (bg + 0.5));
    const score = (df / examples.length) * idf;
    if (score > 0) candidates.push({ phrase: surface.get(phrase) ?? phrase, examples: df, background: bg, score: Math.round(score * 1000) / 1000 });
  }
  candidates.sort((a, b) => b.score - a.score || b.phrase.length - a.phrase.length);
  // Drop a phrase that only repeats a better-scored longer one ("internet of" under "internet of things").
  const kept: Suggestion[] = [];
  for (const candidate of candidates) {
    const lower = candidate.phrase.toLowerCase();
    const covered = kept.some((k) => k.examples >= candidate.examples && k.phrase.toLowerCase().includes(lower));
    if (!covered) kept.push(candidate);
    if (kept.length >= limit) break;
  }
  return kept;
}

/** The distinct phrases of one document: key (lower case) → the form first written. */
function phrasesOf(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const source = text.normalize('NFKC');
  const tokens = tokenize(source);
  for (let i = 0; i < tokens.length; i += 1) {
    for (let n = 1; n <= 3 && i + n <= tokens.length; n += 1) {
      const words = tokens.slice(i, i + n);
      // A phrase stays within one clause: no punctuation between its words.
      if (n > 1 && !/^[\s\-+/]{1,3}$/.test(source.slice(words[n - 2]!.end, words[n - 1]!.start))) break;
      const first = words[0]!.lower;
      const last = words[n - 1]!.lower;
      if (STOPWORDS.has(first) || STOPWORDS.has(last) || /^\d+$/.test(last) || last.length < 2) continue;
      const key = words.map((w) => w.lower).join(' ');
      if (!found.has(key)) found.set(key, words.map((w) => w.text).join(' '));
    }
  }
  for (const run of source.match(HAN_RUN) ?? []) {
    for (let size = 2; size <= 4; size += 1) {
      for (let i = 0; i + size <= run.length; i += 1) {
        const gram = run.slice(i, i + size);
        if (CJK_STOP.test(gram[0] as string) || CJK_STOP.test(gram[gram.length - 1] as string)) continue;
        if (!found.has(gram)) found.set(gram, gram);
      }
    }
  }
  return found;
}
