// The entry of one media worker thread: an ordinary EmbeddedMediaEngine on its own slice of the
// RTP ports, driven over the parent port by WorkerHost. Started by media-worker-bootstrap.mjs.

import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedMediaEngine } from '../embedded/embedded-media-engine.ts';
import type { EmbeddedEngineOptions } from '../embedded/embedded-engine-options.ts';
import { EspeakSynthesizer } from '../tts/espeak-synthesizer.ts';
import { WorkerHost } from './worker-host.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.ts';

function engineOptions(init: WorkerInit): EmbeddedEngineOptions {
  const opts: EmbeddedEngineOptions = { bindAddress: init.bindAddress, ports: init.ports };
  if (init.advertiseAddress !== undefined) opts.advertiseAddress = init.advertiseAddress;
  if (init.rtcpIntervalMs !== undefined) opts.rtcpIntervalMs = init.rtcpIntervalMs;
  if (init.synthesizer?.kind === 'espeak') {
    const { kind: _kind, ...espeak } = init.synthesizer;
    opts.synthesizer = new EspeakSynthesizer(espeak);
  }
  return opts;
}

const port = parentPort;
if (!port) throw new Error('media-worker.ts runs only as a worker thread');
const init = workerData as WorkerInit;
const host = new WorkerHost(new EmbeddedMediaEngine(engineOptions(init)), (msg: FromWorker) => port.postMessage(msg));
port.on('message', (msg: ToWorker) => host.receive(msg));
port.postMessage({ kind: 'ready' } satisfies FromWorker);
