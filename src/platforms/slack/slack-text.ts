import { breakLinks, cleanChatText, fitEscaped } from '../../text/chat-text.js';

/**
 * Slack's text rules: &, < and > are the only characters to escape, and escaping them is what
 * keeps `<!channel>`, `<@U123>` and `<https://evil|click>` from a feed as visible text rather
 * than a ping or a link (https://api.slack.com/reference/surfaces/formatting#escaping).
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const FULL_WIDTH: Record<string, string> = { '*': '＊', _: '＿', '~': '～', '`': '｀' };

/**
 * Feed text inside mrkdwn (a link label): escaped, and with Slack's formatting characters
 * swapped for look-alikes, since mrkdwn has no escape for them and a feed must not add bold,
 * italics, strikes or code of its own.
 */
export function neutralizeMrkdwn(text: string): string {
  return escapeSlack(text).replace(/[*_~`]/g, (c) => FULL_WIDTH[c] ?? c);
}

/**
 * Feed text for one line of mrkdwn (a link label, a title, a name), at most `max` characters:
 * cleaned of invisible characters, folded to one line (a line break would let "&gt;" start a
 * quote), its URLs broken for the autolinker, then neutralized; cut before escaping, so that a
 * cut never leaves half an entity.
 */
export function inlineMrkdwn(text: string, max = Infinity): string {
  return fitEscaped(cleanChatText(text).replace(/\s+/g, ' ').trim(), max, (line) => neutralizeMrkdwn(breakLinks(line)));
}

/**
 * The chat core's markup (**bold**, `code`, [title](url), backslash escapes) as Slack mrkdwn.
 * Text parts are escaped; only links the core wrote (http/https) become Slack links.
 */
export function toMrkdwn(markup: string): string {
  let out = '';
  let i = 0;
  while (i < markup.length) {
    const rest = markup.slice(i);
    const link = /^\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^\s)]+)\)/.exec(rest);
    if (link) {
      out += `<${link[2]!.replace(/[<>|]/g, encodeURIComponent)}|${escapeSlack(unescape(link[1]!)).replace(/\|/g, '¦')}>`;
      i += link[0].length;
      continue;
    }
    const bold = /^\*\*((?:\\.|[^*\\])+)\*\*/.exec(rest);
    if (bold) {
      out += `*${escapeSlack(unescape(bold[1]!))}*`;
      i += bold[0].length;
      continue;
    }
    const code = /^(```[\s\S]*?```|`[^`]*`)/.exec(rest);
    if (code) {
      out += escapeSlack(code[0]);
      i += code[0].length;
      continue;
    }
    // Slack has no escape for its formatting characters: a literal one is shown as a look-alike.
    if (rest[0] === '\\' && rest.length > 1) {
      out += neutralizeMrkdwn(rest[1]!);
      i += 2;
      continue;
    }
    out += neutralizeMrkdwn(rest[0]!);
    i += 1;
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
