import chardet from 'chardet';
import iconv from 'iconv-lite';
import { fixC1Controls } from '../../text/c1-controls.js';

/**
 * Turns a feed's bytes into text before parsing. Order of trust: a byte-order mark, then the
 * byte pattern of UTF-16/32 without one, then the charset of the HTTP Content-Type and the
 * XML declaration. Declarations lie in practice (a server that says UTF-8 in front of a GBK
 * file), so a declared UTF-8 that the bytes do not bear out yields to the other declaration,
 * and bytes that are valid UTF-8 are not forced through a legacy code page.
 */
export interface DecodedFeed {
  text: string;
  /** The encoding the text was decoded with, by its canonical name. */
  encoding: string;
  /** Where that choice came from. */
  source: 'bom' | 'pattern' | 'http' | 'xml' | 'sniffed' | 'default';
}

const BOMS: Array<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

const PATTERNS: Array<[number[], string]> = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

/** Names that mean a superset in practice, as browsers treat them. */
const SUPERSETS: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'iso-8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'euc-jp': 'euc-jp',
  'latin1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  big5: 'big5',
  'x-big5': 'big5',
  'shift_jis': 'shift_jis',
  'x-sjis': 'shift_jis',
  'utf8': 'utf-8',
  'utf-16': 'utf-16',
  'unicode-1-1-utf-8': 'utf-8',
};

export function decodeFeed(bytes: Buffer, contentType?: string): DecodedFeed {
  for (const [mark, encoding] of BOMS) {
    if (startsWith(bytes, mark)) return { text: decode(bytes.subarray(mark.length), encoding), encoding, source: 'bom' };
  }
  for (const [pattern, encoding] of PATTERNS) {
    if (startsWith(bytes, pattern)) return { text: stripBom(decode(bytes, encoding)), encoding, source: 'pattern' };
  }
  const declared: Array<{ encoding: string; source: 'http' | 'xml' }> = [];
  const fromHttp = normalizeCharset(charsetFromContentType(contentType));
  if (fromHttp) declared.push({ encoding: fromHttp, source: 'http' });
  const fromXml = normalizeCharset(charsetFromXmlDeclaration(bytes));
  if (fromXml && fromXml !== fromHttp) declared.push({ encoding: fromXml, source: 'xml' });

  // Non-ASCII bytes that form valid UTF-8 are UTF-8 whatever the label says: legacy text
  // (GBK, Latin-1) almost never forms valid multi-byte sequences by chance.
  if (!isAscii(bytes) && isValidUtf8(bytes)) {
    const labelled = declared.find((d) => d.encoding === 'utf-8');
    return { text: stripBom(decode(bytes, 'utf-8')), encoding: 'utf-8', source: labelled?.source ?? 'sniffed' };
  }
  // A declared UTF-8 that the bytes do not bear out, or a UTF-16 label on 8-bit text, yields to the other declaration.
  const choice = declared.find((d) => d.encoding !== 'utf-8' && !d.encoding.startsWith('utf-16') && !d.encoding.startsWith('utf-32'));
  if (choice) return { text: stripBom(decode(bytes, choice.encoding)), encoding: choice.encoding, source: choice.source };
  if (isAscii(bytes)) return { text: stripBom(decode(bytes, 'utf-8')), encoding: 'utf-8', source: declared.length ? declared[0]!.source : 'default' };
  // Nothing declared that fits: let a statistical detector name the charset when it is sure
  // (an undeclared Shift_JIS or GBK feed), else read the bytes as Windows-1252, which never fails.
  const guess = chardet.analyse(bytes)[0];
  const guessed = guess && guess.confidence >= 50 ? normalizeCharset(guess.name) : undefined;
  if (guessed && guessed !== 'utf-8' && !guessed.startsWith('utf-')) return { text: stripBom(decode(bytes, guessed)), encoding: guessed, source: 'sniffed' };
  return { text: decode(bytes, 'windows-1252'), encoding: 'windows-1252', source: 'sniffed' };
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /charset\s*=\s*["']?([^"';\s,]+)/i.exec(contentType);
  return match?.[1];
}

function charsetFromXmlDeclaration(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 512).toString('latin1');
  const decl = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return decl?.[1];
}

/** Lower-cases a charset name, maps it to the superset decoders use, and drops what iconv cannot decode. */
export function normalizeCharset(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.trim().toLowerCase();
  const mapped = SUPERSETS[lower] ?? lower;
  return iconv.encodingExists(mapped) ? mapped : undefined;
}

function decode(bytes: Buffer, encoding: string): string {
  if (encoding === 'utf-8') return bytes.toString('utf8');
  // iconv-lite turns Windows-1252's five undefined bytes into U+FFFD; Latin-1 plus the C1 map keeps every byte.
  if (encoding === 'windows-1252') return fixC1Controls(bytes.toString('latin1'));
  return iconv.decode(bytes, encoding, { stripBOM: true });
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function isAscii(bytes: Buffer): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Buffer): boolean {
  try {
    utf8Decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
