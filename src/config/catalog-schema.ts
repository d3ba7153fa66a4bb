import { z } from 'zod';
import { slug } from './schema-helpers.js';

/**
 * config/topics.yaml and config/events.yaml. Their full shape arrives with the topics and
 * calendar work; for now each entry needs an id and may carry any other fields.
 */
export const topicsFileSchema = z.strictObject({
  topics: z.array(z.looseObject({ id: slug })).default([]),
});

export const eventsFileSchema = z.strictObject({
  events: z.array(z.looseObject({ id: slug })).default([]),
});
