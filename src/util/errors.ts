/** Turns anything thrown into a one-line reason fit for a log or `feeds status`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: unknown }).code;
    let text = error.message || error.name;
    if (typeof code === 'string' && !text.includes(code)) text = `${text} (${code})`;
    if (cause instanceof Error && cause.message && !text.includes(cause.message)) text = `${text}: ${cause.message}`;
    return text.replace(/\s+/g, ' ').trim().slice(0, 500);
  }
  return String(error).slice(0, 500);
}
