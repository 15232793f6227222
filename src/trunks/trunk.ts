/** A carrier SIP trunk as the rest of the platform sees it. */

export const TRUNK_TRANSPORTS = ['udp', 'tcp'] as const;
export type TrunkTransport = (typeof TRUNK_TRANSPORTS)[number];

/** Where calls towards the carrier are sent. */
export interface OutboundProxy {
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
}

/** Credentials for registering with the carrier, when it asks for registration. */
export interface TrunkRegistration {
  readonly username: string;
  readonly password: string;
  readonly realm: string | null;
}

export interface Trunk {
  readonly id: string;
  /** Unique, stable name; the key `hotline import` upserts by. */
  readonly name: string;
  /** Source IPs and CIDR prefixes (IPv4 or IPv6) the carrier sends from, in canonical input form. */
  readonly addresses: readonly string[];
  readonly proxy: OutboundProxy;
  readonly registration: TrunkRegistration | null;
  /** Maximum simultaneous calls on the trunk; null means no cap. */
  readonly maxConcurrentCalls: number | null;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a caller supplies to create or replace a trunk (by name). */
export interface TrunkInput {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly proxy: OutboundProxy;
  readonly registration?: TrunkRegistration | null;
  readonly maxConcurrentCalls?: number | null;
  readonly enabled?: boolean;
}
