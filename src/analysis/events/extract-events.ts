import type { ExtractedEvent } from '../../model/item.js';
import { splitSentences } from '../summary/sentences.js';
import { CITIES, CITY_ALIASES, type City } from './cities.js';
import { type DateSpan, findDates, tenseOf } from './event-dates.js';
import { eventDays, type SpanClues } from './event-span.js';
import { BACK_REFERENCE, findChineseNames, findEnglishNames, type NameSpan } from './event-names.js';

/**
 * Finds the industry events an item announces or reports. Precision first: an event needs a
 * name (a proper name ending in an event word), a date placed on a day, and an ICT subject
 * (in its name, or in an item about an ICT topic). A sentence that only refers back ("the
 * three-day conference runs from …") gives its date to the event named before it.
 */
export interface EventInput {
  title: string;
  text: string;
  /** ISO instant of publication; years and weekdays are resolved against it. */
  published?: string;
  /** Whether the item was classified under any ICT topic. */
  ictItem: boolean;
}

const ICT_NAME = /\b(internet|digital|5G|6G|AI|artificial intelligence|data|information|communications?|telecom\w*|mobile|tech\w*|cyber\w*|IoT|things|smart|computing|comput\w+|software|semiconductor|chips?|satellite|quantum|network\w*|cloud|electronic\w*|intelligen\w+|robot\w*|industrial|ICT|broadband|optical|wireless|innovation|MWC|CES|GITEX|Computex|SEMICON|PT Expo|blockchain|metaverse|big data|security)\b|互联网|数字|信息|通信|智能|数据|算力|物联网|网络|科技|软件|电子|卫星|量子|人工智能|工业|5G|6G|区块链|云|芯|半导体|北斗/i;

interface Candidate {
  name: string;
  city: City | undefined;
  /** Dates and wording around them, from the naming sentence and those that follow. */
  clues: SpanClues[];
  sentence: number;
}

const VENUE_AFTER = /^\s*(and\s+Convention\s+)?(Cent(er|re)|Hall|Halls|Park|Complex|Building|Venue|Hotel|Ground|Arena|Stadium|Pavilion)\b/;

// Cheap test first: most items name no event at all, and date parsing is the costly part.
const ANY_EVENT_WORD = /Conference|Expo|Exposition|Summit|Forum|Congress|Convention|Fair|Week|Exhibition|Symposium|Show|Festival|Assembly|Days|Meetup|Hackathon|MWC|CES|GITEX|Computex|IFA|LEAP|SEMICON|InnoTrans|大会|博览会|峰会|论坛|展览会|交易会|博会|年会|会议|展会|周/;

export function extractEvents(input: EventInput): ExtractedEvent[] {
  const published = input.published ? new Date(input.published) : undefined;
  if (!published || Number.isNaN(published.getTime())) return []; // no anchor for years and weekdays
  if (!ANY_EVENT_WORD.test(input.title) && !ANY_EVENT_WORD.test(input.text)) return [];
  const sentences = [input.title, ...input.text.split(/\n+/).flatMap((paragraph) => splitSentences(paragraph))];
  const found: Candidate[] = [];
  let lastNamed: Candidate | undefined;
  // Dates are read only from sentences that need them (a name, a back-reference, the one after a name).
  const dateCache = new Map<number, DateSpan[]>();
  const datesOf = (s: number): DateSpan[] => {
    let dates = dateCache.get(s);
    if (!dates) {
      const sentence = sentences[s] ?? '';
      dates = findDates(sentence, published, tenseOf(sentence));
      dateCache.set(s, dates);
    }
    return dates;
  };
  sentences.forEach((sentence, s) => {
    const names = [...findEnglishNames(sentence), ...(/[\u4e00-\u9fff]/.test(sentence) ? findChineseNames(sentence) : [])].filter(
      (name) => !VENUE_AFTER.test(sentence.slice(name.end)),
    );
    if (names.length === 0) {
      if (!lastNamed || s - lastNamed.sentence > 3 || !BACK_REFERENCE.test(sentence)) return;
      const dates = datesOf(s);
      // A sentence that refers back ("the three-day conference ends on Thursday") adds to the last named event.
      if (dates.length > 0 || /\bdays?\b|为期/.test(sentence)) {
        lastNamed.clues.push({ dates, sentence });
        lastNamed.city ??= cityIn(sentence, 0);
      }
      return;
    }
    const dates = datesOf(s);
    names.forEach((name, n) => {
      const own = names.length === 1 ? dates : pick(name, n, names, dates, sentence);
      // The next sentence often finishes the thought: "Talks run for three days."
      const following = sentences[s + 1];
      const next = names.length === 1 && following !== undefined && !hasName(following) ? [{ sentence: following, dates: datesOf(s + 1) }] : [];
      const candidate: Candidate = {
        name: cleanName(name.name),
        city: cityIn(sentence, name.end) ?? cityIn(sentence, 0) ?? (own.length === 0 && next[0] ? cityIn(next[0].sentence, 0) : undefined),
        clues: [{ dates: own, sentence }, ...next],
        sentence: s,
      };
      const same = found.find((f) => sameEvent(f.name, candidate.name));
      if (same) {
        same.clues.push(...candidate.clues);
        same.city ??= candidate.city;
        // The fuller form wins: "2020 China 5G+Industrial Internet Conference" over the same name without its year.
        if (hasEdition(candidate.name) && !hasEdition(same.name)) same.name = candidate.name;
        lastNamed = same;
      } else {
        found.push(candidate);
        lastNamed = candidate;
      }
    });
  });
  return found
    .filter((c) => ICT_NAME.test(c.name) || input.ictItem)
    .flatMap((c) => {
      const days = eventDays(c.clues);
      return days ? [{ name: c.name, city: c.city?.name ?? null, country: c.city?.country ?? null, start: days.start, end: days.end }] : [];
    });
}

