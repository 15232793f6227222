import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';
import { encodeWavPcm16 } from '../../../src/media/wav/wav-header.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MediaEndpoint, Recording } from '../../../src/media/media-engine.ts';
import type { DtmfEvent } from '../../../src/media/media-engine-events.ts';
import { WorkerMediaEngine } from '../../../src/media/worker/worker-media-engine.ts';
import { encodeTelephoneEvent } from '../../../src/media/dtmf/telephone-event.ts';
import { ulawToLinear } from '../../../src/media/codec/g711.ts';
import { FakePhone, mPort, settle, testPortRange, until } from '../embedded/fake-phone.ts';

function engine(workers = 2, log?: (line: string) => void): WorkerMediaEngine {
  return new WorkerMediaEngine({ workers, bindAddress: '127.0.0.1', ports: testPortRange(), ...(log ? { log } : {}) });
}

interface Leg {
  ep: MediaEndpoint;
  phone: FakePhone;
  port: number;
}

async function answeredLeg(e: WorkerMediaEngine, group: string, ssrc: number): Promise<Leg> {
  const phone = await FakePhone.open('127.0.0.1', ssrc);
  const ep = await e.createEndpoint({ label: `${group}-${ssrc}`, group });
  const port = mPort(await ep.setRemoteOffer(phone.sdp()));
  return { ep, phone, port };
}

/** Answered legs in one group of `e`, for `body`; the engine and the phones are closed after. */
async function withLegs(e: WorkerMediaEngine, group: string, ssrcs: number[], body: (legs: Leg[]) => Promise<void>): Promise<void> {
  const legs: Leg[] = [];
  try {
    for (const ssrc of ssrcs) legs.push(await answeredLeg(e, group, ssrc));
    await body(legs);
  } finally {
    await e.close();
    for (const l of legs) l.phone.close();
  }
}

test('placement: one group shares a worker; new groups go to the least-loaded worker; the group is forgotten when empty', async () => {
  const e = engine(2);
  try {
    const a1 = await e.createEndpoint({ group: 'call-1' });
    const b1 = await e.createEndpoint({ group: 'call-1' });
    assert.equal(e.workerOf(a1), e.workerOf(b1));
    const a2 = await e.createEndpoint({ group: 'call-2' });
    assert.notEqual(e.workerOf(a2), e.workerOf(a1), 'the other worker has fewer endpoints');
    const b2 = await e.createEndpoint({ group: 'call-2' });
    assert.equal(e.workerOf(b2), e.workerOf(a2));
    assert.deepEqual([...e.load].sort(), [2, 2]);
    const diag = await e.diagnostics();
    assert.deepEqual(diag.map((d) => [d.index, d.endpoints]), [[0, 2], [1, 2]], 'each worker counts its own endpoints');
    assert.ok(diag.every((d) => d.heapUsed > 0 && d.loopDelayMaxMs >= 0 && d.skippedTicks === 0));
    const conf = await e.createConference({ group: 'call-2' });
    assert.equal(e.workerOf(conf), e.workerOf(a2));
    await a1.destroy();
    await b1.destroy();
    // call-1 is forgotten; its worker is now the least loaded.
    const c = await e.createEndpoint({ group: 'call-1' });
    assert.equal(e.workerOf(c), e.workerOf(a1));
    await conf.destroy();
  } finally {
    await e.close();
  }
});

test('a bridged call in one worker relays RTP both ways and forwards latch and DTMF events', async () => {
  const e = engine(2);
  const caller = await answeredLeg(e, 'call', 0xaaaa0001);
  const callee = await answeredLeg(e, 'call', 0xbbbb0002);
  try {
    const latched = caller.ep.onLatched.next();
    const digits: DtmfEvent[] = [];
    callee.ep.onDtmf.on((d) => digits.push(d));
    await caller.ep.connect(callee.ep);
    for (let i = 0; i < 5; i++) caller.phone.send(caller.port, Buffer.alloc(160, i + 1));
    await callee.phone.waitFor(5);
    assert.deepEqual(callee.phone.received.map((r) => r.packet.payload[0]), [1, 2, 3, 4, 5]);
    assert.equal((await latched).port, caller.phone.port);
    for (let i = 0; i < 3; i++) callee.phone.send(callee.port, Buffer.alloc(160, 0x80));
    await caller.phone.waitFor(3);
    // RFC 4733: digit 5, three end packets: one key press.
    for (let i = 0; i < 3; i++) callee.phone.send(callee.port, encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 }), { pt: 101, ts: 999 });
    await until(() => digits.length === 1);
    assert.equal(digits[0]?.digit, '5');
    assert.equal((await caller.ep.stats()).packetsIn, 5);
  } finally {
    await e.close();
    caller.phone.close();
    callee.phone.close();
  }
});

