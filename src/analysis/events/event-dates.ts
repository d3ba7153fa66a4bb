import * as chrono from 'chrono-node';

/**
 * Dates of events as news writes them, resolved against the item's publication instant (never
 * against today). chrono-node reads the English forms; Chinese ranges ("11月7日至9日") are read
 * here. A missing year is inferred from the publication date and the sentence's tense: an
 * event that "will be held" in a month already past is next year's.
 */
export type Tense = 'past' | 'future' | 'unknown';

export interface DateSpan {
  start: string;
  end: string;
  /** Offset of the date text in the sentence. */
  index: number;
  text: string;
}

const DAY = 86_400_000;
const FUTURE = /\b(will|shall|is (?:set|scheduled|slated|due|expected|planned) to|are (?:set|scheduled|slated|due|expected|planned) to|to be (?:held|staged|hosted)|to take place|upcoming|plans? to|is to be|are to be)\b|将于|将在|即将|拟于|将举办|将举行/i;
const PAST = /\b(was held|were held|opened|closed|concluded|kicked off|wrapped up|took place|ended|was staged|was hosted|convened|drew|attracted|attended|ran from|held from|was launched at)\b|举行了|开幕了|闭幕|落下帷幕|已于|日前|近日举办/i;
const WEEKDAY_ONLY = /^(on\s+)?(this\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

export function tenseOf(sentence: string): Tense {
  if (FUTURE.test(sentence)) return 'future';
  if (PAST.test(sentence)) return 'past';
  return 'unknown';
}

// Dates of a statement ("officials said on Friday") or of a registration deadline are not an event's days.
const NOT_EVENT_DATE = /\b(said|says|announced|told|reported|stated|confirmed|noted|added|revealed|disclosed)\b[^.;]{0,20}$|\b(registration|register|deadline|tickets?|early-bird|passes|applications?|submissions?|nominations|papers|effect|effective|in force|enforced)\b[^.;]{0,45}$|(表示|透露|获悉|报名|截止)[^，。]{0,6}$/i;
const NOT_EVENT_DATE_AFTER = /^\s*(起)?(实施|施行|生效|截止)|^[,\s]*(when|as) (the )?(rules?|law|regulations?) (take|takes) effect/i;

export function findDates(sentence: string, published: Date, tense = tenseOf(sentence)): DateSpan[] {
  return findAllDates(sentence, published, tense).filter(
    (span) => !NOT_EVENT_DATE.test(sentence.slice(Math.max(0, span.index - 60), span.index)) && !NOT_EVENT_DATE_AFTER.test(sentence.slice(span.index + span.text.length)),
  );
}

/**
 * Rewrites, keeping every offset, what chrono does not read: dashes between day numbers
 * ("17–19") and "between April 25 and 29".
 */
function normalizeForChrono(sentence: string): string {
  return sentence
    .replace(/(\d)\s?[–—]\s?(\d)/g, (m, a: string, b: string) => `${a}-${b}`.padEnd(m.length))
    .replace(/\bbetween\s+([A-Z][a-z]+\.?\s+\d{1,2})(?:st|nd|rd|th)?\s+and\s+(\d{1,2})\b/g, (m, a: string, b: string) => `from ${a} to ${b}`.padEnd(m.length))
    .replace(/\b([A-Z][a-z]+\.?\s+\d{1,2})(?:st|nd|rd|th)?\s+(?:through|thru)\s+(\d{1,2})\b/g, (m, a: string, b: string) => `${a} to ${b}`.padEnd(m.length));
}

function findAllDates(original: string, published: Date, tense: Tense): DateSpan[] {
  const sentence = normalizeForChrono(original);
  const spans: DateSpan[] = [];
  const zh = /[\u4e00-\u9fff]/.test(sentence);
  if (zh) {
    spans.push(...chineseDates(sentence, published, tense));
    // Relative Chinese dates (明天, 昨日, 下周二, 本周六至周日) are reckoned in China's time zone.
    for (const result of chrono.zh.hans.parse(sentence, { instant: published, timezone: 480 })) {
      if (spans.some((s) => overlaps(s, result.index, result.text.length))) continue;
      const span = resolveChrono(result, published, tense);
      if (span) spans.push(span);
    }
  }
  for (const result of chrono.en.parse(sentence, { instant: published, timezone: 'UTC' }, { forwardDate: tense === 'future' })) {
    if (zh && spans.some((s) => overlaps(s, result.index, result.text.length))) continue;
    // "opened on Monday … and will run until": the verb next to the day decides, not the sentence.
    const near = tenseOf(sentence.slice(Math.max(0, result.index - 30), result.index));
    const span = resolveChrono(result, published, near === 'unknown' ? tense : near);
    if (span) spans.push(span);
  }
  return joinWeekdays(sentence, spans.sort((a, b) => a.index - b.index));
}

const JOINER = /^\s*(and|to|through|till|until|-|–|—|至|到)\s*$/i;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * "last Thursday and Friday", "from Wednesday to Friday": the second weekday belongs to the
 * first one's week, whatever the tense says; the two make one span. "this weekend" is two days.
 */
function joinWeekdays(sentence: string, spans: DateSpan[]): DateSpan[] {
  const out: DateSpan[] = [];
  for (const span of spans) {
    const previous = out.at(-1);
    const between = previous ? sentence.slice(previous.index + previous.text.length, span.index) : '';
    const weekday = WEEKDAYS.indexOf(span.text.trim().replace(/[,.;:]+$/, '').replace(/^(on|this|next|last)\s+/i, '').toLowerCase());
    if (previous && weekday >= 0 && JOINER.test(between)) {
      const from = Date.parse(`${previous.end}T00:00:00Z`);
      const ahead = (weekday - new Date(from).getUTCDay() + 7) % 7;
      out[out.length - 1] = { ...previous, end: isoDay(from + ahead * DAY), text: sentence.slice(previous.index, span.index + span.text.length) };
      continue;
    }
    if (/\bweekend\b/i.test(span.text) && span.start === span.end && new Date(`${span.start}T00:00:00Z`).getUTCDay() === 6) {
      out.push({ ...span, end: isoDay(Date.parse(`${span.start}T00:00:00Z`) + DAY) });
      continue;
    }
    out.push(span);
  }
  return out;
}

// Not dates of anything: "now", and lengths ("two days") that chrono reads as offsets.
const NOT_A_DATE = /^(now|right now|currently|(?:within|in|for|over|after)?\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)[-\s](?:days?|weeks?|months?))$|\b(summer|winter|spring|autumn|fall)\b/i;

