// The post-dial delay a B2BUA hop adds, as issue 2 defines it: INVITE in → INVITE out, taken
// from a packet capture of loopback (µs kernel timestamps), not from SIPp's response times
// (which it measures in ticks of its own event loop, 4 ms apart here, and which also include the
// 180's way back). Capture while bench/sip-cps runs a steady step, then read the capture:
//
//   tcpdump -i lo -s 400 -w /tmp/cps.pcap udp &      # Debian's tcpdump
//   node --import tsx bench/sip-cps/run.ts --targets sut … --rates 100 --step-seconds 30 --hold-seconds 0
//   node --import tsx bench/sip-cps/hop-delay.ts /tmp/cps.pcap [--skip-seconds 30]
//
// The hop's own port is the one that both receives INVITEs (from the caller) and sends them (to
// the callee). A B2BUA gives the outgoing INVITE a Call-ID of its own, so INVITEs are paired in
// order (the platform handles arrivals in order); initial INVITEs only (no To tag), and a
// retransmission (same Call-ID and CSeq seen before) is left out.

import { readFileSync } from 'node:fs';

interface Invite {
  atUs: number;
  srcPort: number;
  dstPort: number;
  key: string;
}

function readInvites(file: string): Invite[] {
  const buf = readFileSync(file);
  const magic = buf.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${file}: not a little-endian pcap file`);
  const nanos = magic === 0xa1b23c4d;
  const linkType = buf.readUInt32LE(20);
  // DLT_EN10MB (1): 14-byte Ethernet header (loopback on Linux); DLT_LINUX_SLL (113): 16 bytes; DLT_RAW (101): none.
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 101 ? 0 : -1;
  if (linkHeader < 0) throw new Error(`${file}: link type ${linkType} not handled`);
  const out: Invite[] = [];
  const seen = new Set<string>();
  for (let at = 24; at + 16 <= buf.length; ) {
    const sec = buf.readUInt32LE(at);
    const frac = buf.readUInt32LE(at + 4);
    const caplen = buf.readUInt32LE(at + 8);
    const pkt = buf.subarray(at + 16, at + 16 + caplen);
    at += 16 + caplen;
    const ip = pkt.subarray(linkHeader);
    if (ip.length < 28 || ip[0] === undefined || ip[0] >> 4 !== 4 || ip[9] !== 17) continue;
    const udp = ip.subarray((ip[0] & 0x0f) * 4);
    const payload = udp.subarray(8).toString('latin1');
    if (!payload.startsWith('INVITE ')) continue;
    const toLine = /^(?:To|t):[^\r\n]*/im.exec(payload)?.[0] ?? '';
    if (/;\s*tag=/i.test(toLine)) continue; // a re-INVITE
    const callId = /^(?:Call-ID|i):\s*([^\r\n]+)/im.exec(payload)?.[1]?.trim() ?? '';
    const cseq = /^CSeq:\s*([^\r\n]+)/im.exec(payload)?.[1]?.trim() ?? '';
    const key = `${callId}|${cseq}`;
    if (seen.has(key)) continue; // a retransmission
    seen.add(key);
    out.push({ atUs: sec * 1e6 + (nanos ? frac / 1000 : frac), srcPort: udp.readUInt16BE(0), dstPort: udp.readUInt16BE(2), key });
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

const file = process.argv[2];
if (!file) throw new Error('usage: hop-delay.ts capture.pcap [--skip-seconds N]');
const skipAt = process.argv.indexOf('--skip-seconds');
const skipUs = skipAt > 0 ? Number(process.argv[skipAt + 1]) * 1e6 : 0;
const invites = readInvites(file);
const receivers = new Set(invites.map((i) => i.dstPort));
const hop = [...new Set(invites.map((i) => i.srcPort))].find((p) => receivers.has(p));
if (hop === undefined) throw new Error('no port both receives and sends INVITEs: is the B2BUA in the capture?');
const first = invites[0]?.atUs ?? 0;
const inbound = invites.filter((i) => i.dstPort === hop);
const outbound = invites.filter((i) => i.srcPort === hop);
const delays: number[] = [];
let skipped = 0;
for (let i = 0; i < Math.min(inbound.length, outbound.length); i++) {
  const a = inbound[i];
  const b = outbound[i];
  if (!a || !b) break;
  if (a.atUs - first < skipUs) {
    skipped++;
    continue;
  }
  delays.push((b.atUs - a.atUs) / 1000);
}
delays.sort((x, y) => x - y);
console.log(`hop port ${hop}: ${inbound.length} INVITEs in, ${outbound.length} out${inbound.length !== outbound.length ? ' (counts differ: refused or unanswered calls; pairing by order is then approximate)' : ''}; ${skipped} skipped as warm-up`);
console.log(`INVITE in → INVITE out over ${delays.length} calls: p50 ${quantile(delays, 0.5).toFixed(2)} ms, p90 ${quantile(delays, 0.9).toFixed(2)} ms, p99 ${quantile(delays, 0.99).toFixed(2)} ms, max ${quantile(delays, 1).toFixed(2)} ms`);
