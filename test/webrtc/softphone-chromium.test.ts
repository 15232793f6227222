/**
 * Issue 14's foundation, end to end: Debian's Chromium (playwright-core, a fake microphone playing
 * a 600 Hz tone from a WAV file) runs the softphone (web/src/features/softphone, JsSIP), which
 * registers over the platform's SIP WebSocket (/sip) as the agent's SIP user bound to a 400 number.
 * A SIPp caller playing a 1 kHz tone (a pcap) dials the number; the browser answers over WebRTC
 * (ICE-lite, DTLS-SRTP terminated by the platform's media engine, in a media worker). The caller's
 * tone is measured in the browser (Web Audio), the browser's in the recording's answering channel.
 * Hang-up from each side; closing the page drops the registration at once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario } from '../support/sipp-scenarios.ts';
import { writeTonePcap } from '../support/tone-pcap.ts';
import { launchChromium } from '../support/browser.ts';
import { serveSoftphonePage } from '../support/softphone-page.ts';
import type { SoftphonePage } from '../support/softphone-page.ts';
import { until } from '../support/until.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { decodeWav } from '../../src/media/wav/wav-reader.ts';
import { goertzelRatio } from '../../src/media/dsp/goertzel.ts';
import { issueSoftphoneCredentials, softphoneSecret } from '../../src/users/softphone-credentials.ts';

const NUMBER = '4006123456';
const PASSWORD = 'phone-secret-1001';
const BROWSER_HZ = 600;
const CALLER_HZ = 1000;

let h: Harness;
let dir: string;
let pageServer: SoftphonePage;
let pageUrl: string;
let browser: Browser;
let tenantId: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-softphone-'));
  // The fake microphone (Chromium wants 48 kHz or 44.1 kHz WAV) and the caller's tone.
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', join(dir, 'mic.wav'), 'synth', '60', 'sine', String(BROWSER_HZ), 'vol', '0.5']);
  writeTonePcap(join(dir, 'caller.pcap'), { hz: CALLER_HZ, seconds: 12 });
  h = await startHarness();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: 5999 } }],
    tenants: [tenantWithNumber(NUMBER, [{ sip: '1001' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: PASSWORD } }])],
  });
  tenantId = (await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
  pageServer = await serveSoftphonePage();
  pageUrl = pageServer.url;
  browser = await launchChromium({ fakeMicWav: join(dir, 'mic.wav') });
});

test.todo('mute from the browser (JsSIP disables the mic track) is not measured in the recording — hold, blind and attended transfer from the browser are covered by test/web/agent-desk.test.ts');

after(async () => {
  await browser?.close();
  pageServer?.close();
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `until` with the what first and a browser's patience (ICE, DTLS and a worker's first werift load). */
const waitFor = (what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => until(check, what, ms);

/** A page whose softphone registered as 1001 over ws://…/sip with the desk's issued credentials. */
async function registeredPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  await context.grantPermissions(['microphone'], { origin: pageUrl.replace(/\/$/, '') });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pageUrl);
  // The desk's way: short-lived credentials issued for the SIP user (its stored password is a hash).
  const issued = issueSoftphoneCredentials(softphoneSecret(h.dataDir), '1001', new Date());
  await page.evaluate(({ ws, authorizationUser, password }) => {
    const w = window as unknown as Record<string, unknown> & { Softphone: { Softphone: new (o: object) => { start(): void; onChange: () => void; remoteStream?: MediaStream } } };
    const phone = new w.Softphone.Softphone({ webSocketUrl: ws, username: '1001', authorizationUser, password, domain: '127.0.0.1', audio: document.getElementById('remote') });
    w.phone = phone;
    // Web Audio reads the far end: the stream also plays on the muted <audio> (else Chromium reads silence).
    phone.onChange = () => {
      if (!phone.remoteStream || w.analyser) return;
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      ctx.createMediaStreamSource(phone.remoteStream).connect(analyser);
      w.analyser = analyser;
      w.audioRate = ctx.sampleRate;
    };
    phone.start();
  }, { ws: `ws://127.0.0.1:${h.platform.httpPort}/sip`, authorizationUser: issued.authorizationUser, password: issued.password });
  await waitFor('the softphone to register', async () => (await page.evaluate(() => (window as unknown as { phone: { state: string } }).phone.state)) === 'registered');
  return { context, page, errors };
}

const phoneState = (page: Page): Promise<{ state: string; callState: string; from: string | undefined }> =>
  page.evaluate(() => {
    const p = (window as unknown as { phone: { state: string; callState: string; incoming?: { from: string } } }).phone;
    return { state: p.state, callState: p.callState, from: p.incoming?.from };
  });

/** The loudest frequency the browser hears from the far end right now (Hz), or 0 before media. */
const heardPeak = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const w = window as unknown as { analyser?: AnalyserNode; audioRate?: number };
    if (!w.analyser || !w.audioRate) return 0;
    const bins = new Float32Array(w.analyser.frequencyBinCount);
    w.analyser.getFloatFrequencyData(bins);
    let best = 0;
    for (let i = 1; i < bins.length; i++) if ((bins[i] ?? -Infinity) > (bins[best] ?? -Infinity)) best = i;
    return (bins[best] ?? -Infinity) > -70 ? (best * w.audioRate) / w.analyser.fftSize : 0;
  });

