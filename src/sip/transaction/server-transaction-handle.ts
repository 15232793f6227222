// The TU's view of a server transaction (the facade's ServerTransaction): wraps the state machine
// and lets the layer see 2xx responses to INVITE (to retransmit them until the ACK).
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { ServerTransaction } from '../endpoint/sip-endpoint-types.ts';
import type { Source } from '../transport/address.ts';
import type { InviteServerTransaction } from './invite-server.ts';
import type { NonInviteServerTransaction } from './non-invite-server.ts';

export class ServerTransactionHandle implements ServerTransaction {
  onCancel?: (cancel: SipRequest) => void;
  onAckTimeout?: () => void;
  onTransportError?: (err: Error) => void;
  #cancelled = false;

  constructor(
    readonly request: SipRequest,
    readonly source: Source,
    readonly machine: InviteServerTransaction | NonInviteServerTransaction,
    /** Told of every response the machine took (2xx to INVITE: retransmit until ACK; finals: lighten the table entry). */
    private readonly responded: (res: SipResponse, handle: ServerTransactionHandle) => void,
    /** Sends a final response outside the transaction and forgets the transaction. */
    private readonly stateless: (res: SipResponse, handle: ServerTransactionHandle) => void,
  ) {}

  get state(): string {
    return this.machine.state;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }

  respond(res: SipResponse): boolean {
    const ok = this.machine.respond(res);
    if (ok) this.responded(res, this);
    return ok;
  }

  respondStatelessly(res: SipResponse): boolean {
    const state = this.machine.state;
    if (res.status < 200 || (state !== 'proceeding' && state !== 'trying')) return false;
    this.stateless(res, this);
    return true;
  }

  /** A CANCEL matched: tell the TU once, and only while the INVITE is still unanswered. */
  cancel(cancel: SipRequest): void {
    if (this.#cancelled || this.machine.state !== 'proceeding') return;
    this.#cancelled = true;
    this.onCancel?.(cancel);
  }
}
