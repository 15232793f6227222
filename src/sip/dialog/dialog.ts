/**
 * A SIP dialog (RFC 3261 §12): the peer-to-peer relationship an INVITE establishes, with the
 * state needed to build and check in-dialog requests.
 */
import type { SipRequest, SipResponse } from '../message/message.ts';
import { SipRequest as Request } from '../message/message.ts';
import { SipHeaders } from '../message/sip-headers.ts';
import type { NameAddr } from '../message/name-addr.ts';
import type { Uri } from '../message/uri.ts';

export type DialogRole = 'uac' | 'uas';

export interface DialogState {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** §12.1.1: the local sequence number is initialised by the UAS's first own request. */
  localSeq: number;
  /** Absent until the remote side sends a request (UAC side before any in-dialog request). */
  remoteSeq: number | undefined;
  localUri: NameAddr;
  remoteUri: NameAddr;
  remoteTarget: Uri;
  routeSet: NameAddr[];
}

export class Dialog {
  readonly role: DialogRole;
  private readonly state: DialogState;

  private constructor(role: DialogRole, state: DialogState) {
    this.role = role;
    this.state = state;
  }

  /**
   * §12.1.1 UAS behavior: "The route set MUST be set to the list of URIs in the Record-Route
   * header field from the request, taken in order and preserving all URI parameters. […] The
   * remote target MUST be set to the URI from the Contact header field of the request."
   */
  static asUas(invite: SipRequest, localTag: string): Dialog {
    const h = invite.headers;
    const contact = firstContact(invite.headers);
    return new Dialog('uas', {
      callId: h.callId(),
      localTag,
      remoteTag: h.from().params.get('tag') ?? '',
      localSeq: Math.floor(Math.random() * 10000) + 1,
      remoteSeq: h.cseq().seq,
      localUri: withoutTag(h.to()),
      remoteUri: withoutTag(h.from()),
      remoteTarget: contact?.uri ?? invite.uri,
      routeSet: h.recordRoute(),
    });
  }

  /**
   * §12.1.2 UAC behavior: "The route set MUST be set to the list of URIs in the Record-Route
   * header field from the response, taken in reverse order". The local sequence number is the
   * CSeq of the request; the remote sequence number is empty.
   */
  static asUac(invite: SipRequest, response: SipResponse): Dialog {
    const contact = firstContact(response.headers);
    return new Dialog('uac', {
      callId: invite.headers.callId(),
      localTag: invite.headers.from().params.get('tag') ?? '',
      remoteTag: response.headers.to().params.get('tag') ?? '',
      localSeq: invite.headers.cseq().seq,
      remoteSeq: undefined,
      localUri: withoutTag(invite.headers.from()),
      remoteUri: withoutTag(invite.headers.to()),
      remoteTarget: contact?.uri ?? invite.uri,
      routeSet: [...response.headers.recordRoute()].reverse(),
    });
  }

  get id(): string {
    return dialogKey(this.state.callId, this.state.localTag, this.state.remoteTag);
  }

  get callId(): string {
    return this.state.callId;
  }

  get remoteTarget(): Uri {
    return this.state.remoteTarget;
  }

  get routeSet(): readonly NameAddr[] {
    return this.state.routeSet;
  }

  /**
   * §12.1.1 / §12.1.2: the remote target and the route set MUST be SIP or SIPS URIs. False when
   * the peer broke that (a `tel:` Contact from an odd gateway): the dialog's next hop cannot be
   * routed by URI, and its owner must say where its requests go (the ACK, a BYE).
   */
  get nextHopIsSip(): boolean {
    const first = this.state.routeSet[0];
    return (first ? first.uri : this.state.remoteTarget).kind === 'sip';
  }

  /**
   * §12.2.2: "If the remote sequence number is not empty, but the sequence number of the request
   * is lower than the remote sequence number, the request is out of order and MUST be rejected
   * with a 500 (Server Internal Error) response." Target refresh requests update the remote
   * target (§12.2.2, last paragraph). ACK and CANCEL reuse their INVITE's CSeq and are not checked.
   */
  acceptRemoteRequest(req: SipRequest): { status: number; reason: string } | undefined {
    if (req.method === 'ACK' || req.method === 'CANCEL') return undefined;
    const seq = req.headers.cseq().seq;
    if (this.state.remoteSeq !== undefined && seq <= this.state.remoteSeq) {
      return { status: 500, reason: 'CSeq Out of Order' };
    }
    this.state.remoteSeq = seq;
    if (req.method === 'INVITE' || req.method === 'UPDATE') {
      const contact = firstContact(req.headers);
      if (contact) this.state.remoteTarget = contact.uri;
    }
    return undefined;
  }

  /** A 2xx to our re-INVITE/UPDATE refreshes the remote target (§12.2.1.2). */
  refreshFromResponse(res: SipResponse): void {
    const contact = firstContact(res.headers);
    if (contact) this.state.remoteTarget = contact.uri;
  }

  /**
   * §12.2.1.1: Request-URI is the remote target (loose routing: the route set goes into Route
   * headers as it is); To carries the remote tag, From the local tag; "The CSeq header field
   * value MUST be incremented by one" for each new request except ACK and CANCEL.
   */
  createRequest(method: string, opts: { contact: NameAddr; body?: Buffer; contentType?: string; cseq?: number }): SipRequest {
    const seq = opts.cseq ?? (method === 'ACK' ? this.state.localSeq : ++this.state.localSeq);
    const headers = new SipHeaders();
    // No Via here: the endpoint stamps the one Via a request we originate carries (§8.1.1.7).
    headers.setVia([]);
    headers.setMaxForwards(70);
    headers.setFrom(withTag(this.state.localUri, this.state.localTag));
    headers.setTo(withTag(this.state.remoteUri, this.state.remoteTag));
    headers.set('Call-ID', this.state.callId);
    headers.setCSeq({ seq, method });
    if (this.state.routeSet.length > 0) headers.setRoute(this.state.routeSet);
    headers.setContact([opts.contact]);
    const body = opts.body ?? Buffer.alloc(0);
    if (body.length > 0 && opts.contentType) headers.set('Content-Type', opts.contentType);
    return new Request(method, this.state.remoteTarget, headers, body);
  }

  /** §13.2.2.4: the ACK for a 2xx carries the INVITE's CSeq number with method ACK. */
  createAck(inviteSeq: number, contact: NameAddr, body?: Buffer, contentType?: string): SipRequest {
    const ack = this.createRequest('ACK', { contact, cseq: inviteSeq, ...(body ? { body } : {}), ...(contentType ? { contentType } : {}) });
    return ack;
  }
}

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\u0000${localTag}\u0000${remoteTag}`;
}

function firstContact(headers: SipHeaders): NameAddr | undefined {
  if (!headers.has('Contact')) return undefined;
  const c = headers.contact();
  return c === '*' ? undefined : c[0];
}

function withoutTag(n: NameAddr): NameAddr {
  const params = new Map(n.params);
  params.delete('tag');
  return { ...n, params };
}

function withTag(n: NameAddr, tag: string): NameAddr {
  const params = new Map(n.params);
  if (tag) params.set('tag', tag);
  return { ...n, params };
}
