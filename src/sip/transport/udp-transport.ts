// The UDP socket of the endpoint: one datagram is one message (RFC 3261 §18.3).
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Source } from './address.ts';

export interface UdpReceiver {
  datagram(buf: Buffer, source: Source): void;
}

export class UdpTransport {
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  /**
   * Binds to address:port (port 0: the OS chooses). Rejects with the bind error. `bufferSize` asks
   * for socket buffers of that size (the kernel caps it at net.core.rmem_max / wmem_max): at
   * hundreds of calls per second a pause of the event loop (a GC, a burst) must not overflow the
   * OS default of ≈ 208 KiB and drop messages the peers then retransmit.
   */
  static bind(address: string, port: number, receiver: UdpReceiver, bufferSize = 0): Promise<UdpTransport> {
    const family = address.includes(':') ? 'udp6' : 'udp4';
    const socket = createSocket({ type: family, reuseAddr: false });
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.bind(port, address, () => {
        socket.off('error', onError);
        if (bufferSize > 0) {
          try {
            socket.setRecvBufferSize(bufferSize);
            socket.setSendBufferSize(bufferSize);
          } catch {
            // Not allowed here: the OS default stays.
          }
        }
        // A send error on an unconnected UDP socket (ICMP unreachable, EPERM …) is not fatal.
        socket.on('error', () => undefined);
        socket.on('message', (buf: Buffer, rinfo: RemoteInfo) =>
          receiver.datagram(buf, { transport: 'udp', address: rinfo.address, port: rinfo.port }),
        );
        resolve(new UdpTransport(socket, socket.address().port));
      });
    });
  }

  /** The socket's receive buffer in bytes, as the kernel reports it (Linux: twice what was set). */
  get recvBufferSize(): number {
    return this.socket.getRecvBufferSize();
  }

  /** Sends one datagram; name resolution and send failures are reported through onError. */
  send(buf: Buffer, host: string, port: number, onError: (err: Error) => void): void {
    try {
      this.socket.send(buf, port, host, (err) => {
        if (err) onError(err);
      });
    } catch (err) {
      onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
