// A server transaction in the layer's table. The handle (and with it the request) is held only
// until the final response: from then on the entry lingers for Timer J/H/L (up to 64*T1) just to
// absorb retransmissions, and at hundreds of calls per second those lingering entries add up, so
// the entry is also the machine's event sink (methods, no closures of its own).
import { createResponse } from '../message/create-response.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { Source } from '../transport/address.ts';
import type { InviteServerEvents, InviteServerTransaction } from './invite-server.ts';
import type { NonInviteServerTransaction } from './non-invite-server.ts';
import type { ServerTransactionHandle } from './server-transaction-handle.ts';

export class ServerEntry implements InviteServerEvents {
  machine!: InviteServerTransaction | NonInviteServerTransaction;
  handle: ServerTransactionHandle | undefined;
  /** RFC 2543 matching of the ACK for a non-2xx: the To tag of our last response (legacy entries only). */
  responseToTag: string | null | undefined;

  constructor(
    readonly source: Source,
    readonly legacy: boolean,
    /** RFC 2543 matching: the To tag of the request that created the transaction. */
    readonly requestToTag: string | null | undefined,
  ) {}

  /** §17.2.1: the 100 Trying the INVITE machine sends on its own. */
  trying(invite: SipRequest): SipResponse {
    return createResponse(invite, 100);
  }

  /** The transport failed to deliver a response: the TU hears it while it still holds the handle. */
  transportError(err: Error): void {
    this.handle?.onTransportError?.(err);
  }
}
