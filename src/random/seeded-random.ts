/**
 * A seeded PRNG, so that whatever draws from it (percentage decks in routing, fuzz mutations in
 * tests, benchmark fixtures) repeats exactly from its seed: a failure can be replayed.
 * Not for anything secret (nonces, passwords, tags): those use node:crypto.
 */

/** mulberry32: a small, fast 32-bit PRNG; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
