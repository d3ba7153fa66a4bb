/**
 * Characters U+0080–U+009F are control codes in Unicode, but in feeds they are nearly always
 * Windows-1252 punctuation that went through a Latin-1 decoder or a numeric reference
 * (&#146; for an apostrophe). Map them to what the writer meant; the five code points that
 * Windows-1252 leaves undefined stay as they are (and are later dropped as controls).
 */
const CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

export function fixC1Controls(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0)] ?? c) : text;
}
