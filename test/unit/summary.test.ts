import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/analysis/summary/clean-text.js';
import { splitSentences } from '../../src/analysis/summary/sentences.js';
import { summarize } from '../../src/analysis/summary/summarize.js';

// Fixtures are written for these tests: ICT news in our own words.
const TITLE = 'Wuhan to host 5G+Industrial Internet conference in November';
const S = [
  'Wuhan will host a national conference on 5G and the industrial internet from November 19 to 21, the city government said on Tuesday.',
  'Organizers expect about 3,000 delegates from carriers, equipment makers and factories to attend the three-day event.',
  'Local officials said the city has built more than 18,000 base stations and wants every large plant connected within two years.',
  'The exhibition hall will show robots, sensors and private networks running in real workshops.',
  'A forum on data centers and computing power will close the conference on the final afternoon.',
];
const BODY = [`${S[0]} ${S[1]}`, S[2], `${S[3]} ${S[4]}`].join('\n');

const TITLE_ZH = '2024世界物联网博览会在无锡开幕';
const ZH = [
  '2024世界物联网博览会今天在无锡开幕，来自全球的三百多家企业参展。',
  '本届博览会设置了工业互联网、智能传感器和车联网三个专题展区。',
  '主办方表示，无锡物联网产业规模已经超过四千亿元。',
  '会议期间还将发布多项物联网新技术和新产品。',
];
const BODY_ZH = [TITLE_ZH, ZH.join('')].join('\n');

const GIANT = 'The provincial plan covers fiber backbones, rural base stations, edge computing nodes near industrial parks, '
  + 'a satellite ground station for remote mining sites, shared towers along the new high-speed rail line, and a training '
  + 'program for technicians who will maintain the network across all seventeen prefectures over the next five years.';

const length = (s: string) => Array.from(s).length;

/** Every sentence of the summary is a whole sentence of the cleaned body. */
function expectWholeSentences(summary: string, body: string): void {
  const source = splitSentences(cleanText(body));
  for (const sentence of splitSentences(summary)) expect(source).toContain(sentence);
}

