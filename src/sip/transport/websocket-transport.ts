// The WebSocket side of the endpoint (RFC 7118): connections the HTTP server accepted and handed
// over, keyed by the remote address:port. A browser cannot be connected to: requests to it go back
// over the connection it registered on. Its Contact and Via name a made-up host (`*.invalid`,
// RFC 7118 §5.2 and JsSIP/SIP.js do so), which is learnt here as an alias of its connection — RFC
// 5626's flow idea without the Outbound extension: the registrar's binding (or a dialog's remote
// target) names that host, and the transport finds the flow by it.
import type { Clock } from '../../kernel/clock.ts';
import type { ConnectionLimits } from '../edge/connection-limits.ts';
import type { Source } from './address.ts';
import { connectionKey } from './tcp-transport.ts';
import { WebSocketConnection } from './websocket-connection.ts';
import type { SipWebSocket } from './websocket-connection.ts';

export interface WebSocketReceiver {
  message(data: Buffer, conn: WebSocketConnection): void;
  /** A connection went away (the browser closed, the network cut): bindings through it are dead. */
  closed?(remote: Source): void;
}

export interface WebSocketOptions {
  clock: Clock;
  /** Deadline for the first message of a connection (ms; 0: none). */
  messageTimeout: number;
  limits?: ConnectionLimits;
  refuse?(address: string): boolean;
}

export class WebSocketTransport {
  readonly #connections = new Map<string, WebSocketConnection>();
  /** Made-up hosts (`x.invalid`) the browser behind a connection names itself by. */
  readonly #aliases = new Map<string, WebSocketConnection>();

  constructor(
    private readonly receiver: WebSocketReceiver,
    private readonly opts: WebSocketOptions,
  ) {}

  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Adopts an upgraded socket. Returns false (and closes it) when the address is banned or a cap
   * is reached. `secure`: the upgrade came over TLS (`wss`).
   */
  accept(socket: SipWebSocket, remote: { address: string; port: number }, secure: boolean): boolean {
    const { address, port } = remote;
    if (this.opts.refuse?.(address) === true) {
      socket.terminate();
      return false;
    }
    const limits = this.opts.limits;
    if (limits !== undefined && !limits.tryOpen(address)) {
      socket.terminate();
      return false;
    }
    const source: Source = { transport: secure ? 'wss' : 'ws', address, port };
    const conn = new WebSocketConnection(connectionKey(address, port), source, socket, this.opts.clock, {
      message: (data, c) => this.receiver.message(data, c),
      closed: (c) => {
        limits?.closed(address);
        if (this.#connections.get(c.key) === c) this.#connections.delete(c.key);
        for (const [alias, owner] of this.#aliases) if (owner === c) this.#aliases.delete(alias);
        this.receiver.closed?.(c.remote);
      },
    }, this.opts.messageTimeout);
    this.#connections.set(conn.key, conn);
    return true;
  }

  /** The open connection to host:port, or the one whose browser calls itself `host`. */
  connection(host: string, port: number): WebSocketConnection | undefined {
    const c = this.#connections.get(connectionKey(host, port)) ?? this.#aliases.get(host.toLowerCase());
    return c !== undefined && !c.closed ? c : undefined;
  }

  /** Remembers a made-up host name as the connection's own (only `.invalid` names: they route nowhere else). */
  learnAlias(host: string, conn: WebSocketConnection): void {
    const h = host.toLowerCase();
    if (!h.endsWith('.invalid') || conn.closed) return;
    this.#aliases.set(h, conn);
  }

  close(): void {
    for (const c of [...this.#connections.values()]) c.destroy();
  }
}
