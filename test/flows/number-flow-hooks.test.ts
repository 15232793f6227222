import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DialTarget } from '../../src/calls/ports.ts';
import type { MediaEndpoint } from '../../src/media/media-engine.ts';
import type { CallFlowContext } from '../../src/calls/ports.ts';
import { numberFlowHooks } from '../../src/flows/number-flow-hooks.ts';
import { pickTargets } from '../../src/flows/pick-targets.ts';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { FakeFlowMedia } from './fake-flow-media.ts';

const proxy = { transport: 'udp' as const, host: '127.0.0.1', port: 5060 };
const targets: DialTarget[] = [
  { kind: 'pstn', number: '+8613800138001', trunkId: 't', proxy, proxyHost: '127.0.0.1' },
  { kind: 'pstn', number: '+8613800138002', trunkId: 't', proxy, proxyHost: '127.0.0.1' },
  { kind: 'sip', username: 'agent7', contacts: [] },
];

function ctx(media: FakeFlowMedia) {
  const calls: string[] = [];
  const c: CallFlowContext = {
    callId: 'call-1',
    media: media as unknown as MediaEndpoint,
    signal: new AbortController().signal,
    earlyMedia: () => calls.push('183'),
    answer: () => calls.push('200'),
  };
  return { c, calls };
}

const deps = { clock: new FakeClock(), audioDir: '/data/audio/t1', voicemailPath: (id: string) => `/data/vm/${id}.wav` };

test('pickTargets: national, E.164 and SIP names find the call targets in the group order', () => {
  assert.deepEqual(pickTargets(targets, ['agent7', '13800138002']).map((t) => (t.kind === 'sip' ? t.username : t.number)), ['agent7', '+8613800138002']);
  assert.deepEqual(pickTargets(targets, ['008613800138001', 'nobody']).length, 1);
});

test('no flow parts → no hooks (calls go straight to the phones)', () => {
  assert.deepEqual(numberFlowHooks({}, deps), {});
  assert.deepEqual(numberFlowHooks({ voicemail: { enabled: false } }, deps), {});
});

test('welcome + menu over early media: key 2 dials the second group', async () => {
  const media = new FakeFlowMedia();
  media.keysDuringPlay.set(0, '2');
  const hooks = numberFlowHooks({ language: 'en', welcome: { system: 'welcome' }, menu: { options: [{ key: '1', phones: ['13800138001'] }, { key: '2', phones: ['13800138002'] }] } }, deps);
  const { c, calls } = ctx(media);
  const r = await hooks.preDial?.(c, targets);
  assert.deepEqual(calls, ['183']);
  assert.equal(r?.kind, 'dial');
  assert.deepEqual(r?.kind === 'dial' ? r.targets?.map((t) => (t.kind === 'pstn' ? t.number : '')) : [], ['+8613800138002']);
  assert.deepEqual(media.played().slice(0, 1), ['welcome']);
});

test('password refused → 403 blocked; accepted → dial everything', async () => {
  const wrong = new FakeFlowMedia();
  for (const i of [0, 2, 4]) wrong.keysDuringPlay.set(i, '0000');
  const hooks = numberFlowHooks({ password: { digits: '1234' } }, deps);
  assert.deepEqual(await hooks.preDial?.(ctx(wrong).c, targets), { kind: 'refuse', status: 403, reason: 'Wrong Password', outcome: 'blocked' });
  const right = new FakeFlowMedia();
  right.keysDuringPlay.set(0, '1234');
  assert.deepEqual(await hooks.preDial?.(ctx(right).c, targets), { kind: 'dial' });
});

test('ringback: the tenant audio file inside the tenant audio directory', () => {
  assert.deepEqual(numberFlowHooks({ ringback: { audio: 'cailing.wav' } }, deps).ringback, { kind: 'file', path: '/data/audio/t1/cailing.wav' });
  assert.deepEqual(numberFlowHooks({ ringback: { text: '欢迎' } }, deps).ringback, { kind: 'text', text: '欢迎', language: 'zh-CN' });
});

test('voicemail answers the caller, records, and reports the message', async () => {
  const media = new FakeFlowMedia();
  const got: string[] = [];
  const clock = new FakeClock();
  const hooks = numberFlowHooks({ voicemail: { enabled: true, maxSeconds: 5 } }, { ...deps, clock, onVoicemail: (id, rec) => { got.push(`${id}:${rec.path}`); return Promise.resolve(); } });
  const { c, calls } = ctx(media);
  const p = hooks.voicemail?.(c);
  for (let i = 0; i < 20 && got.length === 0; i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(1000);
  }
  await p;
  assert.deepEqual(calls, ['200']);
  assert.deepEqual(got, ['call-1:/data/vm/call-1.wav']);
});

test('menu without a choice: fallback "all" dials the plan, "hangup" says goodbye and refuses', async () => {
  const clock = new FakeClock();
  const run = async (fallback: 'all' | 'hangup') => {
    const media = new FakeFlowMedia();
    const hooks = numberFlowHooks({ menu: { options: [{ key: '1', phones: ['13800138001'] }], tries: 1, timeoutMs: 1000, fallback } }, { ...deps, clock });
    const p = hooks.preDial?.(ctx(media).c, targets);
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(1000);
    }
    return { r: await p, played: media.played() };
  };
  assert.deepEqual((await run('all')).r, { kind: 'dial' });
  const hung = await run('hangup');
  assert.deepEqual(hung.r, { kind: 'refuse', status: 480, reason: 'No Menu Choice', outcome: 'failed' });
  assert.equal(hung.played.at(-1), 'goodbye');
});

test('a chosen group with none of the call targets is refused; a caller gone mid-flow is cancelled', async () => {
  const media = new FakeFlowMedia();
  media.keysDuringPlay.set(0, '3');
  const hooks = numberFlowHooks({ menu: { options: [{ key: '3', phones: ['13999999999'] }] } }, deps);
  assert.deepEqual(await hooks.preDial?.(ctx(media).c, targets), { kind: 'refuse', status: 480, reason: 'Menu Group Unavailable', outcome: 'failed' });
  const gone = new AbortController();
  const c = { ...ctx(new FakeFlowMedia()).c, signal: gone.signal };
  const p = numberFlowHooks({ password: { digits: '1' } }, deps).preDial?.(c, targets);
  await new Promise((r) => setImmediate(r));
  gone.abort();
  assert.deepEqual(await p, { kind: 'refuse', status: 487, reason: 'Request Terminated', outcome: 'cancelled' });
});
