// The transport layer of RFC 3261 §18 on one address and port: UDP and TCP sockets below (and
// WebSocket connections the HTTP server hands over, RFC 7118), parsed
// messages up to the transaction layer. It frames, size-checks and parses what arrives, answers
// what cannot go further (400/414/505/513), stamps received/rport on requests, and sends responses
// where §18.2.2 says. It never throws on input.
import type { Clock } from '../../kernel/clock.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message/message.ts';
import { createResponse } from '../message/create-response.ts';
import { parseMessage } from '../message/parse-message.ts';
import { serializeMessage } from '../message/serialize-message.ts';
import { detachString } from '../message/detach-string.ts';
import { SipParseError } from '../message/sip-parse-error.ts';
import { isReliable, isWebSocket } from './address.ts';
import type { Source, Target, TransportName } from './address.ts';
import type { Resend } from '../transaction/transaction-context.ts';
import { errorResponseFromPartial, looksLikeRequest, safeReason } from './error-response.ts';
import type { StreamFrame } from './stream-framer.ts';
import type { TcpConnection } from './tcp-connection.ts';
import type { StreamChannel } from './stream-channel.ts';
import { WebSocketTransport } from './websocket-transport.ts';
import type { WebSocketConnection, SipWebSocket } from './websocket-connection.ts';
import { TcpTransport } from './tcp-transport.ts';
import { UdpTransport } from './udp-transport.ts';
import { responseDestination, stampReceived } from './via-rules.ts';
import type { EdgeGuard } from '../edge/edge-guard.ts';
import type { ConnectionLimits } from '../edge/connection-limits.ts';

export interface SipTransportOptions {
  address: string;
  port: number;
  transports: TransportName[];
  clock: Clock;
  maxUdpMessage: number;
  /** Receive and send buffer asked for the UDP socket (0: the OS default). */
  udpBufferSize?: number;
  maxTcpMessage: number;
  maxRequestUriLength: number;
  tcpIdleTimeout: number;
  forceRport: boolean;
  /** The edge guard (bans, rate limits, scanners) asked before anything is parsed; absent: none. */
  guard?: EdgeGuard;
  /** TCP: deadline of an unfinished message and of an accepted connection's first message (ms; 0: none). */
  tcpMessageTimeout?: number;
  /** TCP and WebSocket: caps on accepted connections (one budget for both). */
  tcpLimits?: ConnectionLimits;
  /** Told when a WebSocket connection closes: what was registered through it cannot be reached any more. */
  onWebSocketClosed?: (remote: Source) => void;
}

export interface MessageReceiver {
  request(req: SipRequest, source: Source): void;
  response(res: SipResponse, source: Source): void;
}

const CRLF = Buffer.from('\r\n');
const MANDATORY = ['Via', 'From', 'To', 'Call-ID', 'CSeq'] as const;

export class SipTransport {
  #udp: UdpTransport | undefined;
  #tcp: TcpTransport | undefined;
  readonly #ws: WebSocketTransport;
  #parseErrors = 0;
  #internalErrors = 0;
  #port = 0;
  /** Told about exceptions the stack itself threw while handling input (bugs, never input faults). */
  onInternalError: (err: unknown) => void = () => undefined;

