// The embedded engine's behaviour tests (bridge, play, record, DTMF, conference, ports, garbage),
// run unchanged against the worker engine: every call and event crosses the thread boundary. One
// worker, since those tests create endpoints without a group; placement across workers is
// worker-engine.test.ts's subject. Imported dynamically, after the flag that stops those files
// from also running their embedded-engine registration here.
import { WorkerMediaEngine } from '../../../src/media/worker/worker-media-engine.ts';
import type { EngineFactory } from '../embedded/bridge.test.ts';

process.env.HOTLINE_TEST_IMPORTED_SUITE = '1';
const { bridgeBehaviours } = await import('../embedded/bridge.test.ts');
const { engineFeatureBehaviours } = await import('../embedded/engine-features.test.ts');

const workerEngine: EngineFactory = (opts) => new WorkerMediaEngine({ workers: 1, bindAddress: '127.0.0.1', ...opts });
bridgeBehaviours(workerEngine);
engineFeatureBehaviours(workerEngine);
