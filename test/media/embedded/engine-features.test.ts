import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { EmbeddedEndpoint } from '../../../src/media/embedded/embedded-endpoint.ts';
import { EmbeddedMediaEngine } from '../../../src/media/embedded/embedded-media-engine.ts';
import type { CreateEndpointOptions, MediaEndpoint, MediaEngine } from '../../../src/media/media-engine.ts';
import type { DtmfEvent, MediaTimeoutEvent } from '../../../src/media/media-engine-events.ts';
import { ULAW_TO_LINEAR, encodeG711 } from '../../../src/media/codec/g711-tables.ts';
import { ToneGenerator } from '../../../src/media/dsp/tone-generator.ts';
import { dtmfToneSpec } from '../../../src/media/dsp/tone-plan.ts';
import { decodeTelephoneEvent } from '../../../src/media/dtmf/telephone-event.ts';
import { parseRtcp, serializeRtcp } from '../../../src/media/rtp/rtcp-packet.ts';
import { FakePhone, mPort, settle, testPortRange, until } from './fake-phone.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import type { EngineFactory } from './bridge.test.ts';

async function leg(engine: MediaEngine, phone: FakePhone, formats = '0 101', extra: string[] = []): Promise<{ ep: MediaEndpoint; port: number }> {
  const ep = await engine.createEndpoint({ label: `ep-${phone.port}` });
  const answer = await ep.setRemoteOffer(phone.sdp({ formats, extra }));
  return { ep, port: mPort(answer) };
}

function loudness(payload: Buffer): number {
  let max = 0;
  for (const b of payload) max = Math.max(max, Math.abs(ULAW_TO_LINEAR[b] ?? 0));
  return max;
}

/** Sends `frames` packets 20 ms apart: loud (0x00) or silent (0xFF). */
async function speak(phones: { phone: FakePhone; port: number; loud: boolean }[], frames: number): Promise<void> {
  for (let i = 0; i < frames; i++) {
    for (const p of phones) p.phone.send(p.port, Buffer.alloc(160, p.loud ? 0x00 : 0xff));
    await settle(20);
  }
}