  private constructor(
    private readonly opts: SipTransportOptions,
    private readonly receiver: MessageReceiver,
  ) {
    this.#ws = new WebSocketTransport(
      {
        message: (data, conn) => this.#safely(() => this.#webSocketMessage(data, conn)),
        closed: (remote) => this.opts.onWebSocketClosed?.(remote),
      },
      {
        clock: opts.clock,
        messageTimeout: opts.tcpMessageTimeout ?? 0,
        ...(opts.tcpLimits === undefined ? {} : { limits: opts.tcpLimits }),
        ...(opts.guard === undefined ? {} : { refuse: (address: string) => opts.guard?.isBanned(address) === true }),
      },
    );
  }

  /** Opens UDP and/or TCP on the same port (port 0: one the OS finds free for both). */
  static async open(opts: SipTransportOptions, receiver: MessageReceiver): Promise<SipTransport> {
    const t = new SipTransport(opts, receiver);
    const attempts = opts.port === 0 ? 20 : 1;
    for (let i = 0; ; i++) {
      try {
        await t.#bind(opts.port);
        return t;
      } catch (err) {
        await t.close();
        if (i + 1 >= attempts || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      }
    }
  }

  async #bind(port: number): Promise<void> {
    let p = port;
    if (this.opts.transports.includes('udp')) {
      this.#udp = await UdpTransport.bind(this.opts.address, p, { datagram: (b, s) => this.#safely(() => this.#datagram(b, s)) }, this.opts.udpBufferSize ?? 0);
      p = this.#udp.port;
    }
    if (this.opts.transports.includes('tcp')) {
      this.#tcp = await TcpTransport.listen(this.opts.address, p, { frame: (f, c) => this.#safely(() => this.#frame(f, c)) }, {
        clock: this.opts.clock,
        idleTimeout: this.opts.tcpIdleTimeout,
        maxMessage: this.opts.maxTcpMessage,
        localAddress: this.opts.address,
        ...(this.opts.tcpMessageTimeout === undefined ? {} : { messageTimeout: this.opts.tcpMessageTimeout }),
        ...(this.opts.tcpLimits === undefined ? {} : { limits: this.opts.tcpLimits }),
        ...(this.opts.guard === undefined ? {} : { refuse: (address: string) => this.opts.guard?.isBanned(address) === true }),
      });
      p = this.#tcp.port;
    }
    this.#port = p;
  }

  get port(): number {
    return this.#port;
  }

  get parseErrors(): number {
    return this.#parseErrors;
  }

  get internalErrors(): number {
    return this.#internalErrors;
  }

  get tcpConnections(): number {
    return this.#tcp?.connectionCount ?? 0;
  }

  get webSocketConnections(): number {
    return this.#ws.connectionCount;
  }

  /**
   * Adopts a WebSocket the HTTP server upgraded (subprotocol `sip`): its messages are parsed and
   * answered like any other transport's. False when it was refused (banned address, a cap reached).
   */
  acceptWebSocket(socket: SipWebSocket, remote: { address: string; port: number }, secure: boolean): boolean {
    return this.#ws.accept(socket, remote, secure);
  }

  get tcpConnectionsRefused(): number {
    return this.opts.tcpLimits?.refused ?? 0;
  }

  // ---- sending ----------------------------------------------------------------------------

  /** Returns what sends the same bytes to the same target again (request retransmissions, the ACK of a non-2xx). */
  sendRequest(req: SipRequest, target: Target, onError: (err: Error) => void): Resend {
    const buf = serializeMessage(req);
    this.#sendTo(target.transport, buf, target.host, target.port, onError);
    const wire = compact(buf);
    return () => this.#sendTo(target.transport, Buffer.from(wire, 'latin1'), target.host, target.port, onError);
  }

  /**
   * §18.2.2: "If the "sent-protocol" is a reliable transport protocol such as TCP or SCTP, or TLS
   * over those, the response MUST be sent using the existing connection to the source of the
   * original request that created the transaction, if that connection is still open." Otherwise
   * (or for UDP) to received/rport, see responseDestination(). Returns what sends the same bytes
   * the same way again: a server transaction keeps that, not the response, while it lingers.
   */
  sendResponse(res: SipResponse, source: Source, onError: (err: Error) => void): Resend {
    const buf = serializeMessage(res);
    const dest = responseDestination(res, isReliable(source.transport));
    this.#sendResponseBytes(buf, source, dest, onError);
    const wire = compact(buf);
    // The Via's host is a view of the request's text: the Resend keeps a copy of its own.
    const again = dest === undefined ? undefined : { host: detachString(dest.host), port: dest.port };
    return () => this.#sendResponseBytes(Buffer.from(wire, 'latin1'), source, again, onError);
  }

  #sendResponseBytes(buf: Buffer, source: Source, dest: { host: string; port: number } | undefined, onError: (err: Error) => void): void {
    if (source.transport === 'tcp') {
      const conn = this.#tcp?.connection(source.address, source.port);
      if (conn !== undefined) return conn.write(buf, onError);
    }
    // A browser is reached only over its own connection (RFC 7118 §5.3): gone means gone.
    if (isWebSocket(source.transport)) return this.#sendTo(source.transport, buf, source.address, source.port, onError);
    if (dest === undefined) return onError(new Error('response has no usable Via'));
    this.#sendTo(source.transport, buf, dest.host, dest.port, onError);
  }

  #sendTo(transport: TransportName, buf: Buffer, host: string, port: number, onError: (err: Error) => void): void {
    if (transport === 'udp') {
      if (this.#udp === undefined) return onError(new Error('UDP transport not enabled'));
      return this.#udp.send(buf, host, port, onError);
    }
    if (isWebSocket(transport)) {
      const conn = this.#ws.connection(host, port);
      if (conn === undefined) return onError(new Error(`no WebSocket connection to ${host}:${port}`));
      return conn.write(buf, onError);
    }
    if (this.#tcp === undefined) return onError(new Error('TCP transport not enabled'));
    this.#tcp.send(buf, host, port, onError);
  }

  // ---- receiving --------------------------------------------------------------------------

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // Defence in depth: input must never take the process down (DESIGN "Bad input"). Whatever
      // gets here is a bug of the stack, counted apart from malformed input so tests can see it.
      this.#internalErrors++;
      this.onInternalError(err);
    }
  }

  #datagram(buf: Buffer, source: Source): void {
    // Banned and over-the-limit sources are dropped before any parsing (Kamailio's REQINIT order).
    if (this.opts.guard?.admitPacket(source.address, buf) === false) return;
    if (isKeepalive(buf)) return;
    if (buf.length > this.opts.maxUdpMessage) return this.#tooLarge(buf, source, undefined);
    this.#process(buf, source, undefined);
  }

  #frame(frame: StreamFrame, conn: TcpConnection): void {
    // RFC 5626 §4.4.1: "the server MUST respond with a single CRLF" to a double-CRLF ping.
    if (frame.kind === 'ping') return conn.write(CRLF, () => undefined);
    const guard = this.opts.guard;
    if (guard !== undefined && frame.kind !== 'error' && !guard.admitPacket(conn.remote.address, frame.data)) {
      // A banned address loses its connections; a trusted one over its limit only the message.
      if (guard.isBanned(conn.remote.address)) conn.destroy();
      return;
    }
    if (frame.kind === 'message') return this.#process(frame.data, conn.remote, conn);
    // A half-closed stream ending inside a message: parsed as it stands, which yields the error
    // (and the 400 for a request); the connection is closing anyway.
    if (frame.kind === 'truncated') return this.#process(frame.data, conn.remote, conn);
    this.#parseErrors++;
    if (frame.reason === 'too-large') return this.#tooLarge(frame.head, conn.remote, conn);
    const reason = frame.reason === 'conflicting-content-length' ? 'Multiple Content-Length headers' : 'Bad Content-Length';
    // The stream cannot be resynchronised: answer (requests only) and close.
    conn.endWith(looksLikeRequest(frame.head) ? this.#errorBytes(frame.head, 400, reason) : undefined);
  }

  /** RFC 7118 §5.2: one WebSocket message is one SIP message, so each is judged on its own. */
  #webSocketMessage(data: Buffer, conn: WebSocketConnection): void {
    const guard = this.opts.guard;
    if (guard !== undefined && !guard.admitPacket(conn.remote.address, data)) {
      if (guard.isBanned(conn.remote.address)) conn.destroy();
      return;
    }
    if (isKeepalive(data)) return;
    if (data.length > this.opts.maxTcpMessage) {
      this.#parseErrors++;
      return this.#tooLarge(data.subarray(0, Math.min(data.length, 8192)), conn.remote, conn);
    }
    this.#process(data, conn.remote, conn);
  }

  /** The made-up hosts a browser names itself by (Via sent-by, Contact) become aliases of its connection. */
  #learnAliases(req: SipRequest, conn: WebSocketConnection): void {
    const via = req.headers.via()[0];
    if (via !== undefined) this.#ws.learnAlias(via.host, conn);
    if (!req.headers.has('Contact')) return;
    try {
      const contacts = req.headers.contact();
      if (contacts === '*') return;
      for (const c of contacts) if (c.uri.kind === 'sip') this.#ws.learnAlias(c.uri.host, conn);
    } catch {
      // A Contact that does not parse is the UA core's to refuse; it teaches nothing here.
    }
  }

  /** Over the size limit: 513 to a request ("Message Too Large", §21.5.7), a response is dropped. */
  #tooLarge(head: Buffer, source: Source, conn: StreamChannel | undefined): void {
    const bytes = looksLikeRequest(head) ? this.#errorBytes(head, 513, 'Message Too Large') : undefined;
    if (conn !== undefined) return conn.endWith(bytes);
    this.#parseErrors++;
    if (bytes !== undefined) this.#udp?.send(bytes, source.address, source.port, () => undefined);
  }

  /** Serialized error response built from whatever of the message can still be read. */
  #errorBytes(head: Buffer, status: number, reason: string): Buffer | undefined {
    let partial;
    try {
      parseMessage(head, { transport: 'udp', maxRequestUriLength: this.opts.maxRequestUriLength });
    } catch (e) {
      if (e instanceof SipParseError) partial = e.partial;
    }
    // A header block that parses (its body being the problem) still yields the fields we need.
    partial ??= partialFromHead(head);
    const res = errorResponseFromPartial(partial, status, reason);
    return res === undefined ? undefined : serializeMessage(res);
  }

  #process(buf: Buffer, source: Source, conn: StreamChannel | undefined): void {
    let msg;
    try {
      // A TCP message arrives here already cut by Content-Length, so it is parsed as a whole
      // (an absent Content-Length over TCP has meant an empty body to the framer).
      msg = parseMessage(buf, { transport: 'udp', maxRequestUriLength: this.opts.maxRequestUriLength });
    } catch (e) {
      this.#parseErrors++;
      if (!(e instanceof SipParseError)) return;
      // §18.3 / §21.4.1: a malformed request gets 400 (414, 505 … as the parser says); a malformed
      // response is discarded.
      if (!(e.partial?.isRequest ?? looksLikeRequest(buf))) return;
      return this.#answerBroken(errorResponseFromPartial(e.partial, e.status, e.reason), source, conn);
    }
    // Scanners (by User-Agent) are dropped silently, before anything answers them.
    if (msg.kind === 'request' && this.opts.guard?.admitRequest(msg, source) === false) {
      if (conn !== undefined && this.opts.guard.isBanned(source.address)) conn.destroy();
      return;
    }
    const problem = structuralProblem(msg);
    if (msg.kind === 'response') {
      // §18.1.2 / §21.4.1 alike: a response the transactions cannot be matched by is discarded.
      if (problem !== undefined) {
        this.#parseErrors++;
        return;
      }
      return this.receiver.response(msg, source);
    }
    if (problem !== undefined) {
      this.#parseErrors++;
      const res = msg.headers.has('Via') ? createResponse(msg, 400, safeReason(problem)) : undefined;
      return this.#answerBroken(res, source, conn);
    }
    stampReceived(msg, source, this.opts.forceRport);
    if (isWebSocket(source.transport)) this.#learnAliases(msg, conn as WebSocketConnection);
    this.receiver.request(msg, source);
  }

  /**
   * Error responses the transport makes go back where the packet came from (the connection, or the
   * datagram's source address and port): the Via they would otherwise follow may be what is broken.
   */
  #answerBroken(res: SipResponse | undefined, source: Source, conn: StreamChannel | undefined): void {
    if (res === undefined) return;
    const bytes = serializeMessage(res);
    if (conn !== undefined) conn.write(bytes, () => undefined);
    else this.#udp?.send(bytes, source.address, source.port, () => undefined);
  }

  async close(): Promise<void> {
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = undefined;
    this.#tcp = undefined;
    this.#ws.close();
    await Promise.all([udp?.close(), tcp?.close()]);
  }
}

