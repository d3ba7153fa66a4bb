import type { DateSpan } from './event-dates.js';
import { isoDay } from './event-dates.js';

/**
 * The first and last day of an event from what news says around its dates: a range ("Nov 19
 * to 21"), an opening day and a length ("opens on Thursday and runs for three days", "为期三天"),
 * an opening and a closing day ("opened on Monday … until December 15"), or a closing day and a
 * length ("concluded on Saturday after two days"). An opening day with no end in sight is not
 * enough: better no event than a wrong last day.
 */
export interface SpanClues {
  dates: DateSpan[];
  sentence: string;
}

const DAY = 86_400_000;
const NUMBER: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const DURATION = /\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[-\s]days?\b|(?:为期|会期)\s*([一两二三四五六七八九十\d]{1,2})\s*天/i;
const START_ROLE = /\b(open(s|ed|ing)?|start(s|ed)?|begin(s|ning)?|began|kick(s|ed)? off|get(s)? under ?way|launch(es|ed)?)\b[^.;]{0,25}$|开幕|开幕式|启幕/i;
// Chinese puts the verb after the date: "昨日在重庆开幕".
const START_AFTER = /^[^，。；,;]{0,14}(开幕|启幕|拉开帷幕|开展|开馆)/;
const END_AFTER = /^[^，。；,;]{0,14}(闭幕|落幕|落下帷幕|闭馆)/;
const END_ROLE = /\b(clos(e|es|ed|ing)|end(s|ed)?|conclud(e|es|ed)|wrap(s|ped)? up|until|till|through|to run (until|through)|run(s)? (until|through)|last(s)? until)\b[^.;]{0,25}$|闭幕|落幕|结束/i;

export interface EventDays {
  start: string;
  end: string;
}

/** Reads the event's days from the clues of its own sentence, then of the next ones. */
export function eventDays(clues: SpanClues[]): EventDays | undefined {
  let start: number | undefined;
  let end: number | undefined;
  let length: number | undefined;
  let loose: DateSpan | undefined;
  for (const { dates, sentence } of clues) {
    for (const span of dates) {
      if (span.start !== span.end) return { start: span.start, end: span.end };
      const before = sentence.slice(Math.max(0, span.index - 40), span.index);
      const after = sentence.slice(span.index + span.text.length, span.index + span.text.length + 20);
      const day = Date.parse(`${span.start}T00:00:00Z`);
      if (END_AFTER.test(after) || (!START_AFTER.test(after) && END_ROLE.test(before))) end ??= day;
      else if (START_AFTER.test(after) || START_ROLE.test(before)) start ??= day;
      else loose ??= span;
    }
    length ??= durationIn(sentence);
    if (start !== undefined && end !== undefined && end >= start) break;
  }
  if (start !== undefined && end !== undefined && end >= start) return days(start, end);
  if (start !== undefined && length) return days(start, start + (length - 1) * DAY);
  if (end !== undefined && length) return days(end - (length - 1) * DAY, end);
  // A lone date with no opening or closing word: the first day, and the only one unless a length is given.
  if (start === undefined && end === undefined && loose) {
    const first = Date.parse(`${loose.start}T00:00:00Z`);
    return length ? days(first, first + (length - 1) * DAY) : { start: loose.start, end: loose.end };
  }
  if (start !== undefined && length === undefined && /\b(one-day|a day)\b|(为期|会期)一天/.test(clues.map((c) => c.sentence).join(' '))) return days(start, start);
  return undefined;
}

function durationIn(sentence: string): number | undefined {
  const m = DURATION.exec(sentence);
  if (!m) return undefined;
  const word = (m[1] ?? m[2] ?? '').toLowerCase();
  const n = NUMBER[word] ?? Number(word);
  return Number.isFinite(n) && n >= 1 && n <= 31 ? n : undefined;
}

function days(start: number, end: number): EventDays {
  return { start: isoDay(start), end: isoDay(end) };
}