/** Conference, DTMF, port and robustness behaviours of a MediaEngine (any engine). */
export function engineFeatureBehaviours(makeEngine: EngineFactory): void {
  test('conference roles: listen (heard by none), whisper (agent only), barge (all)', async () => {
    const engine = makeEngine({ ports: testPortRange() });
    const phones = await Promise.all([FakePhone.open(), FakePhone.open(), FakePhone.open()]);
    const [callerPhone, agentPhone, supPhone] = phones as [FakePhone, FakePhone, FakePhone];
    try {
      const caller = await leg(engine, callerPhone);
      const agent = await leg(engine, agentPhone);
      const sup = await leg(engine, supPhone);
      const room = await engine.createConference({ label: 'supervision' });
      await room.join(caller.ep);
      await room.join(agent.ep);
      await room.join(sup.ep, { role: 'listener' });
      assert.equal(room.members.length, 3);
      await assert.rejects(room.setRole(sup.ep, { role: 'whisper' }), { code: 'bad-argument' });

      // Only the supervisor speaks; returns how loud each phone heard the room at its loudest.
      const round = async (): Promise<[number, number]> => {
        for (const p of phones) p.received.length = 0;
        await speak([
          { phone: callerPhone, port: caller.port, loud: false },
          { phone: agentPhone, port: agent.port, loud: false },
          { phone: supPhone, port: sup.port, loud: true },
        ], 10);
        await settle(60);
        const heard = (p: FakePhone): number => Math.max(0, ...p.received.map((r) => loudness(r.packet.payload)));
        return [heard(callerPhone), heard(agentPhone)];
      };
      const [cListen, aListen] = await round();
      assert.ok(cListen < 100 && aListen < 100, `listen: nobody hears the supervisor (${cListen}, ${aListen})`);
      await room.setRole(sup.ep, { role: 'whisper', whisperTo: agent.ep });
      const [cWhisper, aWhisper] = await round();
      assert.ok(cWhisper < 100, `whisper: the caller does not hear (${cWhisper})`);
      assert.ok(aWhisper > 10000, `whisper: the agent hears (${aWhisper})`);
      await room.setRole(sup.ep, { role: 'participant' });
      const [cBarge, aBarge] = await round();
      assert.ok(cBarge > 10000 && aBarge > 10000, `barge: both hear (${cBarge}, ${aBarge})`);
      // Connecting two members takes them out of the room.
      await caller.ep.connect(agent.ep);
      assert.deepEqual(room.members, [sup.ep.id]);
      await room.destroy();
    } finally {
      await engine.close();
      for (const p of phones) p.close();
    }
  });

  test('sendDtmf: RFC 4733 packets with one timestamp, marker first, end sent three times', async () => {
    const engine = makeEngine({ ports: testPortRange() });
    const phone = await FakePhone.open();
    try {
      const { ep } = await leg(engine, phone);
      await assert.rejects(ep.sendDtmf('x'), { code: 'bad-argument' });
      await ep.sendDtmf('3', 100);
      await phone.waitFor(8);
      const ps = phone.received.map((r) => r.packet);
      assert.ok(ps.every((p) => p.payloadType === 101));
      assert.ok(ps.every((p) => p.timestamp === ps[0]!.timestamp));
      assert.equal(ps[0]!.marker, true);
      const events = ps.map((p) => decodeTelephoneEvent(p.payload));
      assert.ok(events.every((e) => e.event === 3));
      assert.equal(events.filter((e) => e.end).length, 3);
      assert.equal(events[events.length - 1]!.duration, 800);
      ps.forEach((p, i) => assert.equal(p.sequenceNumber, (ps[0]!.sequenceNumber + i) & 0xffff));
    } finally {
      await engine.close();
      phone.close();
    }
  });

  test('in-band DTMF is detected for a far end without telephone-event, and sent in-band to it', async () => {
    const engine = makeEngine({ ports: testPortRange() });
    const phone = await FakePhone.open();
    try {
      const { ep, port } = await leg(engine, phone, '0');
      const digits: DtmfEvent[] = [];
      ep.onDtmf.on((d) => digits.push(d));
      const gen = new ToneGenerator(dtmfToneSpec('7', { onMs: 120 }));
      const pcm = new Int16Array(160);
      const bytes = Buffer.alloc(160);
      for (let i = 0; i < 15; i++) {
        gen.fill(pcm);
        encodeG711('ulaw', pcm, bytes);
        phone.send(port, Buffer.from(bytes));
        await settle(5);
      }
      await until(() => digits.length >= 1);
      await settle(50);
      assert.equal(digits.length, 1);
      assert.equal(digits[0]!.digit, '7');
      assert.equal(digits[0]!.source, 'inband');
      // Sending to this far end falls back to tones in the audio.
      await ep.sendDtmf('1', 60);
      assert.ok(phone.received.length >= 3);
      assert.ok(phone.received.every((r) => r.packet.payloadType === 0));
    } finally {
      await engine.close();
      phone.close();
    }
  });

  test('port exhaustion: createEndpoint fails with ports-exhausted, and works again after a destroy', async () => {
    // Three pairs above Linux's ephemeral ports (32768-60999 here): no other test's phone socket
    // can land in them and exhaust the range early (a port taken elsewhere is skipped).
    const base = 65000 + 6 * Math.floor(Math.random() * 80);
    const engine = makeEngine({ ports: `${base}-${base + 5}` });
    try {
      const eps = [];
      for (let i = 0; i < 3; i++) eps.push(await engine.createEndpoint());
      await assert.rejects(engine.createEndpoint(), { name: 'MediaError', code: 'ports-exhausted' });
      await eps[1]!.destroy();
      const again = await engine.createEndpoint();
      assert.match(await again.createOffer(), new RegExp(`m=audio ${base + 2} `));
    } finally {
      await engine.close();
    }
  });

  test('garbage on the RTP and RTCP ports changes nothing: the relay keeps working', async () => {
    const engine = makeEngine({ ports: testPortRange() });
    const caller = await FakePhone.open();
    const callee = await FakePhone.open();
    try {
      const a = await leg(engine, caller);
      const b = await leg(engine, callee);
      await a.ep.connect(b.ep);
      let seed = 3;
      const rnd = (n: number): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      for (let i = 0; i < 2000; i++) {
        const junk = Buffer.alloc(rnd(300));
        for (let j = 0; j < junk.length; j++) junk[j] = rnd(256);
        // Half look like RTP/RTCP version 2, with random payload types (telephone-event included).
        if (junk.length > 1 && i % 2 === 0) junk[0] = 0x80 | (junk[0]! & 0x3f);
        if (junk.length > 1 && i % 4 === 0) junk[1] = 101;
        caller.socket.send(junk, i % 3 === 0 ? a.port + 1 : a.port, '127.0.0.1');
        if (i % 100 === 0) await settle(5);
      }
      // Garbage that looked like PCMU was relayed (it is audio as far as anyone can tell); a real
      // packet after it still arrives intact.
      // Sent again on every poll: on a loaded machine the burst may have filled the socket buffer.
      const marker = Buffer.alloc(160, 0x42);
      await until(() => {
        caller.send(a.port, marker);
        return callee.received.some((r) => r.packet.payload.equals(marker));
      });
    } finally {
      await engine.close();
      caller.close();
      callee.close();
    }
  });
}

