/**
 * WebRTC legs against the plain RTP relay (issue 14): N concurrent calls, each a plain RTP caller
 * bridged through the embedded media engine either to another plain RTP phone (the relay baseline)
 * or to a browser-like WebRTC peer (werift's RTCPeerConnection in Node: full ICE, DTLS-SRTP,
 * rtcp-mux, PCMU) — and, in the same run, Debian's rtpengine (userspace, no kernel module) doing
 * the same DTLS-SRTP↔RTP bridging. Every side sends 50 packets/s. Each engine runs alone in its own
 * process, so its CPU (/proc utime+stime, all threads) is the engine's only; CPU per packet is over
 * the packets the peers sent it in the measured window (on loopback, what it received).
 * Set-up time: from handing the browser's offer to the engine to the browser's first audio packet
 * (the caller is already sending).
 *
 *   node --import tsx bench/webrtc-legs.ts [--legs 200] [--seconds 20] [--modes relay,webrtc,rtpengine]
 */
import { fork, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EmbeddedMediaEngine } from '../src/media/embedded/embedded-media-engine.ts';
import type { MediaEndpoint } from '../src/media/media-engine.ts';
import { NgClient } from './media/ng-client.ts';
import { cpuMs } from './media/proc-stats.ts';

type Ask = { op: 'call'; callerOffer: string; calleeOffer: string } | { op: 'hangup' };
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
      } else {
        await Promise.all(legs.splice(0).map((l) => l.destroy()));
        process.send?.({ id: m.id });
      }
    })();
  });
}

// ---- the peers, in this process -----------------------------------------------------------

/** What the bench needs of a media engine: bridge a plain RTP caller to another peer, and its CPU. */
interface Bridge {
  readonly name: string;
  /**
   * Bridges the caller to the peer whose SDP is `peerOffer` (a plain phone's or a browser's offer).
   * Returns where the caller sends (`toCaller`) and the answer the peer applies (`toPeer`).
   */
  call(callerOffer: string, peerOffer: string): Promise<{ toCaller: string; toPeer: string }>;
  cpuMs(): number;
  hangup(): Promise<void>;
  close(): Promise<void>;
}

/** Our embedded media engine, in a child process: it answers both sides. */
class EmbeddedBridge implements Bridge {
  readonly name = 'embedded engine';
  #next = 0;
  #waiting = new Map<number, (v: Record<string, unknown>) => void>();
  readonly child = fork(fileURLToPath(import.meta.url), ['--engine'], { execArgv: ['--import', 'tsx'] });

  constructor() {
    this.child.on('message', (m: { id: number }) => {
      this.#waiting.get(m.id)?.(m as Record<string, unknown>);
      this.#waiting.delete(m.id);
    });
  }

  #ask<T>(req: Ask): Promise<T> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve as (v: Record<string, unknown>) => void);
      this.child.send({ ...req, id });
    });
  }

  async call(callerOffer: string, peerOffer: string): Promise<{ toCaller: string; toPeer: string }> {
    const made = await this.#ask<{ callerAnswer: string; calleeAnswer: string }>({ op: 'call', callerOffer, calleeOffer: peerOffer });
    return { toCaller: made.callerAnswer, toPeer: made.calleeAnswer };
  }

  cpuMs(): number {
    return cpuMs(this.child.pid ?? 0);
  }

  async hangup(): Promise<void> {
    await this.#ask({ op: 'hangup' });
  }

  async close(): Promise<void> {
    this.child.kill();
    await new Promise((r) => this.child.once('exit', r));
  }
}

/**
 * Debian's rtpengine over its ng protocol. The browser's offer goes in as the offer (turned into
 * plain RTP/AVP for the caller, ICE removed, RTCP demuxed); the caller's SDP comes back as the
 * answer, which rtpengine turns into DTLS-SRTP with ICE for the browser.
 */
