/**
 * Splits alphabetic-script text into word tokens with their offsets. Han, kana and hangul are
 * not tokens here (CJK terms are matched as substrings); digits join letters ("5G", "IPv6").
 */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const WORD = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]+/gu;
// Most feed text is plain ASCII, for which a simpler pattern is several times faster.
const ASCII_WORD = /[A-Za-z0-9]+/g;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

export function tokenize(text: string, ascii = isAscii(text)): Token[] {
  const tokens: Token[] = [];
  const pattern = ascii ? ASCII_WORD : WORD;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    tokens.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/**
 * Words of a phrase may be joined by spaces, hyphens, '+', '/', '&', brackets or quotes (at
 * most three such characters), so "internet-of-things" is "Internet of Things" and an
 * exclusion can name an acronym's local meaning: "Amnesty International (AI)".
 */
const GAP = /^[\s\-‐‑–+/&()"'“”‘’]{1,3}$/;

export function isPhraseGap(text: string, from: number, to: number): boolean {
  return to > from && to - from <= 3 && GAP.test(text.slice(from, to));
}

/** The singular forms a word may have come from: chips → chip, boxes → box, batteries → battery. */
const NONE: string[] = [];

export function singularForms(word: string): string[] {
  if (word.charCodeAt(word.length - 1) !== 115 /* s */) return NONE;
  const forms: string[] = [];
  if (word.length > 3 && word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.length > 3 && word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.length > 2 && word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  return forms;
}

/** An acronym keeps its case: "AI" is not "Ai", "IT" is not "it", "LEO" is not "Leo"; "IoT", "IPv6", "NB-IoT" too. */
export function isAcronym(word: string): boolean {
  if (word.length < 2 || word.length > 6) return false;
  const letters = word.replace(/[^A-Za-z]/g, '');
  if (letters.length === 0) return false;
  const upper = letters.replace(/[^A-Z]/g, '').length;
  if (upper === letters.length) return upper >= 2;
  return /^[A-Z]+[a-z][A-Z]+\d*$/.test(word) || /^[A-Z]{2,}v\d+$/.test(word);
}