test('objects in different workers: connect, record(other) and join fail with bad-state', async () => {
  const e = engine(2);
  try {
    const a = await e.createEndpoint({ group: 'x' });
    const b = await e.createEndpoint({ group: 'y' });
    assert.notEqual(e.workerOf(a), e.workerOf(b));
    await assert.rejects(a.connect(b), { name: 'MediaError', code: 'bad-state', message: /different media workers/ });
    await assert.rejects(a.record({ path: join(tmpdir(), 'never.wav'), other: b }), { name: 'MediaError', code: 'bad-state' });
    const conf = await e.createConference({ group: 'x' });
    await assert.rejects(conf.join(b), { name: 'MediaError', code: 'bad-state' });
    await conf.join(a, { role: 'listener' });
    assert.deepEqual(conf.members, [a.id]);
    await a.destroy();
    assert.deepEqual(conf.members, [], 'a destroyed member leaves the list');
  } finally {
    await e.close();
  }
});

test('errors thrown in the worker keep their MediaError code and message; destroyed endpoints refuse calls', async () => {
  const e = engine(1);
  try {
    const ep = await e.createEndpoint();
    await assert.rejects(ep.setRemoteOffer('garbage'), (err: Error & { code?: string }) => err.name === 'MediaError' && err.code === 'sdp-invalid' && err.message.length > 0);
    await assert.rejects(ep.setRemoteAnswer('v=0'), { name: 'MediaError', code: 'bad-state' });
    await assert.rejects(ep.sendDtmf('x'), { name: 'MediaError' });
    await assert.rejects(ep.play({ kind: 'file', path: '/nonexistent/prompt.wav' }), { name: 'MediaError', code: 'file', message: /prompt\.wav/ });
    await ep.destroy();
    await ep.destroy();
    await assert.rejects(ep.createOffer(), { name: 'MediaError', code: 'destroyed' });
    assert.deepEqual(e.load, [0]);
  } finally {
    await e.close();
  }
  await assert.rejects(e.createEndpoint(), { name: 'MediaError', code: 'destroyed' });
});

test('play: an AbortSignal ends a looping tone (stopped); stopOnDtmf ends on a digit (dtmf)', async () => {
  const e = engine(1);
  const leg = await answeredLeg(e, 'g', 0x1234);
  try {
    const ac = new AbortController();
    const playing = leg.ep.play({ kind: 'tone', tone: 'ringback' }, { loop: true, signal: ac.signal });
    await leg.phone.waitFor(3);
    ac.abort();
    assert.equal(await playing, 'stopped');
    const pre = new AbortController();
    pre.abort();
    assert.equal(await leg.ep.play({ kind: 'tone', tone: 'busy' }, { signal: pre.signal }), 'stopped');
    const barge = leg.ep.play({ kind: 'tone', tone: 'dial' }, { stopOnDtmf: true });
    await settle(40);
    leg.ep.injectDtmf('1', 100, 'info');
    assert.equal(await barge, 'dtmf');
    const stopped = leg.ep.play({ kind: 'silence', ms: 60000 });
    await leg.ep.stopPlay();
    assert.equal(await stopped, 'stopped');
  } finally {
    await e.close();
    leg.phone.close();
  }
});

test('text plays: the worker constructs the synthesiser from its spec (espeak-ng); without one a text play fails with file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wtts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const withTts = new WorkerMediaEngine({ workers: 1, bindAddress: '127.0.0.1', ports: testPortRange(), synthesizer: { kind: 'espeak', cacheDir: dir } });
  const without = engine(1);
  const leg = await answeredLeg(withTts, 'tts', 0x77);
  const bare = await answeredLeg(without, 'bare', 0x78);
  try {
    assert.equal(await leg.ep.play({ kind: 'text', text: 'one', language: 'en' }), 'finished');
    assert.ok(leg.phone.received.length >= 5, `spoken frames ${leg.phone.received.length}`);
    await assert.rejects(bare.ep.play({ kind: 'text', text: 'one', language: 'en' }), { name: 'MediaError', code: 'file' });
  } finally {
    await withTts.close();
    await without.close();
    leg.phone.close();
    bare.phone.close();
  }
});

