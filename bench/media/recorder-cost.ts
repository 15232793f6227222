// Micro-benchmark of the recording path alone (issue 3): N stereo recordings fed the way the
// embedded endpoint feeds them — one PCMU packet per side per 20 ms, decoded for the taps, pushed
// into EndpointRecording → CallRecorder → ChannelAligner → WavWriter on real files — on a fake
// clock, so no sockets and no pacing: what is left is the recorder's own cost.
//
//   flock /tmp/hotline-bench.lock node --expose-gc --import tsx bench/media/recorder-cost.ts --calls 200 --seconds 30
//   ... --src /tmp/old/src     the same run against another copy of src (before/after)
//   ... --empty                the harness alone (no recording), to subtract
//   ... --format ulaw|pcm16    the recording format (HOTLINE_RECORDING_FORMAT; default ulaw; ignored by a --src before it)
//   ... --law ulaw|alaw        the codec of the packets fed (default ulaw: PCMU; alaw: PCMA, transcoded for µ-law files)
//   ... --realtime             pace the ticks at 20 ms of wall time, as calls do: then the kernel's writeback of
//                              the files runs at its real rate, and the run also prints the whole machine's CPU
//                              (/proc/stat: every process and kernel thread, the flusher's writeback included —
//                              and anyone else's work, so run it on a quiet machine), the pages the kernel wrote
//                              to disk (/proc/vmstat pgpgout) and how late the ticks started (the event loop's lag)
//
// Prints per frame (one side's 20 ms packet): main-thread ns in the packet path (decode + push,
// drains included where they run), process CPU ns (all threads: the fs writes of libuv's pool
// too), GC count and time, the longest single call-tick (a stall of the packet path) and the
// resident/external memory per recording (live memory with --expose-gc).

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

interface TimerHandle { cancel(): void }
interface Clock { now(): number; setTimer(ms: number, fn: () => void): TimerHandle }
interface Meta { arrivalMs: number; timestamp: number; ssrc: number }
interface Tap { onPcm(pcm: Int16Array, meta: Meta): void; onG711?: unknown }
interface Host { addTap(t: Tap): void; removeTap(t: Tap): void }
interface Recording { stop(): Promise<unknown> }
interface Delivery { deliver(packet: Buffer, start: number, end: number, law: 'ulaw' | 'alaw', arrivalMs: number, ts: number, ssrc: number): unknown }

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const CALLS = Number(arg('calls', '200'));
const SECONDS = Number(arg('seconds', '30'));
const EMPTY = process.argv.includes('--empty');
const SRC = resolve(arg('src', new URL('../../src', import.meta.url).pathname));
const FORMAT = arg('format', 'ulaw');
const LAW = arg('law', 'ulaw') === 'alaw' ? 'alaw' : 'ulaw';
const REALTIME = process.argv.includes('--realtime');

/** Busy and iowait jiffies of all CPUs together, from /proc/stat's first line (Linux). */
function machineJiffies(): { busy: number; iowait: number } {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const [user = 0, nice = 0, system = 0, , iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    return { busy: user + nice + system + irq + softirq + steal, iowait };
  } catch {
    return { busy: NaN, iowait: NaN };
  }
}

