import { dropInvisible } from './html-to-text.js';

/**
 * Feed text on its way into a chat message, for both platforms. The parse path already cleans
 * text, but alerts also come from the store and from other code paths, so the renderers make
 * no assumption about what they are given: these helpers are what every renderer applies.
 */

/** Lone UTF-16 surrogates become U+FFFD: they are not Unicode, and a JSON or form encoder may reject or mangle them. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Well-formed, and without controls, bidi overrides or zero-width characters (which could disguise or split a mention). */
export function cleanChatText(text: string): string {
  return dropInvisible(wellFormed(text));
}

/**
 * A zero-width space after the colon of every `scheme://`, so that a chat client's autolinker
 * finds no URL in feed text: the only link in a message is the one the renderer writes.
 */
export function breakLinks(text: string): string {
  // Matched from the colon, not the scheme's start: a scheme-like run is never rescanned, so long text stays linear.
  return text.replace(/(?<=[a-z0-9+.-]):(?=\/\/)/gi, ':\u200b');
}

/**
 * `raw` escaped and at most `max` UTF-16 units long. The raw text is shortened (at a word, with
 * an ellipsis) before escaping, so a cut never splits an escape sequence (a lone backslash or
 * half an entity) or a surrogate pair.
 */
export function fitEscaped(raw: string, max: number, escape: (text: string) => string = (text) => text): string {
  // A first cut at max raw characters: for an escape that never shortens text, more could not fit anyway.
  let source = cut(raw, max);
  let out = escape(source);
  while (out.length > max && source.length > 0) {
    source = cut(source, Math.min(source.length - 1, Math.floor((source.length * max) / out.length)));
    out = escape(source);
  }
  return out;
}

/** At most `max` UTF-16 units, cut at a word when one is near, marked with an ellipsis; never half a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let base = text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '');
  const space = base.lastIndexOf(' ');
  if (space > max * 0.6) base = base.slice(0, space);
  let end = base.length;
  while (end > 0 && /[\s,.;:!?\-–—]/.test(base[end - 1]!)) end -= 1;
  return `${base.slice(0, end)}…`;
}

/** The URL as an absolute http(s) href, or undefined for anything else (javascript:, data:, relative, unparseable). */
export function httpLink(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Whole parts joined while they fit in `max` characters, then an ellipsis: a cut never splits a link, a token or an escape. */
export function joinWithin(parts: string[], separator: string, max: number): string {
  let out = '';
  for (const part of parts) {
    const next = out ? `${out}${separator}${part}` : part;
    if (next.length > max - separator.length - 1) return out ? `${out}${separator}…` : '…';
    out = next;
  }
  return out;
}
