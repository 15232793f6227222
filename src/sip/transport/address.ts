// Where a message goes and where one came from.

/** UDP and TCP (RFC 3261 §18), and SIP over WebSocket, plain or over TLS (RFC 7118 §5: `ws`, `wss`). */
export type TransportName = 'udp' | 'tcp' | 'ws' | 'wss';

/** A destination for an outgoing request (host may be an IP literal or a name). */
export interface Target {
  transport: TransportName;
  host: string;
  port: number;
}

/** The packet source of a received message (the connection's remote end for TCP and WebSocket). */
export interface Source {
  transport: TransportName;
  address: string;
  port: number;
}

export function isReliable(transport: TransportName): boolean {
  return transport !== 'udp';
}

/** WebSocket: the browser's end cannot be connected to, only answered over its own connection. */
export function isWebSocket(transport: TransportName): transport is 'ws' | 'wss' {
  return transport === 'ws' || transport === 'wss';
}
