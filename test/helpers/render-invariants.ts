/**
 * What must hold for any rendered alert, whatever the feed put in it, checked on the payloads
 * as the platforms receive them. Each check returns a list of problems (empty when all holds)
 * so that a failing test names every broken rule at once.
 */

/** What the alert was made from: only these links may be clickable. */
export interface RenderExpectation {
  /** The item's link as the feed gave it (clickable only if http/https). */
  link?: string | null;
  /** Links of other feeds' items the alert names ("also reported by"). */
  otherLinks?: Array<string | null>;
  /** The item's title: its first words must still be visible. */
  title?: string;
  /** The item's summary: on Slack it goes as plain_text, raw. */
  summary?: string;
}

const href = (url: string | null | undefined): string | undefined => {
  try {
    const parsed = new URL(String(url).trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};
// A renderer may percent-encode characters that would end a markdown link target.
const canonical = (url: string) => url.replace(/%28/gi, '(').replace(/%29/gi, ')').replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%7C/gi, '|');
const allowedLinks = (e: RenderExpectation) => new Set([e.link, ...(e.otherLinks ?? [])].map(href).filter((u): u is string => Boolean(u)).map(canonical));
const isAllowed = (url: string, e: RenderExpectation) => allowedLinks(e).has(canonical(href(url) ?? '\0'));

/** Letters and digits only, compatibility-folded (full-width look-alikes count as what they stand for). */
const words = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
// Anything a client could turn into a link: scheme://… (javascript: and data: have no //, but neither platform links them bare).
const BARE_URL = /[a-z0-9+.-]:\/\//i;
const MASS_MENTION = /@(everyone|here)/i;

function titleProblem(visible: string, e: RenderExpectation): string[] {
  const wanted = words(e.title ?? '').slice(0, 30);
  if (!e.title?.trim()) return [];
  if (!wanted) return visible.trim() ? [] : ['the title was rendered as nothing'];
  return words(visible).includes(wanted) ? [] : [`the title's words are not visible: ${JSON.stringify(wanted)}`];
}

// ---------------------------------------------------------------- Discord

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string; url?: string };
  [key: string]: unknown;
}

const DISCORD_TOKEN = /<(@[!&]?|#|\/|a?:|t:|id:|sound:)/;
const EMBED_KEYS = new Set(['title', 'description', 'url', 'timestamp', 'color', 'footer', 'fields']);

/**
 * Walks Discord markdown as the client parses it: a backslash escapes the next character; the
 * only markup allowed unescaped is ours: <t:…> timestamps and [label](url) links to allowed URLs.
 * Returns problems and the text a reader sees.
 */
function scanDiscordMarkdown(text: string, where: string, e: RenderExpectation): { problems: string[]; visible: string } {
  const problems: string[] = [];
  let visible = '';
  let outside = '';
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i);
    const c = text[i]!;
    const lineStart = i === 0 || text[i - 1] === '\n';
    if (lineStart && /^[ \t]*([-+]|\d+\.)[ \t]/.test(rest)) problems.push(`${where}: a line starts as a list: ${JSON.stringify(rest.slice(0, 20))}`);
    if (c === '\\') {
      visible += text[i + 1] ?? '';
      i += 2;
      continue;
    }
    const stamp = /^<t:-?\d+(:[tTdDfFR])?>/.exec(rest);
    if (stamp) {
      i += stamp[0].length;
      continue;
    }
    const link = /^\[((?:\\.|[^\]\\])*)\]\(([^()\s]*)\)/.exec(rest);
    if (link) {
      if (!isAllowed(link[2]!, e)) problems.push(`${where}: a link to ${link[2]} that is not the item's`);
      const label = scanDiscordMarkdown(link[1]!, `${where} link label`, e);
      problems.push(...label.problems);
      visible += label.visible;
      i += link[0].length;
      continue;
    }
    if ('*_~`|>#[]<'.includes(c)) problems.push(`${where}: unescaped ${c} in ${JSON.stringify(text.slice(Math.max(0, i - 15), i + 15))}`);
    visible += c;
    outside += c;
    i += 1;
  }
  if (BARE_URL.test(outside)) problems.push(`${where}: a bare URL a client would link: ${JSON.stringify(BARE_URL.exec(outside)?.[0])}`);
  return { problems, visible: visible.replace(/\u200b/g, '') };
}

