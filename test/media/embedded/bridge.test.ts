import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedMediaEngine } from '../../../src/media/embedded/embedded-media-engine.ts';
import type { MediaEndpoint, MediaEngine } from '../../../src/media/media-engine.ts';
import type { DtmfEvent } from '../../../src/media/media-engine-events.ts';
import { ULAW_TO_ALAW } from '../../../src/media/codec/g711-tables.ts';
import { encodeTelephoneEvent } from '../../../src/media/dtmf/telephone-event.ts';
import { encodeWavPcm16 } from '../../../src/media/wav/wav-header.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';
import { FakePhone, mPort, settle, testPortRange, until } from './fake-phone.ts';

/** Makes the engine under test: the embedded engine here, the worker engine in test/media/worker. */
export type EngineFactory = (opts: { ports: string }) => MediaEngine;

const embeddedEngine: EngineFactory = (opts) => new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ...opts });

interface Call {
  engine: MediaEngine;
  caller: FakePhone;
  callee: FakePhone;
  a: MediaEndpoint;
  b: MediaEndpoint;
  aPort: number;
  bPort: number;
  close(): Promise<void>;
}

/** The B2BUA flow: caller's offer → A; B offers to the callee; callee's answer → B; A.connect(B). */
async function bridgedCall(makeEngine: EngineFactory, opts: { calleeFormats?: string; callerFormats?: string } = {}): Promise<Call> {
  const engine = makeEngine({ ports: testPortRange() });
  const caller = await FakePhone.open('127.0.0.1', 0xaaaa0001);
  const callee = await FakePhone.open('127.0.0.1', 0xbbbb0002);
  const a = await engine.createEndpoint({ label: 'caller' });
  const b = await engine.createEndpoint({ label: 'callee' });
  const answer = await a.setRemoteOffer(caller.sdp({ formats: opts.callerFormats ?? '0 101' }));
  const offer = await b.createOffer();
  await b.setRemoteAnswer(callee.sdp({ formats: opts.calleeFormats ?? '0 96' }));
  await a.connect(b);
  return {
    engine,
    caller,
    callee,
    a,
    b,
    aPort: mPort(answer),
    bPort: mPort(offer),
    async close() {
      await engine.close();
      caller.close();
      callee.close();
    },
  };
}

function payload(fill: number, n = 160): Buffer {
  return Buffer.alloc(n, fill);
}

