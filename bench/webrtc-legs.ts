/**
 * WebRTC legs against the plain RTP relay (issue 14): N concurrent calls, each a plain RTP caller
 * bridged through the embedded media engine either to another plain RTP phone (the relay baseline)
 * or to a browser-like WebRTC peer (werift's RTCPeerConnection in Node: full ICE, DTLS-SRTP,
 * rtcp-mux, PCMU). Every side sends 50 packets/s. The engine runs alone in a child process, so its
 * CPU (process.cpuUsage) is the engine's only: CPU per packet the engine received, per mode.
 * Set-up time: from handing the browser's offer to the engine to the browser's first audio packet
 * (the caller is already sending).
 *
 *   node --import tsx bench/webrtc-legs.ts [--legs 200] [--seconds 20]
 *
 * rtpengine doing the same DTLS-SRTP↔RTP bridging is not measured here yet (see docs/BENCHMARKS.md).
 */
import { fork } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EmbeddedMediaEngine } from '../src/media/embedded/embedded-media-engine.ts';
import type { MediaEndpoint } from '../src/media/media-engine.ts';

type Ask = { op: 'call'; webrtc: boolean; callerOffer: string; calleeOffer: string } | { op: 'cpu' } | { op: 'hangup' };
type Request = Ask & { id: number };

// ---- the engine, in its own process -------------------------------------------------------

async function engineProcess(): Promise<void> {
  const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: '30000-32999' });
  const legs: MediaEndpoint[] = [];
  process.on('message', (m: Request) => {
    void (async () => {
      if (m.op === 'call') {
        const a = await engine.createEndpointWithSdp({ kind: 'answer', offer: m.callerOffer });
        const b = await engine.createEndpointWithSdp({ kind: 'answer', offer: m.calleeOffer });
        await a.endpoint.connect(b.endpoint);
        legs.push(a.endpoint, b.endpoint);
        process.send?.({ id: m.id, callerAnswer: a.sdp, calleeAnswer: b.sdp });
      } else if (m.op === 'cpu') {
        const stats = await Promise.all(legs.map((l) => l.stats()));
        process.send?.({ id: m.id, cpu: process.cpuUsage(), packetsIn: stats.reduce((n, s) => n + s.packetsIn, 0) });
      } else {
        await Promise.all(legs.splice(0).map((l) => l.destroy()));
        process.send?.({ id: m.id });
      }
    })();
  });
}

// ---- the peers, in this process -----------------------------------------------------------

class Engine {
  #next = 0;
  #waiting = new Map<number, (v: Record<string, unknown>) => void>();
  readonly child = fork(fileURLToPath(import.meta.url), ['--engine'], { execArgv: ['--import', 'tsx'] });

  constructor() {
    this.child.on('message', (m: { id: number }) => {
      this.#waiting.get(m.id)?.(m as Record<string, unknown>);
      this.#waiting.delete(m.id);
    });
  }

  ask<T>(req: Ask): Promise<T> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve as (v: Record<string, unknown>) => void);
      this.child.send({ ...req, id });
    });
  }
}

/** A plain RTP phone sending PCMU silence-ish noise at 50 packets/s to where the answer says. */
class RtpPhone {
  packetsIn = 0;
  #timer: NodeJS.Timeout | undefined;
  #seq = 0;
  private constructor(readonly socket: Socket, readonly port: number) {
    socket.on('message', () => this.packetsIn++);
  }

  static async open(): Promise<RtpPhone> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    return new RtpPhone(s, s.address().port);
  }

  offer(): string {
    return `v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${this.port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n`;
  }

  start(answer: string): void {
    const port = Number(/^m=audio (\d+)/m.exec(answer)?.[1]);
    const pkt = Buffer.alloc(172, 0xd5);
    pkt[0] = 0x80;
    pkt[1] = 0;
    pkt.writeUInt32BE(0x1234 + this.port, 8);
    this.#timer = setInterval(() => {
      pkt.writeUInt16BE(this.#seq++ & 0xffff, 2);
      pkt.writeUInt32BE((this.#seq * 160) >>> 0, 4);
      this.socket.send(pkt, port, '127.0.0.1');
    }, 20);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.socket.close();
  }
}

