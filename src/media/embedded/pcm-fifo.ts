// A bounded FIFO of 8 kHz samples between the RTP receive path (arrivals in bursts, any ptime)
// and a 20 ms consumer (recorder channel, conference member). A consumer that finds too little
// gets silence for the gap; one that falls behind loses the oldest samples, so the two channels of
// a recording stay time-aligned.

export class PcmFifo {
  private readonly buf: Int16Array;
  private head = 0;
  private length = 0;
  /** Samples thrown away because the FIFO was full. */
  overflowed = 0;
  /** Samples of silence handed out because the FIFO was short. */
  underflowed = 0;

  constructor(capacity = 8000 / 5) {
    this.buf = new Int16Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  push(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++) {
      if (this.length === this.buf.length) {
        this.head = (this.head + 1) % this.buf.length;
        this.length--;
        this.overflowed++;
      }
      this.buf[(this.head + this.length) % this.buf.length] = samples[i] ?? 0;
      this.length++;
    }
  }

  /** Fills `out` from the FIFO, zeros past what it holds. Returns the samples that were real. */
  pull(out: Int16Array): number {
    const n = Math.min(out.length, this.length);
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.head + i) % this.buf.length] ?? 0;
    out.fill(0, n);
    this.head = (this.head + n) % this.buf.length;
    this.length -= n;
    this.underflowed += out.length - n;
    return n;
  }

  /** Forgets the `n` oldest samples (a consumer that lagged catches up). */
  dropOldest(n: number): void {
    const k = Math.min(n, this.length);
    this.head = (this.head + k) % this.buf.length;
    this.length -= k;
    this.overflowed += k;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}
