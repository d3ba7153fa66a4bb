import { createHash } from 'node:crypto';

/** A short, stable digest for store keys: 16 hex chars of SHA-256 (64 bits, ample per feed). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A stable number in [0, 1) derived from text: spreads feeds over their interval deterministically. */
export function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 0x1_0000_0000;
}
