/**
 * Names of industry events as written: "2022 China Information and Communication Conference",
 * "the 7th World Internet of Things Expo", "MWC Shanghai", "2024世界物联网博览会". A name is a
 * run of capitalized words (or Han characters) ending in an event word; a lower-case "the
 * conference" is a reference back to a named event, not a name.
 */
export interface NameSpan {
  name: string;
  index: number;
  end: number;
}

const KEYWORDS = 'Conference|Conferences|Expo|Exposition|Summit|Forum|Congress|Convention|Fair|Week|Exhibition|Symposium|Show|Festival|Assembly|Days|Meetup|Hackathon';
const KEYWORD = new RegExp(`^(?:${KEYWORDS})$`);
// Events known by a brand rather than a generic word.
const BRANDS = /\b(?:MWC(?:\s+(?:Shanghai|Barcelona|Las Vegas|Kigali|Doha))?|CES|GITEX(?:\s+Global)?|Computex|IFA|LEAP|SEMICON\s+(?:China|West|Taiwan|Europa|Japan|Korea|SEA|India)|PT\s+Expo\s+China|Web\s+Summit|InnoTrans)(?:\s+(?:19|20)\d{2})?\b/g;
const VENUE = /^(Cent(er|re)|Hall|Halls|Park|Complex|Building|Venue|Hotel|Ground|Arena|Stadium|Pavilion)$/;
const CONNECTORS = new Set(['of', 'and', 'for', 'on', '&', '+', 'de', 'du', 'des', 'la']);
const NOT_NAME = /^(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|This|That|At|In|On|During|After|Before|From|By|With|Its|Their|His|Her|Our)$/;
// What makes a "conference" not an industry event.
const NOT_EVENT = /\b(press|news|earnings|investor|shareholder|media|party|people's|political consultative|economic work|work conference|plenary|world cup|olympic|fashion|food|wine|wedding|auto|motor|book|film|music|art|beer|coffee|tea|bridal|boat|horse|pet|travel|tourism|canton|job|career|recruitment|education|medical|health|dental|furniture|garden|jewelry|jewellery|toy|cosmetics?|beauty)\b/i;

const TOKEN = /[A-Za-z0-9][\w'’.&+-]*|[&+]/g;

export function findEnglishNames(sentence: string): NameSpan[] {
  const tokens: Array<{ text: string; index: number; end: number }> = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(sentence); m; m = TOKEN.exec(sentence)) {
    const text = m[0].replace(/[.]+$/, '');
    tokens.push({ text, index: m.index, end: m.index + text.length });
  }
  const names: NameSpan[] = [];
  for (let k = 0; k < tokens.length; k += 1) {
    if (!KEYWORD.test(tokens[k]!.text)) continue;
    let first = k;
    for (let i = k - 1; i >= 0; i -= 1) {
      const token = tokens[i]!;
      const gap = sentence.slice(token.end, tokens[i + 1]!.index);
      if (!/^[\s-]*$/.test(gap) && !/^\s*[+&]\s*$/.test(gap)) break;
      if (CONNECTORS.has(token.text) && i > 0 && isNameWord(tokens[i - 1]!.text)) continue;
      if (!isNameWord(token.text) || NOT_NAME.test(token.text)) break;
      first = i;
    }
    let last = k;
    for (let i = k + 1; i < tokens.length; i += 1) {
      const gap = sentence.slice(tokens[i - 1]!.end, tokens[i]!.index);
      const word = tokens[i]!.text;
      if (!/^\s+$/.test(gap) || NOT_NAME.test(word) || !(/^[A-Z]/.test(word) || /^(19|20)\d{2}$/.test(word))) break;
      if (VENUE.test(word)) {
        last = -1; // "Expo Centre", "Exhibition Center": a place, not an event
        break;
      }
      // "Conference Wuzhen Summit", "Expo 2024": keep going only over capitalized words or a year.
      last = i;
    }
    if (last < 0) continue;
    while (first < k && CONNECTORS.has(tokens[first]!.text)) first += 1;
    if (first === k && last === k) continue; // "Conference" alone is no name
    const name = sentence.slice(tokens[first]!.index, tokens[last]!.end);
    if (NOT_EVENT.test(name)) continue;
    names.push({ name, index: tokens[first]!.index, end: tokens[last]!.end });
    k = last;
  }
  BRANDS.lastIndex = 0;
  for (let m = BRANDS.exec(sentence); m; m = BRANDS.exec(sentence)) {
    if (!names.some((n) => n.index <= m!.index && m!.index < n.end)) names.push({ name: m[0], index: m.index, end: m.index + m[0].length });
  }
  return names.sort((a, b) => a.index - b.index);
}

function isNameWord(word: string): boolean {
  return /^[A-Z0-9]/.test(word) || /^\d{4}$/.test(word) || /^\d+(st|nd|rd|th)$/.test(word) || /^[a-z]+[A-Z]/.test(word) || word === '+' || word === '&';
}

const ZH_KEYWORD = /(大会|博览会|峰会|论坛|展览会|交易会|博会|年会|会议|展会|创新周|活动周|宣传周)/g;
const ZH_STOP = /[，。、；：！？“”"'‘’《》（）()\s的在于将和与及由从至到]/;
const ZH_VERBS = /(举办|召开|举行|开幕|闭幕|出席|参加|亮相|发布|启动|主办|承办|聚焦|期间|日至|日)$/;
const ZH_NOT_EVENT = /(新闻发布会|发布会|记者会|业绩|股东|人民代表|政协|党代会|美食|婚博|车展|汽车|图书|电影|音乐|艺术|旅游|招聘|教育|医疗|家具|珠宝|茶|酒)/;

export function findChineseNames(sentence: string): NameSpan[] {
  const names: NameSpan[] = [];
  ZH_KEYWORD.lastIndex = 0;
  for (let m = ZH_KEYWORD.exec(sentence); m; m = ZH_KEYWORD.exec(sentence)) {
    const end = m.index + m[0].length;
    let start = m.index;
    while (start > 0 && !ZH_STOP.test(sentence[start - 1] as string) && !ZH_VERBS.test(sentence.slice(Math.max(0, start - 3), start))) start -= 1;
    const name = sentence.slice(start, end);
    // A bare keyword, or one with a single qualifier character ("本届大会", "该论坛"), refers back rather than names.
    if (name.length - m[0].length < 2 || /^(本届|本次|该|此次|这次|今年|上届|历届|此)/.test(name)) continue;
    // "武汉大会": a place and a keyword is shorthand, not the event's name.
    const qualifier = name.slice(0, -m[0].length).replace(/^(\d{4}年?|第[一二三四五六七八九十百\d]+届)+/, '');
    if (Array.from(qualifier).length < 3) continue;
    if (ZH_NOT_EVENT.test(name)) continue;
    names.push({ name, index: start, end });
  }
  return names;
}

/** "the conference", "the three-day event", "本届大会": a sentence that refers back to a named event. */
export const BACK_REFERENCE = /\b(the|this|that|this year's|its)\s+(?:[\w-]+\s+){0,2}(conference|expo|exposition|summit|forum|congress|convention|fair|exhibition|symposium|event|gathering|show)\b|(本届|本次|该|此次|这次)?(大会|博览会|峰会|论坛|展会|会议)/i;