function resolveChrono(result: chrono.ParsedResult, published: Date, tense: Tense): DateSpan | undefined {
  if (NOT_A_DATE.test(result.text.trim())) return undefined;
  const start = result.start;
  const weekdayOnly = WEEKDAY_ONLY.test(result.text.trim().replace(/[,.;:]+$/, ''));
  // A date that cannot be placed on a day (a month, "later this year") is not an event date.
  if (!start.isCertain('day') && !start.isCertain('weekday')) return undefined;
  if (start.isCertain('hour') && !start.isCertain('day') && !start.isCertain('weekday')) return undefined;
  let first: number;
  if (weekdayOnly) {
    first = weekdayNear(published, start.get('weekday') ?? 0, tense);
  } else if (start.isCertain('day') && !start.isCertain('year')) {
    first = withInferredYear(start.get('month') as number, start.get('day') as number, published, tense);
  } else {
    first = Date.UTC(start.get('year') as number, (start.get('month') as number) - 1, start.get('day') as number);
  }
  let last = first;
  if (result.end) {
    const end = result.end;
    const year = end.isCertain('year') ? (end.get('year') as number) : new Date(first).getUTCFullYear();
    last = Date.UTC(year, (end.get('month') as number) - 1, end.get('day') as number);
    if (last < first && !end.isCertain('year')) last = Date.UTC(year + 1, (end.get('month') as number) - 1, end.get('day') as number);
  }
  if (last < first || last - first > 31 * DAY) return undefined;
  return { start: isoDay(first), end: isoDay(last), index: result.index, text: result.text };
}

