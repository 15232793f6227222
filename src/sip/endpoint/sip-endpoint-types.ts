// The types of the SIP endpoint facade: what the UA core, dialogs and the B2BUA code against.
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { Source, Target, TransportName } from '../transport/address.ts';
import type { ClientTransactionHandlers } from '../transaction/client-handlers.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { TimerBase } from '../transaction/timers.ts';
import type { EdgeGuard, EdgeGuardStats } from '../edge/edge-guard.ts';

export type { Source, Target, TransportName, ClientTransactionHandlers };

/** A request received from the network, waiting for the TU's response(s). */
export interface ServerTransaction {
  readonly request: SipRequest;
  readonly source: Source;
  /**
   * Sends a response within the transaction. A 2xx to INVITE is retransmitted (T1 doubling up to
   * T2, §13.3.1.4) until the matching ACK arrives or 64*T1 passes (then onAckTimeout).
   * A response after the final one is ignored (returns false).
   */
  respond(res: SipResponse): boolean;
  /**
   * Sends a final response once, statelessly (as Kamailio's sl_send_reply): nothing is kept, it is
   * never retransmitted, and the transaction is forgotten, so a retransmitted request is handled
   * afresh. For challenges and refusals to unauthenticated requests: one datagram back per
   * datagram received, so the platform cannot be used as a reflection amplifier.
   */
  respondStatelessly(res: SipResponse): boolean;
  /** INVITE only: a matching CANCEL arrived (already answered 200 by the layer); the TU must still send 487 for the INVITE. */
  onCancel?: (cancel: SipRequest) => void;
  /** INVITE only: the 2xx was never ACKed within 64*T1. */
  onAckTimeout?: () => void;
  /** A response could not be delivered (TCP connection refused/reset). */
  onTransportError?: (err: Error) => void;
  /** The RFC 3261 §17.2 state: proceeding/completed/confirmed/accepted/terminated (INVITE), trying/proceeding/completed/terminated (others). */
  readonly state: string;
  /** True once a CANCEL matched this (INVITE) transaction. */
  readonly cancelled: boolean;
}

export interface ClientTransaction {
  readonly request: SipRequest;
  /** The RFC 3261 §17.1 state. */
  readonly state: string;
  /**
   * INVITE only: sends a CANCEL (§9.1) once a provisional response has been received, or as soon
   * as one is; does nothing after a final response. The INVITE still ends with its own final
   * response (normally 487), reported through onFinal.
   */
  cancel(): void;
}

export interface SipEndpointOptions {
  /** Address to bind (loopback in tests). */
  address: string;
  /** Port for UDP and TCP alike; 0 lets the OS choose one free for both. */
  port: number;
  /** Address written into our Via sent-by and used for Contact by the UA (default: address). */
  advertisedAddress?: string;
  transports?: TransportName[];
  clock?: Clock;
  /** T1/T2/T4 overrides (ms); every transaction timer is derived from them. */
  timers?: Partial<TimerBase>;
  /** Largest UDP datagram accepted (default 16 KiB); larger requests get 513. */
  maxUdpMessage?: number;
  /**
   * UDP socket receive/send buffer asked for (default 4 MiB; the kernel caps it at
   * net.core.rmem_max / wmem_max; 0 keeps the OS default of ≈ 208 KiB, which a short event-loop
   * pause at a few hundred calls per second overflows).
   */
  udpBufferSize?: number;
  /** Largest TCP message accepted (default 64 KiB); larger requests get 513 and the connection closes. */
  maxTcpMessage?: number;
  /** Longest Request-URI accepted (default 4096 octets); longer gets 414. */
  maxRequestUriLength?: number;
  /** TCP connections without traffic for this long are closed (default 300 000 ms). */
  tcpIdleTimeout?: number;
  /** An accepted TCP connection must deliver its first message, and any connection must finish a message it started, within this many ms (default 0: no deadline). */
  tcpMessageTimeout?: number;
  /** Accepted TCP connections open at once, in total and per address (default: no cap). */
  tcpMaxConnections?: number;
  tcpMaxConnectionsPerSource?: number;
  /** The edge guard (src/sip/edge): bans, request rate limits, scanner drops, asked before parsing (default: none). */
  guard?: EdgeGuard;
  /** Delay before an INVITE server transaction sends 100 Trying on its own (default 200 ms, §17.2.1); 0 sends it on receipt. */
  tryingDelay?: number;
  /**
   * Behave as if every request carried `rport` (RFC 3581), as Kamailio's force_rport: responses go
   * back to the packet's source port. Useful for peers behind NAT (default false).
   */
  forceRport?: boolean;
}

export interface SipEndpointStats {
  serverTransactions: number;
  clientTransactions: number;
  tcpConnections: number;
  /** SIP-over-WebSocket connections open (browsers). */
  webSocketConnections: number;
  /** Messages dropped or answered 4xx because they could not be parsed/framed. */
  parseErrors: number;
  retransmissionsSent: number;
  /** 2xx responses to INVITE waiting for their ACK. */
  pendingAcks: number;
  /** Exceptions the stack threw while handling input (bugs; the message was dropped). Should stay 0. */
  internalErrors: number;
  /** TCP connections closed at accept because a cap was reached. */
  tcpConnectionsRefused: number;
  /** Final responses sent statelessly (challenges to unauthenticated requests). */
  statelessResponses: number;
  /** The edge guard's counters, when there is one. */
  edge?: EdgeGuardStats;
}
