import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import {
  interpretExpect,
  readFeedparserMeta,
  readStringLiteral,
  sameEncoding,
  type ExpectCheck,
} from '../helpers/feedparser-expect.js';

const title = (expected: string): ExpectCheck => ({ field: 'feed.title', expected, kind: 'text' });
const entry = (key: 'title' | 'description' | 'summary', expected: string): ExpectCheck => ({
  field: `entries[0].${key}`,
  expected,
  kind: 'text',
});

describe('interpretExpect: the supported subset of feedparser Expect lines', () => {
  const supported: Array<[string, string, ExpectCheck[]]> = [
    ['bozo alone, as nothing to check', 'bozo', []],
    ['not bozo alone, as nothing to check', 'not bozo', []],
    ['\\uXXXX escapes', "not bozo and feed['title'] == '\\ub144'", [title('\ub144')]],
    ['\\xXX escapes mixed with \\u', "not bozo and entries[0]['description'] == 'This is a \\xa3\\u201ctest.\\u201d'", [entry('description', 'This is a £“test.”')]],
    ['\\n, \\t, \\\\, \\\' and \\" escapes', "feed['title'] == 'a\\nb\\tc\\\\d\\'e\\\"f'", [title('a\nb\tc\\d\'e"f')]],
    ['\\U00XXXXXX escapes beyond the BMP', "feed['title'] == '\\U0001F600'", [title('😀')]],
    ['octal escapes', "feed['title'] == 'a\\101\\0'", [title('aA\0')]],
    ['an unknown escape, keeping its backslash as Python does', "feed['title'] == 'a\\db'", [title('a\\db')]],
    ['double quotes, with a single quote inside', 'not bozo and feed[\'title\'] == "Mark\'s title"', [title("Mark's title")]],
    ['triple double quotes holding both quote kinds', 'not bozo and entries[0][\'description\'] == """&lt;!\' <a href="foo">"""', [entry('description', '&lt;!\' <a href="foo">')]],
    ["triple single quotes holding single quotes", "entries[0]['description'] == '''<span style=\"font-family: 'Lucida Console';\">x</span>'''", [entry('description', '<span style="font-family: \'Lucida Console\';">x</span>')]],
    ["a u'' prefix", "entries[0]['summary'] == u'caf\\xe9'", [entry('summary', 'café')]],
    ["an r'' prefix, keeping escapes as written", "feed['title'] == r'a\\nb'", [title('a\\nb')]],
    ['attribute access: feed.title and entries[0].summary', "feed.title == 'T' and entries[0].summary == 'S'", [title('T'), entry('summary', 'S')]],
    ['an entry link', "entries[0].link == 'http://link/get?a=1&b=2'", [{ field: 'entries[0].link', expected: 'http://link/get?a=1&b=2', kind: 'link' }]],
    ['the charset', "not bozo and encoding == 'utf-16be'", [{ field: 'encoding', expected: 'utf-16be', kind: 'encoding' }]],
    ["' and ' inside a string without splitting the clause there", "feed['title'] == 'Tom and Jerry'", [title('Tom and Jerry')]],
    ['several clauses in order', "not bozo and entries[0]['title'] == 'a' and entries[0]['description'] == 'b'", [entry('title', 'a'), entry('description', 'b')]],
    ['an empty string', "entries[0]['title'] == ''", [entry('title', '')]],
  ];

  it.each(supported)('reads %s', (_name, expression, checks) => {
    expect(interpretExpect(expression)).toEqual(checks);
  });

  const unsupported: Array<[string, string]> = [
    ['a literal truth value', '1'],
    ['ord()', "bozo and ord(entries[0]['description']) == 8230"],
    ['isinstance()', 'bozo and isinstance(bozo_exception, feedparser.CharacterEncodingOverride)'],
    ['len()', "not bozo and len(feed['tags']) == 1"],
    ['another feed field', "not bozo and feed['link'] == 'http://example.com/'"],
    ['another entry field', "not bozo and entries[0]['author'] == 'Example'"],
    ['another entry index', "not bozo and entries[1]['title'] == 'Second'"],
    ['a nested key', "not bozo and entries[0]['title_detail']['type'] == 'text/plain'"],
    ['an unknown name', "not bozo and version == 'rss20'"],
    ['one unsupported clause among supported ones', "not bozo and feed['title'] == 'x' and version == 'rss20'"],
    ['or', "not bozo and feed['title'] == 'a' or feed['title'] == \"it's correct\""],
    ['parentheses', "not bozo and (entries[0]['title'] == 'a')"],
    ['string concatenation', "not bozo and entries[0]['description'] == 'a' + 'b'"],
    ['a chained comparison', "entries[0]['title'] == entries[1]['title'] == 'x'"],
    ['a non-string value', "not bozo and feed['title'] == None"],
    ['a tuple value', "not bozo and entries[0]['updated_parsed'] == (2003, 12, 31, 10, 14, 55, 2, 365, 0)"],
    ['is / not in', "not bozo and feed['title'] is None"],
    ['an unterminated string', "feed['title'] == 'abc"],
    ['a truncated \\u escape (a SyntaxError in Python)', "feed['title'] == '\\u12'"],
    ['a \\N{name} escape', "feed['title'] == '\\N{BULLET}'"],
    ['an empty expression', '   '],
  ];

  it.each(unsupported)('gives up on %s', (_name, expression) => {
    expect(interpretExpect(expression)).toBeUndefined();
  });
});

