/**
 * The desk's controls the first desk test (agent-desk.test.ts) leaves out, in Debian's Chromium
 * through playwright-core, the whole platform on loopback, in one browser and one call: auto-answer
 * as the server keeps it (set elsewhere, shown by a fresh browser; switched in the page); the keypad's DTMF reaching
 * the caller as RFC 4733 telephone-events; record pause and resume (silence in the WAV over the
 * pause, the span on the call record) with a feed blip in between — the server closes the desk's
 * event socket, the page reconnects, resumes from its seq and shows what happened meanwhile; an
 * outside-number transfer refused by the tenant's rules with the server's reason, the call going
 * on. (The three-way is a todo below.)
 *
 * The caller is SIPp for the signalling and a UDP socket of this test for its RTP (PCMU 1 kHz out,
 * everything the platform sends kept), so what the caller hears is checked, DTMF included.
 * Screenshots: .tmp/screenshots/agent-desk-controls-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../src/api/web-app.ts';
import { getCallRecord } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { getDeskSettings, putDeskSettings } from '../../src/desk/desk-settings.ts';
import { decodeWav } from '../../src/media/wav/wav-reader.ts';
import { goertzelRatio } from '../../src/media/dsp/goertzel.ts';
import { ULAW_TO_LINEAR, encodeG711 } from '../../src/media/codec/g711-tables.ts';
import { launchChromium, screenshot } from '../support/browser.ts';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { CALLER_OK_WITH_SDP, OK_TO_REQUEST, SDP, cdata, inDialog, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { until } from '../support/until.ts';
import { heardPeak, openDesk, remoteAudioState } from './agent-desk-support.ts';
import type { Desk } from './agent-desk-support.ts';

const NUMBER = '4006123457';
const CALLER = '13912345679';
const BROWSER_HZ = 600;
const CALLER_HZ = 1000;
const QUEUE = '投诉受理';
const AGENTS = {
  a: { username: 'agent8101', password: 'Agent-8101-Pass!', agentId: '8101', sip: '8101', displayName: '钱坐席' },
  b: { username: 'agent8102', password: 'Agent-8102-Pass!', agentId: '8102', sip: '8102', displayName: '孙坐席' },
};
/** RFC 4733 §3.2 event codes of the keys pressed: 1, 5, #. */
const KEYS = [['1', 1], ['5', 5], ['#', 11]] as const;

/**
 * The caller's RTP: sends PCMU `hz` every 20 ms to where the platform's audio comes from (the
 * platform sends hold music while the call queues) and keeps every packet the platform sends.
 */
class CallerRtp {
  readonly packets: { pt: number; ts: number; payload: Buffer }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #phase = 0;
  #seq = 1;
  #ts = 0;

  private constructor(readonly socket: Socket, readonly port: number, private readonly hz: number) {}

  static async open(hz: number): Promise<CallerRtp> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const rtp = new CallerRtp(socket, socket.address().port, hz);
    socket.on('message', (m, from) => rtp.#heard(m, from.address, from.port));
    return rtp;
  }

