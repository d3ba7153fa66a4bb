import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const builtCli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the CLI in-process with captured output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    color: false,
    env,
    untilSignal: () => new Promise(() => undefined),
  };
  const before = process.exitCode;
  const code = await main(args, io);
  process.exitCode = before;
  return { code, out, err };
}

export interface SpawnedCli {
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<void>;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs the built CLI as a real process (dist/ is built by `npm test` before vitest starts). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repoRoot): SpawnedCli {
  const child = spawn(process.execPath, [builtCli, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    stdout: () => out,
    stderr: () => err,
    exit,
    kill: (signal) => child.kill(signal),
    waitFor: (pattern, stream = 'stdout', timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(stream === 'stdout' ? out : err)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} on ${stream}.\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        void exit.then(() => setTimeout(check, 0));
        check();
      }),
  };
}
