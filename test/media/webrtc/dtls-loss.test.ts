/**
 * The DTLS-SRTP handshake of a WebRTC leg (src/media/webrtc) when datagrams are lost or come early,
 * as on a loaded machine: a browser's ClientHello before its SDP answer has reached us, a lost
 * ClientHello, a lost HelloVerifyRequest, our lost flight 4 (we must send it again on our own timer,
 * RFC 6347 §4.2.4), our lost last flight (the browser's repeated flight 5 brings it again), and, in
 * the client role, our own lost ClientHello. The leg's transport runs on an in-memory socket; the
 * browser is werift's DTLS behind our DtlsSrtp, over a link that drops what each case says. Done
 * means both ends have SRTP keys and an RTP packet crosses, protected and unprotected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import type { DatagramHandler, DatagramSocket } from '../../../src/media/embedded/datagram-io.ts';
import { PeerAddress } from '../../../src/media/native/peer-address.ts';
import { dtlsCertificate } from '../../../src/media/webrtc/dtls-certificate.ts';
import { DtlsSrtp, type DtlsRole } from '../../../src/media/webrtc/dtls-srtp.ts';
import { WebRtcTransport } from '../../../src/media/webrtc/webrtc-transport.ts';
import { loadWerift } from '../../../src/media/webrtc/werift.ts';
import { until } from '../../support/until.ts';

const PEER = PeerAddress.parse('127.0.0.1') as PeerAddress;
const PEER_PORT = 50_000;
const OUR_PORT = 40_000;

/** What one DTLS datagram carries, by its first record: a handshake message's name, or the record type. */
function dtlsKind(d: Buffer): string {
  const type = d[0];
  const epoch = d.readUInt16BE(3);
  if (type === 20) return 'ChangeCipherSpec';
  if (type === 21) return 'Alert';
  if (type !== 22) return `record ${type}`;
  if (epoch > 0) return 'Finished';
  const names: Record<number, string> = { 1: 'ClientHello', 2: 'ServerHello', 3: 'HelloVerifyRequest', 11: 'Certificate', 12: 'ServerKeyExchange', 13: 'CertificateRequest', 14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange' };
  const kind = names[d[13] ?? 0] ?? `handshake ${d[13]}`;
  // A ClientHello with a cookie answers a HelloVerifyRequest (RFC 6347 §4.2.1): the cookie length
  // follows version(2) random(32) session id.
  if (kind === 'ClientHello') {
    const body = 25;
    const sessionIdLength = d[body + 34] ?? 0;
    const cookieLength = d[body + 35 + sessionIdLength] ?? 0;
    return cookieLength > 0 ? 'ClientHello+cookie' : 'ClientHello';
  }
  return kind;
}

/** A STUN Binding request as a browser's ICE check (RFC 8445 §7.2.2), signed with our password. */
function bindingRequest(ourUfrag: string, ourPwd: string, nominate: boolean): Buffer {
  const attrs: Buffer[] = [];
  const attr = (type: number, value: Buffer): void => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(type, 0);
    head.writeUInt16BE(value.length, 2);
    attrs.push(head, value, Buffer.alloc((4 - (value.length % 4)) % 4));
  };
  attr(0x0006, Buffer.from(`${ourUfrag}:peer`));
  if (nominate) attr(0x0025, Buffer.alloc(0));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0);
  header.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(header, 8);
  const body = Buffer.concat(attrs);
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', ourPwd).update(Buffer.concat([header, body])).digest();
  const mi = Buffer.alloc(4);
  mi.writeUInt16BE(0x0008, 0);
  mi.writeUInt16BE(20, 2);
  return Buffer.concat([header, body, mi, mac]);
}

/** Which datagram to drop: its kind and how many of that kind (per direction) went before it. */
type DropRule = (kind: string, nth: number) => boolean;

