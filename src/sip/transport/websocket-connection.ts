// One SIP-over-WebSocket connection (RFC 7118): each WebSocket message is one whole SIP message
// (§5.2), so there is no stream framing; what arrives goes up as a frame, what we send goes out as
// one message — a text frame when it is UTF-8, as SIP normally is (§5.2: binary frames are allowed
// for anything else). The socket is whatever accepted the upgrade (sip/ knows no HTTP server).
import { isUtf8 } from 'node:buffer';
import type { Clock, TimerHandle } from '../../kernel/clock.ts';
import type { Source } from './address.ts';
import type { StreamChannel } from './stream-channel.ts';

/** The little of a WebSocket (the `ws` package's, as @fastify/websocket hands it over) the transport uses. */
export interface SipWebSocket {
  send(data: string | Buffer, cb?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export interface WebSocketConnectionEvents {
  message(data: Buffer, conn: WebSocketConnection): void;
  closed(conn: WebSocketConnection): void;
}

/** RFC 6455 §7.4.1: 1000 normal closure, 1009 message too big. */
const CLOSE_NORMAL = 1000;

export class WebSocketConnection implements StreamChannel {
  #closed = false;
  #deadline: TimerHandle | undefined;

  constructor(
    readonly key: string,
    readonly remote: Source,
    private readonly socket: SipWebSocket,
    private readonly clock: Clock,
    private readonly events: WebSocketConnectionEvents,
    /** The first message must come within this many ms (0: no deadline): idle upgrades hold no descriptors. */
    firstMessageTimeout: number,
  ) {
    socket.on('message', (data) => this.#onMessage(data));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.#onClose());
    if (firstMessageTimeout > 0) this.#deadline = clock.setTimeout(() => this.destroy(), firstMessageTimeout);
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(buf: Buffer, onError: (err: Error) => void): void {
    if (this.#closed) {
      onError(new Error(`WebSocket connection ${this.key} is closed`));
      return;
    }
    try {
      this.socket.send(isUtf8(buf) ? buf.toString('utf8') : buf, (err) => {
        if (err) onError(err);
      });
    } catch (err) {
      onError(err as Error);
    }
  }

  endWith(buf: Buffer | undefined): void {
    if (this.#closed) return;
    if (buf !== undefined) this.write(buf, () => undefined);
    try {
      this.socket.close(CLOSE_NORMAL);
    } catch {
      this.socket.terminate();
    }
    this.#onClose();
  }

  destroy(): void {
    this.socket.terminate();
    this.#onClose();
  }

  #onMessage(data: Buffer | ArrayBuffer | Buffer[]): void {
    if (this.#closed) return;
    if (this.#deadline !== undefined) {
      this.clock.clearTimeout(this.#deadline);
      this.#deadline = undefined;
    }
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    this.events.message(buf, this);
  }

  #onClose(): void {
    if (this.#deadline !== undefined) this.clock.clearTimeout(this.#deadline);
    this.#deadline = undefined;
    if (this.#closed) return;
    this.#closed = true;
    this.events.closed(this);
  }
}
