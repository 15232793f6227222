// The SIP endpoint: transports + transaction layer on one address and port, the facade the UA
// core codes against. See sip-endpoint-types.ts for the contracts.
import { systemClock } from '../../kernel/clock.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import { createResponse } from '../message/create-response.ts';
import { generateBranch } from '../message/identifiers.ts';
import type { Via } from '../message/via.ts';
import type { ClientTransactionHandlers } from '../transaction/client-handlers.ts';
import { TransactionLayer } from '../transaction/transaction-layer.ts';
import type { Source, Target, TransportName } from '../transport/address.ts';
import { SipTransport } from '../transport/sip-transport.ts';
import type { MessageReceiver } from '../transport/sip-transport.ts';
import type { SipWebSocket } from '../transport/websocket-connection.ts';
import type { TransportPort } from '../transaction/transaction-ports.ts';
import { ConnectionLimits } from '../edge/connection-limits.ts';
import type { EdgeGuard } from '../edge/edge-guard.ts';
import type { ClientTransaction, ServerTransaction, SipEndpointOptions, SipEndpointStats } from './sip-endpoint-types.ts';

export type { SipEndpointOptions, SipEndpointStats } from './sip-endpoint-types.ts';
export type { MessageReceiver } from '../transport/sip-transport.ts';
export type { SipWebSocket } from '../transport/websocket-connection.ts';

/** What the endpoint needs of the transport below it (SipTransport on sockets, or one in memory). */
export interface EndpointTransport extends TransportPort {
  readonly port: number;
  readonly tcpConnections: number;
  /** TCP connections closed at accept because a cap was reached (absent: no caps). */
  readonly tcpConnectionsRefused?: number;
  readonly parseErrors: number;
  readonly internalErrors: number;
  onInternalError: (err: unknown) => void;
  /** WebSocket connections open (absent: the transport takes none). */
  readonly webSocketConnections?: number;
  /** Adopts an upgraded WebSocket (RFC 7118); absent: this transport takes none. */
  acceptWebSocket?(socket: SipWebSocket, remote: { address: string; port: number }, secure: boolean): boolean;
  close(): Promise<void>;
}

export class SipEndpoint {
  /** Every new request except ACK and CANCEL. Until the TU sets it, requests get 503. */
  onRequest: (tx: ServerTransaction) => void = (tx) => void tx.respond(createResponse(tx.request, 503));
  /** An ACK no INVITE server transaction consumed: the ACK for a 2xx (end-to-end, §13.2.2.4). */
  onAck: (ack: SipRequest, source: Source) => void = () => undefined;
  /** A response matching no client transaction (e.g. a 2xx retransmitted after Timer M): the TU may ACK/BYE it. */
  onStrayResponse: (res: SipResponse, source: Source) => void = () => undefined;
  /** An exception of the stack itself while handling input (the message was dropped); for logging. */
  onInternalError: (err: unknown) => void = () => undefined;
  /** A WebSocket connection closed: registrations made through it cannot be reached any more. */
  onWebSocketClosed: (remote: Source) => void = () => undefined;

  readonly #transport: EndpointTransport;
  readonly #layer: TransactionLayer;
  #closed = false;

  private constructor(
    /** The advertised address (our Via sent-by; the UA's Contact host). */
    readonly address: string,
    /** The bound address. */
    readonly bindAddress: string,
    transport: EndpointTransport,
    layer: TransactionLayer,
    /** The edge guard, when there is one (the digest gate tells it of authentications). */
    readonly guard: EdgeGuard | undefined,
  ) {
    this.#transport = transport;
    this.#layer = layer;
  }

  /** Opens the transports (UDP and TCP by default, on one port) and the transaction layer. */
  static async listen(opts: SipEndpointOptions): Promise<SipEndpoint> {
    const clock = opts.clock ?? systemClock;
    const late: { endpoint?: SipEndpoint } = {};
    const endpoint = await SipEndpoint.over(
      (receiver) =>
        SipTransport.open(
          {
            address: opts.address,
            port: opts.port,
            transports: opts.transports ?? ['udp', 'tcp'],
            clock,
            maxUdpMessage: opts.maxUdpMessage ?? 16 * 1024,
            udpBufferSize: opts.udpBufferSize ?? 4 * 1024 * 1024,
            maxTcpMessage: opts.maxTcpMessage ?? 64 * 1024,
            maxRequestUriLength: opts.maxRequestUriLength ?? 4096,
            tcpIdleTimeout: opts.tcpIdleTimeout ?? 300_000,
            forceRport: opts.forceRport ?? false,
            onWebSocketClosed: (remote) => guard(() => late.endpoint?.onWebSocketClosed(remote)),
            ...(opts.guard === undefined ? {} : { guard: opts.guard }),
            ...(opts.tcpMessageTimeout === undefined ? {} : { tcpMessageTimeout: opts.tcpMessageTimeout }),
            ...(opts.tcpMaxConnections === undefined && opts.tcpMaxConnectionsPerSource === undefined
              ? {}
              : { tcpLimits: new ConnectionLimits(opts.tcpMaxConnections ?? Infinity, opts.tcpMaxConnectionsPerSource ?? Infinity) }),
          },
          receiver,
        ),
      { ...opts, clock },
    );
    late.endpoint = endpoint;
    return endpoint;
  }

  /**
   * Adopts a WebSocket the HTTP server upgraded for SIP (RFC 7118, subprotocol `sip`). False when
   * it was refused (a banned address, a connection cap) or this endpoint takes no WebSockets.
   */
  acceptWebSocket(socket: SipWebSocket, remote: { address: string; port: number }, secure: boolean): boolean {
    if (this.#closed || this.#transport.acceptWebSocket === undefined) {
      socket.terminate();
      return false;
    }
    return this.#transport.acceptWebSocket(socket, remote, secure);
  }

