/**
 * Feed text is untrusted. The chat core writes replies in a small markup of its own (**bold**,
 * `code`, [title](link), line breaks) and escapes the feed text it embeds, so that a feed's
 * own brackets, asterisks or backticks stay text. Each platform adapter renders the markup and
 * applies its platform's escaping (mentions, Slack's &, <, >) on top.
 */
export function escapeText(text: string): string {
  return text.replace(/[\\*_`[\]()~|>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

/** Undoes escapeText, for platforms that render the markup themselves. */
export function unescapeText(text: string): string {
  return text.replace(/\\([\\*_`[\]()~|>])/g, '$1');
}
