// The UDP socket pair of one endpoint: RTP on an even port, RTCP on the next (RFC 3550 §11),
// bound to the engine's address through the engine's DatagramIo (native or node:dgram). A pair
// some other process holds (EADDRINUSE) is skipped, not fatal.

import { MediaError } from '../media-error.ts';
import type { PortAllocator } from '../ports/port-allocator.ts';
import type { DatagramIo, DatagramSocket } from './datagram-io.ts';

export class RtpSocketPair {
  private closed = false;

  private constructor(
    readonly rtp: DatagramSocket,
    readonly rtcp: DatagramSocket,
    readonly port: number,
    private readonly allocator: PortAllocator,
  ) {}

  /** Binds a free pair from the allocator; tries further pairs while ports are taken elsewhere. */
  static async open(address: string, allocator: PortAllocator, io: DatagramIo, attempts = 16): Promise<RtpSocketPair> {
    let lastError: unknown;
    const taken: number[] = [];
    try {
      for (let i = 0; i < attempts; i++) {
        const port = allocator.allocate();
        try {
          return await RtpSocketPair.bind(address, allocator, io, port);
        } catch (err) {
          lastError = err;
          taken.push(port);
        }
      }
    } finally {
      // Pairs another process holds go back to the end of the pool: they may be free later.
      for (const p of taken) allocator.release(p);
    }
    throw new MediaError('backend', `could not bind an RTP port pair on ${address}: ${(lastError as Error | undefined)?.message ?? 'unknown error'}`);
  }

  /**
   * Binds one given pair (see PortAllocator.take). The sockets of a thread that just ended may
   * still be closing: EADDRINUSE is retried for up to `waitMs`.
   */
  static async openAt(address: string, allocator: PortAllocator, io: DatagramIo, port: number, waitMs = 2000): Promise<RtpSocketPair> {
    allocator.take(port);
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        return await RtpSocketPair.bind(address, allocator, io, port);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() >= deadline) {
          allocator.release(port);
          throw new MediaError('backend', `could not bind RTP port pair ${port} on ${address}: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Both sockets of a pair the allocator gave out, or neither. */
  private static async bind(address: string, allocator: PortAllocator, io: DatagramIo, port: number): Promise<RtpSocketPair> {
    const rtp = await io.open(address, port);
    try {
      return new RtpSocketPair(rtp, await io.open(address, port + 1), port, allocator);
    } catch (err) {
      rtp.close();
      throw err;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rtp.close();
    this.rtcp.close();
    this.allocator.release(this.port);
  }
}
