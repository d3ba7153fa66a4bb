import Parser from 'rss-parser';
import type { FeedItem } from '../../model/item.js';
import { htmlToText, toSingleLine, truncateWords } from '../../text/html-to-text.js';
import { parseFeedDate } from './feed-date.js';
import { repairXml } from './repair-xml.js';

export interface ParsedFeed {
  title?: string;
  link?: string;
  items: FeedItem[];
  /** True when the XML was ill-formed and read only after repair. */
  repaired: boolean;
}

export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

type RawItem = Record<string, unknown>;

/**
 * Parses decoded feed text (RSS 0.9x/1.0/2.0, Atom) into normalized items. Strict XML first;
 * if that fails, once more after repair; then a FeedParseError that says what is wrong.
 * `baseUrl` resolves relative links (the URL the feed was fetched from).
 */
export async function parseFeed(xml: string, baseUrl?: string): Promise<ParsedFeed> {
  xml = unprefixRssRoot(xml);
  if (!/<(rss|feed|rdf:RDF|channel)\b/i.test(xml.slice(0, 65_536))) {
    const looksHtml = /<html\b|<!doctype html/i.test(xml.slice(0, 4096));
    throw new FeedParseError(looksHtml ? 'the URL returned an HTML page, not a feed (find the page\'s RSS or Atom link)' : 'the body is not an RSS or Atom feed');
  }
  // Strict XML first, so that a well-formed feed is read exactly as written; then the repairs.
  const attempts = [xml, addMissingChannel(xml)];
  attempts.push(addMissingChannel(repairXml(xml)));
  let raw: Parser.Output<RawItem> | undefined;
  let firstError: unknown;
  let repaired = false;
  for (const [index, candidate] of attempts.entries()) {
    if (index > 0 && candidate === attempts[index - 1]) continue;
    try {
      raw = await parseOnce(candidate);
      repaired = index === attempts.length - 1;
      break;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (!raw) throw new FeedParseError(`unparseable feed: ${describeXmlError(firstError)}`, { cause: firstError });
  const feedLink = safeLink(asText(raw.link), baseUrl);
  const base = baseUrl ?? feedLink;
  const items = (raw.items ?? []).map((item) => normalizeItem(item as RawItem, base));
  return { title: toSingleLine(asText(raw.title) ?? '') || undefined, link: feedLink, items, repaired };
}

/** `<r:rss xmlns:r="…">`: RSS elements under a namespace prefix. Drop the prefix so rss-parser sees plain RSS. */
function unprefixRssRoot(xml: string): string {
  const prefix = /<([A-Za-z_][\w.-]*):rss\b/.exec(xml.slice(0, 4096))?.[1];
  if (!prefix || prefix === 'rdf') return xml;
  return xml.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
}

/** RSS documents without a <channel> (empty ones, or items right under <rss>) are valid enough to read. */
function addMissingChannel(xml: string): string {
  if (/<channel\b/i.test(xml)) return xml;
  if (/<rdf:RDF\b/.test(xml)) return xml.replace(/(<rdf:RDF\b[^>]*>)/, '$1<channel></channel>');
  return xml.replace(/(<rss\b[^>]*>)/i, '$1<channel>').replace(/(<\/rss\s*>)(?![\s\S]*<\/rss\s*>)/i, '</channel>$1');
}

async function parseOnce(xml: string): Promise<Parser.Output<RawItem>> {
  // A fresh parser per document: xml2js keeps state between parses, and an error can poison it.
  const parser = new Parser<RawItem, RawItem>({ defaultRSS: 2, xml2js: { strict: true } });
  try {
    return await parser.parseString(xml);
  } catch (error) {
    throw error instanceof Error ? error : new Error(String(error));
  }
}

function normalizeItem(item: RawItem, base: string | undefined): FeedItem {
  const html = asText(item['content:encoded']) ?? asText(item.content) ?? asText(item.summary) ?? asText(item.description) ?? '';
  const text = htmlToText(html);
  const givenTitle = toSingleLine(asText(item.title) ?? '');
  const title = givenTitle || truncateWords(text.replace(/\s+/g, ' '), 100) || '(untitled)';
  const guid = (asText(item.guid) ?? asText(item.id) ?? asText(item['rdf:about']))?.trim() || undefined;
  const link = safeLink(asText(item.link), base) ?? (guid && /^https?:\/\//i.test(guid) ? safeLink(guid, base) : undefined);
  const author = toSingleLine(asText(item.creator) ?? asText(item.author) ?? '') || undefined;
  const categories = (Array.isArray(item.categories) ? item.categories : [])
    .map((c) => toSingleLine(asText(c) ?? ''))
    .filter((c) => c.length > 0);
  return {
    guid,
    link,
    title,
    titleFromText: !givenTitle,
    published: parseFeedDate(asText(item.pubDate) ?? asText(item.date) ?? asText(item.isoDate)),
    text,
    html,
    author,
    categories,
  };
}

/** rss-parser passes through xml2js nodes where an element had attributes or children: flatten to text. */
function asText(value: unknown, depth = 0): string | undefined {
  if (value === undefined || value === null || depth > 8) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => asText(v, depth + 1) ?? '').join(' ').trim() || undefined;
  if (typeof value === 'object') {
    const node = value as Record<string, unknown>;
    const children = Object.keys(node).filter((key) => key !== '$' && key !== '_');
    if (typeof node._ === 'string' && children.length === 0) return node._;
    if (node.$ && typeof node.$ === 'object' && typeof (node.$ as Record<string, unknown>).href === 'string') {
      return (node.$ as Record<string, string>).href;
    }
    // Inline XHTML (Atom type="xhtml"): xml2js splits text from child elements; keep all of it.
    const parts = [typeof node._ === 'string' ? node._ : '', ...children.map((key) => asText(node[key], depth + 1) ?? '')];
    return parts.join(' ').trim() || undefined;
  }
  return undefined;
}

/** An absolute http(s) URL, resolved against the base; anything else (javascript:, data:) is dropped. */
function safeLink(value: string | undefined, base: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base && /^https?:/i.test(base) ? base : undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function describeXmlError(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (/not recognized as RSS/i.test(message)) message = 'the document is XML but neither RSS nor Atom (an unsupported format such as CDF)';
  return message.replace(/\s+/g, ' ').trim().slice(0, 200);
}