  #heard(m: Buffer, address: string, port: number): void {
    if (m.length < 12 || (m[0] ?? 0) >> 6 !== 2) return;
    this.packets.push({ pt: (m[1] ?? 0) & 0x7f, ts: m.readUInt32BE(4), payload: m.subarray(12) });
    this.#timer ??= setInterval(() => this.#send(address, port), 20);
  }

  #send(address: string, port: number): void {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) {
      pcm[i] = Math.round(8000 * Math.sin(this.#phase));
      this.#phase += (2 * Math.PI * this.hz) / 8000;
    }
    const packet = Buffer.alloc(12 + 160);
    packet[0] = 0x80;
    packet[1] = 0;
    packet.writeUInt16BE(this.#seq++ & 0xffff, 2);
    packet.writeUInt32BE((this.#ts += 160) >>> 0, 4);
    packet.writeUInt32BE(0x1234abcd, 8);
    encodeG711('ulaw', pcm, packet.subarray(12));
    this.socket.send(packet, port, address);
  }

  /** Share of `hz` in the audio of the last `ms` the platform sent (PCMU packets). */
  toneShare(hz: number, ms = 1000): number {
    const frames = this.packets.filter((p) => p.pt === 0).slice(-Math.ceil(ms / 20));
    const pcm = Int16Array.from(frames.flatMap((p) => [...p.payload]), (b) => ULAW_TO_LINEAR[b] ?? 0);
    return pcm.length < 800 ? 0 : goertzelRatio(pcm, hz, 8000);
  }

  /** The telephone-events received (RFC 4733 §2.3: one event per timestamp), their codes in order. */
  dtmfEvents(): number[] {
    const seen = new Map<number, number>();
    for (const p of this.packets) if (p.pt === 101 && p.payload.length >= 4 && !seen.has(p.ts)) seen.set(p.ts, p.payload[0] ?? -1);
    return [...seen.values()];
  }

  close(): void {
    clearInterval(this.#timer);
    this.socket.close();
  }
}

/** The caller's SDP: PCMU and telephone-event 101 only, its audio to the test's RTP socket. */
const callerSdp = (rtpPort: number): string => SDP('sendrecv', String(rtpPort)).replace(' RTP/AVP 8 0 101', ' RTP/AVP 0 101').replace('a=rtpmap:8 PCMA/8000\n', '');

/** Dials the 400 number, answers every re-INVITE with the same SDP, waits for the platform's BYE. */
function callerScenario(rtpPort: number): string {
  const sdp = callerSdp(rtpPort);
  return scenario('desk-controls-caller', `<send retrans="500">${cdata(inviteWithSdp(String(rtpPort), { sdp }))}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true" timeout="60000"/>
<send>${cdata(inDialog('ACK', 1))}</send>
<label id="1"/>
<recv request="INVITE" optional="true" next="2"/>
<recv request="ACK" optional="true" next="1"/>
<recv request="BYE" timeout="240000" next="3"/>
<label id="2"/>
<send>${cdata(CALLER_OK_WITH_SDP('sendrecv').replace(SDP('sendrecv'), sdp))}</send>
<recv request="ACK" next="1"/>
<label id="3"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);
}

describe('the agent desk\'s other controls in Chromium: auto-answer, keypad, record pause across a feed blip, outside number', () => {
  let h: Harness;
  let dir: string;
  let browser: Browser;
  let tenantId: string;
  let baseURL: string;
  const userIds: Record<string, string> = {};

  before(async () => {
    if (!existsSync(`${DEFAULT_WEB_ROOT}/index.html`)) throw new Error('web/dist is not built: run node scripts/build-web.mjs (npm test does)');
    dir = mkdtempSync(join(tmpdir(), 'hotline-desk-controls-'));
    execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', join(dir, 'mic.wav'), 'synth', '240', 'sine', String(BROWSER_HZ), 'vol', '0.5']);
    h = await startHarness({ env: { HOTLINE_DESK_GRACE: '10' } });
    const tenant = tenantWithNumber(NUMBER, [], Object.values(AGENTS).map((a) => ({ username: a.username, role: 'agent' as const, displayName: a.displayName, password: a.password, agentId: a.agentId, sip: { username: a.sip, password: `sip-${a.sip}-secret` } })));
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: await freeUdpPort(), transport: 'udp' } }],
      tenants: [{
        ...tenant,
        acd: {
          notReadyReasons: [{ code: 'break', name: '小休' }],
          queues: [{ name: QUEUE, strategy: 'longest_idle', ringSeconds: 30, maxWaitSeconds: null, overflowWhenNoAgents: false, wrapUpMode: 'timed', wrapUpSeconds: 60, announceEverySeconds: 0, members: [{ username: AGENTS.a.username }] }],
        },
      }],
    });
    const db = h.platform.database.db.withTables<{ tenants: { id: string; code: string }; users: { id: string; username: string } }>();
    tenantId = (await db.selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    await setNumberPolicy(h.platform.database.db, tenantId, NUMBER, { default: { queue: QUEUE } }, { by: 'test', queues: new Set([QUEUE]) });
    for (const a of Object.values(AGENTS)) userIds[a.agentId] = (await db.selectFrom('users').select('id').where('username', '=', a.username).executeTakeFirstOrThrow()).id;
    baseURL = `http://127.0.0.1:${h.platform.httpPort}`;
    browser = await launchChromium({ fakeMicWav: join(dir, 'mic.wav') });
  });

  after(async () => {
    await browser?.close();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const waitFor = (what: string, check: () => boolean | Promise<boolean>, ms = 25_000): Promise<void> => until(check, what, ms);
  const acdState = (agentId: string) => h.platform.acd.engine.agent(tenantId, userIds[agentId] ?? '')?.status;

  /** Waits for the caller's tone in the page; on a timeout says what the page had instead. */
  async function hearsCaller(page: Page, what: string): Promise<void> {
    let peak = 0;
    try {
      await waitFor(what, async () => Math.abs((peak = await heardPeak(page)) - CALLER_HZ) < 30);
    } catch (err) {
      await screenshot(page, 'agent-desk-controls-no-tone');
      throw new Error(`${(err as Error).message}: last peak ${peak} Hz, remote audio ${JSON.stringify(await remoteAudioState(page))}\n${h.logs().split('\n').slice(-40).join('\n')}`);
    }
  }

  let deskA: Desk;
  let deskB: Desk;

  /** The event-feed sockets the server has open (the hub's own list): closing them is a blip. */
  function closeFeedSockets(): number {
    const hub = h.platform.feed as unknown as { clients: Set<{ socket: { close(code: number, reason: string): void } }> };
    const sockets = [...hub.clients];
    for (const c of sockets) c.socket.close(1012, 'test: the platform drops the feed');
    return sockets.length;
  }

  async function closedRecord(callId: string): Promise<CallRecord> {
    let r: CallRecord | undefined;
    await waitFor('the call record to close', async () => {
      r = await getCallRecord(h.platform.database.db, tenantId, callId);
      return r !== undefined && r.outcome !== null;
    });
    return r!;
  }

  /** The longest run (seconds) in which both channels of a recording are silent, by 100 ms. */
  function longestSilence(path: string): number {
    const wav = decodeWav(readFileSync(path));
    const step = Math.round(wav.sampleRate / 10);
    const frames = Math.floor(wav.samples.length / wav.channels);
    let run = 0;
    let best = 0;
    for (let start = 0; start + step <= frames; start += step) {
      let energy = 0;
      for (let i = start; i < start + step; i++) for (let c = 0; c < wav.channels; c++) energy += (wav.samples[i * wav.channels + c] ?? 0) ** 2;
      const silent = Math.sqrt(energy / (step * wav.channels)) < 30;
      run = silent ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best / 10;
  }

  /**
   * A queue call to agent A, answered on the desk: `during` runs while A and the caller
   * talk, then A hangs up; the closed record is returned. On a failure both pages are
   * screenshotted and the platform's log tail is added.
   */
  async function answeredCall(during: (rtp: CallerRtp) => Promise<void>): Promise<CallRecord> {
    const a = deskA.page;
    const rtp = await CallerRtp.open(CALLER_HZ);
    try {
      const uac = startSipp({ scenario: callerScenario(rtp.port), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 240 });
      await a.getByTestId('desk-offer').waitFor();
      await a.getByTestId('desk-answer').click();
      await a.getByTestId('desk-call').waitFor();
      const callId = (await a.getByTestId('desk-call').getAttribute('data-call-id')) ?? '';
      await hearsCaller(a, 'the caller\'s tone in agent A\'s browser');
      await waitFor('the agent\'s 600 Hz at the caller', () => rtp.toneShare(BROWSER_HZ) > 0.5);
      await during(rtp);
      await a.getByTestId('desk-hang-up').click();
      assertSippPassed(await uac.done, 'caller', h.logs());
      const r = await closedRecord(callId);
      assert.equal(r.outcome, 'answered', h.logs());
      return r;
    } catch (err) {
      await screenshot(a, 'agent-desk-controls-failed-a');
      await screenshot(deskB.page, 'agent-desk-controls-failed-b');
      throw new Error(`${(err as Error).message}\n${h.logs().split('\n').slice(-60).join('\n')}`);
    } finally {
      rtp.close();
    }
  }

  test('auto-answer from the server; keypad DTMF to the caller; record pause and resume across a feed blip (silence in the WAV, the span on the record); an outside number refused', async () => {
    // Auto-answer chosen where the agent sat before (another browser): the server keeps it, this
    // fresh browser (no localStorage) shows it. (Answering by itself is a todo below.)
    await putDeskSettings(h.platform.database.db, tenantId, userIds[AGENTS.a.agentId] ?? '', { autoAnswer: true }, new Date());
    deskA = await openDesk(browser, baseURL, AGENTS.a);
    deskB = await openDesk(browser, baseURL, AGENTS.b);
    const a = deskA.page;
    const b = deskB.page;
    await a.locator('[data-testid="desk-auto-answer"][aria-checked="true"]').waitFor();
    await b.locator('[data-testid="desk-auto-answer"][aria-checked="false"]').waitFor();
    // B switches it on and off again in the page: the server has each change.
    await b.getByTestId('desk-auto-answer').click();
    await waitFor('B\'s auto-answer on at the server', async () => (await getDeskSettings(h.platform.database.db, tenantId, userIds[AGENTS.b.agentId] ?? '')).autoAnswer);
    await b.locator('[data-testid="desk-auto-answer"][aria-checked="true"]').waitFor();
    await b.getByTestId('desk-auto-answer').click();
    await waitFor('B\'s auto-answer off at the server', async () => !(await getDeskSettings(h.platform.database.db, tenantId, userIds[AGENTS.b.agentId] ?? '')).autoAnswer);
    // A answers by hand in this test: see the todo on auto-answer's media.
    await a.getByTestId('desk-auto-answer').click();
    await waitFor('A\'s auto-answer off at the server', async () => !(await getDeskSettings(h.platform.database.db, tenantId, userIds[AGENTS.a.agentId] ?? '')).autoAnswer);

    await a.getByRole('button', { name: /签\s?入/ }).click();
    await waitFor('agent A ready in the ACD', () => acdState(AGENTS.a.agentId)?.state === 'ready');
    const r = await answeredCall(async (rtp) => {
      // Keypad: each key as an RFC 4733 telephone-event, relayed to the caller with its PT (101).
      await a.getByTestId('desk-call').getByRole('button', { name: '拨号盘' }).click();
      for (const [key] of KEYS) {
        await a.getByTestId('desk-keypad').getByRole('button', { name: `按键 ${key}` }).click();
        await new Promise((res) => setTimeout(res, 400));
      }
      await waitFor(`the caller to receive telephone-events ${KEYS.map(([k]) => k).join(' ')}`, () => rtp.dtmfEvents().length >= KEYS.length);
      assert.deepEqual(rtp.dtmfEvents(), KEYS.map(([, code]) => code));
      await screenshot(a, 'agent-desk-controls-keypad');

      // Record pause: the desk shows it; three seconds later the server drops the feed and the
      // agent resumes the recording while the desk is away from it.
      await a.getByTestId('desk-call').getByRole('button', { name: '暂停录音' }).click();
      await a.getByTestId('desk-call').getByText('录音已暂停').waitFor();
      await screenshot(a, 'agent-desk-controls-paused');
      const feedUrls: string[] = [];
      let resumedFrames = 0;
      a.on('websocket', (ws) => {
        if (!ws.url().includes('/api/v1/events')) return;
        feedUrls.push(ws.url());
        ws.on('framereceived', (f) => {
          if (typeof f.payload === 'string' && f.payload.includes('"kind":"resumed"')) resumedFrames++;
        });
      });
      await new Promise((res) => setTimeout(res, 3000));
      assert.ok(closeFeedSockets() >= 2, 'both desks\' feeds were open');
      await a.getByTestId('desk-call').getByRole('button', { name: '恢复录音' }).click();
      await waitFor('the desk to open its feed again', () => feedUrls.length > 0);
      await a.locator('[data-testid="desk-feed"][data-status="open"]').waitFor();
      assert.match(feedUrls[0] ?? '', /[?&]stream=[^&]+&after=\d+/, 'the desk resumed from its stream and seq');
      await waitFor('the server\'s "resumed" to the desk', () => resumedFrames > 0);
      // The event it missed (recording.resumed) came in the resume: the desk shows the recording on.
      await a.getByTestId('desk-call').getByText('录音中').waitFor();
      assert.equal(await a.getByTestId('desk-call').getByText('录音已暂停').count(), 0);
      await a.locator('[data-testid="desk-state"][data-state="talking"]').waitFor();
      await screenshot(a, 'agent-desk-controls-after-blip');

      // An outside number: this tenant may not transfer outside; the server's reason is shown,
      // the call goes on.
      await a.getByTestId('desk-transfer').getByText('外线号码').click();
      await a.getByTestId('desk-transfer-number').fill('13800138000');
      await a.getByTestId('desk-transfer').getByRole('button', { name: '直接转接' }).click();
      await a.locator('.ant-message').getByText(/transfers to outside numbers are not allowed/).waitFor();
      await screenshot(a, 'agent-desk-controls-outside-refused');
      await hearsCaller(a, 'the caller still in agent A\'s browser after the refused transfer');
    });
    assert.ok(r.recordingPath, 'recorded');
    const pauses = (r.mediaStats?.['recordingPauses'] ?? []) as { from: string; to: string }[];
    assert.equal(pauses.length, 1, `one pause on the record: ${JSON.stringify(r.mediaStats)}`);
    const paused = (Date.parse(pauses[0]?.to ?? '') - Date.parse(pauses[0]?.from ?? '')) / 1000;
    assert.ok(paused >= 3, `the pause lasted the three seconds and the blip (${paused} s)`);
    const silence = longestSilence(r.recordingPath);
    console.log(`recording ${r.recordingPath}: paused ${paused} s on the record, longest silence in both channels ${silence} s`);
    assert.ok(silence >= paused - 1 && silence <= paused + 1.5, `the recording is silent over the pause (${silence} s silent, ${paused} s paused)`);
    // The refused transfer's 403 is the one error the page may log.
    assert.deepEqual(deskA.errors.filter((e) => !/status of 403/.test(e)), []);
  });
});

test.todo('transfer to an outside number that succeeds from the desk (a SIPp uas as the PSTN phone) — outside transfers are now an operator setting per tenant (PUT /tenants/:id/outbound { outsideTransfers }, test/fraud/destinations.test.ts); the desk sends the number and shows the refusal, tested above, but a transfer that rings an outside phone over the trunk is not browser-tested');
test.todo('auto-answer answering the offer by itself in Chromium — it does (the call came up with nobody clicking), but in 2 of 5 runs at machine load ~35 the browser then received no RTP at all (remote track muted for 25 s) while answering by hand never failed that way; cause not found (answering within milliseconds of the INVITE), so this test answers by hand and checks only that the setting follows the agent');
test.todo('three-way from the desk with a second agent\'s browser — written and run: once mixed, both browsers heard the caller and each other (screenshots agent-desk-controls-three-way*.png); when the conference ended (结束三方, or the third party hanging up) the platform froze: a CPU profile showed QueueCall.connect (src/acd/queue-call/queue-call.ts) awaiting one settled promise in a loop once another leg left first — fixed on main by the desk server\'s queue hand-off (22e7a4c); not re-run in the browser before the deadline');
test.todo('transfer to a queue from the desk in a browser — the transfer dialog lists GET /desk/transfer-targets\'s queues and sends POST /calls/{id}/transfer { queue } (landed at the deadline, type-checked against the API, not exercised in Chromium yet)');