function hasName(sentence: string): boolean {
  return findEnglishNames(sentence).length > 0 || (/[\u4e00-\u9fff]/.test(sentence) && findChineseNames(sentence).length > 0);
}

/**
 * With several names in one sentence, each takes the dates between it and the next name,
 * except that a name set off by commas ("X, the centrepiece of Y, will be held on …") is an
 * aside: the dates after it belong to the name before it.
 */
function pick(name: NameSpan, n: number, names: NameSpan[], dates: DateSpan[], sentence = ''): DateSpan[] {
  const next = names[n + 1];
  if (next && isAside(sentence, name, next)) return dates.filter((d) => d.index >= name.end);
  const previous = names[n - 1];
  if (previous && isAside(sentence, previous, name)) return [];
  return dates.filter((d) => d.index >= name.end && d.index < (next?.index ?? Number.POSITIVE_INFINITY));
}

function isAside(sentence: string, before: NameSpan, aside: NameSpan): boolean {
  return /^\s*,[^,]{0,40}$/.test(sentence.slice(before.end, aside.index)) && /^\s*,/.test(sentence.slice(aside.end));
}

function cityIn(sentence: string, from: number): City | undefined {
  const rest = sentence.slice(from);
  let best: { city: City; at: number } | undefined;
  for (const city of CITIES) {
    const at = findCity(rest, city);
    if (at >= 0 && (!best || at < best.at)) best = { city, at };
  }
  for (const { alias, zh, city } of CITY_ALIASES) {
    const at = findCity(rest, { name: alias, country: city.country, zh });
    if (at >= 0 && (!best || at < best.at)) best = { city, at };
  }
  return best?.city;
}

function findCity(text: string, city: City): number {
  const english = new RegExp(`\\b${city.name.replace(/[.*+?^${}()|[\]\\']/g, '\\$&')}\\b`).exec(text);
  if (english) return english.index;
  return city.zh ? text.indexOf(city.zh) : -1;
}

function hasEdition(name: string): boolean {
  return /(?:^|\D)(19|20)\d{2}(?!\d)|\b\d+(st|nd|rd|th)\b|第[一二三四五六七八九十百\d]+届/i.test(name);
}

function cleanName(name: string): string {
  return name.replace(/^(the|a)\s+/i, '').replace(/[《》“”"]/g, '').trim();
}

/** Two mentions of one event: equal once years, editions and "the" are set aside. */
export function sameEvent(a: string, b: string): boolean {
  const key = (name: string) => eventKey(name);
  return key(a) === key(b) || (key(a).length > 8 && (key(a).includes(key(b)) || key(b).includes(key(a))) && Math.min(key(a).length, key(b).length) > 12);
}

export function eventKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(19|20)\d{2}\b|(19|20)\d{2}年?/g, '')
    .replace(/\b\d+(st|nd|rd|th)\b|第[一二三四五六七八九十百\d]+届/g, '')
    .replace(/\b(the|annual|edition)\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
