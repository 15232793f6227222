/**
 * Issue 16: the platform behind a real carrier proxy. Debian's Kamailio, stateful and
 * record-routing, sits in front of the platform on the carrier side (the SIPp caller's INVITE to
 * the 400 number comes through it) and is the trunk's outbound proxy on the PSTN side (the
 * platform's INVITE to the bound mobile goes through it to the SIPp phone). Over UDP, and over TCP
 * with a TCP-only proxy (so every in-dialog request must come back to us over TCP). Without the
 * Record-Route in our 2xx the caller's ACK and BYE are dropped by the proxy and the call dies.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { freePort } from '../support/free-port.ts';
import { assertSippPassed, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import type { CallerPlan, PhonePlan } from '../support/sipp-scenarios.ts';
import { CALLER, NUMBER, lastClosedRecord } from '../support/trunk-call.ts';
import { kamailioHead, recordRouteRelay, startKamailio } from '../support/kamailio-process.ts';
import type { KamailioProcess } from '../support/kamailio-process.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';

for (const transport of ['udp', 'tcp'] as const) {
  describe(`through a record-routing Kamailio over ${transport.toUpperCase()}`, () => {
    let h: Harness;
    let kamailio: KamailioProcess;
    let phonePort: number;

    before(async () => {
      h = await startHarness();
      phonePort = await freePort(transport);
      const port = await freePort('tcp');
      // Calls to the 400 number go to the platform; anything else (the platform's calls out to
      // the PSTN) to the phone.
      const route = `if ($rU == "${NUMBER}") { $du = "sip:127.0.0.1:${h.platform.sipPort};transport=${transport}"; } else { $du = "sip:127.0.0.1:${phonePort};transport=${transport}"; }`;
      kamailio = await startKamailio(kamailioHead({ port, transports: [transport], children: 2 }) + recordRouteRelay(route), port);
      await h.provision({
        trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port, transport } }],
        tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }])],
      });
    });
    after(async () => {
      await kamailio?.stop();
      await h?.stop();
    });

    /** A SIPp caller → Kamailio → platform → Kamailio → SIPp phone call; the closed call record. */
    async function proxiedCall(phone: PhonePlan, caller: CallerPlan): Promise<CallRecord> {
      const tcpArgs = transport === 'tcp' ? ['-t', 't1'] : [];
      // A TCP caller says so in its Contact, or the proxy would send our BYE to it over UDP.
      const callerXml = callerScenario(caller).replaceAll('Contact: <sip:[caller]@[local_ip]:[local_port]>', 'Contact: <sip:[caller]@[local_ip]:[local_port];transport=[transport]>');
      const uas = startSipp({ scenario: phoneScenario(phone, CALLER), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo', ...tcpArgs] });
      await new Promise((r) => setTimeout(r, 300));
      const uac = startSipp({ scenario: callerXml, port: await freePort(transport), mediaPort: nextMediaPort(), remote: `127.0.0.1:${kamailio.port}`, service: NUMBER, keys: { caller: CALLER }, extraArgs: tcpArgs });
      const [c, p] = await Promise.all([uac.done, uas.done]);
      const context = () => `platform:\n${h.logs()}\nkamailio:\n${kamailio.output()}`;
      assertSippPassed(c, 'caller', context());
      assertSippPassed(p, 'phone', context());
      return lastClosedRecord(h);
    }

    test('answered; the caller hangs up (its ACK and BYE pass the proxy by our Record-Route)', async () => {
      const r = await proxiedCall({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 2000 }, { kind: 'talk', talkMs: 1500, hangup: 'caller' });
      assert.equal(r.outcome, 'answered');
      assert.equal(r.endedBy, 'caller');
      assert.equal(r.sipReason, 'OK');
      assert.equal(r.answeringNumber, '13800138000');
    });

    test('answered; the phone hangs up (our BYEs go through the proxy on both legs)', async () => {
      const r = await proxiedCall({ kind: 'answer', ringMs: 100, hangup: 'callee', talkMs: 1000 }, { kind: 'talk', talkMs: 1000, hangup: 'callee' });
      assert.equal(r.outcome, 'answered');
      assert.equal(r.endedBy, 'callee');
    });

    test('hold and resume by re-INVITE pass through the proxy both ways', async () => {
      const r = await proxiedCall({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 1500, holdUnhold: true }, { kind: 'talk', talkMs: 500, hangup: 'caller', holdUnhold: true });
      assert.equal(r.outcome, 'answered');
      assert.equal(r.endedBy, 'caller');
    });

    test('the caller cancels while the phone rings; the CANCEL reaches the phone through the proxy', async () => {
      const r = await proxiedCall({ kind: 'ring-forever' }, { kind: 'cancel-after-ringing' });
      assert.equal(r.outcome, 'cancelled');
      assert.equal(r.sipStatus, 487);
    });

    test('a late-offer INVITE through the proxy: our offer in the 200, its answer in the ACK', async () => {
      const r = await proxiedCall({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 2000 }, { kind: 'talk', talkMs: 1500, hangup: 'caller', lateOffer: true });
      assert.equal(r.outcome, 'answered');
      assert.equal(r.endedBy, 'caller');
    });
  });
}