const DOTTED = /\b((?:19|20)\d{2})\.(\d{1,2})\.(\d{1,2})(?:\s*[-–—~～至]\s*(\d{1,2}))?\b/g;
const ZH_RANGE = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?:\s*(?:至|到|—|–|-|~|～)\s*(?:(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*)?(\d{1,2})\s*日)?/g;

function chineseDates(original: string, published: Date, tense: Tense): DateSpan[] {
  const spans: DateSpan[] = [];
  // "本月28日" is this month's 28th.
  const sentence = original.replace(/本月/g, `${published.getUTCMonth() + 1}月`);
  DOTTED.lastIndex = 0;
  for (let m = DOTTED.exec(sentence); m; m = DOTTED.exec(sentence)) {
    const first = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const last = m[4] ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[4])) : first;
    if (last >= first && last - first <= 31 * DAY) spans.push({ start: isoDay(first), end: isoDay(last), index: m.index, text: m[0] });
  }
  ZH_RANGE.lastIndex = 0;
  for (let m = ZH_RANGE.exec(sentence); m; m = ZH_RANGE.exec(sentence)) {
    const [text, y1, mo1, d1, y2, mo2, d2] = m;
    if (spans.some((s) => overlaps(s, m!.index, text.length))) continue;
    // "11月" alone is a month, not a date: a day is required (the regex makes 日 optional only in a range).
    if (!d1 || (!text.includes('日') && !d2)) continue;
    const month = Number(mo1);
    const day = Number(d1);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    const first = y1 ? Date.UTC(Number(y1), month - 1, day) : withInferredYear(month, day, published, tense);
    let last = first;
    if (d2) {
      const endMonth = mo2 ? Number(mo2) : month;
      const startYear = new Date(first).getUTCFullYear();
      const endYear = y2 ? Number(y2) : endMonth < month ? startYear + 1 : startYear;
      last = Date.UTC(endYear, endMonth - 1, Number(d2));
    }
    if (last < first || last - first > 31 * DAY) continue;
    spans.push({ start: isoDay(first), end: isoDay(last), index: m.index, text });
  }
  return spans;
}

/** The year for a month and day written without one. */
export function withInferredYear(month: number, day: number, published: Date, tense: Tense): number {
  const year = published.getUTCFullYear();
  const pub = Date.UTC(year, published.getUTCMonth(), published.getUTCDate());
  const at = (y: number) => Date.UTC(y, month - 1, day);
  if (tense === 'future') return at(year) < pub - 7 * DAY ? at(year + 1) : at(year);
  if (tense === 'past') return at(year) > pub + 2 * DAY ? at(year - 1) : at(year);
  const candidates = [at(year - 1), at(year), at(year + 1)];
  return candidates.reduce((best, c) => (Math.abs(c - pub) < Math.abs(best - pub) ? c : best));
}

/** "on Tuesday": the coming Tuesday in a future sentence, the last one in a past sentence. */
function weekdayNear(published: Date, weekday: number, tense: Tense): number {
  const pub = Date.UTC(published.getUTCFullYear(), published.getUTCMonth(), published.getUTCDate());
  const today = new Date(pub).getUTCDay();
  if (tense === 'past') return pub - ((today - weekday + 7) % 7) * DAY;
  const ahead = (weekday - today + 7) % 7;
  return pub + (ahead === 0 && tense === 'future' ? 7 : ahead) * DAY;
}

function overlaps(span: DateSpan, index: number, length: number): boolean {
  return span.index < index + length && index < span.index + span.text.length;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
