/**
 * Splits the text after a slash command into words, with quoting: `admin topic terms 5g add
 * "5G-Advanced"` → [admin, topic, terms, 5g, add, 5G-Advanced]. Straight and curly quotes
 * both work (Slack clients turn " into “ ”). An unclosed quote runs to the end.
 */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  const closing: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '„': '“' };
  for (const char of text) {
    if (quote) {
      if (char === closing[quote]) quote = undefined;
      else current += char;
      continue;
    }
    if (char in closing) {
      quote = char;
      inWord = true;
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += char;
    inWord = true;
  }
  if (inWord) words.push(current);
  return words;
}
