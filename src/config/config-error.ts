import type { z } from 'zod';

export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
}

/** A refused configuration: every problem names the file, the key, what is wrong and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}; ict-radar will not start until ${problems.length === 1 ? 'it is' : 'they are'} fixed:\n` +
        problems.map((p) => `  - ${p.file}: ${p.key ? `${p.key}: ` : ''}${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Turns zod's issues into problems people can act on. */
export function problemsFromZod(file: string, schema: z.ZodType, error: z.ZodError, input: unknown): ConfigProblem[] {
  return error.issues.map((issue) => {
    const key = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      return {
        file,
        key,
        message: issue.keys
          .map((name) => {
            const guess = closest(name, known);
            return `unknown key "${name}": ${guess ? `did you mean "${guess}"?` : `remove it${known.length ? ` (known keys here: ${known.join(', ')})` : ''}`}`;
          })
          .join('; '),
      };
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      return { file, key, message: `is missing: add it (${issue.message.replace(/^Invalid input: /, '')})` };
    }
    return { file, key, message: issue.message.replace(/^Invalid input: /, '') };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

/** Walks a schema along a path (through defaults, optionals, arrays and pipes) to list an object's keys. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const part of [...path, undefined]) {
    for (let guard = 0; guard < 10; guard += 1) {
      const def = (node as { def?: { type?: string; innerType?: unknown; in?: unknown; element?: unknown; schema?: unknown } }).def;
      if (!def) return [];
      if (def.innerType) node = def.innerType;
      else if (def.type === 'pipe') node = def.in;
      else break;
    }
    if (part === undefined) break;
    if (typeof part === 'number') node = (node as { def: { element?: unknown } }).def.element;
    else node = (node as { shape?: Record<string, unknown> }).shape?.[String(part)];
    if (!node) return [];
  }
  const shape = (node as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
