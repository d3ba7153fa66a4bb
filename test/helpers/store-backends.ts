import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import pg from 'pg';

/**
 * The three store backends for suites that run on each: SQLite (a temp file), Redis
 * (REDIS_URL, a fresh key prefix per run) and PostgreSQL (DATABASE_URL, a fresh schema per
 * run), each removed afterwards. A server backend without its URL carries the reason to skip.
 */
const run = randomUUID().slice(0, 8);
export const { REDIS_URL, DATABASE_URL } = process.env;

export interface Backend {
  title: string;
  /** Set when the backend cannot run here. */
  skip?: string;
  /** Where this run's state lives (the same place each call, so a store can be reopened). */
  url: () => string;
  dispose: () => Promise<void>;
}

export function withParameter(url: string, name: string, value: string, port?: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  if (port !== undefined) {
    parsed.hostname = '127.0.0.1';
    parsed.port = String(port);
  }
  return parsed.toString();
}

export const sqlite = (): Backend => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-backends-'));
  return { title: 'sqlite', url: () => `sqlite://${path.join(dir, 'state.sqlite')}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
};

export const redisPrefix = `ict-radar-test-${run}`;
export async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) if (keys.length) await client.unlink(keys);
  await client.close();
}
export const redis = (): Backend =>
  REDIS_URL
    ? { title: 'redis', url: () => withParameter(REDIS_URL, 'prefix', redisPrefix), dispose: () => dropRedisKeys(REDIS_URL, redisPrefix) }
    : { title: 'redis', skip: 'REDIS_URL unset', url: () => '', dispose: async () => undefined };

export const pgSchema = `ict_radar_test_${run.replace(/-/g, '_')}`;
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
export const postgres = (): Backend =>
  DATABASE_URL
    ? { title: 'postgres', url: () => withParameter(DATABASE_URL, 'schema', pgSchema), dispose: () => dropSchema(DATABASE_URL, pgSchema) }
    : { title: 'postgres', skip: 'DATABASE_URL unset', url: () => '', dispose: async () => undefined };


/** All three, as describe.each rows: [title, backend]. */
export const backends = () => [sqlite(), redis(), postgres()].map((backend) => [backend.title, backend] as const);
