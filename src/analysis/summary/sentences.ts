/**
 * Splits plain text into sentences. A line break always ends a sentence (paragraphs come from
 * htmlToText). English ends at . ! ? … followed by a space and something that can start a
 * sentence, except after abbreviations, initials and inside a quotation that closes later;
 * Chinese ends at 。！？ with no space needed. Closing quotes and brackets stay with the
 * sentence they close ("…,” he said." / 。”).
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const paragraph = line.trim();
    if (paragraph !== '') splitParagraph(paragraph, out);
  }
  return out;
}

const LATIN_END = '.!?…';
const CJK_END = '。！？';
const CLOSERS = '"\'”’」』)]）】';
const OPENERS = '"“‘「『([（【';
const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/;

// Never the end of a sentence: titles and reference words that a name or number follows.
const NEVER_END = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'gov', 'sen', 'rep', 'hon', 'rev', 'capt', 'col', 'lt', 'sgt', 'maj',
  'cmdr', 'adm', 'pres', 'no', 'nos', 'vol', 'fig', 'figs', 'pp', 'op', 'art', 'sec', 'ch', 'approx', 'dept',
  'univ', 'assn', 'e.g', 'i.e', 'cf', 'vs', 'v', 'ca', 'mt', 'ft', 'ave', 'blvd', 'rd', 'tel', 'ext',
]);
// Abbreviations that also end sentences ("… signed with Huawei Co. Ltd. The deal …"): they
// end one only when a typical sentence opener follows.
const MAYBE_END = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'inc', 'ltd', 'co', 'corp', 'plc', 'llc', 'bros', 'etc', 'jr', 'sr', 'st', 'est', 'al',
]);
const OPENER_WORDS = new Set([
  'The', 'It', 'Its', 'He', 'She', 'They', 'This', 'That', 'These', 'Those', 'We', 'In', 'On', 'At', 'A', 'An',
  'But', 'And', 'However', 'Meanwhile', 'According', 'Their', 'His', 'Her', 'There', 'As', 'For', 'With',
  'After', 'Before', 'Since', 'While', 'If', 'When', 'Last', 'Next', 'Other', 'Some', 'Many', 'Also', 'Its',
]);

// The characters that change the splitter's state: sentence ends and quotation marks.
const INTERESTING = /[.!?…。！？"“”「」『』]/g;

function splitParagraph(p: string, out: string[]): void {
  let start = 0;
  let curly = 0; // open “ 「 『 quotes
  let straight = false; // an open " quote
  INTERESTING.lastIndex = 0;
  for (let m = INTERESTING.exec(p); m; m = INTERESTING.exec(p)) {
    const c = m[0];
    const at = m.index;
    if (c === '“' || c === '「' || c === '『') curly += 1;
    else if (c === '”' || c === '」' || c === '』') curly = Math.max(0, curly - 1);
    else if (c === '"') straight = !straight;
    else {
      let j = at + 1;
      while (j < p.length && (LATIN_END.includes(p[j] as string) || CJK_END.includes(p[j] as string))) j += 1;
      const run = p.slice(at, j);
      for (; j < p.length && CLOSERS.includes(p[j] as string); j += 1) {
        const q = p[j];
        if (q === '”' || q === '」' || q === '』') curly = Math.max(0, curly - 1);
        else if (q === '"') straight = false;
      }
      if (j >= p.length) break;
      INTERESTING.lastIndex = j;
      // Inside a quotation that closes later in the paragraph, the quote is one sentence.
      if ((curly > 0 && /[”」』]/.test(p.slice(j, j + 600))) || (straight && p.includes('"', j))) continue;
      if (!endsHere(p, start, at, run, j)) continue;
      out.push(p.slice(start, j).trim());
      start = j;
      curly = 0;
      straight = false;
    }
  }
  const rest = p.slice(start).trim();
  if (rest !== '') out.push(rest);
}

/** Whether the terminal run `run` at `at` (closers end at `after`) ends a sentence. */
function endsHere(p: string, start: number, at: number, run: string, after: number): boolean {
  const next = p[after] as string;
  if ([...CJK_END].some((c) => run.includes(c))) return true;
  // "5G.中国" ends a sentence; a Chinese ellipsis "……" inside one does not.
  if (CJK.test(next)) return run.replace(/…/g, '') !== '';
  if (next !== ' ') return false; // "5.5G", "chinadaily.com.cn", "U.S.-China"
  let k = after + 1;
  while (p[k] === ' ') k += 1;
  const following = p[k] ?? '';
  if (following === '' || /[a-z,;:]/.test(following)) return false;
  if (run !== '.') return true;
  const word = wordBefore(p, start, at);
  const lower = word.toLowerCase();
  if (NEVER_END.has(lower)) return false;
  const initial = /^\p{Lu}$/u.test(word);
  const dotted = /^(?:[a-z]\.)+[a-z]$/i.test(word); // U.S, a.m, U.K
  if (initial || dotted || MAYBE_END.has(lower)) {
    if (OPENERS.includes(following) || CJK.test(following)) return true;
    return OPENER_WORDS.has(/^\p{L}+/u.exec(p.slice(k, k + 20))?.[0] ?? '');
  }
  return true;
}

/** The token that ends at `at` (exclusive): "Mr", "U.S", "e.g", with any opening bracket or quote dropped. */
function wordBefore(p: string, start: number, at: number): string {
  let k = at;
  while (k > start && p[k - 1] !== ' ') k -= 1;
  let word = p.slice(k, at);
  while (word !== '' && OPENERS.includes(word[0] as string)) word = word.slice(1);
  return word;
}
