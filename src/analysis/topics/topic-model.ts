import { z } from 'zod';

/**
 * A topic as the classifier uses it. The YAML pack writes Latin-script terms under `terms`
 * and Chinese ones under `zh`; both end up in one list, and the script of each term decides
 * how it is matched (word boundaries, or substrings for CJK).
 */
// Terms are words and phrases, never patterns: every term of every topic is matched in one
// pass over the text, which a regular expression per term would break.
const termText = z
  .string()
  .trim()
  .min(1, 'a term must not be empty')
  .max(100, 'a term is at most 100 characters')
  .refine((text) => !/^\/.+\/[a-z]*$/.test(text) && !/[\\^$*?{}[\]|]/.test(text), {
    message: 'a term is a word or phrase, not a regular expression: write each variant as its own term (plurals, hyphens and case are handled already)',
  });

export const termSchema = z.union([
  termText,
  z.strictObject({
    term: termText,
    weight: z.number().min(0.1, 'weight must be between 0.1 and 5').max(5, 'weight must be between 0.1 and 5').default(1),
    case: z.enum(['sensitive', 'insensitive', 'auto']).default('auto'),
    requires: z.array(z.string().trim().min(1)).max(50).default([]),
  }),
]);

export const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a topic id is lowercase letters, digits and dashes, such as "5g" or "smart-city"'),
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(300).default(''),
  threshold: z.number().min(0.1, 'threshold must be between 0.1 and 50').max(50, 'threshold must be between 0.1 and 50').default(2),
  enabled: z.boolean().default(true),
  terms: z.array(termSchema).default([]),
  zh: z.array(termSchema).default([]),
  exclude: z.array(z.string().trim().min(1).max(100)).default([]),
});

export type TopicInput = z.input<typeof topicSchema>;

export interface TermDefinition {
  term: string;
  weight: number;
  case: 'sensitive' | 'insensitive' | 'auto';
  requires: string[];
}

export interface TopicDefinition {
  id: string;
  name: string;
  description: string;
  threshold: number;
  enabled: boolean;
  terms: TermDefinition[];
  exclude: string[];
}

/** Validated YAML (or stored) topic → the classifier's form. */
export function toTopicDefinition(parsed: z.output<typeof topicSchema>): TopicDefinition {
  const term = (t: z.output<typeof termSchema>): TermDefinition =>
    typeof t === 'string' ? { term: t, weight: 1, case: 'auto', requires: [] } : { term: t.term, weight: t.weight, case: t.case, requires: t.requires };
  return {
    id: parsed.id,
    name: parsed.name,
    description: parsed.description,
    threshold: parsed.threshold,
    enabled: parsed.enabled,
    terms: [...parsed.terms, ...parsed.zh].map(term),
    exclude: parsed.exclude,
  };
}
