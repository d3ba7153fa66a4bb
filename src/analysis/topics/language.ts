/** Chinese or English (or other), by the share of Han characters among letters. */
export type Language = 'zh' | 'en' | 'other';

export function detectLanguage(text: string): Language {
  let han = 0;
  let latin = 0;
  let other = 0;
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  for (const char of sample) {
    const code = char.codePointAt(0) as number;
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) han += 1;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin += 1;
    else if (code > 0xbf && /\p{L}/u.test(char)) other += 1;
  }
  // A Han character carries about a word; Latin letters about a fifth of one.
  const words = han + latin / 5 + other / 5;
  if (words === 0) return 'other';
  if (han / words >= 0.3) return 'zh';
  return latin >= other ? 'en' : 'other';
}
