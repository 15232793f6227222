// The TCP side of the endpoint: a listening socket and a table of connections keyed by the remote
// address:port, shared by both directions. RFC 3261 §18.2.2: responses go back over the
// connection the request came on; §18.1.1: a request to a target with an open connection reuses it.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Clock } from '../../kernel/clock.ts';
import { TcpConnection } from './tcp-connection.ts';
import type { ConnectionLimits } from '../edge/connection-limits.ts';
import type { StreamFrame } from './stream-framer.ts';

export interface TcpReceiver {
  frame(frame: StreamFrame, conn: TcpConnection): void;
}

export interface TcpOptions {
  clock: Clock;
  idleTimeout: number;
  maxMessage: number;
  /** Local address outgoing connections bind to. */
  localAddress: string;
  /** Deadline for an unfinished message, and for the first message of an accepted connection (ms; 0: none). */
  messageTimeout?: number;
  /** Caps on accepted connections (in total and per address); absent: none. */
  limits?: ConnectionLimits;
  /** Addresses whose connections are closed at once (banned by the edge guard). */
  refuse?(address: string): boolean;
}

export const connectionKey = (host: string, port: number): string => `${host.toLowerCase()}:${port}`;

export class TcpTransport {
  readonly #connections = new Map<string, TcpConnection>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly receiver: TcpReceiver,
    private readonly opts: TcpOptions,
  ) {
    server.on('connection', (socket) => this.#adopt(socket));
  }

  static listen(address: string, port: number, receiver: TcpReceiver, opts: TcpOptions): Promise<TcpTransport> {
    const server = createServer({ noDelay: true, allowHalfOpen: true });
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        server.close();
        reject(err);
      };
      server.once('error', onError);
      server.listen({ host: address, port, exclusive: true }, () => {
        server.off('error', onError);
        server.on('error', () => undefined);
        const addr = server.address();
        const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
        resolve(new TcpTransport(server, actual, receiver, opts));
      });
    });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** The open connection to host:port, if any. */
  connection(host: string, port: number): TcpConnection | undefined {
    const c = this.#connections.get(connectionKey(host, port));
    return c !== undefined && c.state !== 'closed' ? c : undefined;
  }

  /** Sends over the open connection to host:port, or opens one. */
  send(buf: Buffer, host: string, port: number, onError: (err: Error) => void): void {
    let conn = this.connection(host, port);
    if (conn === undefined) {
      const socket = connect({ host, port, localAddress: this.opts.localAddress, noDelay: true, allowHalfOpen: true });
      conn = this.#track(socket, host, port, true);
    }
    conn.write(buf, onError);
  }

  #adopt(socket: Socket): void {
    const address = socket.remoteAddress;
    const port = socket.remotePort;
    if (address === undefined || port === undefined || this.opts.refuse?.(address) === true) {
      socket.destroy();
      return;
    }
    const limits = this.opts.limits;
    if (limits !== undefined) {
      // Past a cap the connection is closed at once (a RST would be kinder to nobody).
      if (!limits.tryOpen(address)) {
        socket.destroy();
        return;
      }
      socket.once('close', () => limits.closed(address));
    }
    this.#track(socket, address, port, false);
  }

  #track(socket: Socket, host: string, port: number, connecting: boolean): TcpConnection {
    const key = connectionKey(host, port);
    const conn = new TcpConnection(
      key,
      { transport: 'tcp', address: host, port },
      socket,
      connecting,
      this.opts.clock,
      this.opts.idleTimeout,
      this.opts.maxMessage,
      {
        frame: (frame, c) => this.receiver.frame(frame, c),
        closed: (c) => {
          if (this.#connections.get(c.key) === c) this.#connections.delete(c.key);
        },
      },
      this.opts.messageTimeout ?? 0,
    );
    this.#connections.set(key, conn);
    return conn;
  }

  close(): Promise<void> {
    for (const c of [...this.#connections.values()]) c.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
