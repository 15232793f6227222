/**
 * Issue 11 finding 4: a tenant's 400 number must never ring another tenant's agent phone. Tenant
 * beta's agent 2001 registers (baresip, digest). A bound phone of acme's number naming '2001' —
 * refused by the API and the import since the fix, written here straight into the table as data
 * from before the fix would be — resolves within acme, finds no such SIP user there, and rings
 * nobody: the SIPp caller gets 480 and baresip never sees an INVITE. beta's own number still rings it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId, toDbTimestamp } from '../../src/db/conventions.ts';
import type { BoundPhonesTable } from '../../src/routing/bound-phone-store.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario } from '../support/sipp-scenarios.ts';
import { until } from '../support/until.ts';

let h: Harness;
let phone: Baresip | undefined;
before(async () => {
  h = await startHarness();
  const beta = tenantWithNumber('4006654321', [{ sip: '2001' }], [{ username: 'beta-agent', role: 'agent', agentId: '2001', sip: { username: '2001', password: 'phone-secret-2001' } }]);
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: 5999 } }],
    tenants: [tenantWithNumber('4006123456', []), { ...beta, code: 'beta', name: '另一家公司' }],
  });
  const acme = await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow();
  await h.platform.database.db
    .withTables<BoundPhonesTable>()
    .insertInto('bound_phones')
    .values({ id: newId(), tenant_id: acme.id, number_400: '4006123456', position: 0, kind: 'sip', target: '2001', created_at: toDbTimestamp(new Date()) })
    .execute();
  const base = 45500 + (process.pid % 50) * 10;
  phone = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: '2001', password: 'phone-secret-2001', rtpPorts: `${base}-${base + 9}` });
  await until(() => h.platform.registrar.bindingCount() === 1, 'baresip to register', 10_000);
});
after(async () => {
  await phone?.stop();
  await h?.stop();
});

test("acme's number with a bound phone naming beta's registered agent rings nobody (480), and baresip sees no INVITE", async () => {
  const uac = startSipp({ scenario: callerScenario({ kind: 'expect-failure', status: 480 }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: '4006123456', keys: { caller: '13912345678' } });
  const run = await uac.done;
  assert.equal(run.exitCode, 0, `${run.errors}\n${run.stdout}\n${h.logs()}`);
  assert.doesNotMatch(phone?.output() ?? '', /answering call|call established|incoming call/i, "beta's phone was not rung");
});

test("beta's own number still rings its agent (the control)", async () => {
  const uac = startSipp({ scenario: callerScenario({ kind: 'talk', talkMs: 500, hangup: 'caller' }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: '4006654321', keys: { caller: '13912345678' } });
  const run = await uac.done;
  assert.equal(run.exitCode, 0, `${run.errors}\n${run.stdout}\n${phone?.output() ?? ''}`);
  assert.match(phone?.output() ?? '', /answering call|call established|incoming call/i, 'baresip logs an incoming call (so the first test would have seen one)');
});
