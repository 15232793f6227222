/**
 * R11 end to end: SIPp calls a 400 number through a trunk, SIPp as the bound phone stays busy,
 * never answers, or answers; the platform (in-process, configured with a real SMPP gateway and a
 * real SMTP server on loopback) must send the missed-call SMS and e-mail — and nothing for an
 * answered call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import type { CallerPlan, PhonePlan } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { listOutbox } from '../../src/notify/outbox-store.ts';
import { localMinute } from '../../src/notify/templates.ts';
import { SmppGateway } from '../notify/support/smpp-gateway.ts';
import { SmtpSink } from '../notify/support/smtp-sink.ts';

const NUMBER = '4006123456';
const CALLER = '13912345678';
const ALERT_MOBILE = '13700137000';
const ALERT_MAIL = 'duty@acme.test';

describe('missed-call alerts on real calls', () => {
  let h: Harness;
  let gw: SmppGateway;
  let mail: SmtpSink;
  let tenantId = '';

  before(async () => {
    gw = new SmppGateway({ systemId: 'hotline', password: 'gw-secret' });
    mail = new SmtpSink();
    await gw.start();
    await mail.start();
    h = await startHarness({
      env: {
        HOTLINE_SMPP_HOST: '127.0.0.1',
        HOTLINE_SMPP_PORT: String(gw.port),
        HOTLINE_SMPP_SYSTEM_ID: 'hotline',
        HOTLINE_SMPP_PASSWORD: 'gw-secret',
        HOTLINE_SMS_SOURCE_ADDRESS: '10690001',
        HOTLINE_SMTP_URL: mail.url,
        HOTLINE_SMTP_FROM: 'Hotline <alerts@hotline.test>',
      },
    });
  });
  after(async () => {
    await h?.stop();
    await gw?.stop();
    await mail?.stop();
  });

  async function call(phone: PhonePlan, caller: CallerPlan): Promise<CallRecord> {
    const phonePort = await freeUdpPort();
    const tenant = tenantWithNumber(NUMBER, []);
    tenant.numbers = [{ number: NUMBER, boundPhones: [{ pstn: '13800138000' }], missedCallAlerts: { mobiles: [ALERT_MOBILE], emails: [ALERT_MAIL] } }];
    await h.provision({ trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }], tenants: [tenant] });
    const uas = startSipp({ scenario: phoneScenario(phone, CALLER), port: phonePort, mediaPort: nextMediaPort() });
    await new Promise((r) => setTimeout(r, 300));
    const uac = startSipp({ scenario: callerScenario(caller), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER } });
    const [c, p] = await Promise.all([uac.done, uas.done]);
    assertSippPassed(c, 'caller');
    assertSippPassed(p, 'phone');
    const db = h.platform.database.db;
    tenantId ||= (await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    for (let i = 0; i < 50; i++) {
      const [r] = await listCallRecords(db, tenantId, { limit: 1 });
      if (r?.outcome) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('no closed call record');
  }

  function expectedText(r: CallRecord): string {
    return `【Hotline】未接来电：${CALLER} 于 ${localMinute(r.startedAt, 'Asia/Shanghai')} 拨打 400-612-3456`;
  }

  test('busy bound phone: the SMS and the e-mail arrive with the caller and the time', async (t) => {
    const r = await call({ kind: 'busy' }, { kind: 'expect-failure', status: 486 });
    assert.equal(r.outcome, 'busy');
    const [sms] = await gw.waitFor(1);
    // A figure, not an assertion: how long after the call record closed the SMS reached the gateway.
    t.diagnostic(`call end → SMS at the gateway: ${Date.now() - Date.parse(r.endedAt ?? '')} ms (upper bound, includes polling the record)`);
    assert.equal(sms?.to, `86${ALERT_MOBILE}`);
    assert.equal(sms?.from, '10690001');
    assert.equal(sms?.dataCoding, 0x08);
    assert.ok(sms?.text.includes(CALLER));
    assert.equal(sms?.text, expectedText(r));
    const [m] = await mail.waitFor(1);
    assert.deepEqual(m?.to, [ALERT_MAIL]);
    assert.equal(m?.text, expectedText(r));
    assert.equal(m?.subject, `未接来电 ${CALLER}`);
  });

  test('a bound phone that never answers: alerted once more', async () => {
    const r = await call({ kind: 'ring-forever' }, { kind: 'expect-failure', status: 480 });
    assert.equal(r.outcome, 'no_answer');
    const all = await gw.waitFor(2);
    assert.equal(all[1]?.text, expectedText(r));
    await mail.waitFor(2);
  });

  test('the caller gives up while it rings (abandoned): alerted too', async () => {
    const r = await call({ kind: 'ring-forever' }, { kind: 'cancel-after-ringing' });
    assert.equal(r.outcome, 'cancelled');
    const all = await gw.waitFor(3);
    assert.equal(all[2]?.text, expectedText(r));
    await mail.waitFor(3);
  });

  test('an answered call sends nothing; every alert row ends sent exactly once', async () => {
    const r = await call({ kind: 'answer', ringMs: 100, hangup: 'callee', talkMs: 500 }, { kind: 'talk', talkMs: 500, hangup: 'callee' });
    assert.equal(r.outcome, 'answered');
    await new Promise((res) => setTimeout(res, 1000));
    assert.equal(gw.messages.length, 3);
    assert.equal(mail.mails.length, 3);
    const rows = await listOutbox(h.platform.database.db, tenantId);
    assert.equal(rows.length, 6);
    assert.ok(rows.every((row) => row.state === 'sent' && row.attempts === 1), JSON.stringify(rows));
  });
});
