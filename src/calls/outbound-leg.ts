/**
 * The leg from the platform to a bound phone (a UAC): INVITE, provisional and final responses,
 * the 2xx ACK (§13.2.2.4), CANCEL before answer, BYE and re-INVITE after.
 */
import { randomUUID } from 'node:crypto';
import type { SipRequest, SipResponse } from '../sip/message/message.ts';
import { SipRequest as Request } from '../sip/message/message.ts';
import { SipHeaders } from '../sip/message/sip-headers.ts';
import type { NameAddr } from '../sip/message/name-addr.ts';
import { formatUri, parseUri } from '../sip/message/uri.ts';
import { detachString } from '../sip/message/detach-string.ts';
import { createResponse } from '../sip/message/create-response.ts';
import { generateCallId, generateTag } from '../sip/message/identifiers.ts';
import { Dialog } from '../sip/dialog/dialog.ts';
import type { ClientTransaction, ServerTransaction, Target } from '../sip/endpoint/sip-endpoint-types.ts';
import type { DialogOwner, UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { AttemptFailure } from './call-outcome.ts';
import { sendReinvite } from './send-reinvite.ts';
import { sendInDialog } from './send-in-dialog.ts';
import type { InDialogRequest } from './send-in-dialog.ts';
import type { LegEvent, LegState } from './leg-state.ts';
import { legIsRinging, legTransition } from './leg-state.ts';

export interface OutboundLegListener {
  onRinging(leg: OutboundLeg, res: SipResponse): void;
  onAnswered(leg: OutboundLeg, res: SipResponse): void;
  onFailed(leg: OutboundLeg, failure: AttemptFailure): void;
  /** The phone hung up (BYE) after answering. */
  onRemoteHangup(leg: OutboundLeg): void;
  /** The phone sent an in-dialog request other than BYE (re-INVITE, INFO, UPDATE). */
  onRequest(leg: OutboundLeg, tx: ServerTransaction): void;
}

export interface OutboundInvite {
  requestUri: string;
  target: Target;
  /** The real caller's number, shown to the bound phone (REQUIREMENTS R12). */
  callerNumber: string;
  callerDisplay?: string;
  maxForwards: number;
  sdpOffer: string;
  /** Label for the call record: the number or username that answers. */
  answeringNumber: string;
}

export class OutboundLeg implements DialogOwner {
  /** Names the leg in call events and live state. */
  readonly id = randomUUID();
  state: LegState = 'offering';
  dialog: Dialog | undefined;
  readonly invite: SipRequest;
  private tx: ClientTransaction | undefined;

  constructor(
    private readonly ua: UserAgentCore,
    readonly spec: OutboundInvite,
    private listener: OutboundLegListener,
  ) {
    this.invite = this.buildInvite();
  }

  /** Hands the leg's events to a new owner (the dial step rings it, the call keeps it once answered). */
  attach(listener: OutboundLegListener): void {
    this.listener = listener;
  }

  /** Moves the state machine; false when `event` does not apply now. */
  private step(event: LegEvent): boolean {
    const next = legTransition(this.state, event);
    if (!next) return false;
    this.state = next;
    return true;
  }

  start(): void {
    this.tx = this.ua.send(this.invite, {
      onProvisional: (res) => this.onProvisional(res),
      onFinal: (res) => this.onFinal(res),
      // The INVITE transaction keeps this one handler for 64*T1 after the answer (RFC 6026
      // "Accepted"), mostly after the call has ended: it closes over the INVITE, not over the leg
      // and its call.
      onRetransmitted2xx: reAcker(this.ua, this.invite, this.spec.target),
      onTimeout: () => this.fail({ kind: 'unreachable', detail: 'no response (Timer B)' }),
      onTransportError: (err) => this.fail({ kind: 'unreachable', detail: err.message }),
    }, this.spec.target);
  }

  /** Caller gave up or another phone answered: CANCEL (§9.1) before answer; nothing after. */
  cancel(): void {
    if (!this.step('cancel')) return;
    this.tx?.cancel();
  }

  /** BYE; `reason` is an RFC 3326 Reason header value (a Q.850 cause from a driver). */
  hangup(reason?: string): void {
    if (this.state !== 'confirmed' || !this.dialog) return;
    this.step('end');
    const dialog = this.dialog;
    this.ua.removeDialog(dialog);
    const bye = dialog.createRequest('BYE', { contact: this.contact });
    if (reason) bye.headers.set('Reason', reason);
    this.ua.send(bye, { onFinal: () => undefined }, this.flowOf(dialog));
  }

  /** Re-INVITE with a new offer (hold/unhold); resolves the answer or the refusal. */
  reinvite(sdp: string): Promise<SipResponse> {
    if (!this.dialog || this.state !== 'confirmed') return Promise.reject(new Error('leg not answered'));
    return sendReinvite(this.ua, this.dialog, sdp, this.contact, this.flowOf(this.dialog));
  }

  /** Our Contact in this dialog: over the transport the INVITE goes by. */
  get contact(): NameAddr {
    return this.ua.contact(this.spec.target.transport);
  }

  /** Another request in the dialog (NOTIFY); rejects when the leg is not up. */
  request(r: InDialogRequest): Promise<SipResponse> {
    if (!this.dialog || this.state !== 'confirmed') return Promise.reject(new Error('leg not answered'));
    return sendInDialog(this.ua, this.dialog, r, this.flowOf(this.dialog));
  }

  /** Where the dialog's requests go when its next hop is no SIP URI (Dialog.nextHopIsSip): where the INVITE went. */
  private flowOf(dialog: Dialog): Target | undefined {
    return dialog.nextHopIsSip ? undefined : this.spec.target;
  }

  onDialogRequest(tx: ServerTransaction, _dialog: Dialog): void {
    if (tx.request.method === 'BYE') {
      tx.respond(createResponse(tx.request, 200));
      if (this.state === 'confirmed' && this.step('end')) {
        if (this.dialog) this.ua.removeDialog(this.dialog);
        this.listener.onRemoteHangup(this);
      }
      return;
    }
    this.listener.onRequest(this, tx);
  }

  onDialogAck(ack: SipRequest): void {
    // ACKs to our 2xx for the phone's re-INVITEs: only an offer we made there awaits its answer.
    const pending = this.answerInAck;
    this.answerInAck = undefined;
    pending?.(ack.body.toString('utf8'));
  }

  private answerInAck: ((sdp: string) => void) | undefined;

  /** Our 2xx to an offerless re-INVITE carried an offer: the next ACK carries the answer (§14.2). */
  expectAnswerInAck(onAnswer: (sdp: string) => void): void {
    this.answerInAck = onAnswer;
  }

  private onProvisional(res: SipResponse): void {
    if (res.status <= 100) return;
    if (this.state === 'offering') this.step('provisional');
    if (this.state === 'early' || this.state === 'cancelling') this.listener.onRinging(this, res);
  }

  private onFinal(res: SipResponse): void {
    if (res.status >= 200 && res.status < 300) return this.on2xx(res);
    if (this.state === 'cancelling') {
      this.step('end');
      return;
    }
    this.fail({ kind: 'response', status: res.status, reason: res.reason });
  }

  private on2xx(res: SipResponse): void {
    let dialog: Dialog;
    try {
      dialog = Dialog.asUac(this.invite, res);
    } catch (err) {
      // A 2xx whose Contact or Record-Route does not parse: no dialog to ACK in. The phone gives
      // up after 64*T1 without an ACK (§13.3.1.4); for us it is a phone we cannot reach.
      this.fail({ kind: 'unreachable', detail: `unusable 2xx: ${(err as Error).message}` });
      return;
    }
    this.ua.sendAck(dialog.createAck(this.invite.headers.cseq().seq, this.contact), this.flowOf(dialog));
    if (!legIsRinging(this.state)) {
      // A 2xx that raced our CANCEL, or a second 2xx from a forking proxy: the first answer
      // won; this one is ACKed and hung up at once (§13.2.2.4 / §15).
      this.ua.send(dialog.createRequest('BYE', { contact: this.contact }), { onFinal: () => undefined }, this.flowOf(dialog));
      if (this.state === 'cancelling') this.step('end');
      return;
    }
    this.dialog = dialog;
    this.step('confirm');
    this.ua.addDialog(dialog, this);
    this.listener.onAnswered(this, res);
  }

  private fail(failure: AttemptFailure): void {
    if (this.state === 'cancelling') {
      this.step('end');
      return;
    }
    if (!legIsRinging(this.state) || !this.step('fail')) return;
    this.listener.onFailed(this, failure);
  }

  private buildInvite(): SipRequest {
    const s = this.spec;
    const contact = this.contact;
    const uri = parseUri(s.requestUri);
    const callerUri = parseUri(`sip:${encodeUser(s.callerNumber)}@${this.ua.endpoint.address}`);
    const from: NameAddr = { uri: callerUri, params: new Map([['tag', generateTag()]]) };
    if (s.callerDisplay) from.displayName = s.callerDisplay;
    const headers = new SipHeaders();
    headers.setVia([]);
    headers.setMaxForwards(s.maxForwards);
    headers.setFrom(from);
    headers.setTo({ uri, params: new Map() });
    headers.set('Call-ID', generateCallId());
    headers.setCSeq({ seq: 1, method: 'INVITE' });
    headers.setContact([contact]);
    // R12: the bound phone shows the real caller. Carriers read the network-asserted identity.
    headers.set('P-Asserted-Identity', `<sip:${encodeUser(s.callerNumber)}@${this.ua.endpoint.address}>`);
    headers.set('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE');
    headers.set('Content-Type', 'application/sdp');
    return new Request('INVITE', uri, headers, Buffer.from(s.sdpOffer));
  }
}

/**
 * RFC 6026 Accepted state: each retransmitted 2xx means our ACK was lost; ACK it again (§13.2.2.4:
 * "The UAC core MUST generate an ACK request for each 2xx received from the transaction layer"),
 * in the dialog that 2xx establishes (its To tag and Record-Route), which for a retransmission is
 * the dialog the leg took. The INVITE transaction keeps this function for 64*T1, mostly after the
 * call ended: it holds the five header values a dialog is made of, as strings, not the parsed
 * INVITE (whose body would also pin a Buffer pool slab) and not the leg; the ACK is rebuilt only
 * when a 2xx does come again.
 */
function reAcker(ua: UserAgentCore, invite: SipRequest, target: Target): (res: SipResponse) => void {
  const h = invite.headers;
  // Detached copies: the values are views of (or built from views of) the caller's INVITE text.
  const uri = detachString(formatUri(invite.uri));
  const fields: Array<[string, string]> = [
    ['From', detachString(h.get('From') ?? '')],
    ['To', detachString(h.get('To') ?? '')],
    ['Call-ID', detachString(h.callId())],
    ['CSeq', detachString(h.get('CSeq') ?? '')],
  ];
  return (res) => {
    const skeleton = new Request('INVITE', parseUri(uri), new SipHeaders(fields));
    let dialog: Dialog;
    try {
      dialog = Dialog.asUac(skeleton, res);
    } catch {
      return; // a 2xx we could not answer the first time either (on2xx)
    }
    ua.sendAck(dialog.createAck(skeleton.headers.cseq().seq, ua.contact(target.transport)), dialog.nextHopIsSip ? undefined : target);
  };
}

/** A caller "number" may be `anonymous` or carry characters a SIP user part must escape. */
function encodeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
