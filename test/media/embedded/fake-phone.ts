// A fake phone for loopback tests: a UDP socket that sends RTP and collects what it receives.

import { createSocket, type Socket } from 'node:dgram';
import { parseRtp, serializeRtp, type RtpPacket } from '../../../src/media/rtp/rtp-packet.ts';

export interface Received {
  packet: RtpPacket;
  from: { address: string; port: number };
}

export class FakePhone {
  readonly received: Received[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  seq = 1000;
  ts = 160000;

  private constructor(
    readonly socket: Socket,
    readonly address: string,
    readonly port: number,
    readonly ssrc: number,
  ) {
    socket.on('message', (msg, rinfo) => {
      try {
        this.received.push({ packet: parseRtp(msg), from: { address: rinfo.address, port: rinfo.port } });
      } catch {
        return;
      }
      this.waiters = this.waiters.filter((w) => {
        if (this.received.length >= w.n) w.resolve();
        return this.received.length < w.n;
      });
    });
  }

  static async open(address = '127.0.0.1', ssrc = 0x11111111): Promise<FakePhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    return new FakePhone(socket, address, socket.address().port, ssrc);
  }

  /** An offer/answer body for this phone. */
  sdp(opts: { formats?: string; direction?: string; connection?: string; extra?: string[] } = {}): string {
    const formats = opts.formats ?? '0 101';
    const lines = [
      'v=0',
      `o=phone 1 1 IN IP4 ${this.address}`,
      's=-',
      `c=IN IP4 ${opts.connection ?? this.address}`,
      't=0 0',
      `m=audio ${this.port} RTP/AVP ${formats}`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=rtpmap:96 telephone-event/8000',
      'a=ptime:20',
      ...(opts.extra ?? []),
      `a=${opts.direction ?? 'sendrecv'}`,
    ];
    return lines.join('\r\n') + '\r\n';
  }

  send(to: number, payload: Buffer, opts: { pt?: number; marker?: boolean; address?: string; ts?: number } = {}): void {
    const p: RtpPacket = {
      marker: opts.marker ?? false,
      payloadType: opts.pt ?? 0,
      sequenceNumber: this.seq & 0xffff,
      timestamp: (opts.ts ?? this.ts) >>> 0,
      ssrc: this.ssrc,
      csrcs: [],
      payload,
      paddingLength: 0,
    };
    this.seq++;
    if (opts.ts === undefined) this.ts += payload.length;
    this.socket.send(serializeRtp(p), to, opts.address ?? '127.0.0.1');
  }

  /** Resolves once `n` packets in total were received; rejects after `ms` (a safety net, not a timing assertion). */
  waitFor(n: number, ms = 5000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`received ${this.received.length} of ${n} packets`)), ms);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Waits for `ms` of real time (lets packets cross loopback; never used to assert timing). */
export function settle(ms = 50): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function mPort(sdp: string): number {
  const m = /^m=audio (\d+) /m.exec(sdp);
  if (!m) throw new Error(`no m=audio in ${sdp}`);
  return Number(m[1]);
}

/** A random 200-port range in 40000-59999 so parallel test files rarely collide (collisions are skipped anyway). */
export function testPortRange(): string {
  const base = 40000 + 200 * Math.floor(Math.random() * 100);
  return `${base}-${base + 199}`;
}

/** Polls until `cond` holds; rejects after `ms` (a safety net for loaded machines, not a timing assertion). */
export async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await settle(10);
  }
}
