/**
 * R6/R8 on real calls: a refused caller (blacklisted; a tenant out of balance) hears a polite
 * zh-CN announcement over early media before the final response. A SIPp caller whose SDP points
 * its audio at a UDP socket of the test must get 183 with SDP, then the final response; the
 * socket must have received the announcement's RTP (seconds of it, not silence) before that.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { startHarness } from '../support/platform-harness.ts';
import { provisionPaidAndBroke } from '../support/paid-and-broke-tenants.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { NON2XX_ACK, cdata, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';

const NUMBER = '4006123456';
const BROKE_NUMBER = '4006123457';
const CALLER = '13912345678';

/** Caller: INVITE with audio to `[rtp_port]`, 183 with SDP required, then the final `status`. */
const refusedCaller = (status: number) =>
  scenario('refused-caller', `<send retrans="500">${cdata(inviteWithSdp('[rtp_port]'))}</send>
<recv response="100" optional="true"/>
<recv response="183"><action><ereg regexp="m=audio [0-9]+ RTP/AVP" search_in="body" check_it="true" assign_to="o"/></action></recv>
<recv response="${status}"/>
<send>${cdata(NON2XX_ACK)}</send>
<pause milliseconds="200"/>`);

/** RTP packets received, and how many carried sound (not A-law/µ-law silence). */
interface Heard {
  packets: number;
  voiced: number;
  lastAt: number;
}

async function listen(): Promise<{ socket: Socket; port: number; heard: Heard }> {
  const socket = createSocket('udp4');
  const heard: Heard = { packets: 0, voiced: 0, lastAt: 0 };
  socket.on('message', (m) => {
    if (m.length <= 12) return;
    heard.packets++;
    heard.lastAt = performance.now();
    const payload = m.subarray(12);
    const silent = payload.every((b) => b === 0xd5 || b === 0x55 || b === 0xff || b === 0x7f);
    if (!silent) heard.voiced++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, port: socket.address().port, heard };
}

describe('refused callers hear an announcement over early media (SIPp)', () => {
  let h: Harness;
  let acme: string;
  let broke: string;

  before(async () => {
    h = await startHarness();
    const phonePort = await freeUdpPort();
    ({ acme, broke } = await provisionPaidAndBroke(h, { number: NUMBER, brokeNumber: BROKE_NUMBER, phonePort, topUpLi: 100_000 }));
  });
  after(async () => {
    await h?.stop();
  });

  async function refusedCall(tenantId: string, service: string, status: number): Promise<{ rec: CallRecord; heard: Heard; finalAt: number }> {
    const { socket, port, heard } = await listen();
    try {
      const uac = startSipp({ scenario: refusedCaller(status), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service, keys: { caller: CALLER, rtp_port: String(port) } });
      const c = await uac.done;
      // SIPp pauses 200 ms after the final response: it came no later than this.
      const finalAt = performance.now() - 200;
      assertSippPassed(c, 'caller', h.logs());
      for (let i = 0; i < 50; i++) {
        const rec = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0];
        if (rec?.outcome) return { rec, heard: { ...heard }, finalAt };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no closed call record');
    } finally {
      socket.close();
    }
  }

  test('R6: a blacklisted caller hears the refusal (call-not-accepted) over 183, then 603; the record says blocked', async () => {
    await setNumberPolicy(h.platform.database.db, acme, NUMBER, { blocking: { numbers: [CALLER] } });
    const { rec, heard, finalAt } = await refusedCall(acme, NUMBER, 603);
    assert.equal(rec.outcome, 'blocked');
    assert.equal(rec.sipStatus, 603);
    // The prompt is ~4.9 s: well over 150 packets of 20 ms, most of them speech.
    assert.ok(heard.packets >= 150, `RTP packets before the final response: ${heard.packets}`);
    assert.ok(heard.voiced >= 100, `packets with sound: ${heard.voiced}`);
    assert.ok(heard.lastAt <= finalAt, 'the announcement ended before the final response');
  });

  test('R8: a tenant out of balance — its caller hears service-unavailable over 183, then 403 Insufficient Balance; recorded no_balance', async () => {
    const { rec, heard, finalAt } = await refusedCall(broke, BROKE_NUMBER, 403);
    assert.equal(rec.outcome, 'no_balance');
    assert.equal(rec.sipReason, 'Insufficient Balance');
    assert.ok(heard.packets >= 150, `RTP packets before the final response: ${heard.packets}`);
    assert.ok(heard.voiced >= 100, `packets with sound: ${heard.voiced}`);
    assert.ok(heard.lastAt <= finalAt, 'the announcement ended before the final response');
  });
});
