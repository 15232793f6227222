// The TU's view of a client transaction (the facade's ClientTransaction), with §9.1 CANCEL timing:
// "a CANCEL request SHOULD NOT be sent to cancel a request [until] a provisional response has been
// received"; it is sent as soon as one arrives.
import type { SipRequest } from '../message/message.ts';
import type { ClientTransaction } from '../endpoint/sip-endpoint-types.ts';
import type { InviteClientTransaction } from './invite-client.ts';
import type { NonInviteClientTransaction } from './non-invite-client.ts';

export class ClientTransactionHandle implements ClientTransaction {
  #cancelWanted = false;
  #cancelSent = false;
  machine: InviteClientTransaction | NonInviteClientTransaction | undefined;

  constructor(
    readonly request: SipRequest,
    private readonly sendCancel: (handle: ClientTransactionHandle) => void,
  ) {}

  get state(): string {
    return this.machine?.state ?? 'calling';
  }

  cancel(): void {
    if (this.request.method !== 'INVITE' || this.#cancelSent) return;
    const state = this.state;
    if (state === 'proceeding') this.#send();
    else if (state === 'calling') this.#cancelWanted = true;
  }

  /** Called by the layer when a provisional response arrived. */
  provisionalReceived(): void {
    if (this.#cancelWanted && !this.#cancelSent) this.#send();
  }

  #send(): void {
    this.#cancelSent = true;
    this.sendCancel(this);
  }
}
