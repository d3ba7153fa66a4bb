import type { CompiledTopics, Entry } from './compile.js';
import { isAscii, isPhraseGap, singularForms, type Token, tokenize } from './tokenize.js';

export interface Match {
  entry: Entry;
  start: number;
  end: number;
}

const HAN_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Every entry of the compiled index found in the text, in one pass over its words (and characters, for CJK). */
export function matchText(compiled: CompiledTopics, text: string): Match[] {
  const ascii = isAscii(text);
  // NFKC ("５Ｇ" → "5G") cannot change ASCII text.
  const source = ascii ? text : text.normalize('NFKC');
  const matches: Match[] = [];
  const tokens = tokenize(source, ascii);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const direct = compiled.byFirstWord.get(token.lower);
    if (direct) for (const entry of direct) tryEntry(entry, tokens, i, source, true, matches);
    for (const singular of singularForms(token.lower)) {
      const plural = compiled.byFirstWord.get(singular);
      if (plural) for (const entry of plural) if (entry.words?.length === 1) tryEntry(entry, tokens, i, source, false, matches);
    }
  }
  if (!ascii && compiled.byFirstChar.size > 0 && HAN_RUN.test(source)) matchCjk(compiled, source.toLowerCase(), matches);
  return matches;
}

function tryEntry(entry: Entry, tokens: Token[], i: number, source: string, exactFirst: boolean, out: Match[]): void {
  const words = entry.words as string[];
  const exact = entry.exact as Array<string | undefined>;
  const last = words.length - 1;
  for (let w = 0; w <= last; w += 1) {
    const token = tokens[i + w];
    if (!token) return;
    if (w > 0 && !isPhraseGap(source, (tokens[i + w - 1] as Token).end, token.start)) return;
    const wanted = words[w] as string;
    const inflected = token.lower !== wanted;
    if (inflected) {
      // Only the last word of a term takes a plural ending.
      if (w !== last || (w === 0 && exactFirst) || !singularForms(token.lower).includes(wanted)) return;
    }
    const cased = exact[w];
    if (cased !== undefined && token.text !== cased && token.text !== `${cased}s`) return;
  }
  out.push({ entry, start: (tokens[i] as Token).start, end: (tokens[i + last] as Token).end });
}

function matchCjk(compiled: CompiledTopics, lower: string, out: Match[]): void {
  for (let k = 0; k < lower.length; k += 1) {
    const candidates = compiled.byFirstChar.get(lower[k] as string);
    if (!candidates) continue;
    for (const entry of candidates) {
      const term = entry.cjk as string;
      if (lower.startsWith(term, k)) out.push({ entry, start: k, end: k + term.length });
    }
  }
}