async function lastRecord(): Promise<CallRecord> {
  await waitFor('the call record to close', async () => (await listCallRecords(h.platform.database.db, tenantId))[0]?.outcome != null);
  const [r] = await listCallRecords(h.platform.database.db, tenantId);
  if (!r) throw new Error('no call record');
  return r;
}

/** Share of one channel's energy at `hz` over its middle seconds. */
function toneShare(path: string, channel: 0 | 1, hz: number): number {
  const wav = decodeWav(readFileSync(path));
  const mono = new Float32Array(Math.floor(wav.samples.length / wav.channels));
  for (let i = 0; i < mono.length; i++) mono[i] = wav.samples[i * wav.channels + channel] ?? 0;
  const start = Math.floor(mono.length / 3);
  return goertzelRatio(mono, hz, wav.sampleRate, start, Math.min(8000, mono.length - start));
}

async function caller(hangup: 'caller' | 'callee', talkMs: number): Promise<ReturnType<typeof startSipp>> {
  const scenario = callerScenario({ kind: 'talk', talkMs, hangup, playAudio: true }).replace('/usr/share/sip-tester/g711a.pcap', join(dir, 'caller.pcap'));
  return startSipp({ scenario, port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: '13912345678' }, timeoutSeconds: 60 });
}

test('the browser answers a call to the 400 number: each side hears the other, the recording has the browser\'s tone; the caller hangs up', async () => {
  const { context, page, errors } = await registeredPage();
  try {
    assert.equal(h.platform.registrar.bindingCount(), 1, 'the browser registered with the agent\'s SIP credentials');
    const uac = await caller('caller', 8000);
    await waitFor('the browser to ring', async () => (await phoneState(page)).callState === 'ringing');
    assert.equal((await phoneState(page)).from, '13912345678', 'the real caller\'s number shows');
    await page.evaluate(() => (window as unknown as { phone: { answer(): void } }).phone.answer());
    await waitFor('the caller\'s tone in the browser', async () => Math.abs((await heardPeak(page)) - CALLER_HZ) < 30);
    const run = await uac.done;
    assert.equal(run.exitCode, 0, `${run.errors}\n${run.stdout}`);
    await waitFor('the browser to see the hang-up', async () => (await phoneState(page)).callState === 'ended');
    const r = await lastRecord();
    assert.equal(r.outcome, 'answered');
    assert.equal(r.answeringNumber, '1001');
    assert.equal(r.endedBy, 'caller');
    assert.ok(r.recordingPath, 'recorded');
    const right = toneShare(r.recordingPath, 1, BROWSER_HZ);
    assert.ok(right > 0.5, `the browser's ${BROWSER_HZ} Hz is in the recording's answering channel (${right.toFixed(2)})`);
    const left = toneShare(r.recordingPath, 0, CALLER_HZ);
    assert.ok(left > 0.5, `the caller's ${CALLER_HZ} Hz is in the caller channel (${left.toFixed(2)})`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the browser sends a DTMF key (RFC 4733) and hangs up; closing the page drops its registration at once', async () => {
  const { context, page } = await registeredPage();
  const before = (await listCallRecords(h.platform.database.db, tenantId)).length;
  const digits: string[] = [];
  const unsubscribe = h.platform.events.subscribe('test-dtmf', (e) => {
    const data = e.data as { type: string; digit?: string };
    if (data.type === 'dtmf' && data.digit !== undefined) digits.push(data.digit);
  });
  try {
    const uac = await caller('callee', 8000);
    await waitFor('the browser to ring', async () => (await phoneState(page)).callState === 'ringing');
    await page.evaluate(() => (window as unknown as { phone: { answer(): void } }).phone.answer());
    await waitFor('the caller\'s tone in the browser', async () => Math.abs((await heardPeak(page)) - CALLER_HZ) < 30);
    await page.evaluate(() => (window as unknown as { phone: { sendDtmf(d: string): void } }).phone.sendDtmf('5'));
    await waitFor('the platform to read the key', () => digits.includes('5'));
    await page.evaluate(() => (window as unknown as { phone: { hangUp(): void } }).phone.hangUp());
    const run = await uac.done;
    assert.equal(run.exitCode, 0, `${run.errors}\n${run.stdout}`);
    await waitFor('the second record', async () => (await listCallRecords(h.platform.database.db, tenantId)).length > before && (await listCallRecords(h.platform.database.db, tenantId))[0]?.outcome != null);
    const r = await lastRecord();
    assert.equal(r.outcome, 'answered');
    assert.equal(r.endedBy, 'callee');
  } finally {
    unsubscribe();
    await context.close();
  }
  await waitFor('the registration to go with the page', () => h.platform.registrar.bindingCount() === 0, 10_000);
});
