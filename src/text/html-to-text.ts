import { decodeHTML } from 'entities';
import { fixC1Controls } from './c1-controls.js';

/**
 * Feed text as plain text: markup removed, entities decoded, whitespace folded, and control
 * characters (terminal escapes among them) dropped. Block elements become line breaks so
 * that paragraphs survive for the summarizer.
 */
const DROP_WITH_CONTENT = /<(script|style|noscript|template|iframe|object|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g;
const BLOCK = /<\/?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|section|article|header|footer|aside|figure|figcaption|nav)\b[^>]*>/gi;
const TAG = /<\/?[a-z!?][^<>]*>/gi;
// C0 and C1 controls except tab and newline, plus bidi overrides and zero-width characters.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function htmlToText(html: string): string {
  if (!html) return '';
  const text = html
    .replace(CDATA, '$1')
    .replace(COMMENT, ' ')
    .replace(DROP_WITH_CONTENT, ' ')
    .replace(BLOCK, '\n')
    .replace(TAG, '');
  return foldWhitespace(decodeHTML(text));
}

/** Removes C0/C1 controls (after mapping Windows-1252 punctuation), bidi overrides and zero-width characters; keeps tab and newline. */
export function dropInvisible(text: string): string {
  return fixC1Controls(text).replace(CONTROLS, '');
}

/** Removes control and invisible formatting characters; folds runs of spaces; keeps paragraph breaks. */
export function foldWhitespace(text: string): string {
  return dropInvisible(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0\u3000]+/g, ' ').trim())
    .filter((line, index, lines) => line !== '' || (index > 0 && lines[index - 1] !== ''))
    .join('\n')
    .trim();
}

/** A single line of plain text (titles, names): like htmlToText, with line breaks folded too. */
export function toSingleLine(html: string): string {
  return htmlToText(html).replace(/\s*\n\s*/g, ' ');
}

/** Shortens text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncateWords(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  // CJK text has no spaces: cut anywhere; otherwise back up to the last space if it is not too far.
  const space = cut.lastIndexOf(' ');
  const base = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,.;:!?\-–—]+$/u, '')}…`;
}
