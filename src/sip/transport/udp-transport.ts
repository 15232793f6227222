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

  /** Binds to address:port (port 0: the OS chooses). Rejects with the bind error. */
  static bind(address: string, port: number, receiver: UdpReceiver): Promise<UdpTransport> {
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
        // A send error on an unconnected UDP socket (ICMP unreachable, EPERM …) is not fatal.
        socket.on('error', () => undefined);
        socket.on('message', (buf: Buffer, rinfo: RemoteInfo) =>
          receiver.datagram(buf, { transport: 'udp', address: rinfo.address, port: rinfo.port }),
        );
        resolve(new UdpTransport(socket, socket.address().port));
      });
    });
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
