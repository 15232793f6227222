/**
 * Writes a libpcap file of one RTP stream carrying a sine as G.711 (20 ms packets, Ethernet/IPv4/
 * UDP), for SIPp's play_pcap_audio: a caller that plays a tone a test can recognise.
 */
import { writeFileSync } from 'node:fs';
import { encodeG711, type G711Law } from '../../src/media/codec/g711-tables.ts';

export function writeTonePcap(path: string, opts: { hz: number; seconds: number; law?: G711Law; amplitude?: number }): void {
  const law = opts.law ?? 'alaw';
  const pt = law === 'alaw' ? 8 : 0;
  const packets = Math.round((opts.seconds * 1000) / 20);
  const parts: Buffer[] = [];
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16);
  global.writeUInt32LE(1, 20); // Ethernet
  parts.push(global);
  let phase = 0;
  for (let i = 0; i < packets; i++) {
    const pcm = new Int16Array(160);
    for (let s = 0; s < 160; s++) {
      pcm[s] = Math.round((opts.amplitude ?? 8000) * Math.sin(phase));
      phase += (2 * Math.PI * opts.hz) / 8000;
    }
    const rtp = Buffer.alloc(12 + 160);
    rtp[0] = 0x80;
    rtp[1] = pt | (i === 0 ? 0x80 : 0);
    rtp.writeUInt16BE((1000 + i) & 0xffff, 2);
    rtp.writeUInt32BE((i * 160) >>> 0, 4);
    rtp.writeUInt32BE(0x70ce7000, 8);
    encodeG711(law, pcm, rtp.subarray(12));
    const udp = Buffer.alloc(8);
    udp.writeUInt16BE(6000, 0);
    udp.writeUInt16BE(6002, 2);
    udp.writeUInt16BE(8 + rtp.length, 4);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 8 + rtp.length, 2);
    ip[8] = 64;
    ip[9] = 17;
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    const eth = Buffer.alloc(14);
    eth.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([eth, ip, udp, rtp]);
    const rec = Buffer.alloc(16);
    const usec = i * 20_000;
    rec.writeUInt32LE(Math.floor(usec / 1e6), 0);
    rec.writeUInt32LE(usec % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
  }
  writeFileSync(path, Buffer.concat(parts));
}
