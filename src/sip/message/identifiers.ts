import { randomBytes } from 'node:crypto';

/** RFC 3261 §8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST always begin with the characters z9hG4bK". */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

// Random bytes are drawn in blocks: one crypto call per 64 identifiers on the hot path.
let pool = Buffer.alloc(0);
let poolPos = 0;

function randomHex(bytes: number): string {
  if (poolPos + bytes > pool.length) {
    pool = randomBytes(1024);
    poolPos = 0;
  }
  const s = pool.toString('hex', poolPos, poolPos + bytes);
  poolPos += bytes;
  return s;
}

/** A branch unique across space and time (§8.1.1.7), 128 random bits. */
export function generateBranch(): string {
  return BRANCH_MAGIC_COOKIE + randomHex(16);
}

/** A From/To tag with at least 32 bits of randomness (§19.3); 64 here. */
export function generateTag(): string {
  return randomHex(8);
}

/** A globally unique Call-ID (§8.1.1.4), 128 random bits. */
export function generateCallId(): string {
  return randomHex(16);
}
