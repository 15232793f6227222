import type { NameAddr } from '../message/name-addr.ts';
import type { TransportName } from '../transport/address.ts';

/** Where a REGISTER came from: calls to the binding go back there, through the phone's NAT. */
export interface BindingSource {
  transport: TransportName;
  address: string;
  port: number;
}

/** One contact bound to an address-of-record (RFC 3261 §10.3). */
export interface Binding {
  aor: string;
  /** The Contact as registered (URI and header parameters; `expires` set to the time left). */
  contact: NameAddr;
  /** Absolute expiry on the registrar's clock, in ms. */
  expiresAt: number;
  /** Seconds left when this copy was made. */
  expires: number;
  /** q-value 0–1 (default 1), for ordering the contacts of an AOR. */
  q: number;
  callId: string;
  cseq: number;
  source: BindingSource;
  /** When this binding was last refreshed, in ms on the registrar's clock. */
  updatedAt: number;
}
