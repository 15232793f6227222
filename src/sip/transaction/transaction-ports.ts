// The two sides the transaction layer talks to: the transport below, the TU (UA core) above.
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { Source, Target } from '../transport/address.ts';
import type { ServerTransaction } from '../endpoint/sip-endpoint-types.ts';
import type { Resend } from './transaction-context.ts';

export interface TransportPort {
  /**
   * Sends a request to a target; a delivery failure (TCP connect/reset) is reported through
   * onError. May return what sends the same bytes again (else the layer keeps the request).
   */
  sendRequest(req: SipRequest, target: Target, onError: (err: Error) => void): Resend | void;
  /**
   * Sends a response per RFC 3261 §18.2.2 to where the request came from; may return what sends
   * the same bytes the same way again (else the layer keeps the response to send it again).
   */
  sendResponse(res: SipResponse, source: Source, onError: (err: Error) => void): Resend | void;
}

export interface TransactionUser {
  /** A new request (not ACK, not CANCEL). */
  onRequest(tx: ServerTransaction): void;
  /** An ACK no INVITE server transaction consumed: the ACK for a 2xx. */
  onAck(ack: SipRequest, source: Source): void;
  /** A response that matched no client transaction (e.g. a 2xx retransmitted after Timer M). */
  onStrayResponse(res: SipResponse, source: Source): void;
}
