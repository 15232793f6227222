// SDP serialiser: fields in the order RFC 4566 §5 requires, CRLF line ends.

import type { SdpAttribute, SdpConnection, SdpMedia, SdpOtherLine, SdpSession } from './sdp-session.ts';

// §5 "Session description: v= o= s= i=* u=* e=* p=* c=* b=* (t= r=*) z=* k=* a=*";
// "Media description: m= i=* c=* b=* k=* a=*".
const SESSION_BEFORE_C = ['i', 'u', 'e', 'p'];
const SESSION_BEFORE_T = ['b'];
const SESSION_AFTER_T = ['r', 'z', 'k'];

export function serializeSdp(s: SdpSession): string {
  const out: string[] = [];
  out.push(`v=${s.version}`);
  const o = s.origin;
  out.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  out.push(`s=${s.sessionName}`);
  pushOther(out, s.other, SESSION_BEFORE_C);
  if (s.connection) out.push(connectionLine(s.connection));
  pushOther(out, s.other, SESSION_BEFORE_T);
  out.push(`t=${s.timing.start} ${s.timing.stop}`);
  pushOther(out, s.other, SESSION_AFTER_T);
  // Unknown line types at session level go before the attributes.
  pushOther(out, s.other.filter((l) => ![...SESSION_BEFORE_C, ...SESSION_BEFORE_T, ...SESSION_AFTER_T].includes(l.type)), undefined);
  for (const a of s.attributes) out.push(attributeLine(a));
  for (const m of s.media) out.push(...mediaLines(m));
  return out.join('\r\n') + '\r\n';
}

function mediaLines(m: SdpMedia): string[] {
  const out: string[] = [];
  const port = m.portCount !== undefined ? `${m.port}/${m.portCount}` : String(m.port);
  out.push(`m=${m.type} ${port} ${m.proto} ${m.formats.join(' ')}`);
  pushOther(out, m.other, ['i']);
  if (m.connection) out.push(connectionLine(m.connection));
  pushOther(out, m.other, ['b', 'k']);
  pushOther(out, m.other.filter((l) => !['i', 'b', 'k'].includes(l.type)), undefined);
  for (const a of m.attributes) out.push(attributeLine(a));
  return out;
}

function pushOther(out: string[], lines: SdpOtherLine[], types: string[] | undefined): void {
  for (const l of lines) if (types === undefined || types.includes(l.type)) out.push(`${l.type}=${l.value}`);
}

function connectionLine(c: SdpConnection): string {
  return `c=${c.netType} ${c.addrType} ${c.address}`;
}

function attributeLine(a: SdpAttribute): string {
  return a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`;
}
