// C25 click-to-call on the call harness (SIP in memory, fake clock, the embedded media engine):
// an outbound-only call — the agent's phone rings first and shows the customer's number, then the
// customer's number rings through the trunk showing the tenant's 400 number, and they are bridged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NUMBER_400, TENANT_ID, TRUNK, startCallHarness } from '../support/call-harness/call-harness.ts';
import type { CallHarness } from '../support/call-harness/call-harness.ts';
import type { ClickToCallDecision, DialTarget } from '../../src/calls/ports.ts';

const CUSTOMER = '13800138000';

async function withClickToCall(body: (h: CallHarness) => Promise<void>): Promise<void> {
  const customer: DialTarget = { kind: 'pstn', number: CUSTOMER, trunkId: 'trunk-1', proxy: { transport: 'udp', ...TRUNK }, proxyHost: TRUNK.host };
  const h = await startCallHarness({
    clickToCall: (h, req): ClickToCallDecision =>
      req.agent === 'agent'
        ? { kind: 'click-to-call', tenantId: req.tenantId, number400: req.number400, agent: h.phone('agent').target, customer, customerNumber: CUSTOMER, ringTimeoutMs: 30_000 }
        : { kind: 'reject', status: 404, reason: 'No Such Agent' },
  });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const fromUser = (from: string) => /sip:([^@]+)@/.exec(from)?.[1];

test('click-to-call: the agent answers, then the customer (showing the 400 number) answers; bridged, recorded, and a hang-up ends both', async () => {
  await withClickToCall(async (h) => {
    const placed = await h.b2bua.clickToCall({ tenantId: TENANT_ID, agent: 'agent', customer: CUSTOMER, number400: NUMBER_400 });
    assert.ok('callId' in placed, JSON.stringify(placed));
    const agent = h.phone('agent');
    const toAgent = await agent.request('INVITE');
    assert.equal(fromUser(toAgent.headers.get('From') ?? ''), CUSTOMER, "the agent's phone shows whom it will call");
    agent.reply(toAgent, 180);
    agent.reply(toAgent, 200, { sdp: agent.sdp() });
    await agent.request('ACK');
    const toCustomer = await h.trunk.request('INVITE');
    assert.equal(fromUser(toCustomer.headers.get('From') ?? ''), NUMBER_400, 'the customer sees the 400 number');
    h.trunk.reply(toCustomer, 200, { sdp: h.trunk.sdp() });
    await h.trunk.request('ACK');
    await h.settle();
    const answer = h.records.answered.get(placed.callId);
    assert.equal(answer?.answeringNumber, CUSTOMER);
    assert.equal(answer?.answeringKind, 'pstn');
    const live = h.b2bua.find(TENANT_ID, placed.callId);
    assert.equal(live?.state, 'answered');

    agent.sendInDialog(agent.dialogAsCallee(toAgent), 'BYE');
    await agent.response('BYE', 200);
    h.trunk.reply(await h.trunk.request('BYE'), 200);
    const end = await h.records.closedRecord(placed.callId);
    assert.equal(end.outcome, 'answered');
    assert.equal(end.endedBy, 'caller');
    assert.deepEqual(end.attempts?.map((a) => [a.target, a.result]), [['agent', 'answered'], [CUSTOMER, 'answered']]);
    assert.equal(h.records.opened[0]?.number400, NUMBER_400);
    assert.deepEqual(h.errors, []);
  });
});

test('click-to-call: the customer is busy — the agent is hung up and the record says busy; an unknown agent is refused before anything rings', async () => {
  await withClickToCall(async (h) => {
    const refused = await h.b2bua.clickToCall({ tenantId: TENANT_ID, agent: 'nobody', customer: CUSTOMER, number400: NUMBER_400 });
    assert.deepEqual(refused, { refused: { status: 404, reason: 'No Such Agent' } });
    assert.equal(h.records.opened.length, 0);

    const placed = await h.b2bua.clickToCall({ tenantId: TENANT_ID, agent: 'agent', customer: CUSTOMER, number400: NUMBER_400 });
    assert.ok('callId' in placed);
    const agent = h.phone('agent');
    const toAgent = await agent.request('INVITE');
    agent.reply(toAgent, 200, { sdp: agent.sdp() });
    await agent.request('ACK');
    const toCustomer = await h.trunk.request('INVITE');
    h.trunk.reply(toCustomer, 486);
    await h.trunk.request('ACK');
    agent.reply(await agent.request('BYE'), 200);
    const end = await h.records.closedRecord(placed.callId);
    assert.equal(end.outcome, 'busy');
    assert.equal(end.sipStatus, 486);
    assert.equal(end.answeredAt, undefined);
  });
});
