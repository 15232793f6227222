/**
 * Fuzzing whole calls through the running platform: a raw UDP caller behind the trunk sends
 * INVITEs to the 400 number whose headers and SDP are mutated (structure-aware: the message still
 * parses, so the mutation reaches routing, caller attribution, offer/answer and the B2BUA), and,
 * once a call is up, mutated in-dialog requests (re-INVITE, UPDATE, INFO, OPTIONS, unknown
 * methods) before a proper BYE. A raw UDP phone behind the same trunk answers or refuses each
 * outbound leg. Call-ID and the top Via are left alone, so every reply can be matched to its case.
 *
 * Used by test/calls/platform-fuzz.test.ts (a few hundred cases) and bench/call-fuzz.ts (long runs).
 */
import { createSocket, type Socket } from 'node:dgram';
import { seededRandom } from '../../src/random/seeded-random.ts';

/** Values that have broken SIP and SDP code somewhere: empty, huge, signed, odd syntax. */
const VALUES = [
  '', ' ', '0', '-1', '4294967296', '99999999999999999999', '1e400', 'NaN', '<>', '<sip:>', 'sip:', 'tel:', '<tel:+86>', '"', '\\"', ';', ';tag=', ';;;', ',', ', ,',
  '<sip:@127.0.0.1>', '<sip:13912345678@[::1]:5060>', '<sip:%31%33%39@127.0.0.1>', 'anonymous', '"Anonymous" <sip:anonymous@anonymous.invalid>', '<sip:+8613912345678;cpc=ordinary@127.0.0.1;user=phone>',
  '<tel:+86-10-12345678>', '<sip:4006123456@127.0.0.1>;tag=x', '中文主叫', '\u00ff\u00fe', 'x'.repeat(300), '1'.repeat(40), '<sip:' + '9'.repeat(60) + '@127.0.0.1>', 'INVITE', '1 INVITE', '2147483648 INVITE', 'application/sdp',
  'multipart/mixed;boundary=b', 'text/plain', 'timer', '100rel', '90;refresher=uac', 'id', 'Q.850;cause=17', '<sip:13800138000@127.0.0.1>;reason=unconditional;counter=99',
];

const SDP_LINES = [
  'c=IN IP4 999.1.1.1', 'c=IN IP6 ::1', 'c=IN IP4 0.0.0.0', 'c=', 'c=IN IP4', 'm=audio 0 RTP/AVP 0', 'm=audio 70000 RTP/AVP 0', 'm=audio -1 RTP/AVP 0', 'm=audio 4000 RTP/SAVP 0',
  'm=audio 4000/2 RTP/AVP 0 8', 'm=video 4002 RTP/AVP 96', 'm=audio 4000 RTP/AVP', 'm=audio 4000 RTP/AVP 18 9 3', 'm=audio 4000 RTP/AVP 127 255 999', 'm=image 4000 udptl t38',
  'a=rtpmap:101 telephone-event/0', 'a=rtpmap:0 PCMU/0', 'a=rtpmap:96 opus/48000/2', 'a=rtpmap:xx', 'a=rtpmap:101', 'a=fmtp:101 0-99999', 'a=fmtp:101 16-0', 'a=ptime:0', 'a=ptime:-5',
  'a=ptime:100000', 'a=maxptime:1', 'a=sendonly', 'a=recvonly', 'a=inactive', 'a=rtcp:0', 'a=rtcp:70000 IN IP4 127.0.0.1', 'a=rtcp-mux', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:xyz',
  'o=- 1 1 IN IP4', 'o=', 't=1 0', 's=', 'v=1', 'b=AS:-1', 'x=unknown', 'a=', '=', 'm=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 8',
];

const EXTRA_HEADERS = ['P-Asserted-Identity', 'Remote-Party-ID', 'Diversion', 'History-Info', 'Privacy', 'Supported', 'Require', 'Session-Expires', 'Min-SE', 'Reason', 'Allow', 'Accept', 'Content-Encoding', 'Content-Disposition', 'Record-Route', 'Route', 'Expires', 'Alert-Info'];

/** Headers the fuzzer keeps intact (the case is found by them). */
const KEPT = /^(Via|v|Call-ID|i)\s*:/i;

