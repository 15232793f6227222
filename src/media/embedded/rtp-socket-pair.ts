// The UDP socket pair of one endpoint: RTP on an even port, RTCP on the next (RFC 3550 §11),
// bound to the engine's address. A pair some other process holds is skipped, not fatal.

import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { MediaError } from '../media-error.ts';
import type { PortAllocator } from '../ports/port-allocator.ts';

export class RtpSocketPair {
  private closed = false;

  private constructor(
    readonly rtp: Socket,
    readonly rtcp: Socket,
    readonly port: number,
    private readonly allocator: PortAllocator,
  ) {}

  /** Binds a free pair from the allocator; tries further pairs while ports are taken elsewhere. */
  static async open(address: string, allocator: PortAllocator, attempts = 16): Promise<RtpSocketPair> {
    let lastError: unknown;
    const taken: number[] = [];
    try {
      for (let i = 0; i < attempts; i++) {
        const port = allocator.allocate();
        let rtp: Socket | undefined;
        try {
          rtp = await bind(address, port);
          const rtcp = await bind(address, port + 1);
          return new RtpSocketPair(rtp, rtcp, port, allocator);
        } catch (err) {
          rtp?.close();
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

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rtp.removeAllListeners('message');
    this.rtcp.removeAllListeners('message');
    try {
      this.rtp.close();
    } catch {
      // already closed by an error: nothing to release
    }
    try {
      this.rtcp.close();
    } catch {
      // already closed by an error: nothing to release
    }
    this.allocator.release(this.port);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * Every `send(packet, port, address)` of a dgram socket first resolves the address; Node's
 * default answers even an IP literal on the next tick (dns.lookup), which costs a closure, a
 * tick-queue run and ~0.7 KB of garbage per relayed packet. RTP goes to literal IPs (SDP
 * `c=` lines and latched sources), so those are answered at once; a name still goes to DNS.
 */
function literalAddressLookup(host: string, options: number | LookupOneOptions, callback: LookupCallback): void {
  const family = isIP(host);
  if (family !== 0) callback(null, host, family);
  else dnsLookup(host, typeof options === 'number' ? { family: options } : options, callback);
}

function bind(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', lookup: literalAddressLookup });
    const onError = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      // A send error (ICMP port unreachable on loopback, full buffers) must not crash the process.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}
