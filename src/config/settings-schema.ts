import { z } from 'zod';
import { byteSize, duration, timezone } from './schema-helpers.js';

/**
 * config/settings.yaml. Every key has a default, so the file may hold only what an
 * operator changes; unknown keys are refused so that a typo cannot pass silently.
 */
export const pollSettingsSchema = z.strictObject({
  interval: duration('30m').prefault('30m'),
  minInterval: duration('5m').prefault('5m'),
  maxCacheAge: duration('6h').prefault('6h'),
  tick: duration('30s').prefault('30s'),
  /** Never-read feeds (a fresh start, new feeds) have their first polls spread over this window. */
  firstPollSpread: duration('1m').prefault('1m'),
  concurrency: z.number().int().min(1).max(1000).default(32),
  perHostConcurrency: z.number().int().min(1).max(100).default(2),
  connectTimeout: duration('10s').prefault('10s'),
  timeout: duration('30s').prefault('30s'),
  maxBodySize: byteSize('5MB').prefault('5MB'),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  userAgent: z.string().min(1).default('ict-radar/0.1 (+https://github.com/ict-radar/ict-radar; RSS news alerts)'),
});

export const itemSettingsSchema = z.strictObject({
  /** How many of a newly added feed's newest items to announce on its first read ("all" for every one). */
  announceOnFirstPoll: z.union([z.number().int().min(0), z.literal('all')]).default(0),
  /** Items published longer ago than this are recorded but never announced ("off" to announce any age). */
  maxAge: z.union([z.literal('off'), duration('7d')]).prefault('7d'),
  /** A feed that suddenly lists hundreds of new items announces only its newest N. */
  maxPerPoll: z.number().int().min(1).max(10_000).default(50),
  /** How long an item's identity is remembered after it was first seen. */
  seenRetention: duration('400d').prefault('400d'),
});

export const failureSettingsSchema = z.strictObject({
  backoffBase: duration('5m').prefault('5m'),
  backoffMax: duration('24h').prefault('24h'),
  disableAfter: z.number().int().min(1).max(1000).default(10),
});

export const settingsSchema = z.strictObject({
  poll: pollSettingsSchema.prefault({}),
  items: itemSettingsSchema.prefault({}),
  failures: failureSettingsSchema.prefault({}),
  store: z
    .strictObject({
      url: z.string().min(1).default('sqlite://data/ict-radar.sqlite'),
      /** How long to wait for a store locked by another process before stopping with an error. */
      busyTimeout: duration('10s').prefault('10s'),
    })
    .prefault({}),
  chat: z
    .strictObject({
      /** The root slash command: /radar by default. */
      command: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be a command name of lowercase letters, digits, - or _, such as "radar"').default('radar'),
      /** Extra admins by user id, besides Slack workspace admins/owners and Discord members with Manage Server. */
      admins: z.strictObject({ slack: z.array(z.string()).default([]), discord: z.array(z.string()).default([]) }).prefault({}),
      /** Let admins add feeds on private, loopback or link-local addresses from chat (off: no SSRF through chat). */
      allowPrivateFeeds: z.boolean().default(false),
    })
    .prefault({}),
  /** Several processes sharing the polling through BullMQ (QUEUE_URL). */
  queue: z
    .strictObject({
      /** Poll jobs one worker process runs at once. */
      concurrency: z.number().int().min(1).max(1000).default(32),
      /** A worker silent this long (killed, frozen) loses its job to another worker. */
      stallTimeout: duration('30s').prefault('30s'),
      /** Redis key prefix of the queues, so that two deployments can share one Redis. */
      prefix: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be letters, digits, "_", "." or "-"').default('ict-radar'),
    })
    .prefault({}),
  summary: z.strictObject({ maxChars: z.number().int().min(60).max(2000).default(280) }).prefault({}),
  timezone: timezone.default('UTC'),
  log: z
    .strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
      format: z.enum(['pretty', 'json']).default('pretty'),
    })
    .prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;
export type PollSettings = Settings['poll'];
export type ItemSettings = Settings['items'];
export type FailureSettings = Settings['failures'];