describe('readStringLiteral', () => {
  it('reports how many characters the literal spans, so the rest can be read on', () => {
    expect(readStringLiteral("'a\\'b' and x")).toEqual({ value: "a'b", length: 6 });
    expect(readStringLiteral('"""x"y""" rest')).toEqual({ value: 'x"y', length: 9 });
  });

  it('returns undefined for what is not a literal', () => {
    expect(readStringLiteral('feed')).toBeUndefined();
    expect(readStringLiteral("'line\nbreak'")).toBeUndefined();
  });
});

describe('readFeedparserMeta', () => {
  const comment = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!--',
    "Header:       Content-type: application/atom+xml;charset='gb2312'",
    'Description:  a description',
    "    Expect:   not bozo and feed['title'] == '\\ub144'",
    '-->',
    '<feed/>',
  ].join('\r\n');

  it('reads the Description, Expect and Content-type header lines (CRLF, indentation, extra spaces)', () => {
    expect(readFeedparserMeta(Buffer.from(comment, 'latin1'))).toEqual({
      description: 'a description',
      expect: "not bozo and feed['title'] == '\\ub144'",
      contentType: "application/atom+xml;charset='gb2312'",
      headers: { 'content-type': "application/atom+xml;charset='gb2312'" },
    });
  });

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])('reads the comment of a %s file, with or without a BOM', (encoding) => {
    const bytes = iconv.encode(comment, encoding, { addBOM: false });
    const withBom = iconv.encode(comment, encoding, { addBOM: true });
    expect(readFeedparserMeta(bytes).expect).toBe("not bozo and feed['title'] == '\\ub144'");
    expect(readFeedparserMeta(withBom).contentType).toBe("application/atom+xml;charset='gb2312'");
  });

  it('has no expectation when the file has no comment', () => {
    expect(readFeedparserMeta(Buffer.from('<rss/>'))).toEqual({ headers: {} });
  });
});

describe('sameEncoding', () => {
  it.each([
    ['gb2312', 'gb18030', true],
    ['ISO-8859-1', 'windows-1252', true],
    ['us-ascii', 'windows-1252', true],
    ['utf-16le', 'utf-16', true],
    ['utf-16be', 'UTF-16LE', true],
    ['utf_8', 'utf-8', true],
    ['utf-8', 'windows-1252', false],
    ['big5', 'gb18030', false],
  ])('%s ≈ %s: %s', (a, b, same) => {
    expect(sameEncoding(a, b)).toBe(same);
  });
});
