/**
 * Issue 16: Debian's linphonec (linphone-cli) joins baresip and SIPp as an agent's phone. It
 * registers with digest credentials, answers a routed call when told, holds and resumes it (its
 * re-INVITEs pass through to the caller) and hangs up; and, as an agent test-calling its own
 * tenant's 400 number, it is not rung itself while the PSTN leg shows the 400 number, not the
 * extension (From and P-Asserted-Identity, checked by the SIPp phone behind the trunk).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { freePort } from '../support/free-port.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { CALLER_OK_WITH_SDP, OK_TO_REQUEST, cdata, inDialog, inviteWithSdp, phoneScenario, scenario } from '../support/sipp-scenarios.ts';
import { NUMBER, lastClosedRecord, tenantIdOf } from '../support/trunk-call.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import { startLinphonec } from '../support/linphonec-process.ts';
import type { Linphonec } from '../support/linphonec-process.ts';

const PASSWORD = 'phone-secret-1001';
let h: Harness;
let phone: Linphonec;
let pstnPort: number;

before(async () => {
  h = await startHarness();
  pstnPort = await freeUdpPort();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: pstnPort, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ sip: '1001' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: PASSWORD } }])],
  });
  const rtpPort = 46000 + (process.pid % 50) * 20;
  // On 127.0.0.2: the trunk is 127.0.0.1, and an agent's phone must not pass for the carrier.
  phone = startLinphonec({ address: '127.0.0.2', sipPort: await freePort('udp'), rtpPort, registrar: `127.0.0.1:${h.platform.sipPort}`, username: '1001', password: PASSWORD });
  const end = Date.now() + 15000;
  while (h.platform.registrar.bindingCount() === 0) {
    if (Date.now() > end) throw new Error(`linphonec did not register:\n${phone.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  await phone?.stop();
  await h?.stop();
});

/** A carrier caller who is put on hold and taken off it by the agent, who then hangs up. */
const heldCaller = scenario('held-caller', `<send retrans="500">${cdata(inviteWithSdp())}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true" timeout="20000"/>
<send>${cdata(inDialog('ACK', 1))}</send>
<recv request="INVITE" timeout="20000"><action><ereg regexp="a=(sendonly|inactive)" search_in="body" check_it="true" assign_to="h"/></action></recv>
<send>${cdata(CALLER_OK_WITH_SDP('recvonly'))}</send>
<recv request="ACK"/>
<recv request="INVITE" timeout="20000"><action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="u"/></action></recv>
<send>${cdata(CALLER_OK_WITH_SDP('sendrecv'))}</send>
<recv request="ACK"/>
<recv request="BYE" timeout="20000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);

test('linphonec answers a routed call, holds it, resumes it and hangs up', async () => {
  const from = phone.output().length;
  const caller = startSipp({ scenario: heldCaller, port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: '13912345678' }, timeoutSeconds: 60 });
  try {
    await phone.waitFor(/incoming call/i, { from });
    phone.command('answer');
    await phone.waitFor(/connected/i, { from });
    await new Promise((r) => setTimeout(r, 800));
    phone.command('pause');
    await phone.waitFor(/paused/i, { from });
    await new Promise((r) => setTimeout(r, 800));
    phone.command('resume');
    await phone.waitFor(/resumed|resuming/i, { from });
    await new Promise((r) => setTimeout(r, 800));
    phone.command('terminate');
  } catch (err) {
    caller.kill();
    throw err;
  }
  const run = await caller.done;
  assertSippPassed(run, 'caller', `linphonec:\n${phone.output().slice(from)}\nplatform:\n${h.logs()}`);
  const r = await lastClosedRecord(h);
  assert.equal(r.outcome, 'answered');
  assert.equal(r.endedBy, 'callee');
  assert.equal(r.answeringNumber, '1001');
});

test("an agent test-calls its own 400 number: its own phone is skipped and the PSTN leg shows the 400 number", async () => {
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: pstnPort, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ sip: '1001' }, { pstn: '13800138000' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: PASSWORD } }])],
  });
  // The mobile behind the trunk checks From and P-Asserted-Identity name the 400 number.
  const mobile = startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 100, hangup: 'callee', talkMs: 1000 }, NUMBER), port: pstnPort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo'] });
  await new Promise((r) => setTimeout(r, 300));
  const from = phone.output().length;
  phone.command(`call sip:${NUMBER}@127.0.0.1:${h.platform.sipPort}`);
  const run = await mobile.done;
  assertSippPassed(run, 'phone', `linphonec:\n${phone.output().slice(from)}\nplatform:\n${h.logs()}`);
  await phone.waitFor(/end|terminated/i, { from });
  const r = await lastClosedRecord(h);
  assert.equal(r.outcome, 'answered');
  assert.equal(r.answeringNumber, '13800138000');
  const legs = await listCallLegs(h.platform.database.db, await tenantIdOf(h), r.id);
  assert.deepEqual(legs.map((l) => l.target), ['13800138000'], "the agent's own phone was not rung");
  assert.doesNotMatch(phone.output().slice(from), /incoming call/i);
});
