/**
 * Acronyms a text defines for itself: "Amnesty International (AI)", "artificial insemination
 * (AI)". When a text spells out an acronym as something other than the topic's own phrase, it
 * uses the acronym in that other sense throughout.
 */
const DEFINITION = /\(([A-Z][A-Za-z0-9]{1,6})\)/g;

export function localAcronyms(text: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!text.includes('(')) return found;
  DEFINITION.lastIndex = 0;
  for (let m = DEFINITION.exec(text); m; m = DEFINITION.exec(text)) {
    const acronym = m[1] as string;
    const letters = acronym.replace(/[^A-Z]/g, '');
    if (letters.length < 2 || found.has(acronym)) continue;
    const before = text.slice(Math.max(0, m.index - 120), m.index).trim().split(/[\s-]+/);
    // The expansion: the last words before the bracket whose initials spell the acronym (small words may sit between).
    const words: string[] = [];
    let want = letters.length - 1;
    for (let i = before.length - 1; i >= 0 && want >= 0 && words.length < letters.length + 3; i -= 1) {
      const word = before[i] as string;
      words.unshift(word);
      if (word[0]?.toUpperCase() === letters[want]) want -= 1;
      else if (!/^(of|and|for|the|de|in|on|&)$/i.test(word)) break;
    }
    if (want < 0) found.set(acronym, words.join(' '));
  }
  return found;
}