interface RecordedCall {
  e: WorkerMediaEngine;
  caller: Leg;
  callee: Leg;
  path: string;
  rec: Recording;
  close(): Promise<void>;
}

/** A bridged call in a worker, recorded in stereo, with ten frames each way (caller loud, callee silent). */
async function recordedCall(t: TestContext, workers: number): Promise<RecordedCall> {
  const dir = mkdtempSync(join(tmpdir(), 'wrec-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const e = engine(workers);
  const caller = await answeredLeg(e, 'rec', 0x1);
  const callee = await answeredLeg(e, 'rec', 0x2);
  await caller.ep.connect(callee.ep);
  const path = join(dir, 'call.wav');
  const rec = await caller.ep.record({ path, other: callee.ep });
  for (let i = 0; i < 10; i++) {
    caller.phone.send(caller.port, Buffer.alloc(160, 0x00));
    callee.phone.send(callee.port, Buffer.alloc(160, 0xff));
    await settle(20);
  }
  return {
    e,
    caller,
    callee,
    path,
    rec,
    async close() {
      await e.close();
      caller.phone.close();
      callee.phone.close();
    },
  };
}

test('recording: stop() finalises a stereo WAV in the worker', async (t) => {
  const { rec, path, close } = await recordedCall(t, 2);
  try {
    assert.equal(rec.path, path);
    const result = await rec.stop();
    assert.deepEqual(await rec.stop(), result, 'stop twice gives the same result');
    assert.equal(result.channels, 2);
    // The engine's default recording format (µ-law WAV); decodeWav reads either format.
    const wav = decodeWav(readFileSync(path));
    assert.equal(wav.info.format, 'ulaw');
    assert.equal(wav.channels, 2);
    const frames = wav.samples.length / 2;
    assert.ok(frames >= 160 * 5, `recorded ${frames} frames`);
    assert.equal(wav.info.declaredDataLength, readFileSync(path).length - wav.info.dataOffset, 'the data chunk size is written');
    assert.equal(result.durationMs, Math.round((frames * 1000) / 8000));
    assert.equal(existsSync(`${path}.recording`), false);
  } finally {
    await close();
  }
});

test('recording: destroying its endpoints without stop() finalises the WAV and releases the recorder; a late stop() still gets the result', async (t) => {
  const { e, caller, callee, rec, path, close } = await recordedCall(t, 1);
  try {
    assert.deepEqual((await e.diagnostics()).map((d) => d.recordings), [1]);
    await caller.ep.destroy();
    assert.deepEqual((await e.diagnostics()).map((d) => d.recordings), [0], 'released with the first of its endpoints');
    assert.equal(existsSync(`${path}.recording`), false, 'finalised by the destroy');
    const wav = decodeWav(readFileSync(path));
    assert.equal(wav.info.declaredDataLength, readFileSync(path).length - wav.info.dataOffset, 'the data chunk size is written');
    await callee.ep.destroy();
    const result = await rec.stop();
    assert.equal(result.path, path);
    assert.equal(result.durationMs, Math.round(((wav.samples.length / 2) * 1000) / 8000));
    assert.deepEqual(await rec.stop(), result);
    // A destroyed endpoint records nothing: record() refuses, nothing is left behind.
    await assert.rejects(caller.ep.record({ path: `${path}.late.wav` }), { name: 'MediaError' });
    assert.deepEqual((await e.diagnostics()).map((d) => d.recordings), [0]);
  } finally {
    await close();
  }
});

test('a worker that dies fails its pending calls with MediaError backend, is logged, and is replaced on its port slice', async () => {
  const lines: string[] = [];
  const e = engine(2, (l) => lines.push(l));
  const phone = await FakePhone.open('127.0.0.1', 0x4d);
  try {
    const doomed = await e.createEndpoint({ group: 'doomed' });
    await doomed.setRemoteOffer(phone.sdp());
    const survivor = await e.createEndpoint({ group: 'other' });
    const index = e.workerOf(doomed) ?? -1;
    // A 5 s key press under way (a play would go on in the replacement instead).
    const pending = doomed.sendDtmf('5', 5000);
    await phone.waitFor(3);
    await e.terminateWorker(index);
    await assert.rejects(pending, { name: 'MediaError', code: 'backend' });
    // The endpoint is re-created in the replacement: calls made meanwhile wait for it.
    assert.equal((await doomed.stats()).packetsIn, 0);
    assert.match(lines[0] ?? '', new RegExp(`media worker ${index} .*1 endpoint\\(s\\) and 0 conference\\(s\\) on it`));
    await until(() => lines.length >= 3);
    assert.match(lines[1] ?? '', new RegExp(`^media worker ${index} replacement started in \\d+ ms$`));
    assert.equal(lines[2], `media worker ${index} restarted: 1 of 1 endpoint(s) re-created on their ports`);
    // The survivor's calls go on; the replacement takes new calls of the doomed group.
    assert.equal((await survivor.stats()).packetsIn, 0);
    const next = await e.createEndpoint({ group: 'doomed' });
    assert.equal(e.workerOf(next), index);
    assert.match(await next.createOffer(), /m=audio \d+ /);
    assert.deepEqual((await e.diagnostics()).map((d) => d.endpoints).sort(), [1, 2]);
    await doomed.destroy();
    assert.deepEqual((await e.diagnostics()).map((d) => d.endpoints).sort(), [1, 1]);
  } finally {
    await e.close();
    phone.close();
  }
});

test('a worker that crashes mid-call: the bridged call goes on through its replacement on the same ports; the recording goes on into its file; its conference is back', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcrash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  const e = engine(2, (l) => lines.push(l));
  const caller = await answeredLeg(e, 'call', 0xaaaa0001);
  // The callee side as the B2BUA makes it: our offer in one request, the phone's answer after.
  const calleePhone = await FakePhone.open('127.0.0.1', 0xbbbb0002);
  const made = await e.createEndpointWithSdp({ kind: 'offer' }, { label: 'callee', group: 'call' });
  await made.endpoint.setRemoteAnswer(calleePhone.sdp());
  const callee: Leg = { ep: made.endpoint, phone: calleePhone, port: mPort(made.sdp) };
  const other = await e.createEndpoint({ group: 'other' });
  try {
    await caller.ep.connect(callee.ep);
    const path = join(dir, 'crash.wav');
    const rec = await caller.ep.record({ path, other: callee.ep });
    const recordingFrom = Date.now();
    const conf = await e.createConference({ group: 'call' });
    // 2 s of the caller talking: the recorder writes its first one-second chunk (200 ms hold-back,
    // a drain every 200 ms, then the write on libuv's pool).
    for (let i = 0; i < 100; i++) {
      caller.phone.send(caller.port, Buffer.alloc(160, 0x00));
      await settle(20);
    }
    await callee.phone.waitFor(100);
    const index = e.workerOf(caller.ep) ?? -1;
    assert.notEqual(e.workerOf(other), index);
    const crashFrames = ((Date.now() - recordingFrom) * 8000) / 1000;
    await e.terminateWorker(index);
    // Waits for the re-creation, then asks the replacement.
    assert.equal((await caller.ep.stats()).packetsIn, 0, 'a new endpoint in the replacement worker');
    assert.equal(e.workerOf(caller.ep), index);
    assert.equal(e.workerOf(callee.ep), index);
    // The phones keep sending where they did; the bridge is back both ways.
    callee.phone.received.length = 0;
    caller.phone.received.length = 0;
    // Paced as a phone sends (the recorder places a burst's frames after its first by timestamp).
    for (let i = 0; i < 10; i++) {
      caller.phone.send(caller.port, Buffer.alloc(160, 7));
      await settle(20);
    }
    await callee.phone.waitFor(10);
    assert.deepEqual(callee.phone.received.map((r) => r.packet.payload[0]), Array(10).fill(7));
    for (let i = 0; i < 3; i++) callee.phone.send(callee.port, Buffer.alloc(160, 0x55));
    await caller.phone.waitFor(3);
    assert.equal(caller.phone.received[0]?.packet.payload[0], 0x55);
    // The recording went on into the same file in the replacement: one WAV as long as the call
    // was recorded (what the crash lost is silence), the caller's audio after the crash in it.
    const result = await rec.stop();
    const recordedMs = Date.now() - recordingFrom;
    assert.equal(result.path, path);
    assert.equal(result.channels, 2);
    assert.equal(existsSync(`${path}.recording`), false, 'finalised: the in-progress marker is gone');
    const wav = decodeWav(readFileSync(path));
    assert.equal(wav.info.declaredDataLength, wav.info.dataLength, 'the data chunk size is written');
    assert.equal(result.durationMs, Math.round(((wav.samples.length / 2) * 1000) / 8000));
    assert.ok(Math.abs(result.durationMs - recordedMs) < 400, `the file covers the recording's time: ${result.durationMs} of ${recordedMs} ms`);
    const loudLeftAfterCrash = wav.samples.filter((v, i) => i % 2 === 0 && i / 2 >= crashFrames && v !== 0).length;
    assert.ok(loudLeftAfterCrash >= 5 * 160, `the caller after the crash is in the file (${loudLeftAfterCrash} samples)`);
    // The (empty) conference is back with its id.
    assert.equal(e.workerOf(conf), index);
    assert.deepEqual(conf.members, []);
    await conf.destroy();
    assert.ok(lines.some((l) => /restarted: 2 of 2 endpoint\(s\) re-created on their ports/.test(l)), lines.join('\n'));
    assert.equal((await other.stats()).packetsIn, 0, 'the other worker\'s call is untouched');
  } finally {
    await e.close();
    caller.phone.close();
    callee.phone.close();
  }
});

test('a looping play (ringback) whose worker crashes goes on in the replacement; an aborted one ends stopped', async () => {
  const e = engine(1, () => undefined);
  await withLegs(e, 'ring', [0x77, 0x78], async ([leg, other]) => {
    if (!leg || !other) throw new Error('two legs');
    const ringing = leg.ep.play({ kind: 'tone', tone: 'ringback' }, { loop: true });
    const abort = new AbortController();
    const held = other.ep.play({ kind: 'tone', tone: 'ringback' }, { loop: true, signal: abort.signal });
    await leg.phone.waitFor(10);
    const crash = e.terminateWorker(0);
    abort.abort();
    await crash;
    assert.equal(await held, 'stopped', 'aborted while its worker was replaced');
    // The caller keeps hearing ringback from the re-created endpoint on the same port.
    leg.phone.received.length = 0;
    await leg.phone.waitFor(10);
    const ssrcs = new Set(leg.phone.received.map((r) => r.packet.ssrc));
    assert.equal(ssrcs.size, 1, 'one new stream');
    await leg.ep.stopPlay();
    assert.equal(await ringing, 'stopped', 'the same play() settles when it is stopped');
  });
});

test('a prompt under way when its worker crashes goes on in the replacement from where it was: nothing repeated, nothing skipped', async (t) => {
  // A 3 s prompt whose 20 ms frames each hold one level, 200 more than the frame before: the
  // level a phone hears says where in the prompt the frame came from.
  const frames = 150;
  const pcm = new Int16Array(frames * 160);
  for (let f = 0; f < frames; f++) pcm.fill(200 * (f + 1), f * 160, (f + 1) * 160);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-prompt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'ramp.wav');
  writeFileSync(path, encodeWavPcm16(pcm, 8000));
  const positionOf = (payload: Buffer): number => {
    let sum = 0;
    for (const b of payload) sum += ulawToLinear(b);
    return Math.round(sum / payload.length / 200) - 1;
  };
  const e = engine(1, () => undefined);
  await withLegs(e, 'prompt', [0x5a], async ([leg]) => {
    if (!leg) throw new Error('one leg');
    const played = leg.ep.play({ kind: 'file', path });
    await leg.phone.waitFor(40);
    await e.terminateWorker(0);
    const before = leg.phone.received.length;
    assert.equal(await played, 'finished', 'the same play() finishes');
    const heard = leg.phone.received.map((r) => positionOf(r.packet.payload));
    const lastBefore = Math.max(...heard.slice(0, before));
    const after = heard.slice(before);
    t.diagnostic(`${before} frames before the crash (up to ${lastBefore}), ${after.length} after (from ${after[0]} to ${after.at(-1)})`);
    assert.ok(after.length > 0, 'the prompt goes on after the crash');
    // µ-law keeps a level within ±3 %: a few frames either way is the measure's own error.
    assert.ok(after[0]! > lastBefore - 5, `goes on from ${lastBefore}, not from the start (${after[0]})`);
    assert.ok(after[0]! <= lastBefore + 10, `no more than 200 ms skipped (${lastBefore} → ${after[0]})`);
    assert.ok(after.at(-1)! >= frames - 5, `plays to its end (${after.at(-1)})`);
    assert.ok(Math.abs(heard.length - frames) <= 10, `${heard.length} frames heard of ${frames}`);
  });
});

