/**
 * Issue 2: baresip registers as an agent's SIP user with digest authentication and answers a
 * call to the 400 number routed to it; the call record names it as the answering party.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: 5999 } }],
    tenants: [tenantWithNumber('4006123456', [{ sip: '1001' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: 'phone-secret-1001' } }])],
  });
});
after(async () => {
  await h?.stop();
});

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('a wrong password never registers; the right one does, and the phone answers a routed call', async () => {
  const base = 45000 + (process.pid % 50) * 20;
  const wrong = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: '1001', password: 'not-the-password', rtpPorts: `${base}-${base + 9}` });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(h.platform.registrar.bindingCount(), 0, 'wrong password must not register');
  await wrong.stop();

  const phone = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: '1001', password: 'phone-secret-1001', rtpPorts: `${base + 10}-${base + 19}` });
  try {
    await until('baresip to register', () => h.platform.registrar.bindingCount() === 1).catch((err: Error) => {
      throw new Error(`${err.message}\n${phone.output()}`);
    });
    const uac = startSipp({ scenario: callerScenario({ kind: 'talk', talkMs: 2000, hangup: 'caller', playAudio: true }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: '4006123456', keys: { caller: '13912345678' } });
    const run = await uac.done;
    assert.equal(run.exitCode, 0, `${run.errors}\n${run.stdout}\n--- baresip ---\n${phone.output()}`);
    const tenantId = (await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    await until('the call record', async () => (await listCallRecords(h.platform.database.db, tenantId))[0]?.outcome != null);
    const [r] = await listCallRecords(h.platform.database.db, tenantId);
    assert.equal(r?.outcome, 'answered');
    assert.equal(r?.answeringNumber, '1001');
    const m = r?.mediaStats as { callee: { packetsIn: number } };
    assert.ok(m.callee.packetsIn > 20, `baresip sent ${m.callee.packetsIn} RTP packets through us`);
  } finally {
    await phone.stop();
  }
});
