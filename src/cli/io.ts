/** What a CLI command may touch of the outside world: passed in, so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Colour on stdout (a terminal, and NO_COLOR unset). */
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** Resolves on SIGINT/SIGTERM (the long-running worker waits on it). */
  untilSignal(): Promise<string>;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    env: process.env,
    untilSignal: () =>
      new Promise((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }),
  };
}

/** A failure the user can fix: printed as is, without a stack, with exit code 2. */
export class UsageError extends Error {}
