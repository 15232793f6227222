// Seeded mutation of valid SIP messages, shared by the fuzz test and bench/sip-fuzz.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { serializeMessage } from '../../../src/sip/message/serialize-message.ts';
import { validateRequest } from '../../../src/sip/message/validate-request.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';

/** The seeded PRNG the fuzz test and bench/sip-fuzz.ts draw from (mulberry32). */
export { seededRandom as prng } from '../../../src/random/seeded-random.ts';

const torture = fileURLToPath(new URL('../../../../shared/testdata/sip/rfc4475/', import.meta.url));

/** The seed corpus: the 49 RFC 4475 messages plus a few everyday ones. */
export function seedCorpus(): Buffer[] {
  const out = readdirSync(torture).filter((f) => f.endsWith('.dat')).sort().map((f) => readFileSync(`${torture}${f}`));
  out.push(Buffer.from([
    'REGISTER sip:example.com SIP/2.0', 'Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKreg;rport',
    'Max-Forwards: 70', 'From: "Agent 1" <sip:1001@example.com>;tag=r1', 'To: <sip:1001@example.com>',
    'Call-ID: reg1@host', 'CSeq: 2 REGISTER', 'Contact: <sip:1001@192.0.2.9:5062;transport=udp>;expires=3600;q=0.5',
    'Authorization: Digest username="1001", realm="example.com", nonce="abc", uri="sip:example.com", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="xyz"',
    'Content-Length: 0', '', '',
  ].join('\r\n')));
  out.push(Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP a;branch=z9hG4bK1;received=192.0.2.1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: q\r\nCSeq: 7 INVITE\r\nRecord-Route: <sip:p1;lr>, <sip:p2;lr>\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n'));
  return out;
}

const INSERTS = ['\r', '\n', '\r\n', '\0', '"', '<', '>', ',', ';', ':', ' ', '\t', '%', '\\', '[', ']', '=', '@', '\r\n ', '\u00ff', '%0', 'SIP/2.0', '\r\n\r\n'];

/** Applies 1–4 random mutations to `input`. */
export function mutate(input: Buffer, rnd: () => number): Buffer {
  let buf = input;
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) buf = mutateOnce(buf, rnd);
  return buf;
}

function mutateOnce(buf: Buffer, rnd: () => number): Buffer {
  const at = Math.floor(rnd() * (buf.length + 1));
  const len = Math.floor(rnd() * 32);
  switch (Math.floor(rnd() * 7)) {
    case 0: { // byte flip
      const b = Buffer.from(buf);
      if (b.length > 0) b[at % b.length] = Math.floor(rnd() * 256);
      return b;
    }
    case 1: // truncation
      return buf.subarray(0, at);
    case 2: // duplicate a range
      return Buffer.concat([buf.subarray(0, at + len), buf.subarray(at, at + len), buf.subarray(at + len)]);
    case 3: { // inserted separator / control characters
      const s = INSERTS[Math.floor(rnd() * INSERTS.length)] as string;
      return Buffer.concat([buf.subarray(0, at), Buffer.from(s, 'latin1'), buf.subarray(at)]);
    }
    case 4: { // huge repeat of a short slice (up to ~64 KiB)
      const piece = buf.subarray(at, at + 1 + (len % 8));
      const times = Math.floor(rnd() * (65536 / Math.max(1, piece.length)));
      return Buffer.concat([buf.subarray(0, at), Buffer.alloc(piece.length * times, piece), buf.subarray(at)]);
    }
    case 5: // deletion
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + len)]);
    default: { // swap two lines
      const lines = buf.toString('latin1').split('\r\n');
      const i = Math.floor(rnd() * lines.length);
      const j = Math.floor(rnd() * lines.length);
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
  }
}

export type CaseResult = 'parsed' | 'refused';

/**
 * Runs one input through everything a server does with outside input. Returns how it ended;
 * throws (so the caller fails) on any error other than SipParseError, or when a parsed message
 * does not survive serialize → parse.
 */
export function runCase(input: Buffer): CaseResult {
  let result: CaseResult = 'refused';
  for (const transport of ['udp', 'tcp'] as const) {
    let msg;
    try {
      msg = parseMessage(input, { transport });
    } catch (e) {
      // A cause means the parser's safety net caught an unforeseen failure: a bug.
      if (e instanceof SipParseError && e.cause === undefined) continue;
      throw e instanceof SipParseError ? e.cause : e;
    }
    result = 'parsed';
    if (msg.kind === 'request') validateRequest(msg);
    touchAccessors(msg.headers);
    const again = parseMessage(serializeMessage(msg), { transport: 'tcp' });
    if (again.kind !== msg.kind || again.body.length !== msg.body.length) throw new Error('round trip changed the message');
  }
  return result;
}

function touchAccessors(h: ReturnType<typeof parseMessage>['headers']): void {
  const calls = [() => h.via(), () => h.from(), () => h.to(), () => h.callId(), () => h.cseq(), () => h.contact(),
    () => h.route(), () => h.recordRoute(), () => h.maxForwards(), () => h.expires(), () => h.getAll('accept')];
  for (const call of calls) {
    try {
      call();
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
    }
  }
}
