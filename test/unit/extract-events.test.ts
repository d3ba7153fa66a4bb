import { describe, expect, it } from 'vitest';
import { extractEvents } from '../../src/analysis/events/extract-events.js';

const at = (published: string, title: string, text = '', ictItem = true) => extractEvents({ title, text, published, ictItem });

describe('extractEvents', () => {
  it.each([
    ['a range in one month, year left out', '2024-10-02T08:00:00Z', 'The 2024 China Information and Communication Conference will be held in Chengdu from November 7 to November 9.', { name: '2024 China Information and Communication Conference', city: 'Chengdu', country: 'China', start: '2024-11-07', end: '2024-11-09' }],
    ['a short range', '2024-10-02T08:00:00Z', 'Wuhan hosts the China 5G+Industrial Internet Conference from Nov 19 to 21.', { name: 'China 5G+Industrial Internet Conference', city: 'Wuhan', start: '2024-11-19', end: '2024-11-21' }],
    ['day-first with a year', '2024-08-02T08:00:00Z', 'The World 5G Convention takes place 7-9 November 2024 in Hangzhou.', { name: 'World 5G Convention', city: 'Hangzhou', start: '2024-11-07', end: '2024-11-09' }],
    ['across months', '2024-09-20T08:00:00Z', 'The Digital Economy Forum will run from Oct 30 to Nov 2 in Guiyang.', { start: '2024-10-30', end: '2024-11-02', city: 'Guiyang' }],
    ['across the new year', '2024-12-01T08:00:00Z', 'The Satellite Internet Summit is set for Dec 30 to Jan 2 in Sanya.', { start: '2024-12-30', end: '2025-01-02' }],
    ['a month already past means next year', '2024-11-20T08:00:00Z', 'The Quantum Communication Forum will be held in Hefei from March 3 to 5.', { start: '2025-03-03', end: '2025-03-05' }],
    ['a one-day event', '2024-10-02T08:00:00Z', 'The IoT Developers Summit will be held on October 26 in Wuxi.', { start: '2024-10-26', end: '2024-10-26' }],
    ['an opening day and a length', '2024-07-01T07:00:00Z', 'The World Artificial Intelligence Conference opens on Thursday in Shanghai and runs for three days.', { start: '2024-07-04', end: '2024-07-06' }],
    ['a closing day and a length, in the past', '2024-05-27T08:00:00Z', 'The Digital China Summit concluded on Saturday in Fuzhou after two days of talks.', { start: '2024-05-24', end: '2024-05-25' }],
    ['Chinese, with its year and a range', '2024-10-21T00:00:00Z', '2024世界物联网博览会将于11月5日至8日在无锡举办。', { name: '2024世界物联网博览会', city: 'Wuxi', start: '2024-11-05', end: '2024-11-08' }],
    ['Chinese relative days', '2024-08-21T07:00:00Z', '2024卫星互联网产业发展大会将于本周六至周日在西安举行。', { city: "Xi'an", start: '2024-08-24', end: '2024-08-25' }],
  ])('reads %s', (_label, published, text, expected) => {
    const [event] = at(published, 'News', text);
    expect(event).toMatchObject(expected);
  });

  it.each([
    ['a product launch', 'Huawei will launch its new phone on November 26 in Shenzhen.'],
    ['an earnings call', 'The operator will hold its earnings conference call on October 30.'],
    ['a press conference', 'The ministry held a press conference on Monday in Beijing.'],
    ['a food expo', 'The China Food Expo will be held in Chengdu from Nov 3 to 5.'],
    ['a date too vague to place', 'The 2025 World Internet of Things Expo will be held in Wuxi later this year.'],
    ['a month without a day', 'The China Information and Communication Conference returns to Chengdu in November.'],
    ['a venue', 'The show runs at the Shanghai New International Expo Centre.'],
    ['an opening day with no end in sight', 'The Digital Silk Road Forum opens on Tuesday in Xi\'an.'],
    ['a statement date', 'The Zhongguancun Forum, organisers said on Monday, will showcase new tech.'],
  ])('finds no event in %s', (_label, text) => {
    expect(at('2024-10-02T08:00:00Z', 'News', text)).toEqual([]);
  });

  it('gives a back-reference the date, keeps the fuller name, and needs a publication date', () => {
    const text = 'The China 5G+Industrial Internet Conference returns to Wuhan. The three-day conference opens on November 19. Organisers of the 2024 China 5G+Industrial Internet Conference expect 500 exhibitors.';
    expect(at('2024-10-02T08:00:00Z', 'News', text)).toEqual([{ name: '2024 China 5G+Industrial Internet Conference', city: 'Wuhan', country: 'China', start: '2024-11-19', end: '2024-11-21' }]);
    expect(extractEvents({ title: 'x', text, ictItem: true })).toEqual([]);
  });

  it('takes a non-ICT-named event only from an ICT item', () => {
    const text = 'The Greater Bay Area Forum will be held in Shenzhen on June 15.';
    expect(at('2024-06-01T00:00:00Z', 'News', text, true)).toHaveLength(1);
    expect(at('2024-06-01T00:00:00Z', 'News', text, false)).toEqual([]);
  });
});
