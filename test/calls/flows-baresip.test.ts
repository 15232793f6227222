/**
 * R10 with a real softphone as the caller: baresip dials the 400 number through the trunk, hears
 * the welcome as early media and keys 2 on its keypad (RFC 4733); the second group's phone (SIPp)
 * is the one rung, answers and hangs up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { phoneScenario } from '../support/sipp-scenarios.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import { expectRung } from '../flows/flow-sipp-scenarios.ts';
import { setNumberFlow } from '../../src/flows/flow-store.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';

const NUMBER = '4006123456';
const CALLER = '13912345678';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

test('baresip keys 2 in the menu; the second group answers', async () => {
  const phonePort = await freeUdpPort();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138001' }, { pstn: '13800138002' }])],
  });
  const db = h.platform.database.db;
  const tenantId = (await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
  await setNumberFlow(db, tenantId, NUMBER, { language: 'en', welcome: { system: 'welcome' }, menu: { options: [{ key: '1', phones: ['13800138001'] }, { key: '2', phones: ['13800138002'] }], timeoutMs: 5000 } });
  const uas = startSipp({ scenario: expectRung(phoneScenario({ kind: 'answer', ringMs: 200, hangup: 'callee', talkMs: 1000 }, CALLER), '13800138002'), port: phonePort, mediaPort: nextMediaPort(), timeoutSeconds: 30 });
  await new Promise((r) => setTimeout(r, 300));
  const base = 47000 + (process.pid % 40) * 20;
  const phone = startBaresip({ sipPort: await freeBaresipPort(), rtpPorts: `${base}-${base + 9}`, username: CALLER, dial: `sip:${NUMBER}@127.0.0.1:${h.platform.sipPort}` });
  try {
    // Key once our early media is up (baresip's start-up time varies), during the welcome.
    for (let i = 0; i < 100 && !phone.output().includes('183 Session Progress'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 700));
    phone.press('2');
    const p = await uas.done;
    assertSippPassed(p, 'phone', phone.output());
    for (let i = 0; i < 50; i++) {
      const rec = (await listCallRecords(db, tenantId, { limit: 1 }))[0];
      if (rec?.outcome) {
        assert.equal(rec.outcome, 'answered');
        assert.match(rec.answeringNumber ?? '', /13800138002$/);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('no closed call record');
  } finally {
    await phone.stop();
  }
});
