// A fixed-bin histogram of milliseconds (0.05 ms bins up to 500 ms): cheap to fill per packet.

const BIN_MS = 0.05;
const BINS = 10_000;

export class Histogram {
  private readonly bins = new Uint32Array(BINS + 1);
  count = 0;

  add(ms: number): void {
    const i = Math.min(BINS, Math.max(0, Math.floor(ms / BIN_MS)));
    this.bins[i] = (this.bins[i] ?? 0) + 1;
    this.count++;
  }

  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i <= BINS; i++) {
      seen += this.bins[i] ?? 0;
      if (seen >= target) return (i + 1) * BIN_MS;
    }
    return BINS * BIN_MS;
  }

  reset(): void {
    this.bins.fill(0);
    this.count = 0;
  }
}
