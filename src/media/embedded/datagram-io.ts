// The UDP datagram I/O of one embedded engine, behind one interface with two implementations:
// node:dgram (src/media/native/node-datagram-io.ts, everywhere) and a native addon that batches
// receives with recvmmsg and sends without allocating (src/media/native/native-datagram-io.ts,
// Linux with a C compiler at install). HOTLINE_MEDIA_NATIVE_IO chooses (open-datagram-io.ts).

import type { PeerAddress } from '../native/peer-address.ts';

export type DatagramIoKind = 'native' | 'node';

export interface DatagramHandler {
  /**
   * One datagram. `packet` is valid only during this call (the native path reuses its arena; a
   * handler that keeps bytes copies them); it may be changed in place and sent on, as the relay
   * does. The source is `from[fromAt..fromAt+4)` in PeerAddress words, and `port`.
   */
  onDatagram(packet: Buffer, from: Int32Array, fromAt: number, port: number): void;
}

export interface DatagramSocket {
  /** The local port the socket is bound to. */
  readonly port: number;
  setHandler(handler: DatagramHandler | undefined): void;
  /** Sends `packet[offset, offset+length)`; never throws and keeps no reference: errors are counted. */
  send(packet: Buffer, offset: number, length: number, to: PeerAddress, port: number): void;
  /** Sends and resolves once the datagram has left (closing the socket earlier would cancel it). */
  sendAndWait(packet: Buffer, to: PeerAddress, port: number): Promise<void>;
  close(): void;
}

export interface DatagramIoStats {
  kind: DatagramIoKind;
  packetsIn: number;
  /** JS batch callbacks (native: one per loop wakeup; node: one per datagram). */
  batches: number;
  /** Datagrams larger than a receive slot, dropped (native only). */
  truncated: number;
  sendErrors: number;
  openSockets: number;
}

export interface DatagramIo {
  readonly kind: DatagramIoKind;
  /** Binds a UDP socket; rejects with an error whose `code` is e.g. 'EADDRINUSE' (the caller tries another port). */
  open(address: string, port: number): Promise<DatagramSocket>;
  stats(): DatagramIoStats;
  /** Closes every socket still open. */
  close(): void;
}
