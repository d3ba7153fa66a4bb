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
