// The load generator of bench/media (a child process, driven over IPC): the "phones" of N calls.
// Every call has a caller stream and a callee stream at 50 packets per second (PCMU, 20 ms),
// paced against absolute time and spread over four 5 ms phases. Each payload carries its stream
// id, its index and its send time, so the receiving side measures loss (index gaps) and the
// delay variation the relay adds (|D| between consecutive packets, RFC 3550 §6.4.1 style, in ms).

import { createSocket, type Socket } from 'node:dgram';
import { Histogram } from './histogram.ts';

export interface LoadTarget {
  /** Where the caller phone sends (the relay's caller-side port). */
  a: { address: string; port: number };
  /** Where the callee phone sends. */
  b: { address: string; port: number };
}

export type LoadCommand =
  | { type: 'init'; socketsPerSide: number }
  | { type: 'start'; targets: LoadTarget[] }
  | { type: 'reset' }
  | { type: 'report' }
  | { type: 'stop' };

export interface LoadReport {
  type: 'report';
  sent: number;
  received: number;
  lost: number;
  jitterP50: number;
  jitterP99: number;
  delayP50: number;
  delayP99: number;
  lateTicks: number;
}

const PHASES = 4;
const TICK_MS = 20 / PHASES;
const PAYLOAD = 160;

interface Stream {
  index: number;
  // receive side
  lastDelay: number;
  minIndex: number;
  maxIndex: number;
  count: number;
}

let callerSockets: Socket[] = [];
let calleeSockets: Socket[] = [];
let targets: LoadTarget[] = [];
let streams: Stream[] = [];
let running = false;
let startMs = 0;
let tick = 0;
let sent = 0;
let lateTicks = 0;
const jitter = new Histogram();
const delay = new Histogram();

function newStream(): Stream {
  return { index: 0, lastDelay: NaN, minIndex: Infinity, maxIndex: -1, count: 0 };
}

async function openSocket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  s.setRecvBufferSize(4 << 20);
  s.setSendBufferSize(4 << 20);
  s.on('message', onMessage);
  s.on('error', () => undefined);
  return s;
}

function onMessage(msg: Buffer): void {
  if (msg.length < 12 + 16) return;
  const now = performance.now();
  const id = msg.readUInt32LE(12);
  const index = msg.readUInt32LE(16);
  const sentAt = msg.readDoubleLE(20);
  const st = streams[id];
  if (!st) return;
  const d = now - sentAt;
  delay.add(d);
  if (!Number.isNaN(st.lastDelay)) jitter.add(Math.abs(d - st.lastDelay));
  st.lastDelay = d;
  st.count++;
  if (index < st.minIndex) st.minIndex = index;
  if (index > st.maxIndex) st.maxIndex = index;
}

function sendOne(socket: Socket, to: { address: string; port: number }, id: number): void {
  const st = streams[id];
  if (!st) return;
  // A fresh buffer per packet: dgram.send reads it later, from libuv, so it must not be reused.
  const packet = Buffer.allocUnsafe(12 + PAYLOAD);
  packet.fill(0xff, 28);
  // RTP header: V=2, PT 0, our own seq/ts/SSRC per stream (the relay rewrites them anyway).
  packet[0] = 0x80;
  packet[1] = st.index === 0 ? 0x80 : 0x00;
  packet.writeUInt16BE(st.index & 0xffff, 2);
  packet.writeUInt32BE((st.index * 160) >>> 0, 4);
  packet.writeUInt32BE(0x10000 + id, 8);
  packet.writeUInt32LE(id, 12);
  packet.writeUInt32LE(st.index, 16);
  packet.writeDoubleLE(performance.now(), 20);
  st.index++;
  sent++;
  socket.send(packet, to.port, to.address);
}

function runTick(): void {
  const phase = tick % PHASES;
  for (let i = phase; i < targets.length; i += PHASES) {
    const t = targets[i];
    if (!t) continue;
    sendOne(callerSockets[i % callerSockets.length] as Socket, t.a, i * 2);
    sendOne(calleeSockets[i % calleeSockets.length] as Socket, t.b, i * 2 + 1);
  }
  tick++;
}

function loop(): void {
  if (!running) return;
  const now = performance.now();
  let runs = 0;
  while (startMs + tick * TICK_MS <= now) {
    if (runs++ > 0) lateTicks++;
    runTick();
  }
  setTimeout(loop, Math.max(0, startMs + tick * TICK_MS - performance.now()));
}

function report(): LoadReport {
  let received = 0;
  let lost = 0;
  for (const st of streams) {
    received += st.count;
    if (st.count > 0) lost += st.maxIndex - st.minIndex + 1 - st.count;
  }
  return {
    type: 'report',
    sent,
    received,
    lost,
    jitterP50: jitter.quantile(0.5),
    jitterP99: jitter.quantile(0.99),
    delayP50: delay.quantile(0.5),
    delayP99: delay.quantile(0.99),
    lateTicks,
  };
}

function resetCounters(): void {
  for (const st of streams) {
    st.minIndex = Infinity;
    st.maxIndex = -1;
    st.count = 0;
    st.lastDelay = NaN;
  }
  sent = 0;
  lateTicks = 0;
  jitter.reset();
  delay.reset();
}

process.on('message', (raw) => {
  const cmd = raw as LoadCommand;
  void (async () => {
    switch (cmd.type) {
      case 'init': {
        callerSockets = await Promise.all(Array.from({ length: cmd.socketsPerSide }, openSocket));
        calleeSockets = await Promise.all(Array.from({ length: cmd.socketsPerSide }, openSocket));
        process.send?.({ type: 'ready', caller: callerSockets.map((s) => s.address().port), callee: calleeSockets.map((s) => s.address().port) });
        return;
      }
      case 'start':
        targets = cmd.targets;
        streams = Array.from({ length: targets.length * 2 }, newStream);
        resetCounters();
        running = true;
        startMs = performance.now();
        tick = 0;
        loop();
        process.send?.({ type: 'started' });
        return;
      case 'reset':
        resetCounters();
        process.send?.({ type: 'reset-done' });
        return;
      case 'report':
        process.send?.(report());
        return;
      case 'stop':
        running = false;
        process.send?.({ type: 'stopped' });
        return;
    }
  })();
});

process.on('disconnect', () => process.exit(0));
