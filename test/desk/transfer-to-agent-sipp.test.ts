/**
 * Transfer to an agent from the desk (issue 14) over real SIP: a SIPp caller reaches the queue and
 * agent 8001's baresip answers; the desk asks for its transfer targets, picks agent 8002 and hands
 * their `to` (their current phone) to the existing blind-transfer verb; 8002's baresip answers and
 * the call record's legs show both phones answered. An agent not on the call cannot transfer it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { FeedClient } from '../support/event-feed-client.ts';
import { until } from '../support/until.ts';
import { queueCallerScenario } from '../calls/queue-sipp-scenarios.ts';
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

test('the desk transfers a queue call to another agent’s current phone through the transfer verb', async () => {
  const { h, agents: [me, other] } = f;
  await setNumberPolicy(h.platform.database.db, f.tenantId, NUMBER, { default: { queue: '销售' } }, { queues: new Set(['销售']) });
  await f.baresip(me);
  await f.baresip(other);
  assert.equal((await me.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in' })).status, 200);
  assert.equal((await other.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in', reason: 'break' })).status, 200);
  const feed = await FeedClient.connect(h.platform.httpPort, { cookie: me.session.cookie, query: 'topics=queue.answered' });
  try {
    const caller = startSipp({ scenario: queueCallerScenario({ hangUpAfterMs: 14_000 }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 40 });
    const answered = await feed.waitFor((m) => m.type === 'queue.answered', 20_000);
    const callId = String(answered.data?.callId);
    await until(async () => (await getCallRecord(h.platform.database.db, f.tenantId, callId))?.answeredAt != null, 'the agent to be bridged');

    const targets = (await me.session.request('GET', '/api/v1/desk/transfer-targets')).body as { agents: { userId: string; to: string }[] };
    const target = targets.agents.find((a) => a.userId === other.userId);
    assert.equal(target?.to, other.sip);
    assert.equal((await other.session.request('POST', `/api/v1/calls/${callId}/transfer`, { to: me.sip })).status, 404, 'an agent not on the call cannot transfer it');
    const moved = await me.session.request('POST', `/api/v1/calls/${callId}/transfer`, { to: target!.to });
    assert.equal(moved.status, 204, `${JSON.stringify(moved.body)}\n${h.logs()}`);
    assertSippPassed(await caller.done, 'caller', h.logs());
    await until(async () => (await getCallRecord(h.platform.database.db, f.tenantId, callId))?.outcome != null, 'the closed record');
    const legs = await listCallLegs(h.platform.database.db, f.tenantId, callId);
    assert.deepEqual(legs.filter((l) => l.result === 'answered').map((l) => l.target), [me.sip, other.sip], JSON.stringify(legs));
  } finally {
    feed.ws.close();
  }
});
