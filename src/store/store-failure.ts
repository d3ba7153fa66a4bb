/**
 * How a store tells what went wrong, shared by every backend (re-exported by open-store, which
 * the rest of the code imports). Kept apart so that the backends' modules need not import
 * open-store, which imports them.
 */
export class StoreUrlError extends Error {}

/** Why the store stopped: the message names the store (file, or redacted URL) and says what to do. */
export class StoreFailure extends Error {
  constructor(
    readonly kind: 'locked' | 'full' | 'unwritable' | 'disk' | 'damaged' | 'unreachable' | 'refused',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreFailure';
  }
}

/** Store URLs may carry passwords (redis://user:pass@host): never print them. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/**
 * The first failure of a store, kept: `failed` settles with it, and every later operation is
 * refused with it before it reaches the server, so nothing is half-saved after it.
 */
export class FailureLatch {
  private first: StoreFailure | undefined;
  private settle: (failure: StoreFailure) => void = () => undefined;
  readonly failed = new Promise<StoreFailure>((resolve) => (this.settle = resolve));

  get failure(): StoreFailure | undefined {
    return this.first;
  }

  report(failure: StoreFailure): StoreFailure {
    if (!this.first) {
      this.first = failure;
      this.settle(failure);
    }
    return this.first;
  }

  /**
   * Runs one operation unless the store has failed. An error that `classify` knows as
   * environmental (the server gone, full, refusing us) fails the store; any other error is the
   * caller's and passes through unchanged.
   */
  guard(classify: (error: unknown) => StoreFailure | undefined): <T>(work: () => Promise<T>) => Promise<T> {
    return async (work) => {
      if (this.first) throw this.first;
      try {
        return await work();
      } catch (error) {
        const known = error instanceof StoreFailure ? error : classify(error);
        throw known ? this.report(known) : error;
      }
    };
  }
}
