// Reads the UDP payloads of a classic libpcap file (Ethernet or Linux cooked, IPv4): enough to
// replay the RTP captures Debian's sip-tester ships.

import { readFileSync } from 'node:fs';

export function udpPayloads(path: string): Buffer[] {
  const buf = readFileSync(path);
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4;
  if (!le && magic !== 0xd4c3b2a1) throw new Error(`${path} is not a pcap file`);
  const u32 = (at: number): number => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const linkType = u32(20);
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : -1;
  if (linkHeader < 0) throw new Error(`unsupported link type ${linkType}`);
  const out: Buffer[] = [];
  for (let at = 24; at + 16 <= buf.length; ) {
    const caplen = u32(at + 8);
    const frame = buf.subarray(at + 16, at + 16 + caplen);
    at += 16 + caplen;
    const ip = frame.subarray(linkHeader);
    if (ip.length < 20 || ip[0]! >> 4 !== 4 || ip[9] !== 17) continue;
    const udp = ip.subarray((ip[0]! & 0x0f) * 4);
    const len = udp.readUInt16BE(4);
    out.push(Buffer.from(udp.subarray(8, len)));
  }
  return out;
}
