/**
 * A password the platform makes up and prints once (first start, `hotline user add`, a reset): 8
 * random bytes between fixed pieces, so it has all four character kinds the strength rule asks
 * for and ≥ 64 bits of entropy.
 */
import { randomBytes, randomInt } from 'node:crypto';

export function generatedPassword(): string {
  return `Hl-${randomBytes(8).toString('base64url')}-${randomInt(10, 99)}`;
}