export interface FuzzMessage {
  startLine: string;
  headers: string[];
  body: string;
}

export function buildMessage(m: FuzzMessage, fixLength: boolean): Buffer {
  const headers = fixLength ? [...m.headers.filter((h) => !/^(Content-Length|l)\s*:/i.test(h)), `Content-Length: ${Buffer.byteLength(m.body, 'latin1')}`] : m.headers;
  return Buffer.from(`${m.startLine}\r\n${headers.join('\r\n')}\r\n\r\n${m.body}`, 'latin1');
}

/** Applies 1–4 structure-aware mutations; most keep Content-Length right so the message parses. */
export function mutateMessage(m: FuzzMessage, r: () => number): { message: FuzzMessage; fixLength: boolean } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const headers = [...m.headers];
  const sdp = m.body === '' ? [] : m.body.replace(/\r\n$/, '').split('\r\n');
  let startLine = m.startLine;
  const mutable = (): number[] => headers.map((h, i) => (KEPT.test(h) ? -1 : i)).filter((i) => i >= 0);
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const kind = r();
    const idx = pick(mutable());
    if (kind < 0.2 && idx !== undefined) {
      const name = (headers[idx] ?? '').split(':')[0] ?? '';
      headers[idx] = `${name}: ${pick(VALUES)}`;
    } else if (kind < 0.3 && idx !== undefined) {
      headers.splice(idx, 1);
    } else if (kind < 0.38 && idx !== undefined) {
      headers.splice(idx, 0, headers[idx] ?? '');
    } else if (kind < 0.5) {
      headers.push(`${pick(EXTRA_HEADERS)}: ${pick(VALUES)}`);
    } else if (kind < 0.58 && idx !== undefined) {
      // A piece of a value replaced: a parameter, a bracket, a digit.
      const h = headers[idx] ?? '';
      const colon = h.indexOf(':');
      const at = colon + 1 + Math.floor(r() * Math.max(1, h.length - colon - 1));
      headers[idx] = h.slice(0, at) + pick(VALUES) + h.slice(at + Math.floor(r() * 6));
    } else if (kind < 0.64) {
      const parts = startLine.split(' ');
      const which = Math.floor(r() * parts.length);
      if (which !== 0) parts[which] = pick(['sip:4006123456@127.0.0.1', 'sip:4006123456@127.0.0.1;user=phone', 'tel:4006123456', 'sip:+864006123456@127.0.0.1', 'sip:400-612-3456@127.0.0.1', 'sips:4006123456@127.0.0.1', 'SIP/2.0', 'sip:%34006123456@127.0.0.1', pick(VALUES)]);
      startLine = parts.join(' ');
    } else if (kind < 0.92 && sdp.length > 0) {
      const at = Math.floor(r() * sdp.length);
      const op = r();
      if (op < 0.45) sdp[at] = pick(SDP_LINES);
      else if (op < 0.65) sdp.splice(at, 1);
      else if (op < 0.85) sdp.splice(at, 0, pick(SDP_LINES));
      else sdp[at] = (sdp[at] ?? '') + pick(VALUES);
    } else if (kind < 0.96) {
      const at = headers.findIndex((h) => /^Content-Type/i.test(h));
      const contentType = `Content-Type: ${pick(['application/sdp', 'application/SDP', 'text/plain', 'multipart/mixed;boundary=b', ''])}`;
      if (at >= 0) headers[at] = contentType;
      else headers.push(contentType);
    } else {
      // A raw byte somewhere in a mutable header.
      if (idx === undefined) continue;
      const h = headers[idx] ?? '';
      const at = Math.floor(r() * h.length);
      headers[idx] = h.slice(0, at) + String.fromCharCode(Math.floor(r() * 256)) + h.slice(at + 1);
    }
  }
  const body = sdp.length > 0 ? `${sdp.join('\r\n')}\r\n` : m.body;
  return { message: { startLine, headers, body }, fixLength: r() < 0.92 };
}