/** An endpoint answering a FakePhone, on an engine driven by a fake clock, for `body`; all closed after. */
async function onFakeClock(opts: CreateEndpointOptions, body: (t: { clock: FakeClock; ep: EmbeddedEndpoint; phone: FakePhone; port: number }) => Promise<void>): Promise<void> {
  const clock = new FakeClock();
  const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: testPortRange(), clock });
  const phone = await FakePhone.open();
  try {
    const ep = await engine.createEndpoint(opts);
    const port = mPort(await ep.setRemoteOffer(phone.sdp()));
    await body({ clock, ep, phone, port });
  } finally {
    await engine.close();
    phone.close();
  }
}

// The worker engine cannot take an injected clock across threads: this one is the embedded engine's.
function injectedClockBehaviours(): void {
  test('media timeout and RTCP reports run on the injected clock; destroy sends BYE', async () => {
    const clock = new FakeClock();
    const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: testPortRange(), clock, rtcpIntervalMs: 5000 });
    const phone = await FakePhone.open();
    const rtcp = createSocket('udp4');
    await new Promise<void>((r) => rtcp.bind(0, '127.0.0.1', r));
    const reports: Buffer[] = [];
    rtcp.on('message', (m) => reports.push(m));
    try {
      const ep = await engine.createEndpoint({ mediaTimeoutMs: 3000 });
      const answer = await ep.setRemoteOffer(phone.sdp({ extra: [`a=rtcp:${rtcp.address().port}`] }));
      const timeouts: MediaTimeoutEvent[] = [];
      ep.onMediaTimeout.on((e) => timeouts.push(e));
      phone.send(mPort(answer), Buffer.alloc(160, 0xff));
      await until(async () => (await ep.stats()).packetsIn === 1);
      clock.advance(2000);
      assert.equal(timeouts.length, 0);
      clock.advance(1000);
      assert.deepEqual(timeouts, [{ silentMs: 3000 }]);
      clock.advance(1000);
      assert.equal(timeouts.length, 1, 'reported once');
      clock.advance(1000); // 5 s: the first RTCP report
      await until(() => reports.length >= 1);
      assert.equal(reports.length, 1);
      const [rr, sdes] = parseRtcp(reports[0]!);
      assert.equal(rr?.type, 'rr', 'we sent nothing yet: a receiver report');
      if (rr?.type === 'rr') {
        assert.equal(rr.reports.length, 1);
        assert.equal(rr.reports[0]!.ssrc, phone.ssrc);
        assert.equal(rr.reports[0]!.cumulativeLost, 0);
      }
      assert.equal(sdes?.type, 'sdes');
      // The far end's receiver report about our stream lands in stats().remoteReport.
      const ours = rr?.type === 'rr' ? rr.ssrc : 0;
      const theirs = serializeRtcp([{ type: 'rr', ssrc: phone.ssrc, reports: [{ ssrc: ours, fractionLost: 64, cumulativeLost: 7, extendedHighestSeq: 100, jitter: 80, lastSr: 0, delaySinceLastSr: 0 }] }]);
      rtcp.send(theirs, mPort(answer) + 1, '127.0.0.1');
      await until(async () => (await ep.stats()).remoteReport !== undefined);
      assert.deepEqual((await ep.stats()).remoteReport, { fractionLost: 0.25, cumulativeLost: 7, jitterMs: 10 });
      // Destroying the endpoint says goodbye (RFC 3550 §6.6).
      await ep.destroy();
      await until(() => reports.length >= 2);
      const last = parseRtcp(reports[1]!);
      assert.deepEqual(last.map((p) => p.type), ['rr', 'sdes', 'bye']);
    } finally {
      await engine.close();
      phone.close();
      rtcp.close();
    }
  });

  test('media timeout: said again while the silence lasts; RTP, an SDP change or hold start it afresh', async () => {
    await onFakeClock({ mediaTimeoutMs: 3000 }, async ({ clock, ep, phone, port }) => {
      const silences: number[] = [];
      ep.onMediaTimeout.on((e) => silences.push(e.silentMs));
      clock.advance(3000);
      clock.advance(2000);
      assert.deepEqual(silences, [3000], 'once per period');
      clock.advance(1000);
      assert.deepEqual(silences, [3000, 6000], 'again while it lasts');
      phone.send(port, Buffer.alloc(160, 0xff));
      await until(async () => (await ep.stats()).packetsIn === 1);
      clock.advance(2000);
      assert.equal(silences.length, 2, 'RTP started the count afresh');
      clock.advance(1000);
      assert.deepEqual(silences.slice(2), [3000]);
      // On hold (the far end sends nothing, as it said): no timeout however long.
      await ep.setRemoteOffer(phone.sdp({ direction: 'inactive' }));
      clock.advance(10_000);
      assert.equal(silences.length, 3, 'no timeout on hold');
      // Unhold: the hold's silence does not count.
      await ep.setRemoteOffer(phone.sdp());
      clock.advance(2000);
      assert.equal(silences.length, 3, 'the unhold started the count afresh');
      clock.advance(1000);
      assert.deepEqual(silences.slice(3), [3000]);
    });
  });

  test('a play resumed after a worker crash starts that far in; one shorter than that finishes at once', async () => {
    await onFakeClock({}, async ({ clock, ep, phone }) => {
      let started = 0;
      const onStarted = (): void => void started++;
      assert.equal(await ep.play({ kind: 'silence', ms: 1000 }, { resume: { fromMs: 1500 }, onStarted }), 'finished');
      assert.equal(started, 0, 'nothing was left to send');
      const rest = ep.play({ kind: 'silence', ms: 1000 }, { resume: { fromMs: 610 }, onStarted });
      await until(() => started === 1);
      clock.advance(2000);
      assert.equal(await rest, 'finished');
      await until(() => phone.received.length >= 20);
      await settle(50);
      assert.equal(phone.received.length, 20, '1 000 ms less the 30 whole frames already played');
    });
  });
}

// test/media/worker imports this file to run the same behaviours against the worker engine.
if (process.env.HOTLINE_TEST_IMPORTED_SUITE !== '1') {
  engineFeatureBehaviours((opts) => new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ...opts }));
  injectedClockBehaviours();
}
