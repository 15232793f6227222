/**
 * The caller's leg (a UAS): the INVITE from the trunk, our provisional and final responses,
 * then the confirmed dialog until BYE.
 */
import { randomUUID } from 'node:crypto';
import type { SipRequest, SipResponse } from '../sip/message/message.ts';
import type { NameAddr } from '../sip/message/name-addr.ts';
import { createResponse } from '../sip/message/create-response.ts';
import { generateTag } from '../sip/message/identifiers.ts';
import { Dialog } from '../sip/dialog/dialog.ts';
import type { ServerTransaction, Target } from '../sip/endpoint/sip-endpoint-types.ts';
import type { DialogOwner, UserAgentCore } from '../sip/ua/user-agent-core.ts';
import { sendReinvite } from './send-reinvite.ts';
import { sendInDialog } from './send-in-dialog.ts';
import type { InDialogRequest } from './send-in-dialog.ts';
import type { LegEvent, LegState } from './leg-state.ts';
import { legIsRinging, legIsUp, legTransition } from './leg-state.ts';

export interface InboundLegListener {
  /** CANCEL from the caller before we answered (the CANCEL itself is already answered 200). */
  onCancel(leg: InboundLeg): void;
  onRemoteHangup(leg: InboundLeg): void;
  /** Late offer: the ACK to our 2xx came, with the caller's answer to our offer ('' when it had none). */
  onAnswerInAck(leg: InboundLeg, sdp: string): void;
  /** Our 2xx was never ACKed (64·T1): the caller is gone. */
  onAckTimeout(leg: InboundLeg): void;
  onRequest(leg: InboundLeg, tx: ServerTransaction): void;
}

export class InboundLeg implements DialogOwner {
  /** Names the leg in call events and live state. */
  readonly id = randomUUID();
  state: LegState = 'offering';
  dialog: Dialog | undefined;
  readonly localTag = generateTag();

  private listener: InboundLegListener | undefined;

  constructor(
    private readonly ua: UserAgentCore,
    readonly tx: ServerTransaction,
  ) {
    tx.onCancel = () => {
      if (legIsRinging(this.state)) this.listener?.onCancel(this);
    };
    tx.onAckTimeout = () => {
      if (this.state === 'answered') this.listener?.onAckTimeout(this);
    };
  }

  /**
   * Where our in-dialog requests (BYE, re-INVITE) to the caller go when not by the remote target:
   * back over the caller's own TCP (or WebSocket) connection when its INVITE came so and no proxy
   * record-routed (a Contact without `;transport=tcp` would otherwise send us to UDP — RFC 5923's
   * reuse), and to a phone's source address when it sits behind NAT (set by the B2BUA).
   */
  get flow(): Target | undefined {
    if (this.forcedFlow) return this.forcedFlow;
    const src = this.tx.source;
    if (this.dialog && !this.dialog.nextHopIsSip) return { transport: src.transport, host: src.address, port: src.port };
    if (src.transport === 'udp' || (this.dialog && this.dialog.routeSet.length > 0)) return undefined;
    return { transport: src.transport, host: src.address, port: src.port };
  }

  private forcedFlow: Target | undefined;

  /** A phone behind NAT: requests to it follow the path its own requests came by. */
  useSourceFlow(): void {
    const src = this.tx.source;
    this.forcedFlow = { transport: src.transport, host: src.address, port: src.port };
  }

  /** Our Contact in this dialog: over the transport the caller's INVITE came by. */
  get contact(): NameAddr {
    return this.ua.contact(this.tx.source.transport);
  }

  /** The call that owns this leg; set once, right after the call is created. */
  attach(listener: InboundLegListener): void {
    this.listener = listener;
  }

  get invite(): SipRequest {
    return this.tx.request;
  }

  /** Moves the state machine; false when `event` does not apply now (nothing is sent then). */
  private step(event: LegEvent): boolean {
    const next = legTransition(this.state, event);
    if (!next) return false;
    this.state = next;
    return true;
  }

