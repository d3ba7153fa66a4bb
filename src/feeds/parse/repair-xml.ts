import { decodeHTML } from 'entities';

/**
 * Second chance for XML that a strict parser refuses, fixing what real feeds get wrong most
 * often: HTML entities XML does not know (&nbsp;), bare ampersands, control characters that
 * XML forbids, and a DOCTYPE. Used only after the strict parse failed, so a well-formed feed
 * is never altered.
 */
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function repairXml(xml: string): string {
  const fixed = xml
    .replace(INVALID_XML_CHARS, '')
    .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '')
    .replace(/&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);?/gi, (whole: string, name: string) => {
      if (name.startsWith('#')) return whole.endsWith(';') ? whole : `${whole};`;
      if (XML_ENTITIES.has(name) && whole.endsWith(';')) return whole;
      const decoded = decodeHTML(`&${name};`);
      if (decoded !== `&${name};`) return `&#${decoded.codePointAt(0)};`;
      return `&amp;${name}${whole.endsWith(';') ? ';' : ''}`;
    })
    .replace(/&(?![#a-z0-9]+;)/gi, '&amp;');
  return closeTruncated(fixed);
}

/**
 * A body cut off mid-way (a dropped connection, a full disk at the publisher) still holds
 * whole items: drop the partial tag at the end and close whatever is left open.
 */
function closeTruncated(xml: string): string {
  let text = xml.replace(/\s+$/, '');
  const openCdata = text.lastIndexOf('<![CDATA[');
  if (openCdata > text.lastIndexOf(']]>')) text += ']]>';
  // A final tag missing its '>' ("</rss"), or a partial tag at the very end.
  text = text.replace(/<\/([A-Za-z_][\w:.-]*)$/, '</$1>').replace(/<[^>]*$/, '');
  const stack: string[] = [];
  const scan = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g;
  for (let m = scan.exec(text); m; m = scan.exec(text)) {
    const [, closing, name, selfClosing] = m;
    if (!name || selfClosing) continue;
    if (!closing) stack.push(name);
    else {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
    }
  }
  return text + stack.reverse().map((name) => `</${name}>`).join('');
}
