// The embedded and worker engines' behaviour tests (bridge, play, record, DTMF, conference, ports,
// garbage) once more, on the other datagram path: their own files run with the default
// HOTLINE_MEDIA_NATIVE_IO=auto (the native addon when it is built), this file with `off`
// (node:dgram), so both paths pass the same behaviours. Plus: `auto` and `on` really pick the
// addon, and an engine says which path it uses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EmbeddedMediaEngine } from '../../../src/media/embedded/embedded-media-engine.ts';
import { loadDgramAddon } from '../../../src/media/native/native-addon.ts';
import { resolveNativeIo } from '../../../src/media/native/open-datagram-io.ts';
import { WorkerMediaEngine } from '../../../src/media/worker/worker-media-engine.ts';
import type { EngineFactory } from '../embedded/bridge.test.ts';
import { testPortRange } from '../embedded/fake-phone.ts';

process.env.HOTLINE_TEST_IMPORTED_SUITE = '1';
const { bridgeBehaviours } = await import('../embedded/bridge.test.ts');
const { engineFeatureBehaviours } = await import('../embedded/engine-features.test.ts');

const load = loadDgramAddon();

test('auto and on pick the native addon when it is built; off picks node:dgram', { skip: load.ok ? false : `native addon not available: ${load.reason}` }, async () => {
  const logged: string[] = [];
  for (const [setting, kind] of [
    ['auto', 'native'],
    ['on', 'native'],
    ['off', 'node'],
  ] as const) {
    const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: testPortRange(), nativeIo: setting, log: (l) => logged.push(l) });
    const ep = await engine.createEndpoint();
    assert.equal(engine.datagramIoStats().kind, kind, setting);
    assert.equal(engine.datagramIoStats().openSockets, 2, 'the RTP and RTCP sockets');
    await ep.destroy();
    assert.equal(engine.datagramIoStats().openSockets, 0);
    await engine.close();
  }
  assert.equal(logged.length, 0, 'nothing to say when the addon loads');
  assert.equal(resolveNativeIo('auto', (l) => logged.push(l)), 'auto');
});

test('without the addon, auto falls back with one log line and on refuses', { skip: load.ok ? 'the addon is built here (the fallback is covered by the off runs below)' : false }, () => {
  const logged: string[] = [];
  assert.equal(resolveNativeIo('auto', (l) => logged.push(l)), 'off');
  assert.equal(logged.length, 1);
  assert.throws(() => resolveNativeIo('on', () => undefined), /HOTLINE_MEDIA_NATIVE_IO=on/);
});

describe('embedded engine, node:dgram (HOTLINE_MEDIA_NATIVE_IO=off)', () => {
  const embeddedOff: EngineFactory = (opts) => new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', nativeIo: 'off', ...opts });
  bridgeBehaviours(embeddedOff);
  engineFeatureBehaviours(embeddedOff);
});

describe('worker engine, node:dgram (HOTLINE_MEDIA_NATIVE_IO=off)', () => {
  const workerOff: EngineFactory = (opts) => new WorkerMediaEngine({ workers: 1, bindAddress: '127.0.0.1', nativeIo: 'off', ...opts });
  bridgeBehaviours(workerOff);
});
