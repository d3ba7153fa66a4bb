import { z } from 'zod';
import { parseBytes, parseDuration } from '../util/duration.js';

/** A duration written as text ("15m"), validated and turned into milliseconds. */
export function duration(example: string) {
  return z.string({ error: `must be a duration in quotes, such as "${example}"` }).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration: write a number and a unit (ms, s, m, h, d, w), such as "${example}"` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A size written as text ("5MB", "512KiB") or a plain number of bytes. */
export function byteSize(example: string) {
  return z.union([z.number().int().positive(), z.string()], { error: `must be a size such as "${example}"` }).transform((value, ctx) => {
    const bytes = typeof value === 'number' ? value : parseBytes(value);
    if (bytes === undefined || bytes <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a size: write a number and a unit (B, KB, MB, KiB, MiB), such as "${example}"` });
      return z.NEVER;
    }
    return bytes;
  });
}

export const timezone = z.string().refine(isTimeZone, {
  error: (issue) => `"${String(issue.input)}" is not a known IANA time zone: use a name such as "UTC", "Asia/Shanghai" or "Europe/Berlin"`,
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a short id of lowercase letters, digits and dashes, such as "light-reading"');
