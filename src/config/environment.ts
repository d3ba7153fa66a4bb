import { z } from 'zod';

/**
 * Deployment settings and secrets come from the environment (see .env.example); they
 * are read here and nowhere else. An absent optional secret switches its part off.
 */
export const environmentSchema = z.object({
  ICT_RADAR_CONFIG: z.string().min(1).optional(),
  STORE_URL: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xox[bpe]-/, 'must be a Slack bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be a Slack app-level token (xapp-…) for Socket Mode').optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DISCORD_TOKEN: z.string().min(20).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'must be the application id (digits)').optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Discord gateway shards in this process: `auto` (Discord's recommended count) or a count; absent: one connection. */
  DISCORD_SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)], { error: 'must be auto or a number of shards (1 to 1000)' }).optional(),
  /** The Redis that carries the shared polling queues (BullMQ); set to run several processes. */
  QUEUE_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  ICT_RADAR_ROLE: z.enum(['all', 'scheduler', 'worker', 'bot']).optional(),
  /** Where /healthz and /metrics are served; absent: no ops server. */
  OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  OPS_HOST: z.string().min(1).optional(),
});

export type Environment = z.output<typeof environmentSchema>;

export function readEnvironment(source: NodeJS.ProcessEnv): Environment {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = environmentSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Some environment variables are invalid (see .env.example):\n${lines.join('\n')}`);
  }
  return result.data;
}
