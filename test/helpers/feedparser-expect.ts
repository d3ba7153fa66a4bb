import iconv from 'iconv-lite';

/**
 * Reads the metadata comment that opens each test file of Python's feedparser and interprets the
 * small part of its `Expect:` expression that ict-radar can check. An expression is read only if
 * every clause is understood; anything else (ord(), len(), isinstance, other fields, other
 * indexes, `or`, parentheses, arithmetic) makes the whole file unsupported (`undefined`), so a
 * check is never half-read.
 */

/** The fields a check can be about, in feedparser's terms. */
export type ExpectField =
  | 'encoding'
  | 'feed.title'
  | 'entries[0].title'
  | 'entries[0].description'
  | 'entries[0].summary'
  | 'entries[0].link';

/** `encoding`: the charset feedparser chose; `text`: a title or body; `link`: an entry's link. */
export type ExpectKind = 'encoding' | 'text' | 'link';

export interface ExpectCheck {
  field: ExpectField;
  /** The value feedparser is expected to produce, with Python escapes resolved. */
  expected: string;
  kind: ExpectKind;
}

/** The `Key: value` lines of a feedparser test file's opening comment. */
export interface FeedparserMeta {
  description?: string;
  expect?: string;
  /** The value of a `Header: Content-type: ...` line. */
  contentType?: string;
  /** Every `Header:` line, by lower-cased header name. */
  headers: Record<string, string>;
}

const ENTRY_FIELDS = new Set(['title', 'description', 'summary', 'link']);

type Token =
  | { type: 'name'; value: string }
  | { type: 'string'; value: string }
  | { type: 'number'; value: string }
  | { type: 'op'; value: string };

/**
 * Interprets an Expect expression. Returns the checks (possibly none, for `not bozo`), or
 * `undefined` when any part of it is outside the supported subset.
 */
export function interpretExpect(expression: string): ExpectCheck[] | undefined {
  const tokens = tokenize(expression.trim());
  if (!tokens || tokens.length === 0) return undefined;
  const clauses: Token[][] = [[]];
  for (const token of tokens) {
    if (token.type === 'name' && token.value === 'and') clauses.push([]);
    else clauses[clauses.length - 1]!.push(token);
  }
  const checks: ExpectCheck[] = [];
  for (const clause of clauses) {
    const result = interpretClause(clause);
    if (result === undefined) return undefined;
    if (result !== null) checks.push(result);
  }
  return checks;
}

/** One clause: `bozo`, `not bozo` (null: nothing to check), or `<field> == <string>`. */
function interpretClause(clause: Token[]): ExpectCheck | null | undefined {
  const words = clause.map((t) => `${t.type}:${t.value}`).join(' ');
  if (words === 'name:bozo' || words === 'name:not name:bozo') return null;
  const eq = clause.findIndex((t) => t.type === 'op' && t.value === '==');
  if (eq < 0) return undefined;
  const right = clause.slice(eq + 1);
  if (right.length !== 1 || right[0]!.type !== 'string') return undefined;
  const field = fieldOf(clause.slice(0, eq));
  if (!field) return undefined;
  const kind: ExpectKind = field === 'encoding' ? 'encoding' : field === 'entries[0].link' ? 'link' : 'text';
  return { field, expected: right[0]!.value, kind };
}

/** `encoding`, `feed['title']`, `feed.title`, `entries[0]['x']`, `entries[0].x`; else undefined. */
function fieldOf(left: Token[]): ExpectField | undefined {
  const [head, ...rest] = left;
  if (head?.type !== 'name') return undefined;
  if (head.value === 'encoding') return rest.length === 0 ? 'encoding' : undefined;
  if (head.value === 'feed') return keyOf(rest) === 'title' ? 'feed.title' : undefined;
  if (head.value !== 'entries') return undefined;
  const [open, index, close, ...access] = rest;
  if (open?.value !== '[' || index?.type !== 'number' || index.value !== '0' || close?.value !== ']') return undefined;
  const key = keyOf(access);
  return key && ENTRY_FIELDS.has(key) ? (`entries[0].${key}` as ExpectField) : undefined;
}