/** Mention syntax that Discord would show as a mention (not a ping: allowed_mentions sees to that). */
function discordMentionProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  if (MASS_MENTION.test(text)) problems.push(`${where}: a mass mention ${JSON.stringify(MASS_MENTION.exec(text)?.[0])}`);
  const unescaped = text.replace(/\\./g, '');
  const token = DISCORD_TOKEN.exec(unescaped.replace(/<t:-?\d+(:[tTdDfFR])?>/g, ''));
  if (token) problems.push(`${where}: mention or command syntax ${JSON.stringify(token[0])}`);
  return problems;
}

/**
 * Problems with a message body for Discord's create-message endpoint. `wire`: the body as POSTed,
 * which must carry allowed_mentions; a renderer's body gets them from DiscordPlatform.post().
 */
export function discordProblems(body: Record<string, unknown>, e: RenderExpectation, options: { wire: boolean } = { wire: true }): string[] {
  const problems: string[] = [];
  const mentions = body.allowed_mentions as { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } | undefined;
  if (!options.wire && mentions === undefined) {
    // nothing to check yet: post() adds them
  } else if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length > 0 || mentions.users?.length || mentions.roles?.length) {
    problems.push(`allowed_mentions is ${JSON.stringify(mentions)}, not { parse: [] }`);
  }
  const embeds = (body.embeds ?? []) as Embed[];
  if (embeds.length !== 1) problems.push(`${embeds.length} embeds`);
  const markdown: Array<[string, string]> = typeof body.content === 'string' ? [['content', body.content]] : [];
  const plain: Array<[string, string]> = [];
  let total = 0;
  let visibleTitle = '';
  for (const embed of embeds) {
    for (const key of Object.keys(embed)) if (!EMBED_KEYS.has(key)) problems.push(`embed has an unexpected ${key}`);
    if (embed.url !== undefined && !isAllowed(embed.url, e)) problems.push(`embed url ${embed.url} is not the item's http(s) link`);
    if (embed.url === undefined && href(e.link)) problems.push('the item has an http(s) link but the embed has none');
    if (embed.title !== undefined) markdown.push(['title', embed.title]);
    if (embed.description !== undefined) markdown.push(['description', embed.description]);
    for (const [n, field] of (embed.fields ?? []).entries()) markdown.push([`field ${n} name`, field.name], [`field ${n} value`, field.value]);
    if (embed.footer) plain.push(['footer', embed.footer.text]);
    if (embed.author) plain.push(['author', embed.author.name]);
    const limits: Array<[string, string | undefined, number]> = [['title', embed.title, 256], ['description', embed.description, 4096], ['footer', embed.footer?.text, 2048]];
    for (const field of embed.fields ?? []) limits.push(['field name', field.name, 256], ['field value', field.value, 1024]);
    for (const [name, text, max] of limits) if (text !== undefined && (text.length > max || text.length === 0)) problems.push(`${name} is ${text.length} characters (1..${max})`);
    if ((embed.fields?.length ?? 0) > 25) problems.push(`${embed.fields?.length} fields`);
    total += [embed.title, embed.description, embed.footer?.text, embed.author?.name, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])].reduce((sum, t) => sum + (t?.length ?? 0), 0);
  }
  if (total > 6000) problems.push(`the embed text totals ${total} characters (Discord allows 6000)`);
  for (const [where, text] of markdown) {
    problems.push(...discordMentionProblems(text, where));
    const scanned = scanDiscordMarkdown(text, where, e);
    problems.push(...scanned.problems);
    if (where === 'title') visibleTitle = scanned.visible;
  }
  // Footers and author names are shown as typed (no markdown, no mentions, no links): only mention syntax is checked.
  for (const [where, text] of plain) problems.push(...discordMentionProblems(text.replace(/\\/g, ''), where));
  problems.push(...titleProblem(visibleTitle, e));
  return problems;
}

// ---------------------------------------------------------------- Slack

