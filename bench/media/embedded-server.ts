// The relay under test for bench/media (a child process, so its CPU and memory are its own):
// the embedded engine, set up call by call as the B2BUA does it.

import { parseNativeIoSetting } from '../../src/media/native/open-datagram-io.ts';
import { join } from 'node:path';
import { EmbeddedMediaEngine } from '../../src/media/embedded/embedded-media-engine.ts';
import type { MediaEndpoint } from '../../src/media/media-engine.ts';
import type { Recording } from '../../src/media/media-engine-options.ts';
import { WorkerMediaEngine } from '../../src/media/worker/worker-media-engine.ts';

export type ServerCommand =
  | { type: 'setup'; phones: { caller: number; callee: number }[]; record: boolean; dir: string }
  | { type: 'teardown' }
  | { type: 'stats' };

// BENCH_MEDIA_WORKERS (media-bench.ts --workers N): N worker threads, each owning whole calls; 0 = this thread.
const workers = Number(process.env.BENCH_MEDIA_WORKERS ?? 0);
// BENCH_NATIVE_IO (media-bench.ts --native-io): the engine's socket I/O, as HOTLINE_MEDIA_NATIVE_IO; default auto.
const nativeIo = parseNativeIoSetting(process.env.BENCH_NATIVE_IO ?? 'auto') ?? 'auto';
const engineOptions = { bindAddress: '127.0.0.1', ports: process.env.BENCH_PORTS ?? '30000-39999', nativeIo };
// BENCH_CRASH_WORKER_AFTER_MS (media-bench.ts --crash-worker-after S): this long after each setup,
// media worker 0 is ended as a crash would end it; its calls are re-created in the replacement
// (the generator counts what they lost meanwhile), and the restart is timed here.
const crashAfterMs = Number(process.env.BENCH_CRASH_WORKER_AFTER_MS ?? 0);
let crashedAt = 0;
const workerLog = (line: string): void => {
  const since = crashedAt > 0 ? ` (${(performance.now() - crashedAt).toFixed(0)} ms after the crash)` : '';
  process.stderr.write(`  ${line}${since}\n`);
};
const engine = workers > 0 ? new WorkerMediaEngine({ ...engineOptions, workers, log: workerLog }) : new EmbeddedMediaEngine(engineOptions);
let calls: { a: MediaEndpoint; b: MediaEndpoint; rec?: Recording }[] = [];

function phoneSdp(port: number): string {
  return ['v=0', 'o=phone 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
}

function portOf(sdp: string): number {
  return Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);
}

async function setup(cmd: Extract<ServerCommand, { type: 'setup' }>): Promise<{ a: number; b: number }[]> {
  const out: { a: number; b: number }[] = [];
  for (const [i, ph] of cmd.phones.entries()) {
    const a = await engine.createEndpoint({ label: `a${i}`, group: `call-${i}` });
    const b = await engine.createEndpoint({ label: `b${i}`, group: `call-${i}` });
    const answer = await a.setRemoteOffer(phoneSdp(ph.caller));
    const offer = await b.createOffer();
    await b.setRemoteAnswer(phoneSdp(ph.callee));
    await a.connect(b);
    const call: (typeof calls)[number] = { a, b };
    if (cmd.record) call.rec = await a.record({ path: join(cmd.dir, `call-${i}.wav`), other: b });
    calls.push(call);
    out.push({ a: portOf(answer), b: portOf(offer) });
  }
  return out;
}

async function teardown(): Promise<void> {
  await Promise.all(calls.map(async (c) => {
    await c.rec?.stop();
    await c.a.destroy();
    await c.b.destroy();
  }));
  calls = [];
}

/** With workers: prints each worker's event-loop delay since the last stats (idle → loaded) and sums their skipped frames. */
async function workerFigures(): Promise<number> {
  if (!(engine instanceof WorkerMediaEngine)) return 0;
  const ds = await engine.diagnostics({ reset: true });
  const ms = (x: number): string => x.toFixed(1);
  if (ds.some((d) => d.endpoints > 0)) {
    process.stderr.write(`  media workers: endpoints ${ds.map((d) => d.endpoints).join('/')}, event-loop delay p99 ${ds.map((d) => ms(d.loopDelayP99Ms)).join('/')} ms, max ${ds.map((d) => ms(d.loopDelayMaxMs)).join('/')} ms (setup, warm-up and window)\n`);
  }
  return ds.reduce((sum, d) => sum + d.skippedTicks, 0);
}

process.on('message', (raw) => {
  const cmd = raw as ServerCommand;
  void (async () => {
    switch (cmd.type) {
      case 'setup':
        process.send?.({ type: 'ready', ports: await setup(cmd) });
        if (crashAfterMs > 0 && engine instanceof WorkerMediaEngine) {
          setTimeout(() => {
            crashedAt = performance.now();
            void engine.terminateWorker(0);
          }, crashAfterMs);
        }
        return;
      case 'teardown':
        await teardown();
        process.send?.({ type: 'done' });
        return;
      case 'stats': {
        // With --expose-gc the figures are live memory, not garbage waiting for a collection.
        (globalThis as { gc?: () => void }).gc?.();
        const m = process.memoryUsage();
        process.send?.({ type: 'stats', skippedTicks: engine instanceof EmbeddedMediaEngine ? engine.frameClock.skipped : await workerFigures(), rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers });
        return;
      }
    }
  })();
});

process.on('disconnect', () => {
  void engine.close().finally(() => process.exit(0));
});
process.send?.({ type: 'up' });
