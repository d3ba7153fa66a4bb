/**
 * The logger port and its one implementation: lines on stderr, either readable
 * ("2026-11-21T10:00:00Z warn  feed failed feed=x error=...") or JSON for log shippers.
 * Every line passes through the redactor, so a secret registered at start-up can
 * never reach a log, whichever code path printed it.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level?: LogLevel;
  format?: 'pretty' | 'json';
  write?: (line: string) => void;
  redact?: Redactor;
  now?: () => Date;
}

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would blank out ordinary words; real tokens are long.
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  apply(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const redact = options.redact ?? new Redactor();
  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
    if (RANK[level] < threshold) return;
    const all = { ...bound, ...fields };
    const line =
      options.format === 'json'
        ? JSON.stringify({ time: now().toISOString(), level, msg: message, ...all }, jsonSafe)
        : `${now().toISOString()} ${level.padEnd(5)} ${message}${formatFields(all)}`;
    write(redact.apply(line));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

function jsonSafe(_key: string, value: unknown): unknown {
  return value instanceof Error ? value.message : value;
}

function formatFields(fields: LogFields): string {
  let out = '';
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value);
    out += ` ${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
  }
  return out;
}