/** Exactly one key access: `['key']` or `.key`. */
function keyOf(tokens: Token[]): string | undefined {
  const [a, b, c] = tokens;
  if (tokens.length === 2 && a?.type === 'op' && a.value === '.' && b?.type === 'name') return b.value;
  if (tokens.length === 3 && a?.value === '[' && b?.type === 'string' && c?.value === ']') return b.value;
  return undefined;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const STRING_START = /^([rRuU]|[uU][rR]|[rR][uU])?("""|'''|"|')/;

/** Splits a Python expression into tokens; undefined for anything it cannot read. */
function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  let rest = source;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const start = STRING_START.exec(rest);
    if (start) {
      const literal = readStringLiteral(rest);
      if (!literal) return undefined;
      tokens.push({ type: 'string', value: literal.value });
      rest = rest.slice(literal.length);
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ type: 'name', value: name[0] });
      rest = rest.slice(name[0].length);
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: number[0] });
      rest = rest.slice(number[0].length);
      continue;
    }
    const op = /^(==|!=|<=|>=|[-+*/%<>()[\]{},.:])/.exec(rest);
    if (!op) return undefined;
    tokens.push({ type: 'op', value: op[0] });
    rest = rest.slice(op[0].length);
  }
  return tokens;
}

/**
 * Reads one Python string literal at the start of `source` ('...', "...", '''...''', """...""",
 * with an optional u/r prefix) and resolves its escapes. Returns the value and how many
 * characters the literal spans, or undefined when it is not a complete literal.
 */
export function readStringLiteral(source: string): { value: string; length: number } | undefined {
  const start = STRING_START.exec(source);
  if (!start) return undefined;
  const prefix = start[1] ?? '';
  const quote = start[2]!;
  const raw = /r/i.test(prefix);
  let value = '';
  let i = start[0].length;
  while (i < source.length) {
    if (source.startsWith(quote, i)) return { value, length: i + quote.length };
    const ch = source[i]!;
    if (quote.length === 1 && ch === '\n') return undefined;
    if (ch !== '\\') {
      value += ch;
      i += 1;
      continue;
    }
    const escape = raw ? undefined : readEscape(source, i);
    if (escape === 'invalid') return undefined;
    if (escape) {
      value += escape.value;
      i += escape.length;
    } else {
      // An unknown escape keeps its backslash (as in Python); a raw string keeps every escape as
      // written, but its backslash still stops a quote from closing the literal.
      value += source.slice(i, i + 2);
      i += 2;
    }
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/**
 * The escape at `source[at]` (a backslash): its value and length; undefined for one Python keeps
 * as written (`\d`); 'invalid' for one Python rejects (`\u12`) or we do not resolve (`\N{...}`).
 */
function readEscape(source: string, at: number): { value: string; length: number } | 'invalid' | undefined {
  const next = source[at + 1];
  if (next === undefined) return 'invalid';
  if (next === 'N') return 'invalid';
  const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const hex = source.slice(at + 2, at + 2 + hexLength);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) return 'invalid';
    const codePoint = Number.parseInt(hex, 16);
    if (codePoint > 0x10ffff) return 'invalid';
    return { value: String.fromCodePoint(codePoint), length: 2 + hexLength };
  }
  const octal = /^[0-7]{1,3}/.exec(source.slice(at + 1, at + 4));
  if (octal) return { value: String.fromCodePoint(Number.parseInt(octal[0], 8)), length: 1 + octal[0].length };
  const simple = SIMPLE_ESCAPES[next];
  return simple === undefined ? undefined : { value: simple, length: 2 };
}

/**
 * The metadata of a corpus file, read from its raw bytes. The comment is ASCII, so the bytes are
 * read as Latin-1 unless a byte-order mark or the zero bytes of `<?` say UTF-16 or UTF-32; this
 * is deliberately independent of the decoder under test.
 */
export function readFeedparserMeta(bytes: Buffer): FeedparserMeta {
  const text = iconv.decode(bytes.subarray(0, 16_384), sniffWideEncoding(bytes) ?? 'latin1');
  const comment = /<!--([\s\S]*?)-->/.exec(text)?.[1] ?? '';
  const meta: FeedparserMeta = { headers: {} };
  for (const line of comment.split(/\r?\n|\r/)) {
    const match = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    if (key === 'Description') meta.description ??= value;
    else if (key === 'Expect') meta.expect ??= value;
    else if (key === 'Header') {
      const header = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(value);
      if (!header) continue;
      const name = header[1]!.toLowerCase();
      meta.headers[name] = header[2]!;
      if (name === 'content-type') meta.contentType = header[2]!;
    }
  }
  return meta;
}

function sniffWideEncoding(bytes: Buffer): string | undefined {
  const b = [...bytes.subarray(0, 4)];
  const is = (...expected: number[]) => expected.every((v, i) => b[i] === v);
  if (is(0x00, 0x00, 0xfe, 0xff) || is(0x00, 0x00, 0x00, 0x3c)) return 'utf-32be';
  if (is(0xff, 0xfe, 0x00, 0x00) || is(0x3c, 0x00, 0x00, 0x00)) return 'utf-32le';
  if (is(0xfe, 0xff) || is(0x00, 0x3c)) return 'utf-16be';
  if (is(0xff, 0xfe) || is(0x3c, 0x00)) return 'utf-16le';
  return undefined;
}

/** Canonical charset names, with the aliases feedparser and ict-radar spell differently made equal. */
export function sameEncoding(a: string, b: string): boolean {
  return canonicalEncoding(a) === canonicalEncoding(b);
}

const ENCODING_ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  cp1252: 'windows-1252',
  // ict-radar decodes a declared US-ASCII as its superset windows-1252, as browsers do.
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'utf-16le': 'utf-16',
  'utf-16be': 'utf-16',
  'utf-32le': 'utf-32',
  'utf-32be': 'utf-32',
  utf8: 'utf-8',
  'euc-kr': 'cp949',
};

export function canonicalEncoding(name: string): string {
  const lower = name.trim().toLowerCase().replace(/_/g, '-');
  return ENCODING_ALIASES[lower] ?? lower;
}
