// DatagramIo over node:dgram: one dgram socket per port, one JS callback per datagram. The
// fallback wherever the native addon is not built or not wanted (HOTLINE_MEDIA_NATIVE_IO=off).

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { DatagramHandler, DatagramIo, DatagramIoStats, DatagramSocket } from '../embedded/datagram-io.ts';
import { ADDRESS_WORDS, writeIpWords, type PeerAddress } from './peer-address.ts';

export class NodeDatagramIo implements DatagramIo {
  readonly kind = 'node';
  private readonly sockets = new Set<NodeDatagramSocket>();
  packetsIn = 0;
  sendErrors = 0;

  async open(address: string, port: number): Promise<DatagramSocket> {
    const socket = await bind(address, port);
    const s = new NodeDatagramSocket(socket, this);
    this.sockets.add(s);
    return s;
  }

  forget(s: NodeDatagramSocket): void {
    this.sockets.delete(s);
  }

  stats(): DatagramIoStats {
    return { kind: 'node', packetsIn: this.packetsIn, batches: this.packetsIn, truncated: 0, sendErrors: this.sendErrors, openSockets: this.sockets.size };
  }

  close(): void {
    for (const s of [...this.sockets]) s.close();
  }
}

class NodeDatagramSocket implements DatagramSocket {
  readonly port: number;
  private readonly v6: boolean;
  private handler: DatagramHandler | undefined;
  private closed = false;
  /** The last source's text and words: a relay hears one source per socket, so it parses once. */
  private lastText = '';
  private readonly from = new Int32Array(ADDRESS_WORDS);

  constructor(
    private readonly socket: Socket,
    private readonly io: NodeDatagramIo,
  ) {
    const local = socket.address();
    this.port = local.port;
    this.v6 = local.family === 'IPv6';
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    // A send error (ICMP port unreachable on loopback, full buffers) must not crash the process.
    socket.on('error', () => {
      io.sendErrors++;
    });
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    const handler = this.handler;
    if (!handler) return;
    this.io.packetsIn++;
    if (rinfo.address !== this.lastText) {
      if (!writeIpWords(rinfo.address, this.from, 0)) return;
      this.lastText = rinfo.address;
    }
    handler.onDatagram(msg, this.from, 0, rinfo.port);
  }

  setHandler(handler: DatagramHandler | undefined): void {
    this.handler = handler;
  }

  send(packet: Buffer, offset: number, length: number, to: PeerAddress, port: number): void {
    if (this.closed) return;
    this.socket.send(packet, offset, length, port, this.destination(to));
  }

  sendAndWait(packet: Buffer, to: PeerAddress, port: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.socket.send(packet, port, this.destination(to), () => resolve()));
  }

  /** An IPv6 (dual-stack) socket reaches an IPv4 peer at its mapped address. */
  private destination(to: PeerAddress): string {
    return this.v6 && to.family === 4 ? `::ffff:${to.text}` : to.text;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handler = undefined;
    this.io.forget(this);
    this.socket.removeAllListeners('message');
    try {
      this.socket.close();
    } catch {
      // already closed by an error: nothing to release
    }
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
      resolve(socket);
    });
  });
}
