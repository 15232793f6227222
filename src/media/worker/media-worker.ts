// The entry of one media worker thread: an ordinary EmbeddedMediaEngine on its own slice of the
// RTP ports, driven over the parent port by WorkerHost. Started by media-worker-bootstrap.mjs.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { EmbeddedMediaEngine } from '../embedded/embedded-media-engine.ts';
import type { EmbeddedEngineOptions } from '../embedded/embedded-engine-options.ts';
import { EspeakSynthesizer } from '../tts/espeak-synthesizer.ts';
import type { WorkerDiagnostics } from './worker-diagnostics.ts';
import { WorkerHost } from './worker-host.ts';
import type { FromWorker, SpareInit, ToWorker, WorkerInit } from './worker-protocol.ts';

function engineOptions(init: WorkerInit): EmbeddedEngineOptions {
  const opts: EmbeddedEngineOptions = { bindAddress: init.bindAddress, ports: init.ports };
  if (init.advertiseAddress !== undefined) opts.advertiseAddress = init.advertiseAddress;
  if (init.rtcpIntervalMs !== undefined) opts.rtcpIntervalMs = init.rtcpIntervalMs;
  if (init.nativeIo !== undefined) opts.nativeIo = init.nativeIo;
  if (init.recordingFormat !== undefined) opts.recordingFormat = init.recordingFormat;
  if (init.synthesizer?.kind === 'espeak') {
    const { kind: _kind, ...espeak } = init.synthesizer;
    opts.synthesizer = new EspeakSynthesizer(espeak);
  }
  return opts;
}

const port = parentPort;
if (!port) throw new Error('media-worker.ts runs only as a worker thread');
const init = (workerData as Partial<SpareInit>).spare === true ? await adoption(port) : (workerData as WorkerInit);

/** A spare thread: everything is loaded; wait for the slice of the worker this one replaces. */
function adoption(from: MessagePort): Promise<WorkerInit> {
  return new Promise((resolve) => {
    const onMessage = (msg: ToWorker): void => {
      if (msg.kind !== 'adopt') return;
      from.off('message', onMessage);
      resolve(msg.init);
    };
    from.on('message', onMessage);
    from.postMessage({ kind: 'spare-ready' } satisfies FromWorker);
  });
}
const engine = new EmbeddedMediaEngine(engineOptions(init));
// How late this thread's event loop runs: the jitter the relay adds, seen from inside.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function diagnose(reset: boolean): Omit<WorkerDiagnostics, 'recordings'> {
  const d: Omit<WorkerDiagnostics, 'recordings'> = {
    index: init.index,
    endpoints: engine.endpointCount,
    skippedTicks: engine.frameClock.skipped,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    heapUsed: process.memoryUsage().heapUsed,
  };
  if (reset) loopDelay.reset();
  return d;
}

const host = new WorkerHost(engine, (msg: FromWorker) => port.postMessage(msg), diagnose);
port.on('message', (msg: ToWorker) => host.receive(msg));
port.postMessage({ kind: 'ready' } satisfies FromWorker);
