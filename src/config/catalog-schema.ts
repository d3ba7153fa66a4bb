import { z } from 'zod';
import { topicSchema } from '../analysis/topics/topic-model.js';
import { slug } from './schema-helpers.js';

/** config/topics.yaml: the shipped topic pack. */
export const topicsFileSchema = z
  .strictObject({ topics: z.array(topicSchema).default([]) })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.topics.forEach((topic, index) => {
      const first = seen.get(topic.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['topics', index, 'id'], message: `"${topic.id}" is already the id of topics[${first}]: give each topic its own id` });
      else seen.set(topic.id, index);
    });
  });

/** config/events.yaml: conferences entered by hand. Their full shape arrives with the calendar work. */
export const eventsFileSchema = z.strictObject({
  events: z.array(z.looseObject({ id: slug })).default([]),
});
