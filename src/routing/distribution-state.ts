/**
 * The memory the stateful strategies need between calls: round-robin cursors and percentage decks,
 * per number and group. Kept in this process only: a restart starts every cursor and deck afresh,
 * and in a cluster each node keeps its own (shares still hold per node). Randomness is a seeded
 * PRNG so tests and benchmarks are repeatable.
 */

import { seededRandom } from '../random/seeded-random.ts';

// Re-exported for the routing benchmarks, which import it from here.
export { seededRandom };

interface Deck {
  signature: string;
  cards: number[];
  next: number;
}

const MAX_KEYS = 100_000;

export class DistributionState {
  private readonly cursors = new Map<string, number>();
  private readonly decks = new Map<string, Deck>();
  private readonly random: () => number;

  constructor(opts: { seed?: number } = {}) {
    this.random = seededRandom(opts.seed ?? 0x400);
  }

  /** The next start index for round-robin over `size` phones. */
  nextRoundRobin(key: string, size: number): number {
    const n = this.cursors.get(key) ?? 0;
    if (this.cursors.size >= MAX_KEYS && !this.cursors.has(key)) this.cursors.clear();
    this.cursors.set(key, n + 1);
    return n % size;
  }

  /**
   * Percentage (1 % steps): a deck of 100 cards, `percent` cards per phone, shuffled; each call
   * draws the next card and a spent deck is reshuffled. Every 100 calls therefore give each phone
   * exactly its share, in a random order. A changed set of weights starts a new deck.
   */
  drawWeighted(key: string, percents: readonly number[]): number {
    const signature = percents.join(',');
    let deck = this.decks.get(key);
    if (!deck || deck.signature !== signature || deck.next >= deck.cards.length) {
      if (this.decks.size >= MAX_KEYS && !deck) this.decks.clear();
      deck = { signature, cards: this.shuffle(percents.flatMap((p, i) => Array<number>(p).fill(i))), next: 0 };
      this.decks.set(key, deck);
    }
    return deck.cards[deck.next++] ?? 0;
  }

  /** Fisher–Yates. */
  private shuffle(cards: number[]): number[] {
    for (let i = cards.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = cards[i] as number;
      cards[i] = cards[j] as number;
      cards[j] = t;
    }
    return cards;
  }
}
