import { cleanText } from './clean-text.js';
import { splitSentences } from './sentences.js';
import { charLength, cutAtWord, isCjkChar, isCjkText, termScore, titleMatcher } from './text-measure.js';

export interface SummaryInput {
  title: string;
  /** Plain text (htmlToText output): one paragraph per line. */
  text: string;
  /** The item's matched topic terms; sentences that mention them are preferred. */
  terms?: string[];
  /** Upper bound in characters (code points: a CJK character or an emoji counts as one). */
  maxChars?: number;
}

export const DEFAULT_SUMMARY_CHARS = 280;

interface Candidate {
  index: number;
  text: string;
  length: number;
  score: number;
  /** Informative: long enough, a statement, ending like a sentence. Others are used only when nothing else is left. */
  strong: boolean;
}

// Calls to action that survived cleanText because they sat inside a paragraph of real sentences.
const LEFTOVER = /^(?:click here|subscribe\b|sign up (?:for|to)|follow us|read more|continue reading|please fill (?:out|in))|\ball rights reserved\b|\bappeared first on\b|\bour newsletter\b|^点击(?:阅读|查看)|关注我们|扫码关注|免责声明/i;
const QUESTION = /[?？]["'”’)\]」』）]*$/;
const SENTENCE_END = /[.!?…。！？]["'”’)\]」』）]*$/;
// The first sentences of a news item carry its gist; later ones win only on topic terms.
const LEAD_BONUS = [2.5, 1.5, 1, 0.5];
// A sentence that leans on the one before ("He said …", "Moreover, …") reads badly alone.
// Case-sensitive: sentences start capitalized, and "IT spending …" does not lean on anything.
const DANGLING = /^(?:(?:It|Its|He|She|They|This(?!\s+(?:year|month|week|quarter|spring|summer|autumn|fall|winter))|These|Those|His|Her|Their|Moreover|Furthermore|In addition|Additionally|Also|However|But|And|Meanwhile|Besides|Therefore|Thus)\b|此外|另外|同时|但是?|而且|并且|因此|他|她|这)/;
const DANGLING_PENALTY = 1;

/**
 * An extractive summary: whole sentences of the cleaned body, at most `maxChars` characters,
 * chosen for being near the start and rich in the item's topic terms, printed in their
 * original order. Never repeats the title and never invents text: an item with no body (or
 * a body of boilerplate, or one that only restates the title) gets ''. When even the best
 * sentence is too long, it is cut at a word boundary (any character, for CJK) and ends "…".
 */
export function summarize(input: SummaryInput): string {
  const max = Math.floor(input.maxChars ?? DEFAULT_SUMMARY_CHARS);
  if (max < 1) return '';
  const body = cleanText(input.text);
  if (body === '') return '';
  const candidates = rank(input.title, body, input.terms ?? []);
  if (candidates.length === 0) return '';
  const strong = candidates.filter((c) => c.strong);
  const pool = strong.length > 0 ? strong : candidates;
  const byScore = [...pool].sort((a, b) => b.score - a.score || a.index - b.index);
  const best = byScore[0] as Candidate;

  const chosen: Candidate[] = [];
  let used = 0;
  let chosenScore = 0;
  for (const c of byScore) {
    // Past the first pick, a sentence must earn its place (lead or topic terms): no filler.
    if (chosen.length > 0 && c.score <= 0) break;
    // One separator per sentence is an upper bound: CJK sentences are joined without one.
    const cost = c.length + (chosen.length > 0 ? 1 : 0);
    if (used + cost > max) continue;
    chosen.push(c);
    used += cost;
    chosenScore += c.score;
  }
  // The best sentence did not fit: show it cut, unless the whole sentences that fit are worth more.
  if (!chosen.includes(best) && chosenScore <= best.score) return cutAtWord(best.text, max);
  chosen.sort((a, b) => a.index - b.index);
  return join(chosen.map((c) => c.text));
}

function rank(title: string, body: string, terms: string[]): Candidate[] {
  const lowerTerms = terms.map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const isTitle = titleMatcher(title);
  const out: Candidate[] = [];
  let position = 0;
  for (const [index, text] of splitSentences(body).entries()) {
    if (isTitle(text) || LEFTOVER.test(text)) continue;
    const length = charLength(text);
    const informative = length >= (isCjkText(text) ? 8 : 25) && !QUESTION.test(text) && SENTENCE_END.test(text);
    const lead = informative ? (LEAD_BONUS[position] ?? 0) : 0;
    if (informative) position += 1;
    const score = lead + termScore(text.toLowerCase(), lowerTerms) - (DANGLING.test(text) ? DANGLING_PENALTY : 0);
    out.push({ index, text, length, score, strong: informative });
  }
  return out;
}

/** Sentences joined by a space, or by nothing where Chinese text meets. */
function join(sentences: string[]): string {
  let out = '';
  for (const s of sentences) {
    if (out === '') out = s;
    else out += isCjkChar(out.slice(-1)) || isCjkChar(s.slice(0, 1)) ? s : ` ${s}`;
  }
  return out;
}