  /**
   * A late-offer INVITE (no body, RFC 3261 §13.2.1 / RFC 3264): our offer goes in the 2xx and the
   * caller's answer comes in its ACK.
   */
  get lateOffer(): boolean {
    return this.invite.body.length === 0;
  }

  /**
   * 180 Ringing / 183 Session Progress (with early media SDP). A late-offer caller gets no SDP
   * here: it would be an offer in an unreliable provisional, and we do not do 100rel (RFC 3262).
   */
  provisional(status: number, reason: string, sdp?: string): void {
    if (!this.step('provisional')) return;
    this.tx.respond(this.response(status, reason, this.lateOffer ? undefined : sdp));
  }

  answer(sdp: string): void {
    if (!this.step('answer')) return;
    this.dialog = Dialog.asUas(this.invite, this.localTag);
    this.ua.addDialog(this.dialog, this);
    this.tx.respond(this.response(200, 'OK', sdp));
  }

  reject(status: number, reason: string): void {
    if (!this.step('fail')) return;
    this.tx.respond(this.response(status, reason));
  }

  /** BYE; `reason` is an RFC 3326 Reason header value (a Q.850 cause from a driver). */
  hangup(reason?: string): void {
    if (!this.dialog || !this.step('end')) return;
    const dialog = this.dialog;
    this.ua.removeDialog(dialog);
    const bye = dialog.createRequest('BYE', { contact: this.contact });
    if (reason) bye.headers.set('Reason', reason);
    this.ua.send(bye, { onFinal: () => undefined }, this.flow);
  }

  /** Re-INVITE towards the caller (the phone put the call on hold). */
  reinvite(sdp: string): Promise<SipResponse> {
    if (!this.dialog || !legIsUp(this.state)) return Promise.reject(new Error('leg not answered'));
    return sendReinvite(this.ua, this.dialog, sdp, this.contact, this.flow);
  }

  /** Another request in the dialog (NOTIFY); rejects when the leg is not up. */
  request(r: InDialogRequest): Promise<SipResponse> {
    if (!this.dialog || !legIsUp(this.state)) return Promise.reject(new Error('leg not answered'));
    return sendInDialog(this.ua, this.dialog, r, this.flow);
  }

  onDialogRequest(tx: ServerTransaction, _dialog: Dialog): void {
    if (tx.request.method === 'BYE') {
      tx.respond(createResponse(tx.request, 200));
      if (this.step('end')) {
        if (this.dialog) this.ua.removeDialog(this.dialog);
        this.listener?.onRemoteHangup(this);
      }
      return;
    }
    if (this.listener) this.listener.onRequest(this, tx);
    else tx.respond(createResponse(tx.request, 491));
  }

  onDialogAck(ack: SipRequest): void {
    const pending = this.answerInAck;
    this.answerInAck = undefined;
    if (pending) return pending(ack.body.toString('utf8'));
    if (this.step('confirm') && this.lateOffer) this.listener?.onAnswerInAck(this, ack.body.toString('utf8'));
  }

  private answerInAck: ((sdp: string) => void) | undefined;

  /** Our 2xx to an offerless re-INVITE carried an offer: the next ACK carries the answer (§14.2). */
  expectAnswerInAck(onAnswer: (sdp: string) => void): void {
    this.answerInAck = onAnswer;
  }

  private response(status: number, reason: string, sdp?: string): SipResponse {
    const res = createResponse(this.invite, status, reason, { toTag: this.localTag });
    if (status < 300) {
      // §12.1.1: "the UAS MUST copy all Record-Route header field values from the request into
      // the response", or the caller's ACK and BYE skip the proxies that record-routed.
      for (const e of this.invite.headers.entries()) if (e.key === 'record-route') res.headers.append('Record-Route', e.value);
      res.headers.setContact([this.contact]);
    }
    if (sdp !== undefined) {
      res.headers.set('Content-Type', 'application/sdp');
      res.body = Buffer.from(sdp);
    }
    return res;
  }
}
