import { describe, expect, it } from 'vitest';
import { formatDuration, parseBytes, parseDuration } from '../../src/util/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
  ])('GIVEN %s THEN %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['15', '', 'soon', '5 minutes', 'm5', '10x'])('GIVEN %j THEN undefined (no guessing the unit)', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [90_000, '1m30s'],
    [93_784_000, '1d2h'],
    [-60_000, '-1m'],
  ])('GIVEN %d ms THEN %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('parseBytes', () => {
  it.each([
    ['5MB', 5_000_000],
    ['512KiB', 524_288],
    ['1048576', 1_048_576],
    ['2 mib', 2_097_152],
  ])('GIVEN %s THEN %d bytes', (text, bytes) => expect(parseBytes(text)).toBe(bytes));
  it('refuses unknown units', () => expect(parseBytes('5 parsecs')).toBeUndefined());
});