interface TextObject {
  type: string;
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

const SLACK_DATE = /^<!date\^\d+\^[^|<>]*\|[^<>]*>$/;
const SLACK_LINK = /^<(https?:\/\/[^|<>\s]+)(?:\|([^<>]*))?>$/;

/** Slack mrkdwn: the only <…> allowed are our date and the item's link; the rest is escaped, neutral feed text. */
function mrkdwnProblems(text: string, where: string, e: RenderExpectation): { problems: string[]; visible: string } {
  const problems: string[] = [];
  const labels: string[] = [];
  const outside = text.replace(/<[^<>]*>/g, (token) => {
    if (SLACK_DATE.test(token)) return ' ';
    const link = SLACK_LINK.exec(token);
    if (link && isAllowed(link[1]!, e)) {
      labels.push(link[2] ?? '');
      return ' ';
    }
    problems.push(`${where}: Slack markup ${JSON.stringify(token.slice(0, 60))}`);
    return ' ';
  });
  // Our bold around an unlinked title is template; anything inside must be neutral.
  const body = /^\*[^*]*\*$/.test(outside.trim()) ? outside.trim().slice(1, -1) : outside;
  for (const part of [body, ...labels]) {
    if (/[<>]/.test(part)) problems.push(`${where}: an unescaped < or >`);
    if (/&(?!(amp|lt|gt);)/.test(part)) problems.push(`${where}: an unescaped &`);
    const mark = /[*_~`]/.exec(part);
    if (mark) problems.push(`${where}: formatting character ${mark[0]} in ${JSON.stringify(part.slice(Math.max(0, mark.index - 15), mark.index + 15))}`);
    if (/(^|\n)[ \t]*&gt;/.test(part)) problems.push(`${where}: a line starts a quote`);
    if (BARE_URL.test(part)) problems.push(`${where}: a bare URL Slack would link: ${JSON.stringify(BARE_URL.exec(part)?.[0])}`);
  }
  const visible = [body, ...labels].join(' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return { problems, visible };
}

/** Problems with a chat.postMessage payload (text and blocks) as Slack receives it. */
export function slackProblems(message: { text: string; blocks: unknown }, e: RenderExpectation): string[] {
  const problems: string[] = [];
  const blocks = message.blocks as Array<{ type: string; text?: TextObject; elements?: TextObject[]; fields?: TextObject[] }>;
  if (message.text.length > 40_000) problems.push(`text is ${message.text.length} characters (Slack truncates past 40,000)`);
  if (!Array.isArray(blocks) || blocks.length > 50) return [...problems, `${Array.isArray(blocks) ? blocks.length : 'no'} blocks`];
  problems.push(...mrkdwnProblems(message.text, 'text', e).problems);
  let visible = '';
  let plainWords = '';
  for (const [n, block] of blocks.entries()) {
    const texts = [block.text, ...(block.elements ?? []), ...(block.fields ?? [])].filter((t): t is TextObject => Boolean(t));
    if (block.type === 'header' && (block.text?.type !== 'plain_text' || block.text.text.length > 150)) problems.push(`block ${n}: a header over 150 characters or not plain_text`);
    if (block.type === 'context' && (block.elements?.length ?? 0) > 10) problems.push(`block ${n}: ${block.elements?.length} context elements`);
    if (!['section', 'context', 'header', 'divider'].includes(block.type)) problems.push(`block ${n}: unexpected ${block.type} block`);
    for (const t of texts) {
      if (t.text.length > 3000 || t.text.length === 0) problems.push(`block ${n}: a ${t.type} text of ${t.text.length} characters (1..3000)`);
      if (t.type === 'mrkdwn') {
        // verbatim: Slack would otherwise link bare URLs and #channel names in the text itself.
        if (t.verbatim !== true) problems.push(`block ${n}: mrkdwn without verbatim: true`);
        const checked = mrkdwnProblems(t.text, `block ${n}`, e);
        problems.push(...checked.problems);
        visible += ` ${checked.visible}`;
      } else if (t.type === 'plain_text') {
        // Slack shows plain_text as typed, so it carries raw text: escaping there would show "&amp;" to readers.
        if (t.emoji !== false) problems.push(`block ${n}: plain_text that turns :codes: into emoji`);
        if (/&(amp|lt|gt);/.test(t.text) && !/&(amp|lt|gt);/.test(`${e.summary} ${e.title}`)) problems.push(`block ${n}: plain_text carries HTML-escaped text`);
        visible += ` ${t.text}`;
        plainWords += words(t.text);
      } else problems.push(`block ${n}: unknown text type ${t.type}`);
    }
  }
  const summary = words(e.summary ?? '').slice(0, 30);
  if (summary && !plainWords.includes(summary)) problems.push(`the summary is not in a plain_text element as written: ${JSON.stringify(summary)}`);
  problems.push(...titleProblem(visible, e));
  return problems;
}