test('a supervisor whispering to the agent when the worker crashes: the conference comes back with its members and roles', async () => {
  const e = engine(1, () => undefined);
  await withLegs(e, 'sup', [0xc1, 0xc2, 0xc3], async (legs) => {
    const [caller, agent, sup] = legs as [Leg, Leg, Leg];
    const room = await e.createConference({ group: 'sup', label: 'supervision' });
    await room.join(caller.ep);
    await room.join(agent.ep);
    await room.join(sup.ep, { role: 'whisper', whisperTo: agent.ep });
    // Only the supervisor speaks; how loud the caller and the agent hear the room at its loudest.
    const round = async (): Promise<[number, number]> => {
      for (const l of legs) l.phone.received.length = 0;
      for (let i = 0; i < 10; i++) {
        for (const l of legs) l.phone.send(l.port, Buffer.alloc(160, l === sup ? 0x00 : 0xff));
        await settle(20);
      }
      await settle(60);
      const heard = (l: Leg): number => Math.max(0, ...l.phone.received.map((r) => Math.max(...[...r.packet.payload].map((b) => Math.abs(ulawToLinear(b))))));
      return [heard(caller), heard(agent)];
    };
    const [cBefore, aBefore] = await round();
    assert.ok(cBefore < 100 && aBefore > 10000, `whisper before the crash: caller ${cBefore}, agent ${aBefore}`);
    await e.terminateWorker(0);
    assert.deepEqual([...(await Promise.all(legs.map((l) => l.ep.stats())))].map((st) => st.packetsIn), [0, 0, 0], 're-created');
    assert.deepEqual([...room.members].sort(), [caller.ep.id, agent.ep.id, sup.ep.id].sort(), 'the members are back');
    const [cAfter, aAfter] = await round();
    assert.ok(cAfter < 100 && aAfter > 10000, `whisper after the crash: caller ${cAfter}, agent ${aAfter}`);
    await room.setRole(sup.ep, { role: 'participant' });
    const [cBarge, aBarge] = await round();
    assert.ok(cBarge > 10000 && aBarge > 10000, `barge after the crash: ${cBarge}, ${aBarge}`);
  });
});

