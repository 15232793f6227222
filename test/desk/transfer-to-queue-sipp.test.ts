/**
 * Transfer to a queue from the desk (issue 14) over real SIP: a SIPp caller (playing speech from
 * SIPp's G.711 pcap) reaches queue 销售 and agent 8001's baresip answers; the desk lists the
 * tenant's queues as transfer targets, and 8001 hands the caller to queue 售后 (POST
 * /calls/{id}/transfer with `queue`). 8001's phone is hung up and 8001 is at once out of the call
 * (ready: the queue has no wrap-up) while the call goes on; the caller waits in 售后, is offered to
 * its agent 8002, whose baresip answers and is bridged — RTP both ways on 8002's leg — and the call
 * keeps one record: both agents' legs answered, the queue it ended in, 8002 as its agent, one transfer.
 * A queue that is not the tenant's, or `to` and `queue` together, is refused with 422 and changes nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { FeedClient } from '../support/event-feed-client.ts';
import { until } from '../support/until.ts';
import { cdata, inDialog, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import { getCallRecord } from '../../src/cdr/call-record-store.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { CALLER, NUMBER, startDeskFixture } from './desk-fixture.ts';
import type { DeskFixture } from './desk-fixture.ts';

let f: DeskFixture;

before(async () => {
  f = await startDeskFixture();
});
after(async () => {
  await f?.stop();
});

/** A caller answered by the queue who talks all along (SIPp's 7 s G.711 pcap, four times) and hangs up after 30 s. */
function talkingQueueCaller(): string {
  const speech = '<nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/></action></nop>\n<pause milliseconds="7100"/>';
  return scenario('talking-queue-caller', `<send retrans="500">${cdata(inviteWithSdp('[media_port]'))}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true" timeout="15000"/>
<send>${cdata(inDialog('ACK', 1))}</send>
${[1, 2, 3, 4].map(() => speech).join('\n')}
<pause milliseconds="1600"/>
<send retrans="500">${cdata(inDialog('BYE', 2))}</send>
<recv response="200" crlf="true"/>`);
}

test('an agent transfers the caller to another queue: its agent answers, the first agent is free at once, one record', async () => {
  const { h, admin, agents: [me, other] } = f;
  const db = h.platform.database.db;
  const b = await admin.request('POST', '/api/v1/acd/queues', { name: '售后', ringSeconds: 20, maxWaitSeconds: null, overflowWhenNoAgents: false, announceAgentId: false, announceEverySeconds: 0, wrapUpMode: 'none' });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const queueB = (b.body as { id: string }).id;
  assert.equal((await admin.request('PUT', `/api/v1/acd/queues/${queueB}/members/${other.userId}`, {})).status, 200);
  await setNumberPolicy(db, f.tenantId, NUMBER, { default: { queue: '销售' } }, { queues: new Set(['销售', '售后']) });
  await f.baresip(me);
  await f.baresip(other);
  assert.equal((await me.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in' })).status, 200);
  // 8002 serves both queues: kept away from 销售's call until the transfer.
  assert.equal((await other.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in', reason: 'break' })).status, 200);
  const feed = await FeedClient.connect(h.platform.httpPort, { cookie: admin.cookie, query: 'topics=queue.answered,queue.entered,agent.state_changed,call.transferred' });
  try {
    const caller = startSipp({ scenario: talkingQueueCaller(), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 60 });
    const answered = await feed.waitFor((m) => m.type === 'queue.answered' && m.data?.userId === me.userId, 20_000);
    const callId = String(answered.data?.callId);
    await until(async () => (await getCallRecord(db, f.tenantId, callId))?.answeredAt != null, 'agent 8001 to be bridged');
    assert.equal((await other.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'ready' })).status, 200);

    const targets = (await me.session.request('GET', '/api/v1/desk/transfer-targets')).body as { queues: { queueId: string; name: string; readyAgents: number }[] };
    const target = targets.queues.find((q) => q.name === '售后');
    assert.deepEqual(target && { queueId: target.queueId, readyAgents: target.readyAgents }, { queueId: queueB, readyAgents: 1 }, JSON.stringify(targets));
    const refused = await me.session.request('POST', `/api/v1/calls/${callId}/transfer`, { queue: 'no-such-queue' });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.match(JSON.stringify(refused.body), /not a queue of yours/);
    assert.equal((await me.session.request('POST', `/api/v1/calls/${callId}/transfer`, { queue: queueB, to: other.sip })).status, 422, 'a phone or a queue, not both');
    assert.equal(h.platform.acd.engine.agent(f.tenantId, me.userId)?.status.state, 'talking', 'a refused transfer changes nothing');

    const from = feed.events().length;
    const moved = await me.session.request('POST', `/api/v1/calls/${callId}/transfer`, { queue: queueB });
    assert.equal(moved.status, 204, `${JSON.stringify(moved.body)}\n${h.logs()}`);
    // 8001's leg ended: free at once (销售 has no wrap-up), not when the caller hangs up.
    await feed.waitFor((m) => m.type === 'agent.state_changed' && m.data?.userId === me.userId && m.data?.state === 'ready' && m.data?.cause === 'call_ended', 10_000, from);
    const entered = await feed.waitFor((m) => m.type === 'queue.entered' && m.data?.queueId === queueB, 10_000, from);
    assert.deepEqual(entered.data?.transferIn, { fromUserId: me.userId });
    assert.equal(entered.data?.callId, callId);
    const hop = await feed.waitFor((m) => m.type === 'call.transferred' && m.data?.callId === callId, 10_000, from);
    assert.deepEqual(hop.data?.to, { kind: 'driver', driver: 'queue-transfer' });
    const second = await feed.waitFor((m) => m.type === 'queue.answered' && m.data?.userId === other.userId, 20_000, from);
    assert.equal(second.data?.callId, callId, 'the same call, offered to 售后’s agent');
    assert.deepEqual(second.data?.transferIn, { fromUserId: me.userId });
    assert.equal(h.platform.acd.engine.agent(f.tenantId, other.userId)?.status.state, 'talking');
    // The desk reads it the same way: GET /acd/agents/me says ready while the caller talks to 8002.
    const mine = await me.session.request('GET', '/api/v1/acd/agents/me');
    assert.equal((mine.body as { status: { state: string } }).status.state, 'ready', JSON.stringify(mine.body));

    assertSippPassed(await caller.done, 'caller', h.logs());
    await until(async () => (await getCallRecord(db, f.tenantId, callId))?.outcome != null, 'the closed record');
    const rec = await getCallRecord(db, f.tenantId, callId);
    assert.equal(rec?.outcome, 'answered');
    assert.equal(rec?.queueId, queueB, 'the queue the call ended in');
    assert.equal(rec?.agentId, '8002');
    assert.equal(rec?.transfers, 1);
    assert.equal(rec?.answeringNumber, other.sip);
    const legs = await listCallLegs(db, f.tenantId, callId);
    assert.deepEqual(legs.filter((l) => l.result === 'answered').map((l) => l.target), [me.sip, other.sip], JSON.stringify(legs));
    const m = rec?.mediaStats as { callee: { packetsIn: number; packetsOut: number } };
    // 8002's leg: their audio came in; the caller's speech went out to them (far more than the whisper's second or two).
    assert.ok(m.callee.packetsIn > 200, `baresip 8002 → platform packets ${m.callee.packetsIn}`);
    assert.ok(m.callee.packetsOut > 250, `platform → baresip 8002 packets ${m.callee.packetsOut}`);
  } finally {
    feed.ws.close();
  }
});
