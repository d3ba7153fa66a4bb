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

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date written YYYY-MM-DD, such as "2024-11-07"');

/** config/events.yaml: conferences entered by hand; extraction never overwrites them. */
export const eventsFileSchema = z.strictObject({
  events: z
    .array(
      z
        .strictObject({
          name: z.string().trim().min(1, 'must be the event\'s name').max(200),
          city: z.string().trim().min(1).max(100).optional(),
          country: z.string().trim().min(1).max(100).optional(),
          start: calendarDate,
          end: calendarDate.optional(),
          topics: z.array(slug).default([]),
          link: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
        })
        .refine((event) => !event.end || event.end >= event.start, { message: 'end is before start: an event ends on or after the day it starts', path: ['end'] }),
    )
    .default([]),
});
