import { z } from 'zod';
import { duration, slug } from './schema-helpers.js';

/** config/feeds.yaml: the feed list. `url` is http(s) or a local file path (relative to the YAML file). */
export const feedEntrySchema = z.strictObject({
  id: slug,
  name: z.string().trim().min(1, 'must be a non-empty name').max(200),
  url: z
    .string()
    .trim()
    .min(1, 'must be an http(s) URL or a file path')
    .refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(https?|file):\/\//i.test(value), {
      message: 'must use http:// or https:// (or be a local file path)',
    }),
  interval: duration('30m').optional(),
  enabled: z.boolean().default(true),
});

export const feedsFileSchema = z
  .strictObject({ feeds: z.array(feedEntrySchema).default([]) })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.feeds.forEach((feed, index) => {
      const first = seen.get(feed.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['feeds', index, 'id'], message: `"${feed.id}" is already the id of feeds[${first}]: give each feed its own id` });
      } else seen.set(feed.id, index);
    });
  });

export type FeedEntry = z.output<typeof feedEntrySchema>;
