// Where a message goes and where one came from.

export type TransportName = 'udp' | 'tcp';

/** A destination for an outgoing request (host may be an IP literal or a name). */
export interface Target {
  transport: TransportName;
  host: string;
  port: number;
}

/** The packet source of a received message (the TCP connection's remote end for TCP). */
export interface Source {
  transport: TransportName;
  address: string;
  port: number;
}

export function isReliable(transport: TransportName): boolean {
  return transport === 'tcp';
}