/**
 * The bytes as a one-byte string (latin1 maps each byte to one character): kept for 64*T1 by a
 * lingering transaction, a small Buffer would pin the whole 8 KiB pool slab it was cut from.
 */
function compact(buf: Buffer): string {
  return buf.toString('latin1');
}

/**
 * What the transaction layer cannot work without: §8.1.1's headers (Max-Forwards aside), which a
 * response carries too (§8.2.6.2), and in a request a CSeq naming its method.
 */
function structuralProblem(msg: SipMessage): string | undefined {
  for (const name of MANDATORY) if (!msg.headers.has(name)) return `Missing ${name} header`;
  if (msg.headers.via().length === 0) return 'Missing Via header';
  if (msg.kind === 'request' && msg.headers.cseq().method !== msg.method) return 'CSeq method does not match';
  return undefined;
}

/** Datagrams of only CR, LF, NUL or spaces: NAT keepalives, not messages. */
function isKeepalive(buf: Buffer): boolean {
  for (const b of buf) if (b !== 13 && b !== 10 && b !== 0 && b !== 32) return false;
  return true;
}

/** Reads Via, From, To, Call-ID and CSeq lines textually from a header block. */
function partialFromHead(head: Buffer): { via?: string[]; from?: string; to?: string; callId?: string; cseq?: string; isRequest: boolean } {
  const out: { via?: string[]; from?: string; to?: string; callId?: string; cseq?: string; isRequest: boolean } = { isRequest: looksLikeRequest(head) };
  const lines = head.toString('utf8').replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'via' || name === 'v') (out.via ??= []).push(value);
    else if (name === 'from' || name === 'f') out.from ??= value;
    else if (name === 'to' || name === 't') out.to ??= value;
    else if (name === 'call-id' || name === 'i') out.callId ??= value;
    else if (name === 'cseq') out.cseq ??= value;
  }
  return out;
}
