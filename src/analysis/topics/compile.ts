import { isAcronym, tokenize } from './tokenize.js';
import type { TopicDefinition } from './topic-model.js';

/**
 * All terms, exclusions and context words of all topics compiled into one index, so that a
 * text is read once whatever the number of topics: each word of the text is looked up in a
 * hash map of phrase starts (CJK: each character in a map of term starts).
 */
export type EntryKind = 'term' | 'exclude' | 'context';

export interface Entry {
  kind: EntryKind;
  /** term and exclude: the topic; context: unused (-1). */
  topic: number;
  /** term: index in the topic's terms; exclude: index in its exclusions; context: context id. */
  index: number;
  /** Latin: the words, lower case, and for each whether it must match in its written case. */
  words?: string[];
  exact?: Array<string | undefined>;
  /** The last word may carry a plural ending. */
  inflect?: boolean;
  /** CJK: the term as written. */
  cjk?: string;
}

export interface CompiledTopics {
  topics: TopicDefinition[];
  /** Latin entries by their first word (lower case, singular). */
  byFirstWord: Map<string, Entry[]>;
  /** CJK entries by their first character, longest first. */
  byFirstChar: Map<string, Entry[]>;
  /** Context words: the ids each term needs one of. */
  termContext: number[][][];
  contextCount: number;
}

const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function compileTopics(topics: TopicDefinition[]): CompiledTopics {
  const byFirstWord = new Map<string, Entry[]>();
  const byFirstChar = new Map<string, Entry[]>();
  const contextIds = new Map<string, number>();
  const add = (text: string, entry: Omit<Entry, 'words' | 'exact' | 'cjk' | 'inflect'>, caseMode: 'sensitive' | 'insensitive' | 'auto') => {
    const normalized = text.normalize('NFKC').trim();
    if (HAN.test(normalized)) {
      const key = normalized.toLowerCase();
      const list = byFirstChar.get(key[0] as string) ?? [];
      list.push({ ...entry, cjk: key });
      list.sort((a, b) => (b.cjk?.length ?? 0) - (a.cjk?.length ?? 0));
      byFirstChar.set(key[0] as string, list);
      return;
    }
    const tokens = tokenize(normalized);
    if (tokens.length === 0) return;
    const exact = tokens.map((t) => (caseMode === 'sensitive' || (caseMode === 'auto' && isAcronym(t.text)) ? t.text : undefined));
    const words = tokens.map((t) => t.lower);
    const list = byFirstWord.get(words[0] as string) ?? [];
    list.push({ ...entry, words, exact, inflect: true });
    byFirstWord.set(words[0] as string, list);
  };
  const termContext: number[][][] = [];
  topics.forEach((topic, t) => {
    termContext[t] = topic.terms.map((term, i) => {
      add(term.term, { kind: 'term', topic: t, index: i }, term.case);
      return term.requires.map((word) => {
        const key = word.normalize('NFKC').trim().toLowerCase();
        let id = contextIds.get(key);
        if (id === undefined) {
          id = contextIds.size;
          contextIds.set(key, id);
          add(word, { kind: 'context', topic: -1, index: id }, 'insensitive');
        }
        return id;
      });
    });
    topic.exclude.forEach((phrase, i) => add(phrase, { kind: 'exclude', topic: t, index: i }, 'insensitive'));
  });
  return { topics, byFirstWord, byFirstChar, termContext, contextCount: contextIds.size };
}
