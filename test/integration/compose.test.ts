import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/cli/commands/start.js';
import { environmentSchema } from '../../src/config/environment.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * No Docker engine runs here, so docker-compose.yml is checked against the code instead: the
 * services, roles and variables it names must be ones ict-radar has, with values it accepts.
 * A renamed variable or role then fails here, not on an operator's first `docker compose up`.
 */

/** Variables read by Docker Compose itself (interpolation) or by a third-party image, never by ict-radar. */
const COMPOSE_ONLY: Record<string, string> = {
  POSTGRES_PASSWORD: 'the postgres service password, interpolated into STORE_URL',
  ICT_RADAR_WORKERS: 'replicas of the worker service',
};
/** The postgres image's own variables, allowed on that service only. */
const POSTGRES_IMAGE = ['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD'];
const ICT_RADAR_SERVICES = ['scheduler', 'worker', 'bot'];
/** Remote stores every process can share (open-store.ts); sqlite:// and memory:// are per container. */
const SHARED_STORE_SCHEMES = ['postgres', 'postgresql', 'redis', 'rediss'];

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  deploy?: { replicas?: string | number };
}

const text = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
// Compose resolves `<<:` merge keys (YAML 1.1); the yaml package does when asked.
const compose = parse(text, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const known = new Set(Object.keys(environmentSchema.shape));

/** Compose interpolation as `docker compose` does it, with POSTGRES_PASSWORD set as in .env. */
const given: Record<string, string> = { POSTGRES_PASSWORD: 'example-password' };
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (given[name] !== undefined) return given[name];
    if (kind === '-') return rest ?? '';
    throw new Error(`${name} is required: ${rest ?? ''}`);
  });
}
const environmentOf = (name: string) => Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));

describe('docker-compose.yml, checked against the code', () => {
  it('has redis, postgres, a scheduler, workers and a bot, each ict-radar service in a role start accepts', () => {
    expect(Object.keys(services).sort()).toEqual(['bot', 'postgres', 'redis', 'scheduler', 'worker']);
    for (const name of ICT_RADAR_SERVICES) {
      const command = services[name]?.command ?? [];
      expect(command.slice(0, 2), name).toEqual(['start', '--role']);
      expect(ROLES as readonly string[], name).toContain(command[2]);
      expect(command[2], 'each service is named after its role').toBe(name);
      expect(services[name]?.build, name).toBe('.');
    }
  });

  it('names only variables ict-radar reads, with values it accepts', () => {
    for (const name of ICT_RADAR_SERVICES) {
      const env = environmentOf(name);
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: ${key} is not in environmentSchema`).toBe(true);
      // The same validation `start` runs: a value it would refuse fails here.
      expect(environmentSchema.safeParse(env).error?.issues ?? [], name).toEqual([]);
    }
    for (const key of Object.keys(services.postgres?.environment ?? {})) expect(POSTGRES_IMAGE, key).toContain(key);
    // Every ${NAME} anywhere in the file is ict-radar's or one of Compose's own, listed above.
    const interpolated = [...text.matchAll(/\$\{(\w+)/g)].map((match) => match[1] as string);
    for (const name of interpolated) expect(known.has(name) || name in COMPOSE_ONLY, `\${${name}} is unknown`).toBe(true);
  });

  it('puts state in Postgres and queues in Redis, the same for every process, on services of this file', () => {
    const openStore = readFileSync(path.join(repoRoot, 'src/store/open-store.ts'), 'utf8');
    const first = environmentOf('scheduler');
    for (const name of ICT_RADAR_SERVICES) {
      const env = environmentOf(name);
      expect(env.STORE_URL, `${name} shares the store`).toBe(first.STORE_URL);
      expect(env.QUEUE_URL, `${name} shares the queues`).toBe(first.QUEUE_URL);
    }
    const store = new URL(first.STORE_URL ?? '');
    const scheme = store.protocol.replace(/:$/, '');
    expect(SHARED_STORE_SCHEMES).toContain(scheme);
    expect(openStore, 'openStore accepts the scheme').toContain(`scheme === '${scheme}'`);
    expect(store.hostname).toBe('postgres');
    expect(store.password).toBe(given.POSTGRES_PASSWORD);
    expect(store.pathname.slice(1)).toBe(services.postgres?.environment?.POSTGRES_DB);
    expect(store.username).toBe(services.postgres?.environment?.POSTGRES_USER);
    const queue = new URL(first.QUEUE_URL ?? '');
    expect(environmentSchema.shape.QUEUE_URL.safeParse(first.QUEUE_URL).success).toBe(true);
    expect(queue.hostname).toBe('redis');
  });

  it('runs several workers, one bot with its ports, and starts them after healthy backends', () => {
    const replicas = Number(interpolate(String(services.worker?.deploy?.replicas)));
    expect(Number.isInteger(replicas) && replicas >= 1).toBe(true);
    expect(services.bot?.deploy?.replicas ?? 1).toBe(1);
    const bot = environmentOf('bot');
    const published = (services.bot?.ports ?? []).map((port) => port.split(':').at(-1));
    expect(published).toContain(bot.PORT);
    expect(published).toContain(bot.OPS_PORT);
    for (const name of ICT_RADAR_SERVICES) {
      for (const backend of ['redis', 'postgres']) {
        expect(services[name]?.depends_on?.[backend]?.condition, `${name} waits for ${backend}`).toBe('service_healthy');
        expect(services[backend]?.healthcheck, `${backend} has a healthcheck to wait for`).toBeDefined();
      }
    }
    expect(services.postgres?.healthcheck?.test).toContain('pg_isready');
  });

  it('probes /healthz on the OPS_PORT each ict-radar service serves', () => {
    for (const name of ICT_RADAR_SERVICES) {
      const port = environmentOf(name).OPS_PORT;
      expect(port, `${name} sets OPS_PORT`).toMatch(/^\d+$/);
      expect(services[name]?.healthcheck?.test.join(' '), name).toContain(`:${port}/healthz`);
    }
  });
});

describe('.env.example and environmentSchema', () => {
  // Set or commented out (`# NAME=`): both document the variable.
  const named = [...readFileSync(path.join(repoRoot, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] as string);

  it('lists only variables ict-radar reads, or Compose-only ones', () => {
    for (const name of named) expect(known.has(name) || name in COMPOSE_ONLY, `${name} is not in environmentSchema`).toBe(true);
  });

  it('lists every variable ict-radar reads', () => {
    for (const name of known) expect(named, `${name} is missing from .env.example`).toContain(name);
  });
});
