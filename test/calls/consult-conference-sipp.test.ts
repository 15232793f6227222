/**
 * Issue 10 / issue 15 (C18): consult then complete or cancel, a supervisor stepping in (listen,
 * whisper, barge, take over), record pause/resume, and the recording's right channel after a
 * transfer — through the API on real calls, checking who hears what.
 *
 * The caller is SIPp behind the trunk with -rtp_echo: it sends back what it hears, so the call
 * recording's left channel (the caller's received audio) is what the caller heard. The phones are
 * a UA of the project's own stack (test/support/media-uas.ts) that answers the PSTN number behind
 * the trunk (the agent) and is registered by digest as the tenant's SIP users 1002 and 1003 (a
 * colleague, the supervisor): each plays its own tone — agent 600 Hz, colleague and supervisor
 * 1400 Hz — and the test records what each hears.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { echoingCallerScenario } from '../support/sipp-scenarios.ts';
import { CALLER, NUMBER, tenantIdOf } from '../support/trunk-call.ts';
import { signIn } from '../support/platform-api.ts';
import type { ApiSession } from '../support/platform-api.ts';
import { until } from '../support/until.ts';
import { startMediaUas } from '../support/media-uas.ts';
import type { AnsweredCall, MediaUas } from '../support/media-uas.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { listAudit } from '../../src/audit/audit-log.ts';
import { decodeWav } from '../../src/media/wav/wav-reader.ts';

const PASSWORD = 'Str0ng-Passw0rd!';
// Away from the hold music's notes (175–523 Hz), which the held caller echoes.
const AGENT_HZ = 600;
const OTHER_HZ = 1400;

/** The caller: answered, echoes what it hears, until the platform hangs up. */
const echoingCaller = echoingCallerScenario();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Amplitude (of 32768) of the `hz` component of `samples[from, to)` (Goertzel). */
function toneLevel(samples: ArrayLike<number>, from: number, to: number, hz: number, stride = 1, channel = 0): number {
  const w = (2 * Math.PI * hz) / 8000;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let n = 0;
  for (let i = from; i < to; i++, n++) {
    const s = (samples[i * stride + channel] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  if (n === 0) return 0;
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / n;
}

/** The tone levels in a WAV file (mono, or one channel of stereo) over [fromS, toS) seconds. */
function levels(path: string, fromS = 0, toS = Infinity, channel = 0): { agent: number; other: number; frames: number } {
  const wav = decodeWav(readFileSync(path));
  const frames = wav.samples.length / wav.channels;
  const from = Math.min(frames, Math.round(fromS * 8000));
  const to = Math.min(frames, Math.round(toS * 8000));
  return { agent: toneLevel(wav.samples, from, to, AGENT_HZ, wav.channels, channel), other: toneLevel(wav.samples, from, to, OTHER_HZ, wav.channels, channel), frames };
}

/** `p`, or a failure after 20 s (a step that never comes fails the test instead of hanging the file). */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited 20 s for ${what}`)), 20000)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const HEARD = 1500;
const NOT_HEARD = 300;

describe('consult, stepping in and record pause (SIPp caller, registered phones of our own stack)', () => {
  let h: Harness;
  let uas: MediaUas;
  let admin: ApiSession;
  let supervisor: ApiSession;
  let tenantId: string;
  let dir: string;
  const tone = (hz: number) => join(dir, `${hz}.wav`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consult-'));
    for (const hz of [AGENT_HZ, OTHER_HZ]) {
      const r = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', tone(hz), 'synth', '60', 'sine', String(hz), 'vol', '0.4']);
      assert.equal(r.status, 0, r.stderr?.toString());
    }
    h = await startHarness();
    // Room for every endpoint the phones answer with in this file (they are not released at BYE).
    const base = 40000 + (process.pid % 50) * 100;
    uas = await startMediaUas({ rtpPorts: `${base}-${base + 99}` });
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: uas.port, transport: 'udp' } }],
      tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [
        { username: 'boss', role: 'tenant_admin', password: PASSWORD },
        { username: 'colleague', role: 'agent', agentId: '1002', sip: { username: '1002', password: 'phone-secret-1002' } },
        { username: 'sup', role: 'supervisor', password: PASSWORD, sip: { username: '1003', password: 'phone-secret-1003' } },
      ])],
    });
    tenantId = await tenantIdOf(h);
    admin = await signIn(h, 'boss', PASSWORD);
    supervisor = await signIn(h, 'sup', PASSWORD);
    assert.equal(await uas.register(h.platform.sipPort, '1002', 'phone-secret-1002'), 200);
    assert.equal(await uas.register(h.platform.sipPort, '1003', 'phone-secret-1003'), 200);
  });
  after(async () => {
    await uas?.close();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The next call the UA answers for `user`, playing its tone; fails after 20 s rather than hang the file. */
  async function answered(user: string): Promise<AnsweredCall> {
    const c = await within(uas.nextCall(), `a call for ${user} to reach the phone`);
    assert.equal(c.user, user, `the platform rang ${c.user}, expected ${user}`);
    void c.media.play({ kind: 'file', path: tone(user === '13800138000' ? AGENT_HZ : OTHER_HZ) }, { loop: true }).catch(() => undefined);
    return c;
  }

  /** What `c` hears for `ms` (a WAV of its received audio). */
  async function hear(c: AnsweredCall, name: string, ms: number): Promise<string> {
    const rec = await c.media.record({ path: join(dir, `${name}.wav`) });
    await sleep(ms);
    return (await rec.stop()).path;
  }

  /** Places a call answered by the agent; `during` gets the call id and the agent's call; the caller is hung up by the platform at the end. */
  async function call(during: (callId: string, agent: AnsweredCall) => Promise<void>): Promise<CallRecord> {
    const before = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0]?.id;
    const uac = startSipp({ scenario: echoingCaller, port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, extraArgs: ['-rtp_echo'], timeoutSeconds: 60 });
    const agent = await answered('13800138000');
    let callId = '';
    await until(async () => {
      const r = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0];
      if (r && r.id !== before && r.answeredAt) callId = r.id;
      return callId !== '';
    }, 'the agent to answer');
    await during(callId, agent);
    const res = await admin.request('POST', `/api/v1/calls/${callId}/hangup`);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assertSippPassed(await uac.done, 'caller', h.logs());
    let rec: CallRecord | undefined;
    await until(async () => {
      rec = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0];
      return rec?.id === callId && rec.endedAt != null;
    }, 'the call record to close');
    return rec as CallRecord;
  }

  test('consult then complete: the caller hears music while the agent talks to 1002; completed, the caller talks to 1002 and the agent is hung up', async () => {
    let consulted: AnsweredCall | undefined;
    const marks = { consult: 0, complete: 0, answered: 0 };
    const rec = await call(async (id, agent) => {
      marks.answered = Date.now();
      await sleep(1500);
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/consult`, { to: '008613900000000' })).status, 403, 'an outside number is not for this tenant');
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/complete`)).status, 409, 'nothing to complete');
      marks.consult = Date.now();
      const [res, c] = await Promise.all([admin.request('POST', `/api/v1/calls/${id}/consult`, { to: '1002' }), answered('1002')]);
      consulted = c;
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const agentHears = await hear(agent, 'consult-agent', 2000);
      const colleagueHears = await hear(c, 'consult-colleague', 1000);
      const a = levels(agentHears);
      assert.ok(a.other > HEARD, `the agent hears the colleague (1400 Hz level ${a.other})`);
      assert.ok(levels(colleagueHears).agent > HEARD, 'the colleague hears the agent');
      marks.complete = Date.now();
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/complete`)).status, 204);
      await within(agent.ended, 'a BYE to agent');
      const after = await hear(c, 'after-complete', 2000);
      // The caller echoes what it hears: the colleague hears its own tone back, and nothing of the agent.
      const l = levels(after);
      assert.ok(l.other > HEARD && l.agent < NOT_HEARD, `the colleague talks with the caller (levels ${JSON.stringify(l)})`);
    });
    assert.equal(rec.outcome, 'answered');
    assert.ok(consulted);
    assert.ok(rec.recordingPath, 'recorded');
    const t = (ms: number) => (ms - marks.answered) / 1000;
    // Left: what the caller heard. Talking: the agent; consulting: the music, neither tone; completed: the colleague.
    const talking = levels(rec.recordingPath, 0.3, t(marks.consult) - 0.3, 0);
    const held = levels(rec.recordingPath, t(marks.consult) + 1, t(marks.complete) - 0.5, 0);
    const completed = levels(rec.recordingPath, t(marks.complete) + 1, Infinity, 0);
    assert.ok(talking.agent > HEARD, `the caller heard the agent first (${JSON.stringify(talking)})`);
    assert.ok(held.agent < NOT_HEARD && held.other < NOT_HEARD, `the held caller heard neither agent nor colleague (${JSON.stringify(held)})`);
    assert.ok(completed.other > HEARD && completed.agent < NOT_HEARD, `then the colleague (${JSON.stringify(completed)})`);
    // Right: the answering side — the agent, then (attended transfer) the colleague's phone.
    const rightAfter = levels(rec.recordingPath, t(marks.complete) + 1, Infinity, 1);
    assert.ok(rightAfter.other > HEARD && rightAfter.agent < NOT_HEARD, `the right channel is the colleague after the transfer (${JSON.stringify(rightAfter)})`);
    assert.ok((rec.answeringNumber ?? '').length > 0);
  });

  test('consult then cancel: 1002 is hung up, the caller is unheld and talks to the agent again', async () => {
    const marks = { answered: 0, cancel: 0 };
    const rec = await call(async (id, agent) => {
      marks.answered = Date.now();
      const [res, colleague] = await Promise.all([admin.request('POST', `/api/v1/calls/${id}/consult`, { to: '1002' }), answered('1002')]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      await sleep(1000);
      marks.cancel = Date.now();
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/cancel-consult`)).status, 204);
      await within(colleague.ended, 'a BYE to colleague');
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/cancel-consult`)).status, 409, 'no consult left to cancel');
      const l = levels(await hear(agent, 'after-cancel', 2000));
      assert.ok(l.agent > HEARD, `the agent hears the caller again (its own tone echoed: ${JSON.stringify(l)})`);
      assert.ok(l.other < NOT_HEARD, 'and nothing of the colleague');
    });
    assert.equal(rec.outcome, 'answered');
    const after = levels(rec.recordingPath ?? '', (marks.cancel - marks.answered) / 1000 + 1, Infinity, 0);
    assert.ok(after.agent > HEARD, `the caller hears the agent after the cancel (${JSON.stringify(after)})`);
  });

  test('the parties act: the consulted phone hanging up gives the caller back to the agent; the agent hanging up completes the transfer', async () => {
    await call(async (id, agent) => {
      const [res, colleague] = await Promise.all([admin.request('POST', `/api/v1/calls/${id}/consult`, { to: '1002' }), answered('1002')]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      colleague.hangup();
      await sleep(1000);
      const l = levels(await hear(agent, 'colleague-left', 1500));
      assert.ok(l.agent > HEARD && l.other < NOT_HEARD, `the caller is back with the agent (${JSON.stringify(l)})`);
    });
    await call(async (id, agent) => {
      const [res, colleague] = await Promise.all([admin.request('POST', `/api/v1/calls/${id}/consult`, { to: '1002' }), answered('1002')]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      agent.hangup();
      await sleep(1000);
      const l = levels(await hear(colleague, 'agent-left', 1500));
      assert.ok(l.other > HEARD && l.agent < NOT_HEARD, `the colleague has the caller (${JSON.stringify(l)})`);
    });
  });

  test('a three-way\'s third party stays with the caller when the agent hangs up', async () => {
    await call(async (id, agent) => {
      const [res, third] = await Promise.all([admin.request('POST', `/api/v1/calls/${id}/conference`, { to: '1002' }), answered('1002')]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      agent.hangup();
      await sleep(1000);
      const l = levels(await hear(third, 'three-way-agent-left', 1500));
      assert.ok(l.other > HEARD && l.agent < NOT_HEARD, `the third party has the caller (${JSON.stringify(l)})`);
    });
  });

  test('a supervisor steps in: listen (heard by nobody), whisper (the agent only), barge (both), then takes over; each step audited', async () => {
    const marks: Record<string, number> = {};
    const rec = await call(async (id, agent) => {
      marks.answered = Date.now();
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/monitor`, { role: 'listen' })).status, 409, 'the admin has no SIP phone');
      const [res, sup] = await Promise.all([supervisor.request('POST', `/api/v1/calls/${id}/monitor`, { role: 'listen' }), answered('1003')]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      marks.listen = Date.now();
      const [agentListen, supListen] = await Promise.all([hear(agent, 'listen-agent', 2500), hear(sup, 'listen-sup', 2500)]);
      assert.equal((await supervisor.request('POST', `/api/v1/calls/${id}/conference/role`, { role: 'whisper' })).status, 204);
      marks.whisper = Date.now();
      const live = await supervisor.request('GET', '/api/v1/live/calls');
      const liveCall = (live.body as { calls: { callId: string; state: string; legs: { role?: string }[] }[] }).calls.find((c) => c.callId === id);
      assert.equal(liveCall?.state, 'conferenced');
      assert.ok(liveCall?.legs.some((l) => l.role === 'whisper'), JSON.stringify(liveCall));
      const agentWhisper = await hear(agent, 'whisper-agent', 2500);
      assert.equal((await supervisor.request('POST', `/api/v1/calls/${id}/conference/role`, { role: 'barge' })).status, 204);
      marks.barge = Date.now();
      const agentBarge = await hear(agent, 'barge-agent', 2500);
      marks.takeOver = Date.now();
      assert.equal((await supervisor.request('POST', `/api/v1/calls/${id}/take-over`)).status, 204);
      await within(agent.ended, 'a BYE to agent');
      const supAlone = await hear(sup, 'takeover-sup', 2000);
      marks.end = Date.now();

      const al = levels(agentListen);
      assert.ok(al.other < NOT_HEARD, `listen: the agent does not hear the supervisor (${JSON.stringify(al)})`);
      const sl = levels(supListen);
      assert.ok(sl.agent > HEARD, `listen: the supervisor hears the call (${JSON.stringify(sl)})`);
      const aw = levels(agentWhisper);
      assert.ok(aw.other > HEARD, `whisper: the agent hears the supervisor (${JSON.stringify(aw)})`);
      const ab = levels(agentBarge);
      assert.ok(ab.other > HEARD, `barge: the agent hears the supervisor (${JSON.stringify(ab)})`);
      const st = levels(supAlone);
      assert.ok(st.agent < NOT_HEARD && st.other > HEARD, `after the take-over the supervisor talks with the caller alone (${JSON.stringify(st)})`);
    });
    assert.equal(rec.outcome, 'answered');
    const path = rec.recordingPath ?? '';
    const t = (k: string) => ((marks[k] ?? 0) - (marks.answered ?? 0)) / 1000;
    // Left: what the caller heard, phase by phase.
    const listen = levels(path, t('listen') + 0.7, t('whisper') - 0.5, 0);
    const whisper = levels(path, t('whisper') + 0.7, t('barge') - 0.5, 0);
    const barge = levels(path, t('barge') + 0.7, t('takeOver') - 0.5, 0);
    const alone = levels(path, t('takeOver') + 1, t('end'), 0);
    assert.ok(listen.agent > HEARD && listen.other < NOT_HEARD, `listen: the caller hears the agent, not the supervisor (${JSON.stringify(listen)})`);
    assert.ok(whisper.agent > HEARD && whisper.other < NOT_HEARD, `whisper: the caller does not hear the supervisor (${JSON.stringify(whisper)})`);
    assert.ok(barge.other > HEARD, `barge: the caller hears the supervisor (${JSON.stringify(barge)})`);
    assert.ok(alone.other > HEARD && alone.agent < NOT_HEARD, `take-over: the caller hears the supervisor only (${JSON.stringify(alone)})`);
    // Right: the answering side, the supervisor's phone after the take-over.
    const right = levels(path, t('takeOver') + 1, t('end'), 1);
    assert.ok(right.other > HEARD && right.agent < NOT_HEARD, `the right channel is the supervisor after the take-over (${JSON.stringify(right)})`);
    const audit = await listAudit(h.platform.database.db, { tenantId, limit: 20 });
    const steps = audit.filter((e) => e.targetId === rec.id).map((e) => `${e.action}${e.details?.role ? `:${String(e.details.role)}` : ''}`).reverse();
    assert.deepEqual(steps, ['call.monitor:listen', 'call.monitor-role:whisper', 'call.monitor-role:barge', 'call.take-over']);
    assert.ok(audit.filter((e) => e.targetId === rec.id).every((e) => e.actor.name === 'sup'));
  });

  test('three-way: 1002 joins as a participant (barge), then leaves; the caller and the agent talk on', async () => {
    const rec = await call(async (id, agent) => {
      const [res, third] = await Promise.all([admin.request('POST', `/api/v1/calls/${id}/conference`, { to: '1002' }), answered('1002')]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const [a, t] = await Promise.all([hear(agent, '3way-agent', 2000), hear(third, '3way-third', 2000)]);
      assert.ok(levels(a).other > HEARD, 'the agent hears the third party');
      assert.ok(levels(t).agent > HEARD, 'the third party hears the agent');
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/conference/end`)).status, 204);
      await within(third.ended, 'a BYE to third');
      const l = levels(await hear(agent, '3way-after', 1500));
      assert.ok(l.agent > HEARD && l.other < NOT_HEARD, `the caller and the agent talk alone again (${JSON.stringify(l)})`);
    });
    assert.equal(rec.outcome, 'answered');
  });

  test('record pause/resume: the paused span is silence in the WAV, the pause is in the call record', async () => {
    const marks: Record<string, number> = {};
    const rec = await call(async (id) => {
      marks.answered = Date.now();
      await sleep(2000);
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/record-resume`)).status, 409, 'not paused');
      marks.pause = Date.now();
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/record-pause`)).status, 204);
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/record-pause`)).status, 409, 'already paused');
      await sleep(2500);
      marks.resume = Date.now();
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/record-resume`)).status, 204);
      await sleep(2000);
    });
    const path = rec.recordingPath ?? '';
    const t = (k: string) => ((marks[k] ?? 0) - (marks.answered ?? 0)) / 1000;
    for (const ch of [0, 1]) {
      const before = levels(path, 0.5, t('pause') - 0.3, ch);
      const paused = levels(path, t('pause') + 0.4, t('resume') - 0.2, ch);
      const after = levels(path, t('resume') + 0.6, Infinity, ch);
      assert.ok(before.agent > HEARD, `channel ${ch} before the pause (${JSON.stringify(before)})`);
      assert.ok(paused.agent < 50 && paused.other < 50, `channel ${ch} is silent while paused (${JSON.stringify(paused)})`);
      assert.ok(after.agent > HEARD, `channel ${ch} after the resume (${JSON.stringify(after)})`);
    }
    const pauses = (rec.mediaStats as { recordingPauses?: { from: string; to: string }[] }).recordingPauses;
    assert.equal(pauses?.length, 1, JSON.stringify(rec.mediaStats));
    assert.ok(Date.parse(pauses?.[0]?.to ?? '') > Date.parse(pauses?.[0]?.from ?? ''));
  });

  test('blind transfer by the API: the recording\'s right channel is the new phone after the transfer', async () => {
    const marks: Record<string, number> = {};
    const rec = await call(async (id, agent) => {
      marks.answered = Date.now();
      await sleep(1500);
      marks.transfer = Date.now();
      const transfer = admin.request('POST', `/api/v1/calls/${id}/transfer`, { to: '1002' });
      const [res, phone] = await Promise.allSettled([transfer, answered('1002')]);
      assert.equal(res.status === 'fulfilled' && res.value.status, 204, JSON.stringify(res.status === 'fulfilled' ? res.value.body : res.reason));
      assert.equal(phone.status, 'fulfilled', String(phone.status === 'rejected' && phone.reason));
      marks.done = Date.now();
      await within(agent.ended, 'a BYE to agent');
      await sleep(2000);
    });
    const path = rec.recordingPath ?? '';
    const t = (k: string) => ((marks[k] ?? 0) - (marks.answered ?? 0)) / 1000;
    const before = levels(path, 0.3, t('transfer') - 0.3, 1);
    const after = levels(path, t('done') + 0.7, Infinity, 1);
    assert.ok(before.agent > HEARD, `right channel: the agent before (${JSON.stringify(before)})`);
    assert.ok(after.other > HEARD && after.agent < NOT_HEARD, `right channel: the new phone after (${JSON.stringify(after)})`);
  });
});
