// DatagramIo over the native addon (hotline-dgram.c): every socket of the engine in one epoll set
// on this thread's libuv loop; one JS call per loop wakeup for all datagrams received, read from a
// shared arena; sends are a synchronous sendto with no callback and no allocation.

import { isIP } from 'node:net';
import type { DatagramHandler, DatagramIo, DatagramIoStats, DatagramSocket } from '../embedded/datagram-io.ts';
import type { DgramAddon, DgramHandle } from './native-addon.ts';
import { ADDRESS_WORDS, writeIpWords, type PeerAddress } from './peer-address.ts';

type IoState = 'open' | 'closed';

/** Receive slots per engine: a wakeup with more ready datagrams is handed to JS in several batches. */
export const DEFAULT_SLOTS = 128;

export class NativeDatagramIo implements DatagramIo {
  readonly kind = 'native';
  private state: IoState = 'open';
  private readonly handle: DgramHandle;
  private readonly arena: ArrayBuffer;
  private readonly meta: Int32Array;
  private readonly metaInts: number;
  private readonly slotBytes: number;
  /**
   * Per slot, a Buffer over it of the length last received there. RTP of one codec and ptime has
   * one length, so in a steady call no view is made per packet.
   */
  private readonly views: (Buffer | undefined)[];
  private readonly sockets: (NativeDatagramSocket | undefined)[] = [];
  private readonly statsOut = new Float64Array(8);

  constructor(
    private readonly addon: DgramAddon,
    slots = DEFAULT_SLOTS,
  ) {
    const [handle, arena, meta] = addon.ioOpen((count) => this.onBatch(count), slots);
    this.handle = handle;
    this.arena = arena;
    this.meta = new Int32Array(meta);
    this.metaInts = addon.metaInts;
    this.slotBytes = addon.slotBytes;
    this.views = new Array<Buffer | undefined>(slots).fill(undefined);
  }

  private onBatch(count: number): void {
    const meta = this.meta;
    const step = this.metaInts;
    for (let i = 0, at = 0; i < count; i++, at += step) {
      const socket = this.sockets[meta[at] ?? -1];
      const handler = socket?.handler;
      if (!handler) continue; // closed meanwhile, or not listening yet
      const offset = meta[at + 2] ?? 0;
      const length = meta[at + 3] ?? 0;
      const slot = (offset / this.slotBytes) | 0;
      let view = this.views[slot];
      if (view === undefined || view.length !== length) {
        view = Buffer.from(this.arena, offset, length);
        this.views[slot] = view;
      }
      handler.onDatagram(view, meta, at + 4, meta[at + 1] ?? 0);
    }
  }

  async open(address: string, port: number): Promise<DatagramSocket> {
    if (this.state !== 'open') throw Object.assign(new Error('the datagram io is closed'), { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' });
    const family = isIP(address);
    const words = new Int32Array(ADDRESS_WORDS);
    if (family === 0 || !writeIpWords(address, words, 0)) throw Object.assign(new Error(`not an IP address: ${address}`), { code: 'EINVAL' });
    const [id, bound] = this.addon.socketOpen(this.handle, family === 4 ? 4 : 6, words, port);
    const socket = new NativeDatagramSocket(this, id, bound);
    this.sockets[id] = socket;
    return socket;
  }

  send(id: number, packet: Buffer, offset: number, length: number, to: PeerAddress, port: number): void {
    if (this.state === 'open') this.addon.sendTo(this.handle, id, packet, offset, length, to.words, port);
  }

  closeSocket(socket: NativeDatagramSocket): void {
    if (this.sockets[socket.id] !== socket) return;
    this.sockets[socket.id] = undefined;
    if (this.state === 'open') this.addon.socketClose(this.handle, socket.id);
  }

  stats(): DatagramIoStats {
    if (this.state === 'open') this.addon.ioStats(this.handle, this.statsOut);
    const s = this.statsOut;
    return { kind: 'native', packetsIn: s[0] ?? 0, batches: s[1] ?? 0, truncated: s[2] ?? 0, sendErrors: s[5] ?? 0, openSockets: this.state === 'open' ? (s[7] ?? 0) : 0 };
  }

  close(): void {
    if (this.state === 'closed') return;
    this.addon.ioStats(this.handle, this.statsOut);
    this.state = 'closed';
    for (const s of this.sockets) s?.markClosed();
    this.sockets.length = 0;
    this.addon.ioClose(this.handle);
  }
}

class NativeDatagramSocket implements DatagramSocket {
  handler: DatagramHandler | undefined;
  private closed = false;

  constructor(
    private readonly io: NativeDatagramIo,
    readonly id: number,
    readonly port: number,
  ) {}

  setHandler(handler: DatagramHandler | undefined): void {
    this.handler = handler;
  }

  send(packet: Buffer, offset: number, length: number, to: PeerAddress, port: number): void {
    if (!this.closed) this.io.send(this.id, packet, offset, length, to, port);
  }

  /** sendto is synchronous: when it returns the datagram is in the kernel's queue. */
  sendAndWait(packet: Buffer, to: PeerAddress, port: number): Promise<void> {
    this.send(packet, 0, packet.length, to, port);
    return Promise.resolve();
  }

  markClosed(): void {
    this.closed = true;
    this.handler = undefined;
  }

  close(): void {
    if (this.closed) return;
    this.markClosed();
    this.io.closeSocket(this);
  }
}