/** The bridge behaviours of a MediaEngine, run here against the embedded engine. */
export function bridgeBehaviours(makeEngine: EngineFactory): void {
  test('RTP flows both ways through two bridged endpoints with rewritten headers', async () => {
    const call = await bridgedCall(makeEngine);
    try {
      for (let i = 0; i < 10; i++) call.caller.send(call.aPort, payload(i + 1), { marker: i === 0 });
      await call.callee.waitFor(10);
      for (let i = 0; i < 10; i++) call.callee.send(call.bPort, payload(0x80 + i));
      await call.caller.waitFor(10);

      const atCallee = call.callee.received.map((r) => r.packet);
      const ssrc = atCallee[0]!.ssrc;
      assert.notEqual(ssrc, call.caller.ssrc, 'SSRC is ours, not the caller\'s');
      atCallee.forEach((p, i) => {
        assert.equal(p.ssrc, ssrc);
        assert.equal(p.payloadType, 0);
        assert.equal(p.sequenceNumber, (atCallee[0]!.sequenceNumber + i) & 0xffff);
        assert.equal(p.timestamp, (atCallee[0]!.timestamp + 160 * i) >>> 0);
        assert.deepEqual(p.payload, payload(i + 1));
      });
      assert.equal(atCallee[0]!.marker, true);
      assert.equal(atCallee[1]!.marker, false);
      // Sent from B's port to where the callee's SDP said.
      assert.equal(call.callee.received[0]!.from.port, call.bPort);
      const atCaller = call.caller.received.map((r) => r.packet);
      assert.deepEqual(atCaller.map((p) => p.payload[0]), Array.from({ length: 10 }, (_, i) => 0x80 + i));
      assert.equal(call.caller.received[0]!.from.port, call.aPort);

      const sa = await call.a.stats();
      assert.equal(sa.packetsIn, 10);
      assert.equal(sa.packetsOut, 10);
      assert.equal(sa.bytesIn, 10 * 172);
      assert.equal(sa.lost, 0);
      assert.deepEqual(sa.latched, { address: '127.0.0.1', port: call.caller.port });
      assert.equal(sa.codec, 'PCMU');
    } finally {
      await call.close();
    }
  });

  test('latching: only the SDP address latches; later RTP from another source is dropped and counted', async () => {
    const call = await bridgedCall(makeEngine);
    const stranger = await FakePhone.open('127.0.0.2', 0xdddd0004);
    const natPort = await FakePhone.open('127.0.0.1', 0xaaaa0001);
    try {
      // Before latching: a source whose IP is not the SDP's c= does not latch.
      stranger.send(call.aPort, payload(0x55));
      await settle();
      assert.equal((await call.a.stats()).latched, undefined);
      // The caller's packets come from a port its SDP did not name (NAT): same IP, so it latches.
      natPort.send(call.aPort, payload(1));
      await call.callee.waitFor(1);
      assert.deepEqual((await call.a.stats()).latched, { address: '127.0.0.1', port: natPort.port });
      // After latching even the SDP's own port and the same IP are strangers.
      call.caller.send(call.aPort, payload(2));
      stranger.send(call.aPort, payload(3));
      natPort.send(call.aPort, payload(4));
      await call.callee.waitFor(2);
      await until(async () => (await call.a.stats()).foreignDropped >= 3);
      assert.deepEqual(call.callee.received.map((r) => r.packet.payload[0]), [1, 4]);
      assert.equal((await call.a.stats()).foreignDropped, 3);
      // Our RTP toward the caller goes to the latched address, not the SDP's.
      call.callee.send(call.bPort, payload(9));
      await natPort.waitFor(1);
      assert.equal(call.caller.received.length, 0);
    } finally {
      stranger.close();
      natPort.close();
      await call.close();
    }
  });

  test('transcoding: a PCMU caller bridged to a PCMA callee', async () => {
    const call = await bridgedCall(makeEngine, { calleeFormats: '8 96' });
    try {
      const ulaw = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 37) & 0xff));
      call.caller.send(call.aPort, ulaw);
      await call.callee.waitFor(1);
      const got = call.callee.received[0]!.packet;
      assert.equal(got.payloadType, 8);
      assert.deepEqual([...got.payload], [...ulaw].map((c) => ULAW_TO_ALAW[c]));
      const alaw = Buffer.from(got.payload);
      call.callee.send(call.bPort, alaw, { pt: 8 });
      await call.caller.waitFor(1);
      assert.equal(call.caller.received[0]!.packet.payloadType, 0);
      assert.equal((await call.b.stats()).codec, 'PCMA');
    } finally {
      await call.close();
    }
  });

  test('RFC 4733 digits: reported once per key press and relayed with the PT remapped', async () => {
    const call = await bridgedCall(makeEngine);
    const digits: DtmfEvent[] = [];
    call.a.onDtmf.on((d) => digits.push(d));
    try {
      const ts = 999_000;
      // '5' pressed for 100 ms: start with marker, updates, the end packet three times.
      const durations = [0, 160, 320, 480, 640, 800];
      durations.forEach((d, i) => call.caller.send(call.aPort, encodeTelephoneEvent({ event: 5, end: false, volume: 10, duration: d }), { pt: 101, marker: i === 0, ts }));
      for (let k = 0; k < 3; k++) call.caller.send(call.aPort, encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 }), { pt: 101, ts });
      await call.callee.waitFor(9);
      await until(() => digits.length >= 1);
      await settle();
      assert.deepEqual(digits, [{ digit: '5', durationMs: 100, source: 'rfc4733' }]);
      const relayed = call.callee.received.map((r) => r.packet);
      assert.ok(relayed.every((p) => p.payloadType === 96), 'the callee declared 96 for telephone-event');
      assert.ok(relayed.every((p) => p.timestamp === relayed[0]!.timestamp), 'one event, one timestamp');
      // SIP INFO digits come in through call control.
      call.a.injectDtmf('#', 250, 'info');
      // The event may come asynchronously (an engine in another thread or process).
      await until(() => digits.length >= 2);
      assert.deepEqual(digits[1], { digit: '#', durationMs: 250, source: 'info' });
    } finally {
      await call.close();
    }
  });

  test('source switch: prompt then bridged party keeps seq/ts continuous and sets the marker', async () => {
    const call = await bridgedCall(makeEngine);
    try {
      const played = call.b.play({ kind: 'tone', tone: 'ringback', durationMs: 100 });
      assert.equal(await played, 'finished');
      await call.callee.waitFor(5);
      await settle();
      const prompt = call.callee.received.length;
      for (let i = 0; i < 3; i++) call.caller.send(call.aPort, payload(0x20 + i));
      await call.callee.waitFor(prompt + 3);
      const ps = call.callee.received.map((r) => r.packet);
      assert.equal(prompt, 5, '100 ms of tone is five 20 ms packets');
      assert.ok(ps.every((p) => p.ssrc === ps[0]!.ssrc));
      ps.forEach((p, i) => assert.equal(p.sequenceNumber, (ps[0]!.sequenceNumber + i) & 0xffff, `seq ${i}`));
      for (let i = 1; i < ps.length; i++) assert.ok(((ps[i]!.timestamp - ps[i - 1]!.timestamp) >>> 0) >= 160, `ts advances at ${i}`);
      assert.equal(ps[0]!.marker, true);
      assert.equal(ps[prompt]!.marker, true, 'marker on the first bridged packet');
      assert.equal(ps[prompt + 1]!.marker, false);
      assert.deepEqual(ps[prompt]!.payload, payload(0x20));
    } finally {
      await call.close();
    }
  });

  test('play ends at once on a digit when asked (barge-in), and on stopPlay / abort', async () => {
    const call = await bridgedCall(makeEngine);
    try {
      const p1 = call.a.play({ kind: 'tone', tone: 'busy' }, { loop: true, stopOnDtmf: true });
      await call.caller.waitFor(1);
      call.a.injectDtmf('1', 100, 'info');
      assert.equal(await p1, 'dtmf');
      const p2 = call.a.play({ kind: 'silence', ms: 60_000 });
      await call.a.stopPlay();
      assert.equal(await p2, 'stopped');
      const ac = new AbortController();
      const p3 = call.a.play({ kind: 'tone', tone: 'dial' }, { signal: ac.signal });
      ac.abort();
      assert.equal(await p3, 'stopped');
      // Connecting ends a play (ringback until answer).
      const ringback = call.a.play({ kind: 'tone', tone: 'ringback' });
      await call.a.connect(call.b);
      assert.equal(await ringback, 'stopped');
      // A new play replaces the current one.
      const p4 = call.a.play({ kind: 'tone', tone: 'dial' });
      const p5 = call.a.play({ kind: 'silence', ms: 20 });
      assert.equal(await p4, 'stopped');
      assert.equal(await p5, 'finished');
    } finally {
      await call.close();
    }
  });

  test('hold: a sendonly re-offer is answered recvonly and nothing is sent to the holder', async () => {
    const call = await bridgedCall(makeEngine);
    try {
      const answer = await call.a.setRemoteOffer(call.caller.sdp({ direction: 'sendonly' }));
      assert.match(answer, /a=recvonly/);
      assert.equal(mPort(answer), call.aPort, 'the re-answer keeps our port');
      call.callee.send(call.bPort, payload(1));
      call.caller.send(call.aPort, payload(2));
      await call.callee.waitFor(1);
      await settle();
      assert.equal(call.caller.received.length, 0);
      // Unhold.
      assert.match(await call.a.setRemoteOffer(call.caller.sdp({ direction: 'sendrecv' })), /a=sendrecv/);
      call.callee.send(call.bPort, payload(3));
      await call.caller.waitFor(1);
      // A re-offer listing PCMA first keeps the PCMU in use (no codec switch on re-INVITE).
      assert.match(await call.a.setRemoteOffer(call.caller.sdp({ formats: '8 0 101' })), /m=audio \d+ RTP\/AVP 0 101/);
      // c=0.0.0.0 (RFC 2543 hold) is answered recvonly too.
      assert.match(await call.a.setRemoteOffer(call.caller.sdp({ connection: '0.0.0.0' })), /a=recvonly/);
    } finally {
      await call.close();
    }
  });

  test('stereo recording: caller left, callee right, length from the engine clock', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const call = await bridgedCall(makeEngine);
    try {
      const path = join(dir, 'call.wav');
      const rec = await call.a.record({ path, other: call.b });
      // Caller speaks loud µ-law (0x00 decodes to -32124), callee sends silence (0xFF).
      for (let i = 0; i < 10; i++) {
        call.caller.send(call.aPort, payload(0x00));
        call.callee.send(call.bPort, payload(0xff));
        await settle(20);
      }
      const result = await rec.stop();
      assert.equal(result.channels, 2);
      // The engine's default recording format (µ-law WAV); decodeWav reads either format.
      const wav = decodeWav(readFileSync(path));
      assert.equal(wav.info.format, 'ulaw');
      assert.equal(wav.channels, 2, 'two channels');
      assert.equal(wav.sampleRate, 8000);
      assert.equal(wav.info.declaredDataLength, wav.info.dataLength, 'the data chunk size is written');
      const samples = wav.samples.length / 2;
      assert.ok(samples >= 160 * 5, `recorded ${samples} frames`);
      let leftLoud = 0;
      let rightLoud = 0;
      for (let i = 0; i < samples; i++) {
        if (Math.abs(wav.samples[2 * i] ?? 0) > 30000) leftLoud++;
        if (Math.abs(wav.samples[2 * i + 1] ?? 0) > 100) rightLoud++;
      }
      assert.ok(leftLoud >= 160 * 5, `left channel carries the caller (${leftLoud})`);
      assert.equal(rightLoud, 0, 'right channel is the silent callee');
      assert.equal(result.durationMs, Math.round((samples * 1000) / 8000));
      assert.equal(existsSync(`${path}.recording`), false, 'the in-progress marker is gone');
    } finally {
      await call.close();
    }
  });

  test('recording pause/resume (PCI): the paused span is silence in the file, the audio before and after is kept', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const call = await bridgedCall(makeEngine);
    try {
      const path = join(dir, 'paused.wav');
      const rec = await call.a.record({ path, other: call.b });
      // 30 loud caller frames (one per 20 ms, RTP timestamps 160 apart); frames 10–19 are sent while paused.
      for (let i = 0; i < 30; i++) {
        if (i === 10) await rec.pause();
        if (i === 20) await rec.resume();
        call.caller.send(call.aPort, payload(0x00));
        call.callee.send(call.bPort, payload(0x00));
        await settle(20);
      }
      await settle(50);
      await rec.stop();
      const wav = decodeWav(readFileSync(path));
      const frames = wav.samples.length / 2;
      const loud = (ch: number) => Array.from({ length: frames }, (_, i) => Math.abs(wav.samples[2 * i + ch] ?? 0) > 30000);
      for (const ch of [0, 1]) {
        const l = loud(ch);
        const first = l.indexOf(true);
        const last = l.lastIndexOf(true);
        // The longest quiet run between the first and the last loud sample: the paused span.
        let run = 0;
        let longest = 0;
        for (let i = first; i <= last; i++) {
          run = l[i] ? 0 : run + 1;
          longest = Math.max(longest, run);
        }
        const kept = l.filter(Boolean).length;
        assert.ok(longest >= 160 * 9 && longest <= 160 * 11, `channel ${ch}: the paused span (10 frames) is silent: ${longest} samples`);
        assert.ok(kept >= 160 * 19 && kept <= 160 * 21, `channel ${ch}: the 20 frames sent while recording are kept: ${kept} samples`);
      }
    } finally {
      await call.close();
    }
  });

  test('switchOther: the right channel records the new endpoint (a transfer), and the old one\'s destroy no longer ends the recording', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const call = await bridgedCall(makeEngine);
    const third = await FakePhone.open('127.0.0.1', 0xcccc0003);
    try {
      const c = await call.engine.createEndpoint({ label: 'new phone' });
      const offer = await c.createOffer();
      await c.setRemoteAnswer(third.sdp());
      const path = join(dir, 'switched.wav');
      const rec = await call.a.record({ path, other: call.b });
      // Old phone: quiet (0xFF). The new phone is loud and only heard once switched.
      for (let i = 0; i < 10; i++) {
        call.callee.send(call.bPort, payload(0xff));
        third.send(mPort(offer), payload(0x00));
        await settle(20);
      }
      await rec.switchOther(c);
      await call.b.destroy();
      for (let i = 0; i < 10; i++) {
        third.send(mPort(offer), payload(0x00));
        await settle(20);
      }
      await settle(50);
      const result = await rec.stop();
      assert.equal(result.channels, 2);
      const wav = decodeWav(readFileSync(path));
      const frames = wav.samples.length / 2;
      let rightLoud = 0;
      let firstLoud = -1;
      for (let i = 0; i < frames; i++) {
        if (Math.abs(wav.samples[2 * i + 1] ?? 0) > 30000) {
          rightLoud++;
          if (firstLoud < 0) firstLoud = i;
        }
      }
      assert.ok(rightLoud >= 160 * 8, `the right channel carries the new phone after the switch (${rightLoud} samples)`);
      assert.ok(firstLoud >= 160 * 8, `and not before it (first loud sample at ${firstLoud})`);
      await assert.rejects(rec.switchOther(call.b), { name: 'MediaError' });
    } finally {
      third.close();
      await call.close();
    }
  });

  test('a recording whose endpoint is destroyed while its file opens is finalised anyway (the call ended during record())', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const call = await bridgedCall(makeEngine);
    try {
      const path = join(dir, 'raced.wav');
      const pending = call.a.record({ path, other: call.b });
      await call.b.destroy();
      const rec = await pending;
      // Nobody stops it: the engine must, or the file stays open and marked in progress.
      await until(() => existsSync(path) && !existsSync(`${path}.recording`), 2000);
      const wav = decodeWav(readFileSync(path));
      assert.equal(wav.info.declaredDataLength, wav.info.dataLength, 'the data chunk size is written');
      assert.equal((await rec.stop()).channels, 2);
    } finally {
      await call.close();
    }
  });

  test('destroyed endpoints refuse calls and free their ports; a bad offer is a MediaError', async () => {
    const engine = makeEngine({ ports: testPortRange() });
    try {
      const ep = await engine.createEndpoint();
      await assert.rejects(ep.setRemoteOffer('garbage'), { name: 'MediaError', code: 'sdp-invalid' });
      await assert.rejects(ep.setRemoteAnswer('v=0'), { name: 'MediaError', code: 'bad-state' });
      // Answering the far end's offer leaves no offer of ours to answer.
      const phone = await FakePhone.open();
      await ep.setRemoteOffer(phone.sdp());
      await assert.rejects(ep.setRemoteAnswer(phone.sdp()), { name: 'MediaError', code: 'bad-state' });
      // Our offer may be answered twice (183 then 200 OK), the second answer wins.
      await ep.createOffer();
      await ep.setRemoteAnswer(phone.sdp({ formats: '0' }));
      await ep.setRemoteAnswer(phone.sdp({ formats: '8' }));
      assert.equal((await ep.stats()).codec, 'PCMA');
      phone.close();
      const free = engine instanceof EmbeddedMediaEngine ? engine.ports.available : 0;
      await ep.destroy();
      await ep.destroy();
      if (engine instanceof EmbeddedMediaEngine) assert.equal(engine.ports.available, free + 1);
      await assert.rejects(ep.createOffer(), { name: 'MediaError', code: 'destroyed' });
    } finally {
      await engine.close();
    }
    await assert.rejects(engine.createEndpoint(), { name: 'MediaError', code: 'destroyed' });
  });

  test('plays a WAV prompt (16 kHz stereo, converted to 8 kHz) as G.711 frames; a missing file is MediaError file', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'play-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const call = await bridgedCall(makeEngine, { calleeFormats: '8 96' });
    try {
      // 100 ms of a loud square wave at 16 kHz, stereo.
      const pcm = new Int16Array(1600 * 2).map((_, i) => ((i >> 5) % 2 === 0 ? 16000 : -16000));
      const path = join(dir, 'prompt.wav');
      writeFileSync(path, encodeWavPcm16(pcm, 16000, 2));
      assert.equal(await call.b.play({ kind: 'file', path }), 'finished');
      await call.callee.waitFor(5);
      const ps = call.callee.received.map((r) => r.packet);
      assert.equal(ps.length, 5, '100 ms is five frames');
      assert.ok(ps.every((p) => p.payloadType === 8 && p.payload.length === 160));
      await assert.rejects(call.b.play({ kind: 'file', path: join(dir, 'missing.wav') }), { name: 'MediaError', code: 'file' });
    } finally {
      await call.close();
    }
  });
}

// test/media/worker imports this file to run the same behaviours against the worker engine; it
// sets HOTLINE_TEST_IMPORTED_SUITE so the embedded run is not repeated in its process.
if (process.env.HOTLINE_TEST_IMPORTED_SUITE !== '1') bridgeBehaviours(embeddedEngine);
