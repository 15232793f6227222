// How well-paced a prompt is on the wire: plays a tone from the embedded engine to a UDP socket
// for a while and prints the inter-packet gaps (p50, p99, max) and the drift of the last packet
// from where 20 ms × n puts it. Issue 3 asks for gaps within 20 ± 2 ms at p99 and no drift.
//
//   node --import tsx bench/media/play-pacing.ts [--seconds 60] [--plays 1]

import { createSocket } from 'node:dgram';
import { loadavg } from 'node:os';
import { EmbeddedMediaEngine } from '../../src/media/embedded/embedded-media-engine.ts';
import { Histogram } from './histogram.ts';

const argv = process.argv.slice(2);
const arg = (name: string, def: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const seconds = arg('seconds', 60);
const plays = arg('plays', 1);

const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: '38000-38999' });
const sock = createSocket('udp4');
await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
const gaps = new Histogram();
let first: number | undefined;
let last = 0;
let count = 0;
let maxGap = 0;
const watched = new Set<number>();
sock.on('message', (_m, rinfo) => {
  if (!watched.has(rinfo.port)) return;
  const now = performance.now();
  if (first === undefined) first = now;
  else {
    const gap = now - last;
    gaps.add(gap);
    maxGap = Math.max(maxGap, gap);
  }
  last = now;
  count++;
});
const sdp = ['v=0', 'o=p 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${sock.address().port} RTP/AVP 0`, 'a=sendrecv', ''].join('\r\n');
const running: Promise<unknown>[] = [];
for (let i = 0; i < plays; i++) {
  const ep = await engine.createEndpoint();
  const answer = await ep.setRemoteOffer(sdp);
  if (i === 0) watched.add(Number(/m=audio (\d+)/.exec(answer)?.[1]));
  running.push(ep.play({ kind: 'tone', tone: 'dial', durationMs: seconds * 1000 }));
}
await Promise.all(running);
await new Promise((r) => setTimeout(r, 100));
const span = last - (first ?? last);
console.log(`play-pacing: ${seconds} s tone, ${plays} concurrent plays, load average ${loadavg()[0]?.toFixed(2)}, ${new Date().toISOString()}`);
console.log(`packets ${count} (expected ${seconds * 50}) | gap p50 ${gaps.quantile(0.5).toFixed(2)} ms, p99 ${gaps.quantile(0.99).toFixed(2)} ms, max ${maxGap.toFixed(2)} ms | drift ${(span - (count - 1) * 20).toFixed(1)} ms over ${(span / 1000).toFixed(1)} s | frame clock skipped ${engine.frameClock.skipped}`);
await engine.close();
sock.close();