interface ModeResult {
  mode: string;
  legs: number;
  cpuMs: number;
  packetsIn: number;
  usPerPacket: number;
  setupMs?: { p50: number; p95: number; max: number };
}

async function runMode(webrtc: boolean, legs: number, seconds: number): Promise<ModeResult> {
  const engine = new Engine();
  const { WeriftBrowser } = webrtc ? await import('../test/support/werift-browser.ts') : { WeriftBrowser: undefined };
  const closers: (() => Promise<void> | void)[] = [];
  const setups: Promise<number>[] = [];
  for (let i = 0; i < legs; i++) {
    const caller = await RtpPhone.open();
    closers.push(() => caller.close());
    if (WeriftBrowser) {
      const browser = new WeriftBrowser();
      closers.push(() => browser.close());
      const offer = await browser.offer();
      const started = performance.now();
      const made = await engine.ask<{ callerAnswer: string; calleeAnswer: string }>({ op: 'call', webrtc: true, callerOffer: caller.offer(), calleeOffer: offer });
      caller.start(made.callerAnswer);
      await browser.accept(made.calleeAnswer);
      browser.startTone(440);
      setups.push(
        (async () => {
          while (browser.firstAudioAt === undefined) await new Promise((r) => setTimeout(r, 5));
          return browser.firstAudioAt - started;
        })(),
      );
    } else {
      const callee = await RtpPhone.open();
      closers.push(() => callee.close());
      const made = await engine.ask<{ callerAnswer: string; calleeAnswer: string }>({ op: 'call', webrtc: false, callerOffer: caller.offer(), calleeOffer: callee.offer() });
      caller.start(made.callerAnswer);
      callee.start(made.calleeAnswer);
    }
  }
  const setupTimes = await Promise.all(setups);
  // Measure once every leg is up and flowing.
  await new Promise((r) => setTimeout(r, 1000));
  const before = await engine.ask<{ cpu: NodeJS.CpuUsage; packetsIn: number }>({ op: 'cpu' });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = await engine.ask<{ cpu: NodeJS.CpuUsage; packetsIn: number }>({ op: 'cpu' });
  await engine.ask({ op: 'hangup' });
  for (const c of closers) await c();
  engine.child.kill();
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  const packetsIn = after.packetsIn - before.packetsIn;
  const result: ModeResult = { mode: webrtc ? 'DTLS-SRTP browser ↔ RTP' : 'RTP ↔ RTP relay', legs, cpuMs: Math.round(cpuMs), packetsIn, usPerPacket: packetsIn > 0 ? Math.round((cpuMs * 1000 * 100) / packetsIn) / 100 : NaN };
  if (setupTimes.length > 0) {
    const sorted = [...setupTimes].sort((x, y) => x - y);
    const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
    result.setupMs = { p50: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1] ?? NaN) };
  }
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { legs: { type: 'string', default: '200' }, seconds: { type: 'string', default: '20' } } });
  const legs = Number(values.legs);
  const seconds = Number(values.seconds);
  const results = [await runMode(false, legs, seconds), await runMode(true, legs, seconds)];
  for (const r of results) {
    const setup = r.setupMs ? `, set-up offer→first audio p50 ${r.setupMs.p50} ms p95 ${r.setupMs.p95} ms max ${r.setupMs.max} ms` : '';
    console.log(`${r.mode}: ${r.legs} calls, ${seconds} s: engine CPU ${r.cpuMs} ms for ${r.packetsIn} packets in = ${r.usPerPacket} µs/packet${setup}`);
  }
  const [plain, webrtc] = results;
  if (plain && webrtc) console.log(`WebRTC/plain CPU per packet: ${(webrtc.usPerPacket / plain.usPerPacket).toFixed(2)}×`);
}

if (process.argv.includes('--engine')) await engineProcess();
else await main();