  /**
   * The endpoint over a transport the caller opens: `listen` opens sockets; a test harness passes
   * an in-memory transport, so everything above the transport runs unchanged without sockets.
   */
  static async over(
    open: (receiver: MessageReceiver) => Promise<EndpointTransport>,
    opts: Pick<SipEndpointOptions, 'address' | 'advertisedAddress' | 'clock' | 'timers' | 'tryingDelay' | 'guard'>,
  ): Promise<SipEndpoint> {
    const clock = opts.clock ?? systemClock;
    const wiring: { layer?: TransactionLayer; endpoint?: SipEndpoint } = {};
    const transport = await open({
      request: (req, source) => wiring.layer?.receiveRequest(req, source),
      response: (res, source) => {
        // §18.1.2: "If the value of the "sent-by" parameter in that header field value does not
        // correspond to a value that the client transport is configured to insert into
        // requests, the response MUST be silently discarded."
        if (wiring.endpoint?.sentByIsOurs(res) !== false) wiring.layer?.receiveResponse(res, source);
      },
    });
    const layer = new TransactionLayer(
      transport,
      {
        onRequest: (tx) => wiring.endpoint?.dispatchRequest(tx),
        onAck: (ack, source) => guard(() => wiring.endpoint?.onAck(ack, source)),
        onStrayResponse: (res, source) => guard(() => wiring.endpoint?.onStrayResponse(res, source)),
      },
      { clock, timers: opts.timers ?? {}, ...(opts.tryingDelay === undefined ? {} : { tryingDelay: opts.tryingDelay }) },
    );
    wiring.layer = layer;
    const endpoint = new SipEndpoint(opts.advertisedAddress ?? opts.address, opts.address, transport, layer, opts.guard);
    wiring.endpoint = endpoint;
    transport.onInternalError = (err) => guard(() => endpoint.onInternalError(err));
    return endpoint;
  }

  /** The actual port (UDP and TCP). */
  get port(): number {
    return this.#transport.port;
  }

  /**
   * Starts a client transaction. Adds our top Via (sent-by, transport, fresh branch, rport) — or
   * replaces it when the top Via is already ours (a re-sent request) — and the serializer writes
   * Content-Length. A CANCEL that already carries the INVITE's Via (buildCancel) keeps it (§9.1).
   * The request object is updated in place and is ClientTransaction.request.
   */
  sendRequest(req: SipRequest, target: Target, handlers: ClientTransactionHandlers): ClientTransaction {
    const keepVia = req.method === 'CANCEL' && this.#topViaIsOurs(req);
    if (!keepVia) this.#stampVia(req, target.transport);
    else this.#layer.noteCancelSent(req);
    return this.#layer.sendRequest(req, target, handlers);
  }

  /** Sends an ACK for a 2xx: a request outside any transaction (§17.1.1.3, §13.2.2.4), with a fresh branch. */
  sendAck(ack: SipRequest, target: Target): void {
    this.#stampVia(ack, target.transport);
    this.#transport.sendRequest(ack, target, () => undefined);
  }

  stats(): SipEndpointStats {
    const l = this.#layer.stats();
    return {
      serverTransactions: l.serverTransactions,
      clientTransactions: l.clientTransactions,
      tcpConnections: this.#transport.tcpConnections,
      webSocketConnections: this.#transport.webSocketConnections ?? 0,
      parseErrors: this.#transport.parseErrors,
      retransmissionsSent: l.retransmissionsSent,
      pendingAcks: l.pendingAcks,
      internalErrors: this.#transport.internalErrors,
      tcpConnectionsRefused: this.#transport.tcpConnectionsRefused ?? 0,
      statelessResponses: l.statelessResponses,
      ...(this.guard === undefined ? {} : { edge: this.guard.stats() }),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#layer.destroy();
    await this.#transport.close();
  }

  private dispatchRequest(tx: ServerTransaction): void {
    try {
      this.onRequest(tx);
    } catch {
      // A TU failure must not leave the peer retransmitting into the void.
      if (tx.state === 'trying' || tx.state === 'proceeding') tx.respond(createResponse(tx.request, 500));
    }
  }

  private sentByIsOurs(res: SipResponse): boolean {
    const top = res.headers.via()[0];
    return top !== undefined && top.host.toLowerCase() === this.address.toLowerCase() && (top.port ?? 5060) === this.port;
  }

  #topViaIsOurs(req: SipRequest): boolean {
    const top = req.headers.has('Via') ? req.headers.via()[0] : undefined;
    return top !== undefined && top.host === this.address && top.port === this.port && typeof top.params.get('branch') === 'string';
  }

  /** §8.1.1.7 / §18.1.1: our Via with a fresh magic-cookie branch; rport asks for symmetric responses (RFC 3581). */
  #stampVia(req: SipRequest, transport: TransportName): void {
    const vias = req.headers.has('Via') ? req.headers.via() : [];
    const ours: Via = {
      transport: transport.toUpperCase(),
      host: this.address,
      port: this.port,
      params: new Map<string, string | null>([['branch', generateBranch()], ['rport', null]]),
    };
    if (this.#topViaIsOurs(req)) vias[0] = ours;
    else vias.unshift(ours);
    req.headers.setVia(vias);
  }
}

/** The TU's exception must not unwind into the socket handlers. */
function guard(fn: () => void): void {
  try {
    fn();
  } catch {
    // Swallowed deliberately: input-driven callbacks never take the endpoint down.
  }
}