for (const spare of [true, false]) {
  test(`two crashes in a row, ${spare ? 'with a spare thread (the default)' : 'without a spare'}: the call is re-created each time`, async () => {
    const lines: string[] = [];
    const e = new WorkerMediaEngine({ workers: 1, bindAddress: '127.0.0.1', ports: testPortRange(), spare, log: (l) => lines.push(l) });
    await withLegs(e, 'twice', [0x31, 0x32], async ([a, b]) => {
      if (!a || !b) throw new Error('two legs');
      await a.ep.connect(b.ep);
      for (let crash = 1; crash <= 2; crash++) {
        await e.terminateWorker(0);
        assert.equal((await a.ep.stats()).packetsIn, 0, `re-created after crash ${crash}`);
        b.phone.received.length = 0;
        for (let i = 0; i < 3; i++) a.phone.send(a.port, Buffer.alloc(160, crash));
        await b.phone.waitFor(3);
        assert.equal(b.phone.received[0]?.packet.payload[0], crash);
      }
      const restarts = lines.filter((l) => /restarted: 2 of 2 endpoint\(s\)/.test(l));
      assert.equal(restarts.length, 2, lines.join('\n'));
    });
  });
}

test('close() ends the workers: a process that closes its engine exits by itself', () => {
  const script = `
    import { WorkerMediaEngine } from ${JSON.stringify(fileURLToPath(new URL('../../../src/media/worker/worker-media-engine.ts', import.meta.url)))};
    const e = new WorkerMediaEngine({ workers: 2, bindAddress: '127.0.0.1', ports: '${testPortRange()}' });
    const ep = await e.createEndpoint({ group: 'g' });
    void ep.play({ kind: 'silence', ms: 600000 }).catch(() => undefined);
    await e.close();
    console.log('closed');
  `;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  assert.equal(res.signal, null, `the process did not exit by itself: ${res.stderr}`);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /closed/);
});

test.todo('an injected Clock for the worker engine (clocks cannot cross threads; fake-clock tests run on the embedded engine only)');
