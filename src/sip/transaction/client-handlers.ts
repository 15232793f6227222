// The TU's side of a client transaction: what it is told about responses and failures. The
// handlers are plain functions (called without `this`); a transaction lets go of them as soon as it
// has nothing more to tell, and of all but onRetransmitted2xx in RFC 6026's "Accepted" state.
import type { SipResponse } from '../message/message.ts';

export interface ClientTransactionHandlers {
  /** A 1xx response. */
  onProvisional?(res: SipResponse): void;
  /** The first final response (2xx–6xx). For INVITE, a non-2xx has already been ACKed by the transaction. */
  onFinal(res: SipResponse): void;
  /**
   * INVITE only (RFC 6026 Accepted state): a further 2xx after the first, a retransmission or a
   * 2xx from another fork (compare the To tag). The TU must ACK it again (§13.2.2.4). The
   * transaction keeps this one function for 64*T1 after the call may have ended: it should close
   * over what the ACK needs, not over the whole call.
   */
  onRetransmitted2xx?(res: SipResponse): void;
  /** Timer B / F fired (or 64*T1 after a CANCEL passed with no final response). */
  onTimeout?(): void;
  /** The transport could not deliver the request. */
  onTransportError?(err: Error): void;
}
