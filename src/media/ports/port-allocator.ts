// RTP/RTCP port pairs from a configured range (HOTLINE_RTP_PORTS, e.g. "20000-29999").
// RFC 3550 §11: "RTP data SHOULD be carried on an even UDP port number and the corresponding
// RTCP packets SHOULD be carried on the next higher (odd) port number."
// Released pairs go to the back of the queue, so a port is not reused while late packets of the
// call that had it may still arrive, but every pair is reused once the others are taken.

import { MediaError } from '../media-error.ts';

export interface PortRange {
  min: number;
  max: number;
}

/** Parses "20000-29999". Throws RangeError on anything else. */
export function parsePortRange(text: string): PortRange {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  if (!m) throw new RangeError(`RTP port range must look like 20000-29999, got ${JSON.stringify(text)}`);
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (min < 1024 || max > 65535 || min > max) throw new RangeError(`RTP port range ${min}-${max} is not within 1024-65535`);
  if (firstEven(min) + 1 > max) throw new RangeError(`RTP port range ${min}-${max} holds no even/odd pair`);
  return { min, max };
}

function firstEven(n: number): number {
  return n % 2 === 0 ? n : n + 1;
}

export class PortAllocator {
  private readonly free: number[] = [];
  private head = 0;
  private readonly inUse = new Set<number>();

  constructor(readonly range: PortRange) {
    for (let p = firstEven(range.min); p + 1 <= range.max; p += 2) this.free.push(p);
  }

  static fromString(text: string): PortAllocator {
    return new PortAllocator(parsePortRange(text));
  }

  get capacity(): number {
    return this.free.length - this.head + this.inUse.size;
  }

  get available(): number {
    return this.free.length - this.head;
  }

  /** Takes a pair; returns the even RTP port (RTCP is +1). Throws MediaError('ports-exhausted'). */
  allocate(): number {
    if (this.head >= this.free.length) {
      throw new MediaError('ports-exhausted', `no free RTP port pair in ${this.range.min}-${this.range.max}`);
    }
    const port = this.free[this.head++] ?? 0;
    // Compact the queue now and then, so it does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.free.length) {
      this.free.splice(0, this.head);
      this.head = 0;
    }
    this.inUse.add(port);
    return port;
  }

  /**
   * Takes one given pair (a media worker re-creating a crashed worker's endpoint where its peers
   * send). Throws MediaError('bad-state') for a port that is in use, odd, or outside the range.
   */
  take(port: number): void {
    const at = this.free.indexOf(port, this.head);
    if (at < 0) throw new MediaError('bad-state', `RTP port ${port} is not a free pair of ${this.range.min}-${this.range.max}`);
    this.free.splice(at, 1);
    this.inUse.add(port);
  }

  /** Gives a pair back. Releasing a port not in use is a no-op (destroy may run twice). */
  release(port: number): void {
    if (!this.inUse.delete(port)) return;
    this.free.push(port);
  }
}
