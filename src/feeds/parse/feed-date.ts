/**
 * Publication dates as feeds really write them: RFC 822 and ISO-8601 mostly, but also
 * "GMT+8", Chinese dates (2024年11月7日 10:30) and dates without a zone (taken as UTC).
 * Returns an ISO-8601 instant in UTC, or undefined when the date cannot be placed.
 */
const EARLIEST = Date.UTC(1995, 0, 1);

export function parseFeedDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw.trim();
  if (!text) return undefined;
  for (const candidate of candidates(text)) {
    const time = Date.parse(candidate);
    if (!Number.isNaN(time) && time >= EARLIEST) return new Date(time).toISOString();
  }
  return undefined;
}

function* candidates(text: string): Generator<string> {
  const cjk = /(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})[:时](\d{2})(?:[:分](\d{2}))?)?/.exec(text);
  if (cjk) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = cjk;
    // A Chinese-style date without a zone is most likely China Standard Time.
    const zone = /[+-]\d{2}:?\d{2}|Z\b/.exec(text.slice(cjk.index + cjk[0].length))?.[0] ?? '+08:00';
    yield `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}`;
  }
  yield text;
  // "GMT+8", "UTC+08:00" → "+0800"
  const offset = text.replace(/\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b/i, (_m, sign: string, h: string, m?: string) => `${sign}${pad(h)}${m ?? '00'}`);
  if (offset !== text) yield offset;
  // A zone-less ISO date-time is read as UTC rather than as this machine's local time.
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) yield `${text.replace(' ', 'T')}Z`;
  // Weekday names in the wrong language or misspelled trip the parser: drop them.
  const noWeekday = text.replace(/^[A-Za-z]{2,9},?\s+/, '');
  if (noWeekday !== text) yield noWeekday;
}

function pad(value: string | undefined): string {
  return (value ?? '0').padStart(2, '0');
}
