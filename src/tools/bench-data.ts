import type { TopicDefinition } from '../analysis/topics/topic-model.js';

/** Deterministic generated data for the benchmarks: the same run after run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GENERAL =
  'the a of to and in for on with said that by from at as is was will be has have government company market report year new more than industry officials plan development national growth according percent million billion first would also project city province services support network technology operators companies announced launch build system use users public data which its their been over after could about where new while region investment construction local capacity global partners research application digital cooperation enterprises products quality future strategy economic level service key major'.split(
    ' ',
  );

/** Items of about `bytes` characters: general prose with ICT terms from the pack sprinkled in. */
export function generateItems(count: number, topics: TopicDefinition[], bytes = 1500, seed = 42): Array<{ title: string; body: string }> {
  const random = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const terms = topics.flatMap((t) => t.terms.map((term) => term.term)).filter((term) => !/[\u4e00-\u9fff]/.test(term));
  const items: Array<{ title: string; body: string }> = [];
  for (let i = 0; i < count; i += 1) {
    const words: string[] = [];
    let length = 0;
    while (length < bytes) {
      const word = random() < 0.04 && terms.length ? pick(terms) : pick(GENERAL);
      words.push(random() < 0.06 ? `${word}.` : word);
      length += word.length + 1;
    }
    const titleWords = Array.from({ length: 9 }, () => (random() < 0.2 && terms.length ? pick(terms) : pick(GENERAL)));
    // One item in ten announces a conference, so extraction has real work to do.
    const event = random() < 0.1 ? ` The ${2020 + Math.floor(random() * 6)} World ${pick(['Internet', 'Digital Economy', '5G', 'Computing'])} Conference will be held in ${pick(['Wuxi', 'Chengdu', 'Wuhan'])} from November ${1 + Math.floor(random() * 20)} to ${21 + Math.floor(random() * 5)}.` : '';
    items.push({ title: titleWords.join(' '), body: words.join(' ') + event });
  }
  return items;
}

/** Synthetic topics of made-up words, to grow the pack to `total` topics. */
export function syntheticTopics(total: number, existing: TopicDefinition[], seed = 7): TopicDefinition[] {
  const random = rng(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'zo', 'vi', 'qu', 'ex', 'an', 'or', 'pe', 'si', 'du'];
  const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join('');
  const topics = [...existing];
  for (let i = topics.length; i < total; i += 1) {
    const terms = Array.from({ length: 30 }, (_, k) => ({
      term: k % 3 === 0 ? `${word()} ${word()}` : word(),
      weight: 1 + Math.floor(random() * 3),
      case: 'auto' as const,
      requires: [],
    }));
    topics.push({ id: `synthetic-${i}`, name: `Synthetic ${i}`, description: '', threshold: 2, enabled: true, terms, exclude: [word()] });
  }
  return topics;
}
