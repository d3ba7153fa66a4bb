import { CLEAN_RULES, type CleanRule } from './clean-rules.js';

export { CLEAN_RULES, isDatelineOnly, type CleanRule, type CleanRuleKind } from './clean-rules.js';

/**
 * An item body without feed boilerplate: share rows, "Follow us", "Also read", bylines, photo
 * and copyright credits, newsletter prompts, "The post … appeared first on …", and paragraphs
 * repeated further down (feeds that paste an article twice). Input and output are plain text
 * with one paragraph per line. Conservative by design: when a paragraph is not clearly
 * boilerplate it stays, since a lost fact is worse than a stray credit line.
 */
export function cleanText(text: string): string {
  if (!text) return '';
  const kept: string[] = [];
  const seen = new Set<string>();
  // Headline-like paragraphs still to drop under a "Most popular" / "Related" heading.
  let follow = 0;
  for (const raw of text.split('\n')) {
    let paragraph = foldSpaces(raw);
    if (paragraph === '') continue;
    if (follow > 0) {
      if (isHeadlineLike(paragraph)) {
        follow -= 1;
        continue;
      }
      follow = 0;
    }
    // Drop rules see the paragraph as sent ("READ MORE" is a heading with a list under it,
    // not a trailing link) and again once credits are cut out of it.
    let rule = dropRule(paragraph);
    if (!rule) {
      const original = paragraph;
      paragraph = applyStrips(paragraph);
      if (kept.length === 0) paragraph = applyLead(paragraph);
      if (paragraph === '') continue;
      if (paragraph !== original) rule = dropRule(paragraph);
    }
    if (rule) {
      follow = rule.follow ?? 0;
      continue;
    }
    const key = paragraph.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(paragraph);
  }
  return kept.join('\n');
}

const STRIPS = CLEAN_RULES.filter((r) => r.kind === 'strip');
const LEADS = CLEAN_RULES.filter((r) => r.kind === 'lead');
const DROPS = CLEAN_RULES.filter((r) => r.kind === 'line' || r.kind === 'block');
// No drop rule looks at paragraphs longer than this: long paragraphs skip the whole table.
const LONGEST_DROP = Math.max(...DROPS.map((r) => r.maxLength ?? Infinity));

// Runs of spaces or any other white space (tab, no-break space, ideographic space).
const LOOSE_SPACE = /\s\s|[^\S ]/;

function foldSpaces(line: string): string {
  // Most lines have single spaces only: testing first avoids rebuilding every line.
  return (LOOSE_SPACE.test(line) ? line.replace(/\s+/g, ' ') : line).trim();
}

function applyStrips(paragraph: string): string {
  let out = paragraph;
  for (const rule of STRIPS) {
    if (rule.hint !== undefined && !out.includes(rule.hint)) continue;
    const pattern = rule.match as RegExp;
    const next = typeof rule.replacement === 'function' ? out.replace(pattern, rule.replacement) : out.replace(pattern, rule.replacement ?? '');
    if (next !== out) out = foldSpaces(next);
  }
  return out;
}

/** At the start of the text, a dateline-only paragraph goes and a "date 2022-11-26" prefix is cut. */
function applyLead(paragraph: string): string {
  let out = paragraph;
  for (const rule of LEADS) {
    if (typeof rule.match === 'function') {
      if (rule.match(out)) return '';
    } else {
      out = out.replace(rule.match, '').trim();
    }
  }
  return out;
}

// A sentence end with more text after it ("ictradar.com" is not one: English needs a space).
const MORE_SENTENCES = /[.!?]["'”’)]*\s+[^\s.!?…]|[。！？][”’」』)）]*\s*[^\s。！？…]/;

function dropRule(paragraph: string): CleanRule | undefined {
  if (paragraph.length > LONGEST_DROP) return undefined;
  for (const rule of DROPS) {
    if (rule.maxLength !== undefined && paragraph.length > rule.maxLength) continue;
    if (!(typeof rule.match === 'function' ? rule.match(paragraph) : rule.match.test(paragraph))) continue;
    if (!rule.single || !MORE_SENTENCES.test(paragraph)) return rule;
  }
  return undefined;
}

/** A listed headline: short, and not ending like a sentence (a question mark is fine: headlines ask). */
function isHeadlineLike(paragraph: string): boolean {
  return paragraph.length <= 160 && !/[.!。！]["'”’)\]」』]*$/.test(paragraph);
}
