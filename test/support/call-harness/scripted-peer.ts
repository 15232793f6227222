/**
 * A phone or carrier trunk on the in-memory SIP network, driven by the test one message at a time:
 * it keeps what it receives (`request`, `response` wait for the next unread one), answers with real
 * SIP responses and sends requests inside the dialogs it is part of. It has no transaction layer of
 * its own: the test decides every message, so retransmissions happen only when a test moves the
 * fake clock past a timer without answering.
 */
import { createResponse } from '../../../src/sip/message/create-response.ts';
import { generateBranch, generateCallId, generateTag } from '../../../src/sip/message/identifiers.ts';
import type { SipMessage, SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { formatNameAddr } from '../../../src/sip/message/name-addr.ts';
import { formatUri } from '../../../src/sip/message/uri.ts';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { serializeMessage } from '../../../src/sip/message/serialize-message.ts';
import { responseDestination } from '../../../src/sip/transport/via-rules.ts';
import type { InMemorySipNetwork, SipAddress } from './in-memory-sip.ts';

/** How long a wait for a message may take before the test fails (a guard against hangs, not a timing assertion). */
const WAIT_GUARD_MS = 5000;

/** One side's view of a dialog: enough to send BYE, re-INVITE, INFO inside it. */
export interface PeerDialog {
  callId: string;
  /** Our From/To header value (with our tag) and the other side's. */
  local: string;
  remote: string;
  /** Where in-dialog requests go (the other side's Contact). */
  remoteTarget: string;
  /** Route headers, in the order they are sent. */
  routes: string[];
  cseq: number;
}

export class ScriptedPeer {
  /** Everything received, in order. */
  readonly received: SipMessage[] = [];
  readonly #unread: SipMessage[] = [];
  readonly #waiters = new Set<() => void>();
  /** Our To tag per Call-ID, so every response in one dialog carries the same tag. */
  readonly #toTags = new Map<string, string>();

  constructor(
    private readonly network: InMemorySipNetwork,
    readonly address: SipAddress,
    /** The user part of our Contact and From. */
    readonly user: string,
    /** The RTP port our SDP names (a UDP sink of the harness: media goes nowhere but loopback). */
    private readonly mediaPort: number,
  ) {
    network.attach(address, (bytes) => {
      const msg = parseMessage(bytes);
      this.received.push(msg);
      this.#unread.push(msg);
      for (const wake of [...this.#waiters]) wake();
    });
  }

  get contact(): string {
    return `<sip:${this.user}@${this.address.host}:${this.address.port}>`;
  }

  /** An SDP offer or answer for our audio (PCMU, PCMA, telephone-event). */
  sdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv'): string {
    return [
      'v=0',
      `o=${this.user} 1 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.mediaPort} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      `a=${direction}`,
      '',
    ].join('\r\n');
  }

  /** The next unread request with this method (others stay unread). */
  request(method: string): Promise<SipRequest> {
    return this.#next((m): m is SipRequest => m.kind === 'request' && m.method === method, `a ${method}`);
  }

  /** The next unread response to `method` with this status (or any status when omitted). */
  response(method: string, status?: number): Promise<SipResponse> {
    return this.#next(
      (m): m is SipResponse => m.kind === 'response' && m.headers.cseq().method === method && (status === undefined || m.status === status),
      `a ${status ?? ''} response to ${method}`,
    );
  }

  /** The next unread final (≥ 200) response to `method`. */
  finalResponse(method: string): Promise<SipResponse> {
    return this.#next((m): m is SipResponse => m.kind === 'response' && m.headers.cseq().method === method && m.status >= 200, `a final response to ${method}`);
  }

  /** Unread messages right now (after the network settled, nothing more is coming). */
  get unread(): readonly SipMessage[] {
    return this.#unread;
  }

  /** Answers a request it received; an SDP body is sent with Content-Type, our Contact on dialog-making responses. */
  reply(req: SipRequest, status: number, opts: { sdp?: string; reason?: string } = {}): SipResponse {
    const callId = req.headers.callId();
    let tag = this.#toTags.get(callId);
    if (tag === undefined) this.#toTags.set(callId, (tag = generateTag()));
    const res = createResponse(req, status, opts.reason, { toTag: tag });
    if (req.method === 'INVITE' && status > 100 && status < 300) res.headers.set('Contact', this.contact);
    if (opts.sdp !== undefined) {
      res.headers.set('Content-Type', 'application/sdp');
      res.body = Buffer.from(opts.sdp);
    }
    const dest = responseDestination(res);
    if (!dest) throw new Error('response without a usable Via');
    this.network.send(this.address, dest, serializeMessage(res));
    return res;
  }

  /** A CANCEL for an INVITE we received: 200 for the CANCEL, 487 for the INVITE (RFC 3261 §9.2). */
  async acceptCancel(invite: SipRequest): Promise<void> {
    const cancel = await this.request('CANCEL');
    this.reply(cancel, 200);
    this.reply(invite, 487);
  }

  /** Sends a new INVITE (out of any dialog) to `to`, as a carrier does: From the caller, Request-URI the dialled number. */
  invite(to: SipAddress, opts: { caller: string; dialled: string; sdp?: string }): SipRequest {
    const sdp = opts.sdp ?? this.sdp();
    const text = [
      `INVITE sip:${opts.dialled}@${to.host}:${to.port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.address.host}:${this.address.port};branch=${generateBranch()};rport`,
      'Max-Forwards: 70',
      `From: <sip:${opts.caller}@${this.address.host}>;tag=${generateTag()}`,
      `To: <sip:${opts.dialled}@${to.host}>`,
      `Call-ID: ${generateCallId()}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:${opts.caller}@${this.address.host}:${this.address.port}>`,
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(sdp)}`,
      '',
      sdp,
    ].join('\r\n');
    const req = parseMessage(Buffer.from(text)) as SipRequest;
    this.network.send(this.address, to, Buffer.from(text));
    return req;
  }

  /** The dialog an INVITE we sent made with its 2xx (we are the caller). */
  dialogAsCaller(invite: SipRequest, ok: SipResponse): PeerDialog {
    const contact = ok.headers.contact();
    if (contact === '*' || contact[0] === undefined) throw new Error('2xx without Contact');
    return {
      callId: invite.headers.callId(),
      local: formatNameAddr(invite.headers.from()),
      remote: formatNameAddr(ok.headers.to()),
      remoteTarget: formatUri(contact[0].uri),
      routes: ok.headers.recordRoute().reverse().map(formatNameAddr),
      cseq: invite.headers.cseq().seq,
    };
  }

  /** The dialog an INVITE we answered made (we are the phone); call after `reply(invite, 2xx)`. */
  dialogAsCallee(invite: SipRequest): PeerDialog {
    const contact = invite.headers.contact();
    if (contact === '*' || contact[0] === undefined) throw new Error('INVITE without Contact');
    const to = invite.headers.to();
    to.params.set('tag', this.#toTags.get(invite.headers.callId()) ?? '');
    return {
      callId: invite.headers.callId(),
      local: formatNameAddr(to),
      remote: formatNameAddr(invite.headers.from()),
      remoteTarget: formatUri(contact[0].uri),
      routes: invite.headers.recordRoute().map(formatNameAddr),
      cseq: 0,
    };
  }

  /** ACK for a 2xx we received to our INVITE (a new transaction, §13.2.2.4). */
  ack(dialog: PeerDialog): void {
    this.#sendInDialog(dialog, 'ACK', dialog.cseq);
  }

  /** A request inside a dialog (BYE, INFO, re-INVITE …) with the next CSeq. */
  sendInDialog(dialog: PeerDialog, method: string, body?: { type: string; content: string }): SipRequest {
    dialog.cseq++;
    return this.#sendInDialog(dialog, method, dialog.cseq, body);
  }

  #sendInDialog(dialog: PeerDialog, method: string, cseq: number, body?: { type: string; content: string }): SipRequest {
    const lines = [
      `${method} ${dialog.remoteTarget} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.address.host}:${this.address.port};branch=${generateBranch()};rport`,
      'Max-Forwards: 70',
      `From: ${dialog.local}`,
      `To: ${dialog.remote}`,
      `Call-ID: ${dialog.callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: ${this.contact}`,
      ...dialog.routes.map((r) => `Route: ${r}`),
    ];
    if (body) lines.push(`Content-Type: ${body.type}`);
    lines.push(`Content-Length: ${body ? Buffer.byteLength(body.content) : 0}`, '', body?.content ?? '');
    const text = lines.join('\r\n');
    const req = parseMessage(Buffer.from(text)) as SipRequest;
    // Loose routing (§12.2.1.1): the first Route is the next hop, else the remote target.
    const hop = req.headers.has('Route') ? req.headers.route()[0]?.uri : req.uri;
    if (hop?.kind !== 'sip') throw new Error(`cannot send to ${dialog.remoteTarget}`);
    this.network.send(this.address, { host: hop.host, port: hop.port ?? 5060 }, Buffer.from(text));
    return req;
  }

  close(): void {
    this.network.detach(this.address);
  }

  async #next<T extends SipMessage>(match: (m: SipMessage) => m is T, what: string): Promise<T> {
    const deadline = Date.now() + WAIT_GUARD_MS;
    for (;;) {
      const i = this.#unread.findIndex(match);
      if (i >= 0) return this.#unread.splice(i, 1)[0] as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.user} waited for ${what}; unread: ${this.#unread.map(describe).join(', ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }
}

function describe(m: SipMessage): string {
  return m.kind === 'request' ? m.method : `${m.status} ${m.headers.cseq().method}`;
}

