import { describe, expect, it } from 'vitest';
import { explainClassification, classify } from '../../src/analysis/topics/classify.js';
import { compileTopics } from '../../src/analysis/topics/compile.js';
import { detectLanguage } from '../../src/analysis/topics/language.js';
import { topicSchema, toTopicDefinition, type TopicInput } from '../../src/analysis/topics/topic-model.js';

const pack = (topics: TopicInput[]) => compileTopics(topics.map((t) => toTopicDefinition(topicSchema.parse(t))));

const mini = pack([
  {
    id: 'ai',
    name: 'AI',
    terms: [{ term: 'AI', weight: 2 }, { term: 'artificial intelligence', weight: 3 }, { term: 'large language model', weight: 3 }, { term: 'LLM', weight: 3 }],
    zh: [{ term: '人工智能', weight: 3 }, { term: '大模型', weight: 3 }],
    exclude: ['Amnesty International (AI)'],
  },
  {
    id: 'iot',
    name: 'IoT',
    terms: [{ term: 'Internet of Things', weight: 3 }, { term: 'IoT', weight: 2 }, { term: 'NB-IoT', weight: 3 }, { term: 'sensor', weight: 0.5 }],
    zh: [{ term: '物联网', weight: 3 }],
  },
  {
    id: '5g',
    name: '5G',
    terms: [{ term: '5G', weight: 2 }, { term: 'base station', weight: 1, requires: ['5G', '4G', 'mobile', 'operator'] }],
    exclude: ['seat 5G', 'row 5G', 'grade 5G'],
  },
  {
    id: 'semiconductors',
    name: 'Chips',
    threshold: 2,
    terms: [{ term: 'chip', weight: 1 }, { term: 'semiconductor', weight: 2 }],
    exclude: ['potato chip', 'chocolate chip', 'blue chip'],
  },
  { id: 'it', name: 'IT', terms: [{ term: 'IT', weight: 2 }] },
  { id: 'quantum', name: 'Quantum', terms: [{ term: 'quantum', weight: 1 }, { term: 'quantum key distribution', weight: 3 }], exclude: ['quantum leap'] },
]);

const ids = (title: string, body = '') => classify(mini, title, body).map((t) => t.id);

describe('classify', () => {
  it.each([
    ['respects word boundaries: AI is not in "said" or "Thailand"', 'Officials said rain in Thailand and Dubai will maintain', []],
    ['is case-aware for acronyms: "it" is not IT, "Ai" is not AI', 'It rained; Ai Weiwei opened a show about it', []],
    ['finds an acronym in its case', 'IT budgets grow as AI spreads', ['ai', 'it']],
    ['matches phrases across hyphens and case', 'internet-of-things platform launched', ['iot']],
    ['matches plurals of the last word', 'Operators add 5G base stations', ['5g']],
    ['does not see 5G in G5G5 or a seat number', 'Seat 5G on flight G5G5 was empty', []],
    ['voids a term inside an exclusion', 'Potato chips and chocolate chips sales rise at blue chip grocers', []],
    ['keeps other occurrences of the same term', 'Potato chips are out; semiconductor chip exports are up', ['semiconductors']],
    ['stops a quantum leap', 'A quantum leap for the team', []],
    ['matches a multi-word plural phrase', 'Two large language models released', ['ai']],
    ['matches CJK terms without word boundaries', '中国物联网连接数超过二十亿，人工智能产业增长', ['ai', 'iot']],
    ['matches a hyphenated acronym exactly', 'NB-IoT meters connect water grids', ['iot']],
  ])('%s', (_label, title, expected) => expect(ids(title as string).sort()).toEqual(expected));

  it('needs context for a term that requires it', () => {
    expect(ids('A base station for climbers opens on Everest')).toEqual([]);
    expect(ids('Operator adds base station', '')).toEqual(['5g']);
  });

  it('counts the title more, saturates repetition, and names the terms that fired', () => {
    const once = classify(mini, 'News', 'The Internet of Things grows.')[0];
    const titled = classify(mini, 'Internet of Things', 'The Internet of Things grows.')[0];
    const many = classify(mini, 'News', 'Internet of Things. '.repeat(10))[0];
    expect(once).toEqual({ id: 'iot', score: 3, matched: ['Internet of Things'] });
    expect(titled?.score).toBe(7.5); // 3 × 1.5 for two occurrences, + 3 for the title
    expect(many?.score).toBe(6);
  });

  it('fires only above the threshold: weak terms need support', () => {
    expect(ids('A sensor', 'One sensor, two sensors, three sensors')).toEqual([]);
    expect(ids('Chip', 'chip')).toEqual(['semiconductors']);
  });

  it('explains every topic: score, terms, exclusions, missing context', () => {
    const result = explainClassification(mini, 'Quantum leap', 'A base station and a quantum key distribution link');
    const quantum = result.explanations.find((e) => e.id === 'quantum');
    expect(quantum).toMatchObject({ fired: true, excluded: [{ term: 'quantum', by: 'quantum leap' }] });
    // One sense per text: "quantum" was used as in "quantum leap", so its other occurrences do not count either.
    expect(quantum?.terms.map((t) => t.term)).toEqual(['quantum key distribution']);
    const fiveG = result.explanations.find((e) => e.id === '5g');
    expect(fiveG?.missingContext).toEqual([{ term: 'base station', requires: ['5G', '4G', 'mobile', 'operator'] }]);
    expect(result.explanations).toHaveLength(6);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['中国5G基站总数达到三百万个', 'zh'],
    ['China has three million 5G base stations', 'en'],
    ['Москва объявила о запуске сети', 'other'],
  ])('%s → %s', (text, lang) => expect(detectLanguage(text)).toBe(lang));
});

describe('guards against what fools keyword matching', () => {
  const longBody = (sentence: string) => `${'Officials met on Tuesday to review the budget for roads, schools and parks in the district. '.repeat(5)}${sentence}`;

  it('treats one mention of an ordinary term in a long text as a passing mention', () => {
    expect(ids('Budget review', longBody('Some of the parks will offer 5G coverage.'))).toEqual([]);
    const explained = explainClassification(mini, 'Budget review', longBody('Some of the parks will offer 5G coverage.'));
    expect(explained.explanations.find((e) => e.id === '5g')).toMatchObject({ fired: false, passingMention: true, score: 2 });
  });

  it('still fires on one mention in a short text, in the title, on repetition, or for a strong term', () => {
    expect(ids('Budget review', 'Some parks will offer 5G coverage.')).toEqual(['5g']);
    expect(ids('5G in the parks', longBody('Some of the parks will offer 5G coverage.'))).toEqual(['5g']);
    expect(ids('Budget review', longBody('Some of the parks will offer 5G coverage, and 5G kiosks.'))).toEqual(['5g']);
    expect(ids('Budget review', longBody('Sensors will join the Internet of Things.'))).toEqual(['iot']);
  });

  it('uses one sense per text: an excluded occurrence voids the others', () => {
    expect(ids('Row 5G seats sold out', 'Fans in the 5G block will get free drinks, the club said.')).toEqual([]);
  });

  it('does not count an acronym that the text defines as something else', () => {
    const body = 'Amnesty International (AI) published a report on detention. AI researchers interviewed former detainees.';
    expect(ids('AI report on detention', body)).toEqual([]);
    const ours = 'The lab trains artificial intelligence (AI) models. AI chips are scarce.';
    expect(ids('AI lab expands', ours)).toEqual(['ai']);
  });
});