/** KiB the kernel has written to block devices since boot (/proc/vmstat pgpgout). */
function pagedOutKiB(): number {
  try {
    return Number(/^pgpgout (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

class FakeClock implements Clock {
  t = 1000;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now(): number {
    return this.t;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => { timer.live = false; } };
  }
  fireDue(): void {
    const due = this.timers.filter((x) => x.live && x.at <= this.t);
    this.timers = this.timers.filter((x) => x.live && x.at > this.t);
    for (const x of due) x.fn();
  }
}

/** The endpoint's receive side as it was before the tap-set: decode into one reused array, a meta object, each tap. */
class LegacyHost implements Host {
  readonly taps = new Set<Tap>();
  private pcm = new Int16Array(160);
  constructor(private readonly decode: (law: 'ulaw' | 'alaw', src: Uint8Array, out: Int16Array) => void) {}
  addTap(t: Tap): void { this.taps.add(t); }
  removeTap(t: Tap): void { this.taps.delete(t); }
  deliver(packet: Buffer, start: number, end: number, law: 'ulaw' | 'alaw', arrivalMs: number, ts: number, ssrc: number): void {
    this.decode(law, packet.subarray(start, end), this.pcm);
    const meta = { arrivalMs, timestamp: ts, ssrc };
    for (const tap of this.taps) tap.onPcm(this.pcm, meta);
  }
}

async function main(): Promise<void> {
  const url = (p: string): string => pathToFileURL(join(SRC, p)).href;
  const { EndpointRecording } = (await import(url('media/embedded/endpoint-recording.ts'))) as {
    EndpointRecording: { start(path: string, hosts: Host[], clock: Clock, format?: string): Promise<Recording> };
  };
  const tapMod = (await import(url('media/embedded/pcm-tap.ts'))) as { PcmTapSet?: new () => Host & Delivery };
  const { decodeG711 } = (await import(url('media/codec/g711-tables.ts'))) as {
    decodeG711: (law: 'ulaw' | 'alaw', src: Uint8Array, out: Int16Array) => void;
  };
  const newHost = (): Host & Delivery => (tapMod.PcmTapSet ? new tapMod.PcmTapSet() : new LegacyHost(decodeG711));

  const dir = mkdtempSync(join(tmpdir(), 'hotline-reccost-'));
  const clock = new FakeClock();
  const calls: { a: Host & Delivery; b: Host & Delivery; rec: Recording }[] = [];
  const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
  collect();
  const before = process.memoryUsage();
  for (let i = 0; i < CALLS; i++) {
    const a = newHost();
    const b = newHost();
    // --empty: the harness alone (hosts with no recording), to subtract.
    const rec = EMPTY ? { stop: async (): Promise<void> => undefined } : await EndpointRecording.start(join(dir, `c${i}.wav`), [a, b], clock, FORMAT);
    calls.push({ a, b, rec });
  }
  // Speech-like PCMU: a 12-byte RTP header and 160 varying payload bytes per packet.
  const packets = Array.from({ length: 50 }, (_, k) => {
    const p = Buffer.alloc(172);
    for (let i = 12; i < 172; i++) p[i] = (Math.round(40 * Math.sin((k * 160 + i) / 7)) + 0x80) & 0xff;
    return p;
  });

  const gc = { count: 0, ms: 0, major: 0 };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind !== undefined && kind !== 1) gc.major++;
    }
  });
  obs.observe({ entryTypes: ['gc'] });

  const ticks = SECONDS * 50;
  const machine0 = machineJiffies();
  const paged0 = pagedOutKiB();
  const lateness = new Float64Array(ticks);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let pathMs = 0;
  const callTicks = new Float64Array(ticks * CALLS);
  let n = 0;
  for (let k = 0; k < ticks; k++) {
    if (REALTIME) {
      // Tick k is due 20·k ms after the start; wait for it, and note how late it began.
      const wait = wall0 + 20 * k - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      lateness[k] = Math.max(0, performance.now() - (wall0 + 20 * k));
    }
    clock.t += 20;
    const t0 = performance.now();
    clock.fireDue();
    const packet = packets[k % packets.length] ?? packets[0]!;
    for (const [i, c] of calls.entries()) {
      const s = performance.now();
      c.a.deliver(packet, 12, 172, LAW, clock.t, k * 160, 1000 + i);
      c.b.deliver(packet, 12, 172, LAW, clock.t, 5000 + k * 160, 900_000 + i);
      callTicks[n++] = performance.now() - s;
    }
    pathMs += performance.now() - t0;
    // Let the file writes progress, as the event loop would between packets.
    await new Promise((r) => setImmediate(r));
  }
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  obs.disconnect();
  collect();
  const mem = process.memoryUsage();
  await Promise.all(calls.map((c) => c.rec.stop()));
  const diskBytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  rmSync(dir, { recursive: true, force: true });

  const frames = ticks * CALLS * 2;
  callTicks.sort();
  const q = (p: number): number => callTicks[Math.min(callTicks.length - 1, Math.floor(p * callTicks.length))] ?? NaN;
  const kib = (b: number): string => (b / 1024 / CALLS).toFixed(1);
  console.log(`src ${SRC}: ${CALLS} stereo recordings (format ${FORMAT}, ${LAW} packets) × ${SECONDS} s of fake time = ${frames} frames, ${wallMs.toFixed(0)} ms wall`);
  console.log(`  packet path (main thread): ${((pathMs * 1e6) / frames).toFixed(0)} ns/frame`);
  console.log(`  process CPU (all threads, writes incl.): ${(((cpu.user + cpu.system) * 1e3) / frames).toFixed(0)} ns/frame (user ${cpu.user / 1000 | 0} ms, sys ${cpu.system / 1000 | 0} ms)`);
  console.log(`  GC: ${gc.count} collections (${gc.major} not scavenges), ${gc.ms.toFixed(1)} ms = ${((gc.ms * 1e6) / frames).toFixed(0)} ns/frame`);
  console.log(`  one call's tick (2 frames): p50 ${(q(0.5) * 1000).toFixed(1)} µs, p99.9 ${(q(0.999) * 1000).toFixed(1)} µs, max ${(q(1) * 1000).toFixed(1)} µs`);
  console.log(`  written: ${(diskBytes / CALLS / SECONDS / 1000).toFixed(1)} kB per call-second (${(diskBytes / 1e6).toFixed(1)} MB)`);
  if (REALTIME) {
    const machine = machineJiffies();
    const jiffyMs = 10; // USER_HZ = 100 on Linux
    const busyMs = (machine.busy - machine0.busy) * jiffyMs;
    lateness.sort();
    const late = (p: number): string => (lateness[Math.min(ticks - 1, Math.floor(p * ticks))] ?? NaN).toFixed(2);
    console.log(`  real time: whole machine busy ${busyMs} ms over ${wallMs.toFixed(0)} ms (${((busyMs / wallMs) * 100).toFixed(1)} % of one core; iowait ${(machine.iowait - machine0.iowait) * jiffyMs} ms); this process ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(1)} %`);
    console.log(`  real time: kernel wrote ${((pagedOutKiB() - paged0) / 1024).toFixed(0)} MiB to disk during the run; tick lateness p50 ${late(0.5)} ms, p99 ${late(0.99)} ms, max ${late(1)} ms`);
  }
  console.log(`  memory per recording while running: rss ${kib(mem.rss - before.rss)} KiB, heap ${kib(mem.heapUsed - before.heapUsed)} KiB, arrayBuffers ${kib(mem.arrayBuffers - before.arrayBuffers)} KiB`);
}

await main();
