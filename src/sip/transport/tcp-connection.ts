// One TCP connection: framing of what it receives, writes, and an idle timer on the endpoint's clock.
import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../../kernel/clock.ts';
import type { Source } from './address.ts';
import { StreamFramer } from './stream-framer.ts';
import type { StreamFrame } from './stream-framer.ts';

export type TcpConnectionState = 'connecting' | 'open' | 'closed';

export interface TcpConnectionEvents {
  frame(frame: StreamFrame, conn: TcpConnection): void;
  closed(conn: TcpConnection): void;
}

export class TcpConnection {
  #state: TcpConnectionState;
  readonly #framer: StreamFramer;
  #idle: TimerHandle | undefined;
  /** Runs while a message is unfinished (or none has come yet on an accepted connection): slow senders are closed. */
  #messageDeadline: TimerHandle | undefined;
  #messages = 0;
  /** Error callbacks of writes made before the connection was established. */
  #pendingErrors: ((err: Error) => void)[] = [];

  constructor(
    readonly key: string,
    readonly remote: Source,
    private readonly socket: Socket,
    connecting: boolean,
    private readonly clock: Clock,
    private readonly idleTimeout: number,
    maxMessage: number,
    private readonly events: TcpConnectionEvents,
    /**
     * A connection that starts a message must finish it within this many ms, and one we accepted
     * must deliver its first message within it (0: no deadline): idle half-sent connections must
     * not hold file descriptors for the whole idle timeout.
     */
    private readonly messageTimeout = 0,
  ) {
    this.#state = connecting ? 'connecting' : 'open';
    this.#framer = new StreamFramer(maxMessage);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      if (this.#state === 'connecting') this.#state = 'open';
      this.#pendingErrors = [];
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    // The peer half-closed (allowHalfOpen): judge what is left, then close our side too.
    socket.on('end', () => {
      for (const frame of this.#framer.end()) this.events.frame(frame, this);
      this.endWith(undefined);
    });
    socket.on('error', (err: Error) => {
      const pending = this.#pendingErrors;
      this.#pendingErrors = [];
      for (const cb of pending) cb(err);
    });
    socket.on('close', () => this.#onClose());
    this.#touch();
    if (!connecting) this.#startMessageDeadline();
  }

  get state(): TcpConnectionState {
    return this.#state;
  }

  write(buf: Buffer, onError: (err: Error) => void): void {
    if (this.#state === 'closed') {
      onError(new Error(`TCP connection to ${this.key} is closed`));
      return;
    }
    this.#touch();
    let reported = false;
    const once = (err: Error): void => {
      if (reported) return;
      reported = true;
      onError(err);
    };
    if (this.#state === 'connecting') this.#pendingErrors.push(once);
    this.socket.write(buf, (err) => {
      if (err) once(err);
    });
  }

  /** Sends, then closes once the bytes are flushed (after a 513 or a framing error). */
  endWith(buf: Buffer | undefined): void {
    if (this.#state === 'closed' || this.socket.writableEnded) return;
    if (buf === undefined) this.socket.end();
    else this.socket.end(buf);
    this.#state = 'closed';
  }

  destroy(): void {
    this.socket.destroy();
    this.#onClose();
  }

  #onData(chunk: Buffer): void {
    this.#touch();
    for (const frame of this.#framer.push(chunk)) {
      if (this.#state === 'closed') return;
      if (frame.kind === 'message') this.#messages++;
      this.events.frame(frame, this);
    }
    // The deadline runs from the first byte of a message (or the accept) to its last: trickling
    // bytes does not extend it.
    if (this.#framer.buffered > 0) this.#startMessageDeadline();
    else if (this.#messages > 0) this.#stopMessageDeadline();
  }

  #startMessageDeadline(): void {
    if (this.messageTimeout <= 0 || this.#messageDeadline !== undefined || this.#state === 'closed') return;
    this.#messageDeadline = this.clock.setTimeout(() => this.destroy(), this.messageTimeout);
  }

  #stopMessageDeadline(): void {
    if (this.#messageDeadline !== undefined) this.clock.clearTimeout(this.#messageDeadline);
    this.#messageDeadline = undefined;
  }

  /** "Implementations SHOULD ... close connections that have been idle" (§18: the lifetime is local policy). */
  #touch(): void {
    if (this.#idle !== undefined) this.clock.clearTimeout(this.#idle);
    this.#idle = this.clock.setTimeout(() => this.destroy(), this.idleTimeout);
  }

  #onClose(): void {
    if (this.#idle !== undefined) this.clock.clearTimeout(this.#idle);
    this.#idle = undefined;
    this.#stopMessageDeadline();
    this.#state = 'closed';
    if (this.#reportedClosed) return;
    this.#reportedClosed = true;
    this.events.closed(this);
  }

  #reportedClosed = false;
}
