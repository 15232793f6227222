// Free chunk buffers shared by every WavWriter of the process: a writer hands its full chunk to
// the file and takes a fresh one; the written chunk comes back here once its write completes. So
// a recording costs no allocation (and no zero-fill, and no external-memory pressure that drives
// V8 into full collections) per chunk, and the memory in flight is shared by all recordings.
//
//   const buf = wavChunkPool.take(32000);   // contents undefined: write before you read
//   ...write buf to the file...
//   wavChunkPool.give(buf);                 // after the write completed

export class ChunkPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;

  /** Keeps at most `maxFreeBytes` of idle buffers; beyond that returned buffers are left to the GC. */
  constructor(private readonly maxFreeBytes: number) {}

  /** Idle bytes held for reuse. */
  get idleBytes(): number {
    return this.freeBytes;
  }

  take(size: number): Buffer {
    const buf = this.free.get(size)?.pop();
    if (buf) {
      this.freeBytes -= size;
      return buf;
    }
    // Not zero-filled: a writer only ever writes out the bytes it filled.
    return Buffer.allocUnsafeSlow(size);
  }

  give(buf: Buffer): void {
    if (this.freeBytes + buf.length > this.maxFreeBytes) return;
    let list = this.free.get(buf.length);
    if (!list) {
      list = [];
      this.free.set(buf.length, list);
    }
    list.push(buf);
    this.freeBytes += buf.length;
  }
}

/** The process's pool for recording chunks: up to 4 MiB idle (128 one-second 16-bit stereo chunks, 256 µ-law ones). */
export const wavChunkPool = new ChunkPool(4 * 1024 * 1024);