class RtpengineBridge implements Bridge {
  readonly name = 'rtpengine';
  #calls: string[] = [];
  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    private readonly ng: NgClient,
  ) {}

  static async start(): Promise<RtpengineBridge> {
    const ngPort = 22222 + Math.floor(Math.random() * 1000);
    const child = spawn('rtpengine', [
      '--config-file=none', '--foreground', '--log-stderr', `--log-level=${process.env.RTPENGINE_LOG_LEVEL ?? 3}`, '--table=-1',
      '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`, '--port-min=40000', '--port-max=44999',
      '--delete-delay=0', '--timeout=600',
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    const ng = await NgClient.open(ngPort);
    for (let i = 0; ; i++) {
      const pong = await ng.request({ command: 'ping' }, 500).catch(() => undefined);
      if (pong) break;
      if (i > 20) throw new Error('rtpengine did not answer ping');
    }
    return new RtpengineBridge(child, ng);
  }

  async call(callerOffer: string, peerOffer: string): Promise<{ toCaller: string; toPeer: string }> {
    const callId = `webrtc-${this.#calls.length}`;
    this.#calls.push(callId);
    const offer = await this.ng.command({
      command: 'offer', 'call-id': callId, 'from-tag': 'browser', sdp: peerOffer,
      'transport-protocol': 'RTP/AVP', ICE: 'remove', 'rtcp-mux': ['demux'], replace: ['origin', 'session-connection'],
    });
    const answer = await this.ng.command({
      command: 'answer', 'call-id': callId, 'from-tag': 'browser', 'to-tag': 'caller', sdp: callerOffer,
      replace: ['origin', 'session-connection'],
    });
    // werift (the bench's browser) insists on an address in a=rtcp; Chrome takes the port alone.
    const toPeer = String(answer.sdp).replace(/^a=rtcp:(\d+)\r$/m, 'a=rtcp:$1 IN IP4 127.0.0.1\r');
    return { toCaller: String(offer.sdp), toPeer };
  }

  cpuMs(): number {
    return cpuMs(this.child.pid ?? 0);
  }

  async hangup(): Promise<void> {
    for (const id of this.#calls.splice(0)) await this.ng.command({ command: 'delete', 'call-id': id, 'from-tag': 'browser' }).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.ng.close();
    this.child.kill('SIGTERM');
    await new Promise((r) => this.child.once('exit', r));
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

  /** Named in the SDP: a browser demultiplexes what it receives by it (rtpengine passes it on). */
  get ssrc(): number {
    return 0x1234 + this.port;
  }

  static async open(): Promise<RtpPhone> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    return new RtpPhone(s, s.address().port);
  }

  offer(): string {
    return `v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${this.port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=ssrc:${this.ssrc} cname:phone${this.port}\r\na=sendrecv\r\n`;
  }

  start(answer: string): void {
    const port = Number(/^m=audio (\d+)/m.exec(answer)?.[1]);
    const pkt = Buffer.alloc(172, 0xd5);
    pkt[0] = 0x80;
    pkt[1] = 0;
    pkt.writeUInt32BE(this.ssrc, 8);
    this.#timer = setInterval(() => {
      pkt.writeUInt16BE(this.#seq++ & 0xffff, 2);
      pkt.writeUInt32BE((this.#seq * 160) >>> 0, 4);
      this.socket.send(pkt, port, '127.0.0.1');
    }, 20);
  }

  /** Packets sent so far. */
  get packetsOut(): number {
    return this.#seq;
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

interface Peer {
  readonly packetsOut: number;
}

/** `bridge` carries `legs` calls from plain RTP callers to plain phones (`webrtc` false) or to browsers. */
async function runMode(bridge: Bridge, webrtc: boolean, legs: number, seconds: number): Promise<ModeResult> {
  const { WeriftBrowser } = webrtc ? await import('../test/support/werift-browser.ts') : { WeriftBrowser: undefined };
  const closers: (() => Promise<void> | void)[] = [];
  const peers: Peer[] = [];
  const setups: Promise<number>[] = [];
  for (let i = 0; i < legs; i++) {
    const caller = await RtpPhone.open();
    closers.push(() => caller.close());
    peers.push(caller);
    if (WeriftBrowser) {
      const browser = new WeriftBrowser();
      closers.push(() => browser.close());
      peers.push(browser);
      const offer = await browser.offer();
      const started = performance.now();
      const made = await bridge.call(caller.offer(), offer);
      caller.start(made.toCaller);
      await browser.accept(made.toPeer);
      browser.startTone(440);
      setups.push(
        (async () => {
          const giveUp = started + 60_000;
          while (browser.firstAudioAt === undefined && performance.now() < giveUp) await new Promise((r) => setTimeout(r, 5));
          return browser.firstAudioAt === undefined ? Infinity : browser.firstAudioAt - started;
        })(),
      );
    } else {
      const callee = await RtpPhone.open();
      closers.push(() => callee.close());
      peers.push(callee);
      const made = await bridge.call(caller.offer(), callee.offer());
      caller.start(made.toCaller);
      callee.start(made.toPeer);
    }
  }
  const setupTimes = await Promise.all(setups);
  const silent = setupTimes.filter((t) => t === Infinity).length;
  if (silent > 0) console.error(`${bridge.name}: ${silent} of ${legs} browsers heard nothing within 60 s`);
  const sent = (): number => peers.reduce((n, p) => n + p.packetsOut, 0);
  // Measure once every leg is up and flowing.
  await new Promise((r) => setTimeout(r, 1000));
  const cpuBefore = bridge.cpuMs();
  const sentBefore = sent();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpuMs = bridge.cpuMs() - cpuBefore;
  const packetsIn = sent() - sentBefore;
  await bridge.hangup();
  for (const c of closers) await c();
  const mode = `${bridge.name}: ${webrtc ? 'DTLS-SRTP browser ↔ RTP' : 'RTP ↔ RTP relay'}`;
  console.error(`${mode} done`);
  const result: ModeResult = { mode, legs, cpuMs: Math.round(cpuMs), packetsIn, usPerPacket: packetsIn > 0 ? Math.round((cpuMs * 1000 * 100) / packetsIn) / 100 : NaN };
  if (setupTimes.length > 0) {
    const sorted = [...setupTimes].sort((x, y) => x - y);
    const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
    result.setupMs = { p50: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1] ?? NaN) };
  }
  return result;
}

async function withBridge(start: () => Bridge | Promise<Bridge>, run: (b: Bridge) => Promise<ModeResult>): Promise<ModeResult> {
  const bridge = await start();
  try {
    return await run(bridge);
  } finally {
    await bridge.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { legs: { type: 'string', default: '200' }, seconds: { type: 'string', default: '20' }, modes: { type: 'string', default: 'relay,webrtc,rtpengine' } } });
  const legs = Number(values.legs);
  const seconds = Number(values.seconds);
  console.error(`${legs} calls, ${seconds} s each mode…`);
  const modes = new Set(values.modes.split(','));
  const pick = async (name: string, run: () => Promise<ModeResult>): Promise<ModeResult | undefined> => (modes.has(name) ? run() : undefined);
  const plain = await pick('relay', () => withBridge(() => new EmbeddedBridge(), (b) => runMode(b, false, legs, seconds)));
  const webrtc = await pick('webrtc', () => withBridge(() => new EmbeddedBridge(), (b) => runMode(b, true, legs, seconds)));
  const rtpengine = await pick('rtpengine', () => withBridge(() => RtpengineBridge.start(), (b) => runMode(b, true, legs, seconds)));
  const results = [plain, webrtc, rtpengine].filter((r) => r !== undefined);
  for (const r of results) {
    const setup = r.setupMs ? `, set-up offer→first audio p50 ${r.setupMs.p50} ms p95 ${r.setupMs.p95} ms max ${r.setupMs.max} ms` : '';
    console.log(`${r.mode}: ${r.legs} calls, ${seconds} s: CPU ${r.cpuMs} ms for ${r.packetsIn} packets in = ${r.usPerPacket} µs/packet${setup}`);
  }
  if (plain && webrtc) console.log(`WebRTC/plain CPU per packet: ${(webrtc.usPerPacket / plain.usPerPacket).toFixed(2)}×`);
  if (webrtc && rtpengine) console.log(`embedded/rtpengine CPU per packet, DTLS-SRTP ↔ RTP: ${(webrtc.usPerPacket / rtpengine.usPerPacket).toFixed(2)}×`);
}

if (process.argv.includes('--engine')) await engineProcess();
else await main();