/** Our WebRTC transport and a werift DTLS peer over an in-memory link that loses what the rules say. */
async function link(opts: { ourRole: DtlsRole; dropToUs?: DropRule; dropToPeer?: DropRule; twiceToUs?: DropRule; answerLate?: boolean; otherCandidateFirst?: boolean }) {
  const w = await loadWerift();
  const cert = await dtlsCertificate();
  const fingerprint = { algorithm: 'sha-256', value: cert.fingerprint.replace(/^sha-256 /, '') };
  const log: string[] = [];
  const counts = { toUs: new Map<string, number>(), toPeer: new Map<string, number>() };
  const passes = (dir: 'toUs' | 'toPeer', d: Buffer): boolean => {
    const kind = d[0] !== undefined && d[0] < 4 ? 'STUN' : dtlsKind(d);
    const nth = counts[dir].get(kind) ?? 0;
    counts[dir].set(kind, nth + 1);
    const drop = (dir === 'toUs' ? opts.dropToUs : opts.dropToPeer)?.(kind, nth) ?? false;
    log.push(`${dir === 'toUs' ? '→ us  ' : '→ peer'} ${kind}${nth > 0 ? ` #${nth + 1}` : ''}${drop ? ' DROPPED' : ''}`);
    return !drop;
  };

  let handler: DatagramHandler | undefined;
  const from = new Int32Array(PEER.words);
  const toUs = (d: Buffer): void => {
    const kind = d[0] !== undefined && d[0] < 4 ? 'STUN' : dtlsKind(d);
    const twice = opts.twiceToUs?.(kind, counts.toUs.get(kind) ?? 0) ?? false;
    if (!passes('toUs', d)) return;
    const copy = Buffer.from(d);
    setImmediate(() => handler?.onDatagram(copy, from, 0, OUR_PORT));
    if (twice) setImmediate(() => handler?.onDatagram(Buffer.from(copy), from, 0, OUR_PORT));
  };
  const peerHeard: Buffer[] = [];
  const socket: DatagramSocket = {
    port: OUR_PORT,
    setHandler: (h) => {
      handler = h;
    },
    send: (packet, offset, length) => {
      const d = Buffer.from(packet.subarray(offset, offset + length));
      if (!passes('toPeer', d)) return;
      setImmediate(() => {
        if ((d[0] ?? 0) < 4) return; // our STUN answers: the peer's ICE is not under test
        if ((d[0] ?? 0) >= 20 && (d[0] ?? 0) <= 63) peer.receive(d);
        else peerHeard.push(d);
      });
    },
    sendAndWait: async (packet) => socket.send(packet, 0, packet.length, PEER, PEER_PORT),
    close: () => undefined,
  };
  let failure: string | undefined;
  const ours = new WebRtcTransport(socket, w, cert, { failed: (reason) => (failure = reason) });
  const heardByUs: Buffer[] = [];
  ours.rtp.setHandler({ onDatagram: (p) => void heardByUs.push(Buffer.from(p)) });
  const peerRole: DtlsRole = opts.ourRole === 'server' ? 'client' : 'server';
  const peer = new DtlsSrtp(w, cert, peerRole, [fingerprint], { send: toUs, ready: () => undefined, failed: (reason) => (failure = `peer: ${reason}`) });
  const answer = (): void => ours.setRemote({ ufrag: 'peer', pwd: 'peer-password-0123456789', fingerprints: [fingerprint], setup: opts.ourRole === 'server' ? 'active' : 'passive' }, opts.ourRole);
  if (!opts.answerLate) answer();
  // The browser's ICE check, then (once it is answered) its DTLS, as Chrome starts it. A browser
  // with two host candidates may check from the other first, and nominate later.
  if (opts.otherCandidateFirst) {
    const other = PeerAddress.parse('127.0.0.2') as PeerAddress;
    const request = bindingRequest(ours.local.ufrag, ours.local.pwd, false);
    passes('toUs', request);
    setImmediate(() => handler?.onDatagram(request, new Int32Array(other.words), 0, OUR_PORT));
    await new Promise((r) => setTimeout(r, 20));
  }
  toUs(bindingRequest(ours.local.ufrag, ours.local.pwd, !opts.otherCandidateFirst));
  await new Promise((r) => setTimeout(r, 20));
  peer.start();
  return {
    ours,
    peer,
    log,
    answer,
    failure: () => failure,
    /** Waits for both ends' keys, then sends one RTP packet each way through SRTP. */
    async connected(what: string): Promise<void> {
      try {
        await until(() => failure !== undefined || (ours.state === 'connected' && peer.ready), what, 20_000);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${log.join('\n')}`);
      }
      assert.equal(failure, undefined, log.join('\n'));
      const rtp = Buffer.from([0x80, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0xaa, 0xbb, 0xcc, 0xdd, ...Array<number>(160).fill(0xff)]);
      toUs(peer.protectRtp(rtp) as Buffer);
      ours.rtp.send(rtp, 0, rtp.length);
      await until(() => heardByUs.length > 0 && peerHeard.length > 0, 'an RTP packet each way', 5_000);
      assert.deepEqual(heardByUs[0], rtp, 'the peer\'s SRTP unprotects to its RTP');
      assert.deepEqual(peer.unprotectRtp(peerHeard[0] as Buffer), rtp, 'our SRTP unprotects at the peer');
    },
    close(): void {
      ours.close();
      peer.close();
    },
  };
}

/** The handshake completes over a link losing what `opts` says. */
async function completes(opts: Parameters<typeof link>[0], what: string): Promise<void> {
  const l = await link(opts);
  try {
    await l.connected(what);
  } finally {
    l.close();
  }
}

const first = (kind: string): DropRule => (k, nth) => k === kind && nth === 0;

test('DTLS completes with nothing lost (the control case), we the server as with a browser that answers active', async () => {
  await completes({ ourRole: 'server' }, 'the handshake');
});

test.todo('the browser\'s ClientHello that comes before its SDP answer reaches us is kept and answered once the answer comes — tried (a92e2dd) and taken out: with early records replayed into the session, Chromium in the desk and supervision tests reached a connected DTLS but received no audio at all (remote track muted), 2 of 2 runs; the cause is not found, so the repeat of the ClientHello after the answer is what starts the handshake, as before');

test('the ClientHello before the answer and its repeats, arriving after it: one handshake, not several', async () => {
  const l = await link({ ourRole: 'server', answerLate: true });
  try {
    await until(() => l.log.filter((line) => line.includes('→ us   ClientHello')).length >= 2, 'a ClientHello and a repeat', 5_000);
    l.answer();
    await l.connected('the handshake from a ClientHello repeated after the answer');
  } finally {
    l.close();
  }
});

test('a browser with two host candidates checks from one first and runs DTLS and media over the other before nominating it: both are taken', async () => {
  await completes({ ourRole: 'server', otherCandidateFirst: true }, 'the handshake over the second checked pair');
});

test('the browser\'s first ClientHello is lost: its repeat is answered', async () => {
  await completes({ ourRole: 'server', dropToUs: first('ClientHello') }, 'the handshake after a lost ClientHello');
});

test('our HelloVerifyRequest is lost: the browser\'s repeated ClientHello gets another', async () => {
  await completes({ ourRole: 'server', dropToPeer: first('HelloVerifyRequest') }, 'the handshake after a lost HelloVerifyRequest');
});

test('our flight 4 (ServerHello … ServerHelloDone) is lost and so is every repeat of the browser\'s ClientHello: we send flight 4 again on our own timer (RFC 6347 §4.2.4)', async () => {
  const flight4 = new Set(['ServerHello', 'Certificate', 'ServerKeyExchange', 'CertificateRequest', 'ServerHelloDone']);
  await completes({ ourRole: 'server', dropToPeer: (k, nth) => flight4.has(k) && nth === 0, dropToUs: (k, nth) => k === 'ClientHello+cookie' && nth > 0 }, 'the handshake after our lost flight 4');
});

test('our last flight (ChangeCipherSpec, Finished) is lost: the browser\'s repeated flight 5 brings it again', async () => {
  await completes({ ourRole: 'server', dropToPeer: (k, nth) => (k === 'ChangeCipherSpec' || k === 'Finished') && nth === 0 }, 'the handshake after our lost Finished');
});

test('we the DTLS client: a repeated HelloVerifyRequest (the server answers each repeat of our ClientHello) is ignored, the handshake goes on', async () => {
  await completes({ ourRole: 'client', twiceToUs: (k) => k === 'HelloVerifyRequest' }, 'the handshake after two HelloVerifyRequests');
});

test('we the DTLS client (a browser that answers passive): our first ClientHello and the answer to our cookie are lost, we send both again on our own timer', async () => {
  await completes({ ourRole: 'client', dropToPeer: (k, nth) => (k === 'ClientHello' || k === 'ClientHello+cookie') && nth === 0 }, 'the handshake after our lost ClientHellos');
});