describe('splitSentences', () => {
  it.each([
    ['titles and initials', 'Mr. Li met Dr. J. Smith of the institute. They discussed 6G.', ['Mr. Li met Dr. J. Smith of the institute.', 'They discussed 6G.']],
    ['U.S. inside and at the end of a sentence', 'U.S. carriers watched closely. Demand grew in the U.S. The vendor expanded.', ['U.S. carriers watched closely.', 'Demand grew in the U.S.', 'The vendor expanded.']],
    ['months, numbers and times', 'The expo ran from Nov. 7 to 9 at 10 a.m. daily. Sales hit 3.2 billion yuan.', ['The expo ran from Nov. 7 to 9 at 10 a.m. daily.', 'Sales hit 3.2 billion yuan.']],
    ['decimals in names', 'Carriers tested 5.5G in Wuxi. Speeds reached 10 Gbps.', ['Carriers tested 5.5G in Wuxi.', 'Speeds reached 10 Gbps.']],
    ['No., e.g., i.e. and vs.', 'Plant No. 3 leads, e.g. in sensors, i.e. the core parts. Wuhan vs. Wuxi is close.', ['Plant No. 3 leads, e.g. in sensors, i.e. the core parts.', 'Wuhan vs. Wuxi is close.']],
    ['company suffixes', 'Example Telecom Co., Ltd. signed with Sample Inc. on Monday. The deal covers IoT.', ['Example Telecom Co., Ltd. signed with Sample Inc. on Monday.', 'The deal covers IoT.']],
    ['a suffix that ends a sentence', 'The order went to Example Networks Ltd. The rollout starts soon.', ['The order went to Example Networks Ltd.', 'The rollout starts soon.']],
    ['quotes after the period', 'He said, "We are ready." Then the demo began.', ['He said, "We are ready."', 'Then the demo began.']],
    ['a quotation of two sentences', '“Coverage will grow. Costs will fall,” Liu said. Analysts agreed.', ['“Coverage will grow. Costs will fall,” Liu said.', 'Analysts agreed.']],
    ['an ellipsis inside quotes', '"We hope... The network is ready," she said. Tests follow.', ['"We hope... The network is ready," she said.', 'Tests follow.']],
    ['brackets', '(Entry is free.) Registration opens on Monday!', ['(Entry is free.)', 'Registration opens on Monday!']],
    ['line breaks', 'A heading without a stop\nThe first paragraph.', ['A heading without a stop', 'The first paragraph.']],
    ['Chinese', '博览会在无锡开幕。企业踊跃参展！你准备好了吗？', ['博览会在无锡开幕。', '企业踊跃参展！', '你准备好了吗？']],
    ['a Chinese ellipsis inside a sentence', '他说……明年还会继续投入。展会明天闭幕。', ['他说……明年还会继续投入。', '展会明天闭幕。']],
    ['Chinese quotes', '他说：“我们将加快建设。明年全面开通。”记者随后参观了展区。', ['他说：“我们将加快建设。明年全面开通。”', '记者随后参观了展区。']],
    ['mixed text', 'The expo opened in Wuxi. 中国移动发布了新平台。Huawei showed 5G-A kits.', ['The expo opened in Wuxi.', '中国移动发布了新平台。', 'Huawei showed 5G-A kits.']],
  ])('GIVEN %s THEN the sentences are split right', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('summarize', () => {
  it.each([40, 80, 120, 200, 280, 1000])('GIVEN maxChars %i THEN the summary keeps the bound', (maxChars) => {
    const summary = summarize({ title: TITLE, text: BODY, maxChars });
    expect(summary).not.toBe('');
    expect(length(summary)).toBeLessThanOrEqual(maxChars);
  });

  it.each([10, 20, 40, 60, 100])('GIVEN a Chinese item and maxChars %i THEN the bound counts characters', (maxChars) => {
    const summary = summarize({ title: TITLE_ZH, text: BODY_ZH, maxChars });
    expect(length(summary)).toBeLessThanOrEqual(maxChars);
    expect(summary).not.toMatch(/ /);
  });

  it.each([
    ['English, default bound', { title: TITLE, text: BODY }],
    ['English with terms', { title: TITLE, text: BODY, terms: ['data center', 'computing power'] }],
    ['Chinese', { title: TITLE_ZH, text: BODY_ZH, maxChars: 80 }],
  ])('GIVEN %s THEN the summary is made of whole sentences', (_name, input) => {
    const summary = summarize(input);
    expect(summary).toMatch(/[.。]$/);
    expectWholeSentences(summary, input.text);
  });

  it.each([
    ['no terms: the lead', [], `${S[0]} ${S[1]}`],
    ['terms: the lead and the sentence with the terms', ['data center', 'Computing Power'], `${S[0]} ${S[4]}`],
    ['terms later in the text: still printed in text order', ['robots', 'sensors', 'private network'], `${S[0]} ${S[3]}`],
  ])('GIVEN %s THEN those sentences are chosen', (_name, terms, expected) => {
    expect(summarize({ title: TITLE, text: BODY, terms })).toBe(expected);
  });

  it.each([
    ['the exact title', 'China Mobile opens 6G lab in Chengdu.'],
    ['the title in other case', 'CHINA MOBILE OPENS A 6G LAB IN CHENGDU'],
    ['the title with a few words around it', 'China Mobile opens 6G lab in Chengdu, officials say.'],
    ['a part of the title', 'China Mobile opens 6G lab'],
  ])('GIVEN a body that starts with %s THEN the summary does not repeat it', (_name, first) => {
    const rest = 'The lab will study terahertz links and AI-native air interfaces with three local universities.';
    expect(summarize({ title: 'China Mobile opens 6G lab in Chengdu', text: `${first}\n${rest}` })).toBe(rest);
  });

  it.each([
    ['no body', ''],
    ['white space only', ' \n\t\n '],
    ['only boilerplate', 'Share this: Facebook Twitter\nFollow us on WeChat\nSubscribe to our newsletter\n© 2024 Example Media'],
    ['only the title again', 'China Mobile opens 6G lab in Chengdu\nChina Mobile opens 6G lab in Chengdu.'],
  ])('GIVEN %s THEN the summary is empty', (_name, text) => {
    expect(summarize({ title: 'China Mobile opens 6G lab in Chengdu', text })).toBe('');
  });

  it.each([60, 100, 150])('GIVEN one giant sentence and maxChars %i THEN it is cut at a word boundary with "…"', (maxChars) => {
    const summary = summarize({ title: 'Province unveils network plan', text: GIANT, maxChars });
    expect(summary.endsWith('…')).toBe(true);
    expect(length(summary)).toBeLessThanOrEqual(maxChars);
    const kept = summary.slice(0, -1);
    expect(GIANT.startsWith(kept)).toBe(true);
    expect(GIANT[kept.length]).toMatch(/[\s,]/);
  });

  it('GIVEN a giant Chinese sentence THEN it is cut at a character with "…"', () => {
    const text = '省里的规划涵盖光纤骨干网、农村基站、工业园区附近的边缘计算节点、偏远矿区的卫星地面站、新建高铁沿线的共享铁塔以及面向全省十七个地市网络维护技术人员的培训计划。';
    const summary = summarize({ title: '省里公布网络规划', text, maxChars: 30 });
    expect(summary).toBe(`${Array.from(text).slice(0, 29).join('').replace(/[、，]$/, '')}…`);
  });

  it('GIVEN a Chinese item with terms THEN whole Chinese sentences with the term are chosen, by characters', () => {
    const summary = summarize({ title: TITLE_ZH, text: BODY_ZH, terms: ['工业互联网'], maxChars: 60 });
    expect(summary).toBe(`${ZH[1]}${ZH[2]}`);
    expect(length(summary)).toBeLessThanOrEqual(60);
  });

  it('GIVEN emoji in the text THEN each counts as one character', () => {
    const first = '🚀 Chengdu carriers switched on a 5G-A network covering the whole city center on Monday.';
    const text = `${first} 📡 Speeds of 10 Gbps were measured.`;
    // One more UTF-16 unit than characters: counting units would not let the sentence fit.
    expect(first.length).toBe(length(first) + 1);
    expect(summarize({ title: 'Chengdu 5G-A goes live', text, maxChars: length(first) })).toBe(first);
  });

  it.each([
    ['a question to the reader', 'Is your factory ready for private 5G?'],
    ['a short line', 'Updates to follow.'],
    ['a call to action inside a paragraph', 'Click here to register for free passes.'],
  ])('GIVEN %s next to real content THEN it is skipped', (_name, weak) => {
    const real = 'Carriers in Chengdu now offer private 5G networks to manufacturers in the high-tech zone.';
    expect(summarize({ title: 'Private 5G in Chengdu', text: `${weak} ${real}` })).toBe(real);
  });

  it('GIVEN only a short sentence THEN it is the summary, since nothing else exists', () => {
    expect(summarize({ title: 'Wuxi expo update', text: 'Updates to follow.' })).toBe('Updates to follow.');
  });

  it('GIVEN a body pasted twice with boilerplate THEN the summary comes from one copy', () => {
    const text = ['By Jane Doe', BODY, 'Also Read: Chengdu hosts a 6G forum', BODY, 'Follow us on LinkedIn'].join('\n');
    const summary = summarize({ title: TITLE, text, maxChars: 400 });
    expect(summary).toBe(`${S[0]} ${S[1]} ${S[2]}`);
  });

  it('GIVEN the same input twice THEN the summary is the same', () => {
    const input = { title: TITLE, text: BODY, terms: ['5G', 'industrial internet'] };
    expect(summarize(input)).toBe(summarize({ ...input }));
  });
});