export function offerSdp(rtpPort: number, session = 1): string {
  return [
    'v=0', `o=- ${session} ${session} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${rtpPort} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
  ].join('\r\n');
}

// ---- reading raw messages ----

export function headerOf(text: string, ...names: string[]): string | undefined {
  const head = text.split('\r\n\r\n')[0] ?? '';
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (names.some((n) => n.toLowerCase() === name)) return line.slice(colon + 1).trim();
  }
  return undefined;
}

function headerLines(text: string, ...names: string[]): string[] {
  const head = text.split('\r\n\r\n')[0] ?? '';
  return head.split('\r\n').slice(1).filter((l) => names.some((n) => l.toLowerCase().startsWith(`${n.toLowerCase()}:`)));
}

export const statusOf = (text: string): number => Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
const methodOf = (text: string): string => /^([A-Z]+) /.exec(text)?.[1] ?? '';
const cseqOf = (text: string): string => headerOf(text, 'CSeq') ?? '';
const toTagOf = (text: string): string | undefined => /;\s*tag=([^;>\s]+)/i.exec(headerOf(text, 'To', 't') ?? '')?.[1];
const contactUriOf = (text: string): string | undefined => /<([^>]+)>/.exec(headerOf(text, 'Contact', 'm') ?? '')?.[1];

/** One UDP socket that collects datagrams and wakes waiters. */
class Peer {
  private waiters = new Set<() => void>();
  private constructor(readonly socket: Socket, readonly onMessage: (text: string, port: number) => void) {}

  static async open(onMessage: (text: string, port: number) => void): Promise<Peer> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    const peer = new Peer(socket, onMessage);
    socket.on('message', (m, rinfo) => {
      peer.onMessage(m.toString('latin1'), rinfo.port);
      for (const w of peer.waiters) w();
    });
    return peer;
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(bytes: Buffer | string, port: number): void {
    this.socket.send(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, port, '127.0.0.1');
  }

  /** Resolves with `found()` once it is defined, or undefined after `ms` (a safety net). */
  async waitFor<T>(found: () => T | undefined, ms: number): Promise<T | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = found();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.min(left, 100));
        this.waiters.add(done);
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * The bound phone behind the trunk: refuses an outbound leg (486) or answers it (180 or a 183 with
 * SDP, then 200 with SDP); 200 to everything in a dialog; 200 to a CANCEL. With `mutateSeed`, the
 * carrier side is fuzzed too: most answers to a new leg are mutated like the caller's requests
 * (the leg's seed is `mutateSeed` + the order it arrived in, printed with any problem).
 */
export class FuzzPhone {
  private readonly answers = new Map<string, string>();
  invites = 0;
  /** Answers it mutated. */
  mutated = 0;
  private constructor(private readonly peer: Peer, private readonly mutateSeed: number | undefined) {}

  static async open(opts: { mutateSeed?: number } = {}): Promise<FuzzPhone> {
    const box: { phone?: FuzzPhone } = {};
    const peer = await Peer.open((text, port) => box.phone?.receive(text, port));
    box.phone = new FuzzPhone(peer, opts.mutateSeed);
    return box.phone;
  }

  get port(): number {
    return this.peer.port;
  }

  private reply(req: string, status: number, reason: string, tag: string, body = ''): FuzzMessage {
    const to = headerOf(req, 'To', 't') ?? '';
    const toTagged = /;\s*tag=/i.test(to) ? to : `${to};tag=${tag}`;
    const headers = [...headerLines(req, 'Via', 'v'), `From: ${headerOf(req, 'From', 'f') ?? ''}`, `To: ${toTagged}`, `Call-ID: ${headerOf(req, 'Call-ID', 'i') ?? ''}`, `CSeq: ${cseqOf(req)}`];
    if (status < 300 && methodOf(req) === 'INVITE') headers.push(`Contact: <sip:phone@127.0.0.1:${this.port}>`);
    if (body) headers.push('Content-Type: application/sdp');
    return { startLine: `SIP/2.0 ${status} ${reason}`, headers, body };
  }

  private receive(text: string, port: number): void {
    const method = methodOf(text);
    if (!method || method === 'ACK') return;
    const callId = headerOf(text, 'Call-ID', 'i') ?? '';
    const tag = `ph${hash(callId)}`;
    const key = `${callId}|${cseqOf(text)}`;
    const cached = this.answers.get(key);
    if (cached) return this.peer.send(cached, port);
    const sdp = (session: number): string => offerSdp(40000 + (hash(callId) % 1000) * 2, session);
    let out: string;
    if (method === 'INVITE' && !toTagOf(text)) {
      const r = this.mutateSeed === undefined ? undefined : seededRandom(this.mutateSeed + this.invites);
      this.invites++;
      const wire = (m: FuzzMessage): string => {
        if (!r || r() < 0.3) return buildMessage(m, true).toString('latin1');
        this.mutated++;
        const { message, fixLength } = mutateMessage(m, r);
        return buildMessage(message, fixLength).toString('latin1');
      };
      const choice = r ? r() : (hash(callId) % 3) / 3;
      if (choice < 0.33) out = wire(this.reply(text, 486, 'Busy Here', tag));
      else {
        this.peer.send(wire(choice < 0.8 ? this.reply(text, 180, 'Ringing', tag) : this.reply(text, 183, 'Session Progress', tag, sdp(1))), port);
        out = wire(this.reply(text, 200, 'OK', tag, sdp(1)));
      }
    } else if (method === 'INVITE') {
      out = buildMessage(this.reply(text, 200, 'OK', tag, sdp(2)), true).toString('latin1');
    } else {
      out = buildMessage(this.reply(text, 200, 'OK', tag), true).toString('latin1');
    }
    this.answers.set(key, out);
    this.peer.send(out, port);
  }

  close(): void {
    this.peer.close();
  }
}

export interface CaseResult {
  /** The final status of the INVITE (0: none came). */
  status: number;
  /** In-dialog requests sent and their final statuses. */
  inDialog: { method: string; status: number }[];
  byeStatus?: number;
}

/** The caller behind the trunk: runs one fuzz case at a time per Call-ID (several may overlap). */
export class FuzzCaller {
  /**
   * Responses by the branch of their top Via (a request's CSeq and Call-ID may be mutated, its
   * Via is not); not those to a CANCEL, which shares its INVITE's branch.
   */
  private readonly byBranch = new Map<string, string[]>();
  private constructor(private readonly peer: Peer, private readonly platformPort: number) {}

  static async open(platformPort: number): Promise<FuzzCaller> {
    const box: { caller?: FuzzCaller } = {};
    const peer = await Peer.open((text) => box.caller?.receive(text));
    box.caller = new FuzzCaller(peer, platformPort);
    return box.caller;
  }

  private receive(text: string): void {
    if (!text.startsWith('SIP/2.0') || / CANCEL$/.test(cseqOf(text))) return;
    const branch = /;\s*branch=([^;,\s]+)/i.exec(headerOf(text, 'Via', 'v') ?? '')?.[1];
    if (!branch) return;
    const list = this.byBranch.get(branch) ?? [];
    list.push(text);
    this.byBranch.set(branch, list);
  }

  private responses(branch: string): string[] {
    return this.byBranch.get(branch) ?? [];
  }

  private final(branch: string, ms: number): Promise<string | undefined> {
    return this.peer.waitFor(() => this.responses(branch).find((t) => statusOf(t) >= 200), ms);
  }

  /** One case: a mutated INVITE, then (if answered) mutated in-dialog requests and a BYE. */
  async runCase(seed: number, number400: string, callerNumber: string): Promise<CaseResult> {
    const r = seededRandom(seed);
    const callId = `fuzz-${seed}`;
    const fromTag = `f${seed}`;
    const branch = (n: number): string => `z9hG4bK-fz${seed}-${n}`;
    const contact = `Contact: <sip:${callerNumber}@127.0.0.1:${this.peer.port}>`;
    /** A request of this case's dialog, before any mutation. */
    const request = (method: string, uri: string, cseq: number, br: string, to: string): FuzzMessage => ({
      startLine: `${method} ${uri} SIP/2.0`,
      headers: [`Via: SIP/2.0/UDP 127.0.0.1:${this.peer.port};branch=${br};rport`, 'Max-Forwards: 70', `From: <sip:${callerNumber}@127.0.0.1>;tag=${fromTag}`, `To: ${to}`, `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`],
      body: '',
    });
    const send = (m: FuzzMessage, fixLength = true): void => this.peer.send(buildMessage(m, fixLength), this.platformPort);
    const invite = request('INVITE', `sip:${number400}@127.0.0.1:${this.platformPort}`, 1, branch(1), `<sip:${number400}@127.0.0.1>`);
    invite.headers[2] = `From: "主叫" <sip:${callerNumber}@127.0.0.1>;tag=${fromTag}`;
    invite.headers.push(contact, 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE', 'Content-Type: application/sdp');
    invite.body = offerSdp(30000 + (seed % 1000) * 2);
    const { message, fixLength } = r() < 0.1 ? { message: invite, fixLength: true } : mutateMessage(invite, r);
    send(message, fixLength);
    const inviteUri = message.startLine.split(' ')[1] ?? '';
    let final = await this.final(branch(1), 1500);
    if (!final && this.responses(branch(1)).length > 0) {
      // Ringing and no answer yet: cancel it (§9.1: same Request-URI, Via branch and CSeq number).
      send(request('CANCEL', inviteUri, 1, branch(1), `<sip:${number400}@127.0.0.1>`));
      final = await this.final(branch(1), 5000);
    }
    const status = final ? statusOf(final) : 0;
    const result: CaseResult = { status, inDialog: [] };
    if (!final) return result;
    const toHeader = headerOf(final, 'To', 't') ?? '';
    if (status >= 300) {
      send(request('ACK', inviteUri, 1, branch(1), toHeader));
      return result;
    }
    if (status < 200) return result;
    const target = contactUriOf(final) ?? `sip:${number400}@127.0.0.1:${this.platformPort}`;
    send(request('ACK', target, 1, branch(100), toHeader));
    let cseq = 1;
    const requests = Math.floor(r() * 4);
    for (let k = 0; k < requests; k++) {
      cseq++;
      const method = (['INVITE', 'UPDATE', 'INFO', 'INFO', 'OPTIONS', 'MESSAGE', 'FOO'] as const)[Math.floor(r() * 7)] ?? 'OPTIONS';
      const info = r() < 0.5 ? { type: 'application/dtmf-relay', body: `Signal=${['5', '#', '*', 'A', '16', '', 'xyz', '99999'][Math.floor(r() * 8)]}\r\nDuration=${['160', '0', '-1', '999999999', 'x'][Math.floor(r() * 5)]}\r\n` } : { type: 'application/dtmf', body: ['1', '', '#', '12', '\u00ff'][Math.floor(r() * 5)] ?? '' };
      const base = request(method, target, cseq, branch(cseq), toHeader);
      base.headers.push(contact);
      if (method === 'INVITE' || method === 'UPDATE') {
        base.headers.push('Content-Type: application/sdp');
        base.body = offerSdp(30000 + (seed % 1000) * 2, cseq);
      } else if (method === 'INFO') {
        base.headers.push(`Content-Type: ${info.type}`);
        base.body = info.body;
      }
      const { message: m, fixLength: fix } = mutateMessage(base, r);
      send(m, fix);
      const res = await this.final(branch(cseq), 1500);
      const s = res ? statusOf(res) : 0;
      result.inDialog.push({ method, status: s });
      if (method === 'INVITE' && res) send(request('ACK', target, cseq, s < 300 ? branch(200 + cseq) : branch(cseq), toHeader));
    }
    cseq++;
    send(request('BYE', target, cseq, branch(cseq), toHeader));
    const byeRes = await this.final(branch(cseq), 3000);
    result.byeStatus = byeRes ? statusOf(byeRes) : 0;
    return result;
  }

  /** An OPTIONS probe: true when the platform answers 200. */
  async optionsAnswered(): Promise<boolean> {
    const callId = `z9hG4bK-probe-${Date.now()}`;
    const opts = [`OPTIONS sip:probe@127.0.0.1:${this.platformPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.peer.port};branch=${callId};rport`, 'Max-Forwards: 70', 'From: <sip:probe@127.0.0.1>;tag=p', 'To: <sip:probe@127.0.0.1>', `Call-ID: ${callId}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n');
    this.peer.send(opts, this.platformPort);
    const res = await this.final(callId, 3000);
    return res !== undefined && statusOf(res) === 200;
  }

  close(): void {
    this.peer.close();
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
